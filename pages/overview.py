"""Overview: every title the city campaigns for, at a glance."""
import streamlit as st

from cocreate.present.charts import status_matrix_chart
from cocreate.present.honesty import CONFIDENCE_MARKS, coverage_text, split_sources
from cocreate.present.i18n import fmt_date, fmt_number, pick
from cocreate.method.progress import behind_ratings, title_summary
from cocreate.method.status import STATUSES
from cocreate.present.tables import progress_display, progress_export, sort_by_severity
from webui import common

c = common.ctx()
lang = c.lang
common.page_header(c, c.t("overview_heading", area=c.area_name()), c.t("app_tagline"))

try:
    campaigns = common.run("campaigns_for_area", area=c.area)
    rated = common.progress(c.area, None, c.as_of)
    catalog_titles = common.run("titles")
except Exception as exc:
    common.show_error(exc, lang)
    st.stop()

titles = campaigns[campaigns["kind"] == "title"]
if titles.empty:
    st.info(c.t("no_campaign"))
summary = title_summary(rated) if len(rated) else rated
summary_by_title = {r["title_code"]: r for r in summary.to_dict("records")} if len(rated) else {}
today = common.today()

st.caption(c.t("leader_note"))
per_row = 3
title_rows = titles.to_dict("records")
for start in range(0, len(title_rows), per_row):
    cols = st.columns(per_row)
    for col, tr in zip(cols, title_rows[start:start + per_row]):
        s = summary_by_title.get(tr["title_code"])
        with col.container(border=True):
            name = pick(tr, "name", lang)
            st.markdown(f"**{name}**" + ("　:blue-badge[" + c.t("card_leader") + "]" if tr["is_leader"] else ""))
            if s is None:
                st.caption(c.t("no_data"))
                continue
            st.metric(c.t("col_share_met"), f"{s['n_met']} / {s['n_indicators']}",
                      help=c.t("card_met", met=s["n_met"], n=s["n_indicators"]) + " · "
                      + c.t("coverage_help", source=tr.get("indicators_in_standard_source") or "—"),
                      label_visibility="visible")
            st.progress(float(s["share_met"]))
            st.caption(coverage_text(s, lang))  # a share of the tracked, never of the whole standard
            mine = rated.loc[rated["title_code"] == tr["title_code"], ["flags"]]
            st.markdown(" ".join(common.status_md(x, lang, int(s[f"n_{x}"])) for x in STATUSES if s[f"n_{x}"])
                        + " " + common.flag_counts_md(mine, lang))
            deadline = tr["deadline"].date() if hasattr(tr["deadline"], "date") else tr["deadline"]
            days = (deadline - today).days
            when = c.t("card_days", days=days) if days >= 0 else c.t("card_days_past", days=-days)
            st.caption(f"{c.t('card_deadline', date=fmt_date(deadline, lang))} · {when}")
            if s["n_veto_failing"]:
                names = rated.loc[(rated["title_code"] == tr["title_code"]) & rated["is_veto"].astype(bool)
                                  & (rated["status"] != "met"), ["indicator_name_zh", "indicator_name_en"]]
                st.error(c.t("veto_warning", items="、".join(pick(r, "indicator_name", lang)
                                                              for r in names.to_dict("records"))))
            st.page_link("pages/title.py", label=c.t("nav_title") + " →",
                         query_params={"title": tr["title_code"], "lang": lang, "area": c.area})

if len(rated):
    title_summary_rows = summary[summary["title_code"].isin(titles["title_code"])]
    # chart above the table: side by side, the table's status column is clipped at 1280 px
    left, right = st.container(), st.container()
    with left:
        heading = c.t("matrix_heading") + " · " + c.area_name()
        fig = status_matrix_chart(title_summary_rows, titles,
                                  lang=lang, title=heading)
        common.chart(fig, heading, lang, key="overview_matrix", sources=split_sources(rated["sources"].dropna()))
    with right:
        behind = sort_by_severity(behind_ratings(rated, titles["title_code"]))
        st.subheader(c.t("behind_heading_n", n=len(behind)))
        table = progress_display(behind, lang, common.units_lookup(), with_title=True)
        keep = [c.t("col_title"), c.t("col_indicator"), c.t("col_value"), c.t("col_threshold"), c.t("col_status"),
                c.t("col_flags")]
        height = common.table_height(len(table), 420)
        st.dataframe(common.style_status(table[keep], c.t("col_status"), behind["status"]) if len(table) else table,
                     hide_index=True, width="stretch", height=height, column_config=common.honest_column_help(lang))
        common.rows_note(len(table), height, lang)
        common.download_csv(progress_export(behind), f"behind_{c.area}", lang, key="dl_behind")

    bench = campaigns[campaigns["kind"] == "benchmark"]
    if len(bench):
        b = summary_by_title.get(bench["title_code"].iloc[0])
        if b is not None:
            st.markdown(f"**{c.t('benchmark_heading')}** · " + c.t("card_met", met=b["n_met"], n=b["n_indicators"])
                        + "　" + " ".join(common.status_md(x, lang, int(b[f"n_{x}"])) for x in STATUSES if b[f"n_{x}"]))

st.subheader(c.t("shared_heading"))
st.caption(c.t("shared_note"))
shared = common.run("shared_indicators")


@st.cache_data(show_spinner=False, max_entries=8)
def shared_pivot(_shared, lang: str, version_key: int):
    """Indicators x titles of the shared thresholds, as shown: the same for every city, so built once per
    language and data version (`_shared`, the query's result, is fixed by the version)."""
    shared = _shared
    rows = shared.to_dict("records")
    wide = shared.assign(name=[pick(r, "indicator_name", lang) for r in rows],
                         short=[pick(r, "short", lang) for r in rows],
                         thr=[("≤ " if r["direction"] == "down" else "≥ ") + fmt_number(r["threshold"], 2, lang, big=False).rstrip("0").rstrip(".")
                              + ("" if r["threshold_confidence"] in (None, "seen") or r["threshold_confidence"] not in CONFIDENCE_MARKS
                                 else " " + CONFIDENCE_MARKS[r["threshold_confidence"]])
                              + (" ★" if r["is_veto"] else "") for r in rows])
    order = shared.drop_duplicates("title_code").sort_values("sort_order")
    pivot = wide.pivot_table(index="name", columns="short", values="thr", aggfunc="first").fillna("")
    return pivot[[pick(r, "short", lang) for r in order.to_dict("records") if pick(r, "short", lang) in pivot.columns]]


if len(shared):
    pivot = shared_pivot(shared, lang, common.version())
    st.dataframe(pivot.reset_index().rename(columns={"name": c.t("col_indicator")}), hide_index=True, width="stretch")
    st.caption(c.t("col_confidence_help"))
    common.download_csv(shared, "shared_indicators", lang, key="dl_shared")

others = catalog_titles[(catalog_titles["kind"] == "title") & ~catalog_titles["code"].isin(titles["title_code"])]
if len(others):
    st.subheader(c.t("other_titles"))
    for r in others.to_dict("records"):
        st.markdown(f"- **{pick(r, 'name', lang)}** · "
                    + coverage_text(dict(n_tracked=int(r["n_indicators"]), indicators_in_standard=r.get("indicators_in_standard")), lang))
