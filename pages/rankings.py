"""District rankings: weekly notification, monthly ranking, quarterly assessment (周通报、月排名、季考核).
A composite score per district, its rank (ties share a rank), the change since the previous period,
the districts leading and trailing on indicators (never 红榜/黑榜: those are the rectification
ranking's), and each district's rank over time. Method on the page."""
import pandas as pd
import streamlit as st

from cocreate.method import rankings as rk
from cocreate.present.district_charts import rank_history_chart, score_bar_chart
from cocreate.errors import CocreateError
from cocreate.present.i18n import fmt_date, fmt_pct, pick
from webui import common

N_PERIODS = {"week": 12, "month": 12, "quarter": 8}
UP, DOWN, SAME = "#009E73", "#D55E00", "#6B7280"

c = common.ctx()
lang = c.lang


def change_words(change) -> str:
    if change is None or pd.isna(change):
        return f"{rk.ARROW_NEW} {c.t('rk_new')}"
    n = int(change)
    if n > 0:
        return f"{rk.ARROW_UP} {c.t('rk_up', n=n)}"
    if n < 0:
        return f"{rk.ARROW_DOWN} {c.t('rk_down', n=-n)}"
    return f"{rk.ARROW_SAME} {c.t('rk_same')}"


def change_colour(change) -> str:
    if change is None or pd.isna(change) or change == 0:
        return SAME
    return UP if change > 0 else DOWN


try:
    areas = common.run("areas")
    city_row = areas[areas["code"] == c.city_code].iloc[0].to_dict()
    st.title(c.t("rk_heading", area=pick(city_row, "name", lang)))
    common.demo_banner(c)
    if c.area != c.city_code:
        st.caption(c.t("rk_need_city", city=pick(city_row, "name", lang)))
    titles = common.run("titles")
    campaigns = common.run("campaigns_for_area", area=c.city_code)
except CocreateError as exc:
    common.show_error(exc, lang)
    st.stop()

left, right = st.columns([3, 2])
freq = common.url_widget(left.segmented_control, c.t("rk_frequency"), list(rk.FREQUENCIES), "rk_freq", "month",
                         format_func=lambda f: c.t(f"rk_freq_{f}"))
freq = freq if freq in rk.FREQUENCIES else "month"
campaigned = [r for r in titles.to_dict("records")
              if r["kind"] != "benchmark" and r["code"] in set(campaigns.get("title_code", pd.Series(dtype=str)))]
title_opts = ["all"] + [r["code"] for r in campaigned]
title_names = {"all": c.t("rk_all_titles"), **{r["code"]: pick(r, "short", lang) for r in campaigned}}
title_code = common.url_widget(right.selectbox, c.t("rk_title_filter"), title_opts, "rk_title", "all",
                               format_func=lambda x: title_names.get(x, x))
title_code = title_code if title_code in title_opts else "all"

as_of = c.data_as_of  # the latest data period's end at most: no ranking named for a month without figures
ptable = rk.periods(as_of, freq, N_PERIODS[freq])
try:
    items = common.run("ranking_items", city=c.city_code, as_of_dates=tuple(ptable["data_as_of"].drop_duplicates()),
                       title=None if title_code == "all" else title_code)
except CocreateError as exc:
    common.show_error(exc, lang)
    st.stop()
if items.empty or items["value"].notna().sum() == 0:
    st.info(c.t("rk_no_districts"))
    st.stop()

order = list(ptable["period"])
ranked = rk.rank_districts(rk.attach_periods(items, ptable), period_order=order)
names = items.drop_duplicates("area_code").set_index("area_code")
ranked["area_name_zh"] = ranked["area_code"].map(names["area_name_zh"])
ranked["area_name_en"] = ranked["area_code"].map(names["area_name_en"])
current_period = order[-1]
now = ranked[ranked["period"] == current_period]
current = ptable.iloc[-1]
st.caption(c.t("rk_period_caption", period=current_period, date=fmt_date(current["data_as_of"], lang)))

# --- leading / trailing on indicators ------------------------------------------------------------------
leading, trailing = rk.leading_trailing(now)


def list_lines(frame) -> str:
    if frame.empty:
        return c.t("rk_list_empty")
    lines = []
    for r in frame.to_dict("records"):
        colour = {UP: "green", DOWN: "orange", SAME: "gray"}[change_colour(r["change"])]
        item = c.t("rk_list_item", rank=int(r["rank"]), name=pick(r, "area_name", lang), score=fmt_pct(r["score"], lang),
                   change=f":{colour}[{change_words(r['change'])}]")
        if r["veto_failing"]:
            item += f" · :violet[{c.t('rk_veto_mark')}]"
        lines.append(f"- {item}")
    return "\n".join(lines)


col_lead, col_trail = st.columns(2)
with col_lead.container(border=True):
    st.markdown(f"#### :green[▲ {c.t('rk_lead_list')}]")
    st.markdown(list_lines(leading))
with col_trail.container(border=True):
    st.markdown(f"#### :orange[▼ {c.t('rk_trail_list')}]")
    st.markdown(list_lines(trailing))
st.caption(c.t("rk_lists_note"))

# --- the ranking table --------------------------------------------------------------------------------
st.subheader(c.t("rk_table_heading", period=current_period))
table = pd.DataFrame({
    c.t("rk_col_rank"): now["rank"].astype(int),
    c.t("col_area"): [pick(r, "area_name", lang) for r in now.to_dict("records")],
    c.t("rk_col_change"): [change_words(x) for x in now["change"]],
    c.t("rk_col_score"): [fmt_pct(s, lang) for s in now["score"]],
    c.t("rk_col_met"): [f"{int(m)}/{int(n)}" for m, n in zip(now["n_met"], now["n_items"])],
    c.t("rk_col_no_data"): now["n_no_data"].astype(int),
    c.t("rk_col_veto"): [f"⚠ {c.t('rk_veto_mark')}: {v}" if f else "—" for f, v in zip(now["veto_failing"], now["veto_items"])],
})
colours = [change_colour(x) for x in now["change"]]
styled = table.style.apply(lambda col: [f"color: {k}; font-weight: 600" for k in colours]
                           if col.name == c.t("rk_col_change") else [""] * len(col), axis=0)
st.dataframe(styled, hide_index=True, width="stretch")
common.download_csv(table, f"ranking_{c.city_code}_{current_period}", lang, key="rk_table_csv")

bar_title = c.t("rk_score_title", period=current_period)
common.chart(score_bar_chart(now, lang=lang, title=bar_title), bar_title, lang, key="rk_scores")

hist_title = c.t("rk_history_title") + f" · {c.t('rk_freq_' + freq)}"
common.chart(rank_history_chart(ranked, period_order=order, lang=lang, title=hist_title), hist_title, lang,
             key="rk_history")
history = ranked.assign(area=[pick(r, "area_name", lang) for r in ranked.to_dict("records")])
history_table = history.pivot(index="area", columns="period", values="rank")[order].reset_index()
history_table = history_table.rename(columns={"area": c.t("col_area")})
common.download_csv(history_table, f"ranking_history_{c.city_code}_{freq}", lang, key="rk_history_csv")

with st.expander(c.t("rk_method_heading"), expanded=False):
    st.markdown(c.t("rk_method"))
