"""One title in depth: indicator table, trend with threshold/deadline/projection, districts."""
import pandas as pd
import streamlit as st

from cocreate.present.charts import district_bar_chart, trend_chart
from cocreate.present.honesty import coverage_text, flags_why, na_reason, split_sources, threshold_reference
from cocreate.present.i18n import decimals_of, fmt_date, pick, status_word
from cocreate.method.progress import title_summary
from cocreate.method.standards import other_standards
from cocreate.method.status import ALL_STATUSES, STATUSES
from cocreate.present.tables import progress_display, progress_export, sort_by_severity
from webui import common, survey
from webui.standards import insert_others_column, rated_standards, standards_panel
from webui.status_display import fitted_rated_table

c = common.ctx()
lang = c.lang

try:
    campaigns = common.run("campaigns_for_area", area=c.area)
except Exception as exc:
    common.show_error(exc, lang)
    st.stop()
if campaigns.empty:
    common.page_header(c, c.t("nav_title"))
    st.info(c.t("no_campaign"))
    st.stop()

header = st.container()  # the heading goes above the picker, filled once the title is known
codes = campaigns["title_code"].tolist()
names = {r["title_code"]: pick(r, "name", lang) for r in campaigns.to_dict("records")}
title = common.url_widget(st.selectbox, c.t("title"), codes, "title", codes[0], format_func=names.get)
camp = campaigns[campaigns["title_code"] == title].iloc[0]

with header:
    days_left = (camp["deadline"].date() - common.today()).days
    common.page_header(c, c.t("title_heading", title=names[title], area=c.area_name()),
                       f"{c.t('card_deadline', date=fmt_date(camp['deadline'], lang))} · "
                       + (c.t("card_days", days=days_left) if days_left >= 0 else c.t("card_days_past", days=-days_left))
                       + f" · {c.t('campaign_start_line')} {fmt_date(camp['campaign_start'], lang)}"
                       + (f" · {pick(camp, 'standard_version', lang)}" if pick(camp, "standard_version", lang) else ""))

try:
    rated_all = common.progress(c.area, title, c.as_of, with_children=True)
except Exception as exc:
    common.show_error(exc, lang)
    st.stop()
rated = rated_all[rated_all["area_code"] == c.area]
if rated.empty:
    st.info(c.t("no_data"))
    st.stop()
# the other standards that rate the same indicators here: the rows their own title pages show
others = other_standards(pd.concat([rated, rated_standards(c.area, [x for x in codes if x != title], c.as_of)]), title, c.area)

s = title_summary(rated).iloc[0]
# the share met is a share of what is tracked and rated: say how much of the standard that is
st.markdown(f"**{c.t('coverage_rated', met=s['n_met'], n=s['n_indicators'])}** · {coverage_text(s, lang)}",
            help=c.t("coverage_help", source=camp.get("indicators_in_standard_source") or "—"))
st.markdown(c.t("summary_line", n=s["n_indicators"], met=s["n_met"], on=s["n_on_track"],
                acc=s["n_needs_acceleration"], off=s["n_off_track"], det=s["n_deteriorating"],
                ins=s["n_insufficient_data"]))
flag_counts = common.flag_counts_md(rated, lang)
st.markdown(" ".join(common.status_md(x, lang, int(s[f"n_{x}"])) for x in STATUSES if s[f"n_{x}"])
            + ("　" + flag_counts if flag_counts else ""))
if s["n_veto_failing"]:
    failing = rated[rated["is_veto"].astype(bool) & (rated["status"] != "met")]
    st.error(c.t("veto_warning", items="、".join(pick(r, "indicator_name", lang) for r in failing.to_dict("records"))))

shown = st.multiselect(c.t("filter_status"), list(ALL_STATUSES), default=list(ALL_STATUSES),
                       format_func=lambda x: status_word(x, lang), key="status_filter")
table_rows = sort_by_severity(rated[rated["status"].isin(shown)])
display = insert_others_column(progress_display(table_rows, lang, common.units_lookup()), table_rows, others, lang,
                               after=c.t("col_status"))
fitted = fitted_rated_table(lang)   # the columns up to "other standards" whole at 1280 px (wrapped in English)
row_px = fitted.get("row_height", 35)
st.dataframe(common.style_status(display, c.t("col_status"), table_rows["status"]) if len(display) else display,
             hide_index=True, width="stretch", height=min(720, 38 + row_px * max(len(display), 1)), **fitted)
st.caption(c.t("std_table_caption", standard=names[title]))
st.caption("★ " + c.t("col_veto") + " · " + c.t("col_confidence_help"))
st.caption(c.t("col_flags_help"))
common.download_csv(progress_export(table_rows), f"{title}_{c.area}_progress", lang, key="dl_title_table")

st.divider()
ind_codes = sort_by_severity(rated)["indicator_code"].tolist()
ind_names = {r["indicator_code"]: pick(r, "indicator_name", lang)
             for r in rated[["indicator_code", "indicator_name_zh", "indicator_name_en"]].to_dict("records")}
indicator = common.url_widget(st.selectbox, c.t("choose_indicator"), ind_codes, "indicator", ind_codes[0],
                              format_func=ind_names.get)
row = rated[rated["indicator_code"] == indicator].iloc[0].to_dict()

series = common.run("indicator_series", indicator=indicator, areas=[c.area], as_of=c.as_of)
heading = c.t("trend_heading", indicator=ind_names[indicator]) + " · " + c.area_name()
col_chart, col_facts = st.columns([3, 1])
with col_chart:
    if series.empty:
        st.info(c.t("no_data"))
    else:
        fig = trend_chart(series, indicator=row, rated=row, lang=lang, title=heading)
        common.chart(fig, heading, lang, key="trend", sources=split_sources(series["source"]))
with col_facts:
    st.markdown(common.status_md(row["status"], lang) + " " + common.flags_md(row.get("flags"), lang),
                help="\n\n".join(flags_why(row, lang)) or None)
    standards_panel(row, others, lang)
    if row["status"] == "not_applicable":
        st.info(c.t("na_reason", reason=na_reason(row, lang)))
    d = decimals_of(row)
    unit = pick(row, "unit", lang)
    disp = progress_display(rated[rated["indicator_code"] == indicator], lang, common.units_lookup()).iloc[0]
    value_txt = disp[c.t("col_value")]
    in_unit = lambda key: f"{c.t(key)} · {unit}" if unit else c.t(key)  # noqa: E731 (the unit in the label: values stay whole)
    st.metric(in_unit("col_value"), value_txt,
              help=fmt_date(row.get("latest_period"), lang, month_only=True))
    if survey_line := survey.caption(c, indicator, row.get("latest_period")):
        st.caption(":material/ballot: " + survey_line)   # the survey behind the figure: round or survey, date, n
    st.metric(in_unit("col_threshold"), disp[c.t("col_threshold")], help="\n\n".join(threshold_reference(row, lang)))
    st.caption(disp[c.t("col_confidence")])
    if row["status"] not in ("met", "not_applicable"):
        st.metric(in_unit("col_gap"), disp[c.t("col_gap")])
        if disp[c.t("col_gap_units")]:
            st.metric(c.t("col_gap_units"), disp[c.t("col_gap_units")])
        st.metric(c.t("col_projected"), disp[c.t("col_projected")])
        st.metric(in_unit("col_pace"), disp[c.t("col_pace")])
    st.caption(f"{c.t('col_dept')}: {pick(row, 'lead_dept', lang)}")
    if row.get("kind") == "ratio" and pick(c.area_row, "ratio_base", lang):
        st.caption(pick(c.area_row, "ratio_base", lang))  # Wuhan: over its 13 districts, not the whole city

children = rated_all[(rated_all["indicator_code"] == indicator) & (rated_all["area_code"] != c.area)]
if len(children) and row["status"] != "not_applicable":
    st.subheader(c.t("districts_heading", indicator=ind_names[indicator]))
    heading_d = c.t("districts_heading", indicator=ind_names[indicator]) + " · " + c.area_name()
    if children["latest_value"].notna().any():
        fig = district_bar_chart(children, indicator=row, lang=lang, title=heading_d)
        common.chart(fig, heading_d, lang, key="districts", sources=split_sources(children["sources"].dropna()))
        children_sorted = sort_by_severity(children)
        dtable = progress_display(children_sorted, lang, common.units_lookup(), with_area=True)
        keep = [c.t("col_area"), c.t("col_period"), c.t("col_value"), c.t("col_gap"), c.t("col_gap_units"),
                c.t("col_status"), c.t("col_flags"), c.t("col_projected")]
        st.dataframe(common.style_status(dtable[keep], c.t("col_status"), children_sorted["status"]),
                     hide_index=True, width="stretch")
        common.download_csv(progress_export(children), f"{title}_{indicator}_districts", lang, key="dl_districts")
    else:
        st.caption(c.t("title_city_only_note"))

# ---- the city's tasks of this title closed while an indicator they name is still not met (issue 18)
from webui import task_flags  # noqa: E402  (kept here: one separate section at the end of the page)

task_flags.title_section(c, title)
