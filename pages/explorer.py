"""Indicator explorer: any indicator, several areas, compared against every title's threshold."""
import importlib.util

import streamlit as st

from cocreate.present.charts import compare_chart
from cocreate.present.honesty import confidence_label, split_sources, threshold_reference
from cocreate.present.i18n import decimals_of, fmt_date, fmt_number, pick, t
from cocreate.method.standards import standards_for
from cocreate.present.standards import threshold_text, verdict_text
from webui import common
from webui.standards import rated_standards
from webui.status_display import WRAP_ROW_HEIGHT

c = common.ctx()
lang = c.lang
common.page_header(c, c.t("explorer_heading"))

try:
    indicators = common.run("indicators")
    areas = common.run("areas")
except Exception as exc:
    common.show_error(exc, lang)
    st.stop()

rows = {r["code"]: r for r in indicators.to_dict("records")}
codes = indicators["code"].tolist()
kind_tag = {"measure": " · " + c.t("explorer_measure_tag")}


def label(code):
    r = rows[code]
    return f"{pick(r, 'name', lang)} ({pick(r, 'unit', lang)})" + kind_tag.get(r["kind"], "")


left, right = st.columns([2, 3])
with left:
    default_code = "built_up_green_coverage_pct" if "built_up_green_coverage_pct" in codes else codes[0]
    indicator = common.url_widget(st.selectbox, c.t("indicator"), codes, "indicator", default_code,
                                  format_func=label)
area_rows = {r["code"]: r for r in areas.to_dict("records")}
family = [a for a in area_rows if a == c.city_code or area_rows[a].get("parent_code") == c.city_code]
with right:
    chosen = st.multiselect(c.t("explorer_areas"), list(area_rows), default=family,
                            format_func=lambda a: pick(area_rows[a], "name", lang), key="areas")
ind = rows[indicator]

# Definition: how the figure is made and how districts roll up.
if ind["kind"] == "ratio":
    num, den = rows.get(ind["numerator_code"]), rows.get(ind["denominator_code"])
    definition = c.t("ratio_definition", num=pick(num, "name", lang) if num else ind["numerator_code"],
                     den=pick(den, "name", lang) if den else ind["denominator_code"],
                     scale=fmt_number(ind["scale"], 0, lang, big=False))
else:
    definition = pick(ind, "name", lang)
weight = rows.get(ind.get("weight_code")) if isinstance(ind.get("weight_code"), str) else None
agg = c.t(f"aggregation_{ind['aggregation']}", weight=pick(weight, "name", lang) if weight else "")
st.caption(f"{c.t('explorer_definition')}: {definition} · {agg} · {c.t('col_direction')}: "
           f"{c.t('direction_' + ind['direction'])} · {c.t('col_dept')}: {pick(ind, 'lead_dept', lang)}")
if ind["kind"] == "ratio" and pick(area_rows[c.city_code], "ratio_base", lang):
    st.caption(pick(area_rows[c.city_code], "ratio_base", lang))

if not chosen:
    st.info(c.t("explorer_pick_area"))
    st.stop()

thresholds = common.run("indicator_thresholds", indicator=indicator)
series = common.run("indicator_series", indicator=indicator, areas=list(chosen), as_of=c.as_of)
if series.empty:
    st.info(c.t("explorer_no_data"))
else:
    heading = f"{pick(ind, 'name', lang)} · {c.t('explorer_compare')}"
    fig = compare_chart(series[series["is_complete"]], indicator=ind, lang=lang, title=heading,
                        thresholds=thresholds[thresholds["kind"] == "title"])
    common.chart(fig, heading, lang, key="explorer_compare", sources=split_sources(series["source"].dropna()))
    incomplete = series[~series["is_complete"]]
    if len(incomplete):
        st.caption(c.t("explorer_incomplete", n=len(incomplete)))

latest = common.run("latest_by_area", indicator=indicator, areas=list(chosen), as_of=c.as_of)
d = decimals_of(ind)
table = latest.assign(**{
    c.t("col_area"): [pick(r, "area_name", lang) for r in latest.to_dict("records")],
    c.t("col_period"): [fmt_date(p, lang, month_only=True) for p in latest["period"]],
    c.t("col_value"): [fmt_number(v, d, lang, big=ind["kind"] == "measure") for v in latest["value"]],
})[[c.t("col_area"), c.t("col_period"), c.t("col_value")]]
# one above the other: the thresholds' six columns need the page's width at 1280 px (issue 22)
col_table, col_thr = st.container(), st.container()
with col_table:
    st.dataframe(table, hide_index=True, width="stretch")
    common.download_csv(series, f"{indicator}_series", lang, key="dl_series")
with col_thr:
    st.markdown(f"**{c.t('explorer_thresholds')}**")
    if thresholds.empty:
        st.caption(c.t("explorer_no_threshold"))
    else:
        # each standard's status for the area, from the rows its own title page shows (not rated again)
        campaigned = [x for x in thresholds["title_code"] if x in set(common.run("campaigns_for_area", area=c.area)["title_code"])]
        rated_here = standards_for(rated_standards(c.area, campaigned, c.as_of), indicator, c.area)
        verdicts = {r["title_code"]: verdict_text(r, lang) for r in rated_here.to_dict("records")}
        st.dataframe(thresholds.assign(**{
            c.t("col_title"): [pick(r, "short", lang) for r in thresholds.to_dict("records")],
            c.t("col_threshold"): [threshold_text({**r, "direction": ind["direction"], "decimals": d}, lang)
                                   for r in thresholds.to_dict("records")],
            c.t("std_col_status_here", area=c.area_name()): [verdicts.get(x, "—") for x in thresholds["title_code"]],
            c.t("col_confidence"): [confidence_label(x or "seen", lang) for x in thresholds["threshold_confidence"]],
            c.t("col_veto"): [t("yes" if v else "no", lang) for v in thresholds["is_veto"]],
            c.t("threshold_ref_heading"): [" · ".join(threshold_reference(r, lang)[1:]) for r in thresholds.to_dict("records")],
        })[[c.t("col_title"), c.t("col_threshold"), c.t("std_col_status_here", area=c.area_name()), c.t("col_confidence"),
            c.t("col_veto"), c.t("threshold_ref_heading")]],
            hide_index=True, width="stretch", row_height=88, column_config={   # up to four lines of reference
                c.t("col_confidence"): st.column_config.TextColumn(help=c.t("col_confidence_help")),
                c.t("threshold_ref_heading"): st.column_config.TextColumn(width=380)})

# Published statistics (yearbooks, bulletins) in a panel of their own, when that feature is present.
if importlib.util.find_spec("webui.published") is not None:
    from webui.published import published_panel
    published_panel(c, indicator_code=indicator)
