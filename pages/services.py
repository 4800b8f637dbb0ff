"""Public-service metrics, grouped by the twelve monitored areas (one overview chart, then each area's
items with status, coverage and districts: webui/services_areas.py); then per-capita figures from raw
counts for the city and every district, over time, against the benchmark and the best reference in the
source documents, with the gap in real units ("+37 public toilets") for every area short of it."""
import pandas as pd
import streamlit as st

from cocreate.present.charts import STATUS_SYMBOLS, district_bar_chart
from cocreate.present.district_charts import services_trend_chart
from cocreate.errors import CocreateError
from cocreate.present.honesty import confidence_label, split_sources, threshold_mark
from cocreate.present.i18n import decimals_of, fmt_date, fmt_number, pick, status_word
from cocreate.method.services import incomplete_periods, latest_city_period
from cocreate.present.service_gaps import gap_units_text
from cocreate.method.standards import standards_for
from cocreate.present.standards import against_text, standard_name, threshold_text, verdict_text
from webui import common
from webui.published import published_panel
from webui.services_areas import twelve_areas
from webui.standards import campaigned_codes, rated_standards

TITLE = "public_services"

c = common.ctx()
lang = c.lang
try:
    areas = common.run("areas")
    city_row = areas[areas["code"] == c.city_code].iloc[0].to_dict()
    st.title(c.t("sv_heading", area=pick(city_row, "name", lang)))
    common.demo_banner(c)
    rated = common.progress(c.city_code, TITLE, c.as_of, with_children=True)
    refs = common.run("service_references", title=TITLE)
    catalog = common.run("indicators")
    # the titles the city campaigns for rate some of these metrics too: their rows, as the title page has them
    others = rated_standards(c.city_code, [t for t in campaigned_codes(common.run("campaigns_for_area", area=c.city_code))
                                           if t != TITLE], c.as_of)
except CocreateError as exc:
    common.show_error(exc, lang)
    st.stop()

st.caption(c.t("sv_intro"))
if rated.empty:
    st.info(c.t("sv_no_campaign", area=pick(city_row, "name", lang)))
    st.stop()

measures = common.units_lookup()  # code -> indicators row (the catalog just read; shared: read only)
codes = list(dict.fromkeys(rated["indicator_code"]))
first = rated.drop_duplicates("indicator_code").set_index("indicator_code")
short_names = {r["indicator_code"]: pick(r, "indicator_name", lang)
               for r in rated.drop_duplicates("indicator_code")[["indicator_code", "indicator_name_zh",
                                                                 "indicator_name_en"]].to_dict("records")}


# --- the twelve monitored areas: one overview chart, then each area's items, coverage and districts -----
try:
    twelve_areas(c, rated, others, measures)
except CocreateError as exc:
    common.show_error(exc, lang)
    st.stop()


def short_name(code):
    return short_names[code]


def value_text(v, decimals):
    return "—" if v is None or pd.isna(v) else fmt_number(v, int(decimals), lang, big=False)


# --- at a glance: areas x metrics --------------------------------------------------------------------
st.subheader(c.t("sv_matrix_heading"))
area_order = list(dict.fromkeys(rated.sort_values(["level", "area_code"], key=lambda s: s if s.name != "level"
                                                  else (s != "city"))["area_code"]))
cells = {}
conf_by_col, sources_by_col = {}, {}
matrix_fields = ["indicator_code", "threshold", "decimals", "direction", "threshold_confidence", "sources", "area_code",
                 "area_name_zh", "area_name_en", "latest_value", "status"]
# the metrics kept by district (a city-only metric would fill every district's cell with "—"; its city
# figure is in its area's table above)
for r in rated.loc[rated["aggregation"] != "city_only", matrix_fields].to_dict("records"):
    mark = (" " + threshold_mark(r)) if threshold_mark(r) else ""
    col = f"{short_name(r['indicator_code'])} (≥ {value_text(r['threshold'], r['decimals'])}{mark})" \
        if r["direction"] != "down" else \
        f"{short_name(r['indicator_code'])} (≤ {value_text(r['threshold'], r['decimals'])}{mark})"
    conf_by_col[col] = r.get("threshold_confidence") or "seen"
    sources_by_col[col] = split_sources([*sources_by_col.get(col, []), r.get("sources")])
    cells.setdefault(r["area_code"], {c.t("col_area"): pick(r, "area_name", lang)})[col] = \
        f"{value_text(r['latest_value'], r['decimals'])} {STATUS_SYMBOLS.get(r['status'], '')}"
matrix = pd.DataFrame([cells[a] for a in area_order])
st.dataframe(matrix, hide_index=True, width="stretch")
st.caption(c.t("sv_matrix_caption") + " " + c.t("svc_matrix_district_only") + " "
           + c.t("std_services_caption", standard=standard_name(rated.iloc[0], lang)))
# the download keeps, per metric, how sure its benchmark is and where the figures came from
matrix_export = pd.concat([matrix, pd.DataFrame([
    {c.t("col_area"): c.t("col_confidence"), **{k: confidence_label(v, lang) for k, v in conf_by_col.items()}},
    {c.t("col_area"): c.t("pub_col_source"), **{k: "; ".join(v) for k, v in sources_by_col.items()}}])],
    ignore_index=True)
common.download_csv(matrix_export, f"public_services_{c.city_code}", lang, key="sv_matrix_csv")

# --- one metric in depth -------------------------------------------------------------------------------
code = common.url_widget(st.selectbox, c.t("sv_metric"), codes, "sv_metric", codes[0], format_func=short_name)
if code not in codes:
    code = codes[0]
ind = measures.get(code, first.loc[code].to_dict())
rows = rated[rated["indicator_code"] == code]
city_rated = rows[rows["area_code"] == c.city_code]
city_r = city_rated.iloc[0].to_dict() if len(city_rated) else rows.iloc[0].to_dict()
decimals = decimals_of(city_r)
name = short_name(code)

if ind.get("kind") == "ratio":
    num, den = measures.get(ind.get("numerator_code"), {}), measures.get(ind.get("denominator_code"), {})
    st.caption(c.t("sv_definition", num=pick(num, "name", lang), den=pick(den, "name", lang),
                   scale=fmt_number(ind.get("scale") or 1, 0, lang, big=False))
               + (" " + pick(c.area_row, "ratio_base", lang) if c.area == c.city_code else ""))
else:
    rule = c.t(f"aggregation_{ind.get('aggregation')}", weight=pick(measures.get(ind.get("weight_code"), {}), "name", lang)
               if ind.get("weight_code") else "")
    st.caption(c.t("sv_definition_value", rule=rule))
conf = city_r.get("threshold_confidence")
refs_one = refs[refs["indicator_code"] == code]
# every standard this metric is judged by, each with its own status (the rated rows, never re-rated)
standards = standards_for(pd.concat([rated, others], ignore_index=True) if len(others) else rated, code, c.city_code,
                          first=TITLE)
st.markdown(f"**{c.t('std_standards_heading', indicator=name)}**")
st.markdown("\n".join("- " + c.t("std_item", against=against_text(r, lang, mark=False),
                                  confidence=confidence_label(r.get("threshold_confidence") or "seen", lang),
                                  status=common.status_md(r["status"], lang), gap=gap_units_text(r, measures, lang))
                       for r in standards.to_dict("records")))
if len(refs_one):
    st.caption(c.t("sv_references") + "; ".join(
        f"{pick(r, 'label', lang)}" + (" (?)" if r["confidence"] == "uncertain" else "") for r in refs_one.to_dict("records")))

try:  # the chosen metric's figures for the city and its districts (the page shows one metric at a time)
    area_codes = [c.city_code] + areas.loc[areas["parent_code"] == c.city_code, "code"].tolist()
    one = common.run("indicator_series", indicator=code, areas=area_codes, as_of=c.as_of)
except CocreateError as exc:
    common.show_error(exc, lang)
    st.stop()
if one.empty:
    st.info(c.t("sv_no_data"))
else:
    latest_city = latest_city_period(one, code)
    if latest_city and not latest_city["is_complete"]:
        st.warning(c.t("sv_incomplete_warning", period=fmt_date(latest_city["period"], lang, month_only=True),
                       n=int(latest_city["areas_reported"]), m=int(latest_city["areas_expected"])))
    k1, k2, k3 = st.columns(3)
    k1.metric(f"{pick(city_r, 'area_name', lang)} · {pick(ind, 'unit', lang)}", value_text(city_r["latest_value"], decimals),
              help=fmt_date(city_r.get("latest_period"), lang, month_only=True))
    short_std = standard_name(city_r, lang, short=True)
    k2.metric(c.t("std_col_against", standard=short_std), threshold_text(city_r, lang))
    k3.metric(c.t("std_kpi_gap", standard=short_std),
              gap_units_text(city_r, measures, lang, with_measure=False) or status_word(city_r["status"], lang))
    title = c.t("sv_trend_title", indicator=name)
    fig = services_trend_chart(one, indicator=ind, threshold=city_r["threshold"], references=refs_one, lang=lang, title=title)
    # the stamp names the sources of the figures drawn (each kept with its figure), not only the rating window's
    common.chart(fig, title, lang, key="sv_trend", sources=split_sources(one["source"].dropna()))

    st.subheader(c.t("sv_table_heading", indicator=name))
    gap_measure = measures.get(city_r.get("gap_unit_measure"), {})
    # the cells carry the unit ("+6 辆", "+6 vehicles"); a bare count ("+5") gets its measure in the header
    bare = lang == "en" and pick(gap_measure, "unit", lang) in ("", "count")
    gap_header = c.t("col_gap_units") + (f" ({pick(gap_measure, 'name', lang)})" if gap_measure and bare else "")
    ordered = rows.assign(_city=rows["level"] != "city").sort_values(["_city", "area_code"])
    judged_col = against_text(city_r, lang, short=True)  # the status column names its standard and threshold
    names_gaps = ordered[["area_name_zh", "area_name_en", "gap_units", "gap_unit_measure"]].to_dict("records")
    table = pd.DataFrame({
        c.t("col_area"): [pick(r, "area_name", lang) for r in names_gaps],
        c.t("col_period"): [fmt_date(p, lang, month_only=True) if p is not None and not pd.isna(p) else "—"
                            for p in ordered["latest_period"]],
        c.t("col_value"): [value_text(v, decimals) for v in ordered["latest_value"]],
        c.t("sv_col_numerator"): [value_text(v, 0) for v in ordered["latest_numerator"]],
        c.t("sv_col_denominator"): [value_text(v, 0) for v in ordered["latest_denominator"]],
        judged_col: [common.status_badge(s, lang, f) for s, f in zip(ordered["status"], ordered["flags"])],
        c.t("col_gap"): [value_text(g, decimals) if g is not None and not pd.isna(g) and g > 0 else ""
                         for g in ordered["gap"]],
        gap_header: [gap_units_text(r, measures, lang, with_measure=False) for r in names_gaps],
    })
    base_cols = list(table.columns)
    for std in standards.iloc[1:].to_dict("records"):  # the other standards, the same rated rows per area
        theirs = others[(others["title_code"] == std["title_code"]) & (others["indicator_code"] == code)]
        by_area = dict(zip(theirs["area_code"], theirs.to_dict("records")))
        table[against_text(std, lang, short=True)] = [
            verdict_text(by_area[a], lang) + (f" {gap_units_text(by_area[a], measures, lang, with_measure=False)}"
                                              if gap_units_text(by_area[a], measures, lang) else "")
            if a in by_area else "—" for a in ordered["area_code"]]
    # the benchmark's status and gap, then each other standard's status, the counts behind the figure last
    first_cols = [c.t("col_area"), c.t("col_value"), judged_col, c.t("col_gap"), gap_header,
                  *[x for x in table.columns if x not in base_cols]]
    table = table[first_cols + [x for x in table.columns if x not in first_cols]]
    st.dataframe(common.style_status(table, judged_col, ordered["status"]), hide_index=True, width="stretch",
                 column_config={gap_header: st.column_config.TextColumn(help=pick(gap_measure, "name", lang) or None),
                                judged_col: st.column_config.TextColumn(width=170 if lang == "zh" else 210)})
    common.download_csv(table.assign(**{c.t("col_confidence"): confidence_label(conf, lang),
                                        c.t("pub_col_source"): ordered["sources"].fillna("").to_list()}),
                        f"{code}_{c.city_code}", lang, key="sv_table_csv")

    districts = rows[rows["level"] != "city"]
    if len(districts):
        bar_title = c.t("sv_bar_title", indicator=name)
        common.chart(district_bar_chart(districts, indicator=ind, lang=lang, title=bar_title), bar_title, lang,
                     key="sv_bars", sources=split_sources(districts["sources"].dropna()))

    partial = incomplete_periods(one)
    if len(partial):
        with st.expander(c.t("sv_incomplete_list") + f" ({len(partial)})"):
            ptable = pd.DataFrame({
                c.t("col_period"): [fmt_date(p, lang, month_only=True) for p in partial["period"]],
                c.t("col_reported"): [c.t("sv_reported_of", n=int(a), m=int(b))
                                      for a, b in zip(partial["areas_reported"], partial["areas_expected"])],
            })
            st.dataframe(ptable, hide_index=True, width="stretch")
            common.download_csv(ptable, f"{code}_incomplete", lang, key="sv_incomplete_csv")

st.divider()
published_panel(c, [code, ind.get("numerator_code"), ind.get("denominator_code")], key="sv_pub")
