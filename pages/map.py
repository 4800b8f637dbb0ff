"""A map of the districts coloured by any indicator or by the composite ranking score; names in the
current language; hover: value, threshold, status. Boundaries from data/geo (drawn as SVG shapes,
no tile server); areas without a stored boundary as circles at their centroid."""
import pandas as pd
import streamlit as st

from cocreate.method import rankings as rk
from cocreate.present.charts import STATUS_SYMBOLS
from cocreate.present.district_charts import district_map
from cocreate.errors import CocreateError
from cocreate.present.honesty import confidence_label
from cocreate.present.i18n import decimals_of, fmt_number, fmt_pct, pick, status_word
from cocreate.method.services import district_geojson
from webui import common

SCORE = "score"

c = common.ctx()
lang = c.lang
try:
    areas = common.run("areas")
    city_row = areas[areas["code"] == c.city_code].iloc[0].to_dict()
    st.title(c.t("map_heading", area=pick(city_row, "name", lang)))
    common.demo_banner(c)
    # what the selectors offer: the campaigned titles' district indicators (the chosen one is rated below)
    items = common.run("map_indicators", city=c.city_code, as_of=c.as_of)
except CocreateError as exc:
    common.show_error(exc, lang)
    st.stop()

children = areas[areas["parent_code"] == c.city_code]
with_data = items[items["has_data"].astype(bool)]
indicator_names = {r["indicator_code"]: pick(r, "indicator_name", lang)
                   for r in with_data.drop_duplicates("indicator_code").to_dict("records")}
options = [SCORE] + sorted(indicator_names, key=lambda k: indicator_names[k])
left, right = st.columns([3, 2])
choice = common.url_widget(left.selectbox, c.t("map_colour_by"), options, "map_metric", SCORE,
                           format_func=lambda k: c.t("map_score") if k == SCORE else indicator_names.get(k, k))
choice = choice if choice in options else SCORE

base = children[["code", "name_zh", "name_en", "lat", "lon"]].rename(
    columns={"code": "area_code", "name_zh": "area_name_zh", "name_en": "area_name_en"})
SUFFIXES = (" District", " County", " New Area")
base["short_label"] = [n[:-len(next(s for s in SUFFIXES if n.endswith(s)))] if lang == "en" and n.endswith(SUFFIXES)
                       else z for n, z in zip(base["area_name_en"], base["area_name_zh"])]
higher_is_better, cmin, cmax = True, None, None
if choice == SCORE:
    as_of = c.data_as_of  # the latest data period's end at most: no ranking named for a month without figures
    ptable = rk.periods(as_of, "month", 1)
    try:
        items = common.run("ranking_items", city=c.city_code, as_of_dates=tuple(ptable["data_as_of"]), title=None)
    except CocreateError as exc:
        common.show_error(exc, lang)
        st.stop()
    ranked = rk.rank_districts(rk.attach_periods(items, ptable)) if len(items) else pd.DataFrame(
        columns=["area_code", "score", "rank", "n_met", "n_items", "veto_failing"])
    frame = base.merge(ranked[["area_code", "score", "rank", "n_met", "n_items", "veto_failing"]], on="area_code", how="left")
    frame["colour_value"] = frame["score"] * 100
    frame["label"] = [f"{r['short_label']}<br>{fmt_pct(r['score'], lang)}" if pd.notna(r["score"])
                      else pick(r, "area_name", lang) for r in frame.to_dict("records")]
    frame["hover"] = [c.t("map_hover_score", name=pick(r, "area_name", lang), score=fmt_pct(r["score"], lang),
                          rank=int(r["rank"]) if pd.notna(r["rank"]) else "—",
                          met=int(r["n_met"]) if pd.notna(r["n_met"]) else 0,
                          n=int(r["n_items"]) if pd.notna(r["n_items"]) else 0,
                          veto=(" · " + c.t("rk_veto_mark")) if r["veto_failing"] is True else "")
                      for r in frame.to_dict("records")]
    title = c.t("map_title_score", period=ptable["period"].iloc[-1])
    colour_title = c.t("rk_col_score") + " (%)"
    table = pd.DataFrame({c.t("col_area"): [pick(r, "area_name", lang) for r in frame.to_dict("records")],
                          c.t("rk_col_rank"): frame["rank"], c.t("rk_col_score"): [fmt_pct(s, lang) for s in frame["score"]]})
else:
    titles = items[items["indicator_code"] == choice].drop_duplicates("title_code")
    title_names = {r["title_code"]: pick(r, "title_name", lang) for r in titles.to_dict("records")}
    tcode = common.url_widget(right.selectbox, c.t("map_threshold_of"), list(title_names), "map_title",
                              next(iter(title_names)), format_func=title_names.get)
    tcode = tcode if tcode in title_names else next(iter(title_names))
    try:   # one title's one indicator, rated for the districts exactly as the title page rates it
        rated = common.progress(c.city_code, tcode, c.as_of, with_children=True, indicator=choice)
    except CocreateError as exc:
        common.show_error(exc, lang)
        st.stop()
    rows = rated[rated["level"] != "city"]
    first = rows.iloc[0].to_dict()
    decimals = decimals_of(first)
    unit = pick(first, "unit", lang)
    higher_is_better = first["direction"] != "down"
    frame = base.merge(rows[["area_code", "latest_value", "threshold", "threshold_confidence", "status", "flags",
                             "sources"]], on="area_code", how="left")
    frame["colour_value"] = frame["latest_value"]
    value_txt = [fmt_number(v, decimals, lang, big=False) if pd.notna(v) else c.t("map_no_data") for v in frame["latest_value"]]
    frame["label"] = [f"{r['short_label']}<br>{v} {STATUS_SYMBOLS.get(r['status'], '') if isinstance(r['status'], str) else ''}"
                      for r, v in zip(frame.to_dict("records"), value_txt)]
    frame["hover"] = [c.t("map_hover", name=pick(r, "area_name", lang), value=v, unit=unit,
                          threshold=fmt_number(r["threshold"], decimals, lang, big=False),
                          status=status_word(r["status"], lang) if isinstance(r["status"], str) else c.t("map_no_data"))
                      for r, v in zip(frame.to_dict("records"), value_txt)]
    title = c.t("map_title_value", indicator=indicator_names[choice], title=pick(first, "title_name", lang),
                threshold=fmt_number(first["threshold"], decimals, lang, big=False))
    colour_title = unit
    table = pd.DataFrame({c.t("col_area"): [pick(r, "area_name", lang) for r in frame.to_dict("records")],
                          c.t("col_value"): value_txt, c.t("col_unit"): unit,
                          c.t("col_threshold"): fmt_number(first["threshold"], decimals, lang, big=False),
                          c.t("col_status"): [common.status_badge(s, lang, f) if isinstance(s, str) else "—"
                                              for s, f in zip(frame["status"], frame["flags"])],
                          # the download keeps how sure the threshold is and where each figure came from
                          c.t("col_confidence"): confidence_label(first.get("threshold_confidence") or "seen", lang),
                          c.t("pub_col_source"): frame["sources"].fillna("").to_list()})

geo = district_geojson(c.city_code)
fig = district_map(frame, geo, lang=lang, title=title, colour_title=colour_title, higher_is_better=higher_is_better,
                   cmin=cmin, cmax=cmax)
common.chart(fig, title, lang, key="map_chart")
notes = [c.t("map_darker_better")]
if geo is None:
    notes.append(c.t("map_no_geo"))
else:
    missing = set(frame["area_code"]) - {f["id"] for f in geo["features"]}
    st.caption(c.t("map_source", extra=c.t("map_markers_note") if missing else ""))
st.caption(" ".join(notes))

st.subheader(c.t("map_table_heading"))
st.dataframe(table, hide_index=True, width="stretch")
common.download_csv(table, f"map_{c.city_code}_{choice}", lang, key="map_csv")
