"""The map of points (一张图, issue 21 items 5 and 6): every ledger point over the district boundaries
(offline; a tile URL from COCREATE_TILE_URL where a deployment has one), coloured by its state today
(overdue / open / repeat / clear, from the `points list` counts) and sized by the problems found in
the chosen period; a point's card (ledger facts, the same counts, its problems, photos); hotspots
(point type x weekday x category, the points with most repeats); each unit's reminders (overdue and
due within 2 days, what `problems remind` prints and sends)."""
import os

import pandas as pd
import streamlit as st

from cocreate.method.services import district_geojson
from cocreate.points import hotspots
from cocreate.points.ledger import COLUMNS as LEDGER_COLUMNS, point_counts
from cocreate.present.i18n import fmt_date, pick
from cocreate.present.points_charts import heat_chart, points_map
from cocreate.problems import periods, remind
from webui import common
from webui import points_views as pv
from webui import rectification_actions as act

ALL = "__all__"
c = common.ctx()
lang = c.lang
today = common.today()                 # the counts are `points list`'s: today, China time
as_of = c.as_of or today
common.page_header(c, c.t("pm_heading", area=c.area_name()), c.t("pm_caption"))

try:
    points = common.run("points_ledger", area=c.area)
    problems = common.run("problems_for_area", area=c.area)
    cats_all = common.run("problems_catalogs")
    units = {r["unit_code"]: r for r in common.run("problems_units", area=c.area).to_dict("records")}
    areas = {r["code"]: r for r in common.run("areas").to_dict("records")}
except Exception as exc:
    common.show_error(exc, lang)
    st.stop()
if points.empty:
    st.info(c.t("pm_no_points"))
    st.stop()
if points["illustrative"].any():
    st.caption(":material/info: " + c.t("pm_illustrative"))
types = {r["code"]: r for r in cats_all[cats_all["catalog"] == "point_type"].to_dict("records")}
cats = {r["code"]: r for r in cats_all[cats_all["catalog"] == "category"].to_dict("records")}
levels = cats_all[cats_all["catalog"] == "escalation"].rename(columns={"days": "days_overdue"})

# ---- the period (the rectification page's rule: the latest full week / month / quarter at the as-of date)
k1, k2 = st.columns([2, 3])
with k1:
    kind = common.url_widget(st.segmented_control, c.t("prob_period_kind"), list(periods.KINDS), "pm_kind", "month",
                             format_func=lambda k: c.t(f"prob_kind_{k}"))
choices = periods.recent_at(kind, {"week": 26, "month": 12, "quarter": 8}[kind], as_of, today)
by_code = {p.code: p for p in choices}
with k2:
    code = common.url_widget(st.selectbox, c.t("prob_period"), list(by_code), "pm_period", choices[0].code,
                             format_func=lambda x: c.t("prob_period_label", code=x, start=fmt_date(by_code[x].start, lang),
                                                       end=fmt_date(by_code[x].end, lang)))
period = by_code.get(code, choices[0])

# ---- filters: district, point type, unit (codes in the URL)
f1, f2, f3 = st.columns(3)
district_opts = [ALL] + sorted(set(points["area_code"]))
type_opts = [ALL] + [k for k in types if k in set(points["point_type"])]
unit_opts = [ALL] + sorted(set(points["unit_code"].dropna()), key=lambda u: pv.name_of(units, u, lang))
district = common.url_widget(f1.selectbox, c.t("pm_district"), district_opts, "pm_area", ALL,
                             format_func=lambda k: c.t("pm_all") if k == ALL else pv.name_of(areas, k, lang))
ptype = common.url_widget(f2.selectbox, c.t("pm_type"), type_opts, "pm_type", ALL,
                          format_func=lambda k: c.t("pm_all") if k == ALL else pv.name_of(types, k, lang))
unit = common.url_widget(f3.selectbox, c.t("pm_unit"), unit_opts, "pm_unit", ALL,
                         format_func=lambda k: c.t("pm_all") if k == ALL else pv.name_of(units, k, lang))

# one truth: the counts of `points list` (ledger.point_counts) on today; the state is read from them
counts = point_counts(points, problems, today).merge(
    points[["point_code", "name_en", "address", "illustrative"]], on="point_code", how="left")
frame = hotspots.map_frame(counts, problems, period.start, period.end)
keep = pd.Series(True, index=frame.index)
for col, val in (("area_code", district), ("point_type", ptype), ("unit_code", unit)):
    if val != ALL:
        keep &= frame[col] == val
frame = frame[keep].reset_index(drop=True)
shown_codes = set(frame["point_code"])
mine_problems = problems[problems["point_code"].isin(shown_codes)]

cols = st.columns(5)
cols[0].metric(c.t("pm_m_points"), len(frame), border=True)
for col, state in zip(cols[1:], hotspots.STATES):
    col.metric(c.t(f"pm_state_{state}"), int((frame["state"] == state).sum()), border=True,
               help=c.t(f"pm_state_help_{state}", date=fmt_date(today, lang)))

tab_map, tab_hot, tab_remind = st.tabs([c.t("pm_tab_map"), c.t("pm_tab_hotspots"), c.t("pm_tab_remind")])

with tab_map:
    frame["hover"] = [pv.hover_text(r, lang, types, units, period.code) for r in frame.to_dict("records")]
    geo = district_geojson(c.city_code)
    if geo is not None and district != ALL:
        geo = {**geo, "features": [f for f in geo["features"] if str(f["id"]) == district]}
    title = c.t("pm_map_title", area=c.area_name(), period=period.code)
    tile = os.environ.get("COCREATE_TILE_URL", "").strip()
    fig = points_map(frame, geo, lang=lang, title=title, district_names={k: pick(v, "name", lang) for k, v in areas.items()},
                     tile_url=tile, tile_datum=os.environ.get("COCREATE_TILE_DATUM", "wgs84").strip().lower())
    event = common.chart(fig, title, lang, key="pm_map", select=True,
                         sources=["illustrative"] if points["illustrative"].any() else None)
    # a click on a point opens its card (the selectbox below follows; a stale selection does not override it)
    clicked = [x[0] if isinstance(x, list) and x else x
               for x in (p.get("customdata") for p in ((event or {}).get("selection") or {}).get("points", []))]
    clicked = [x for x in clicked if x in shown_codes]
    if clicked and st.session_state.get("_pm_clicked") != clicked[0]:
        st.session_state["pm_point"] = st.session_state["_pm_clicked"] = clicked[0]
    elif not clicked:
        st.session_state.pop("_pm_clicked", None)
    st.caption(c.t("pm_map_note", date=fmt_date(today, lang), period=period.code)
               + " " + (c.t("pm_tiles_note") if tile else c.t("pm_offline_note")))
    if frame.empty:
        st.info(c.t("pm_none_match"))
    else:
        order = frame.assign(_s=frame["state"].map({s: i for i, s in enumerate(hotspots.STATES)})).sort_values(
            ["_s", "found_period", "point_code"], ascending=[True, False, True])
        rows = {r["point_code"]: r for r in order.to_dict("records")}
        pick_code = common.url_widget(
            st.selectbox, c.t("pm_pick_click"), list(rows), "pm_point", next(iter(rows)),
            format_func=lambda p: f"{c.t('pm_state_' + rows[p]['state'])} · {pv.point_name(rows[p], lang)} · {p}")
        r = rows.get(pick_code) or next(iter(rows.values()))
        pv.card(r, hotspots.point_problems(problems, r["point_code"]), types=types, units=units, areas=areas,
                cats=cats, lang=lang, today=today, office=act.current_user() is not None)
    common.download_csv(frame[LEDGER_COLUMNS + ["state", "found_period"]], f"points_{c.area}_{period.code}", lang, key="pm_dl_points")

with tab_hot:
    start = min(period.start, period.end - pd.Timedelta(days=89))
    st.caption(c.t("pm_hot_note", start=fmt_date(start, lang), end=fmt_date(period.end, lang)))
    heat = hotspots.heat(mine_problems, frame, start, period.end)
    cat_opts = [ALL] + [k for k in cats if k in set(heat["category"])]
    cat = st.selectbox(c.t("pm_heat_category"), cat_opts, key="pm_heat_cat",
                       format_func=lambda k: c.t("pm_all") if k == ALL else pv.name_of(cats, k, lang))
    if heat.empty:
        st.info(c.t("pm_no_heat"))
    else:
        order_types = [k for k in types if k in set(frame["point_type"])]
        matrix = hotspots.heat_matrix(heat, None if cat == ALL else cat, order_types)
        htitle = c.t("pm_heat_title", category=c.t("pm_all_categories") if cat == ALL else pv.name_of(cats, cat, lang))
        common.chart(heat_chart(matrix, lang=lang, title=htitle, type_names={k: pick(v, "name", lang) for k, v in types.items()}),
                     htitle, lang, key="pm_heat_chart", sources=["illustrative"] if points["illustrative"].any() else None,
                     width="content")
        shown = heat if cat == ALL else heat[heat["category"] == cat]
        st.dataframe(pv.heat_table(shown, types, cats, lang), hide_index=True, width="stretch",
                     height=common.table_height(len(shown), 320), key="pm_heat_table")
    st.subheader(c.t("pm_repeats_heading"))
    st.caption(c.t("pm_repeats_note", date=fmt_date(today, lang)))
    top = hotspots.most_repeats(frame, limit=50)
    if top.empty:
        st.info(c.t("pm_no_repeats"))
    else:
        st.dataframe(pv.repeats_table(top, types, units, areas, lang), hide_index=True, width="stretch",
                     height=common.table_height(len(top), 420), key="pm_repeats_table")

with tab_remind:
    rem = remind.reminders(problems, today, levels)
    if unit != ALL:
        rem = rem[rem["unit_code"] == unit]
    st.caption(c.t("pm_rem_note", today=fmt_date(today, lang),
                   end=fmt_date(today + pd.Timedelta(days=remind.SOON_DAYS), lang),
                   yesterday=fmt_date(today - pd.Timedelta(days=1), lang)))
    if rem.empty:
        st.success(c.t("pm_rem_all_clear"), icon=":material/check_circle:")
    else:
        per = remind.per_unit(rem)
        st.dataframe(pd.DataFrame({
            c.t("pm_th_unit"): [pv.name_of(units, u, lang) for u in per["unit_code"]],
            c.t("pm_rem_kind_overdue"): per["overdue"], c.t("pm_rem_kind_soon"): per["soon"]}),
            hide_index=True, width="stretch", key="pm_rem_units")
        names_en = dict(zip(points["point_code"], points["name_en"].where(points["name_en"].notna(), None)))
        level_rows = {r["code"]: r for r in levels.to_dict("records")}
        st.dataframe(pv.reminder_table(rem, units, cats, level_rows, lang, names_en), hide_index=True, width="stretch",
                     height=common.table_height(len(rem), 420), key="pm_rem_rows")
    st.caption(c.t("pm_rem_cli", area=c.city_code))
