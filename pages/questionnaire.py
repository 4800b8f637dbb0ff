"""Questionnaire tracker: awareness, participation, satisfaction and support rates per question and
group with sample sizes and 95 % Wilson intervals, the weakest questions first, the trend across rounds."""
import pandas as pd
import streamlit as st

from cocreate.assessment import questionnaire as qn
from cocreate.assessment.charts import questionnaire_chart, questionnaire_trend_chart
from cocreate.assessment.survey_figures import survey_figures
from cocreate.present import survey_text
from cocreate.errors import CocreateError
from cocreate.present.i18n import fmt_date, fmt_number, fmt_signed, pick
from webui import common

c = common.ctx()
lang = c.lang
city_name = pick(common.run("areas").set_index("code").loc[c.city_code].to_dict(), "name", lang)
common.page_header(c, c.t("quest_heading", area=city_name), c.t("quest_intro"))
try:
    results = common.run("questionnaire_results", area=c.city_code)
except CocreateError as exc:
    common.show_error(exc, lang)
    st.stop()
if results.empty:
    st.info(c.t("quest_no_data", area=city_name))
    st.stop()
if results["source"].astype(str).str.contains("示例数据").any():
    st.caption(":material/info: " + c.t("score_demo_note"))


def num(v, d=1):
    return "—" if v is None or pd.isna(v) else fmt_number(v, d, lang, big=False)


order = results.drop_duplicates("round").sort_values(["survey_date", "round"])
rounds = order["round"].tolist()
dates = dict(zip(order["round"], order["survey_date"]))
rnd = common.url_widget(st.selectbox, c.t("quest_round"), rounds, "quest_round", rounds[-1],
                        format_func=lambda r: f"{r} · {fmt_date(pd.Timestamp(dates[r]).date(), lang)}")
one = results[results["round"] == rnd]

# ---- the four rates of the round, with the change since the previous round
measures = qn.measure_rates(results)
now_m = measures[measures["round"] == rnd].set_index("measure")
i = rounds.index(rnd)
before_m = measures[measures["round"] == rounds[i - 1]].set_index("measure") if i > 0 else None
cols = st.columns(len(qn.MEASURES))
for col, m in zip(cols, qn.MEASURES):
    if m in now_m.index:
        rate = now_m.loc[m, "rate_pct"]
        delta = None if before_m is None or m not in before_m.index else \
            fmt_signed(rate - before_m.loc[m, "rate_pct"], 1, lang)
        col.metric(c.t(f"quest_measure_{m}"), f"{num(rate)}%", delta=delta, border=True)

# ---- where a rate of the round IS an indicator's figure (one number on both pages), and the rates
# of the city's other surveys, each with its survey, date and n (never mistaken for this one)
tied = common.run("questionnaire_indicator_rounds", area=c.city_code)
for line in survey_text.round_lines(results, rnd, tied, survey_figures(tied), lang):
    st.info(line, icon=":material/link:")
others = common.run("indicator_surveys", area=c.city_code)

# ---- weakest questions first, with Wilson intervals
weakest = qn.weakest_first(results, rnd)
st.subheader(c.t("quest_weakest_heading"))
title = c.t("quest_chart_title", round=rnd)
common.chart(questionnaire_chart(weakest, lang=lang, title=title), title, lang, key="quest_chart",
             sources=["illustrative"])
table = pd.DataFrame({
    c.t("quest_col_question"): [pick(r, "text", lang) for r in weakest.to_dict("records")],
    c.t("quest_col_measure"): [c.t(f"quest_measure_{m}") for m in weakest["measure"]],
    c.t("quest_col_rate"): [num(v) for v in weakest["rate_pct"]],
    c.t("quest_col_interval"): [f"{num(lo)} – {num(hi)}" for lo, hi in zip(weakest["low_pct"], weakest["high_pct"])],
    c.t("quest_col_n"): weakest["sample_size"].astype(int),
    c.t("quest_col_target"): [num(v, 0) for v in weakest["target_pct"]],
    c.t("quest_col_gap"): [num(v) if v > 0 else "✔" for v in weakest["gap_pts"]],
    c.t("quest_col_change"): ["—" if pd.isna(v) else fmt_signed(v, 1, lang) for v in weakest["change_pts"]],
})
st.dataframe(table, hide_index=True, width="stretch", key="quest_weakest_table")
st.caption(c.t("quest_wilson_note"))
common.download_csv(weakest.drop(columns=["question_order"], errors="ignore"), f"questionnaire_{c.city_code}_{rnd}",
                    lang, key="quest_weakest_csv")

# ---- by group: one question's rate in each group, with its sample
st.subheader(c.t("quest_groups_heading"))
qcodes = weakest["question_code"].tolist()
texts = {r["question_code"]: pick(r, "text", lang) for r in weakest.to_dict("records")}
q = common.url_widget(st.selectbox, c.t("quest_col_question"), qcodes, "quest_q", qcodes[0], format_func=texts.get)
groups = qn.group_rates(one[one["question_code"] == q]).sort_values("rate_pct")
gtable = pd.DataFrame({
    c.t("quest_col_group"): [pick(r, "group_name", lang) for r in groups.to_dict("records")],
    c.t("quest_col_n"): groups["sample_size"].astype(int),
    c.t("quest_col_positive"): groups["n_positive"].astype(int),
    c.t("quest_col_rate"): [num(v) for v in groups["rate_pct"]],
    c.t("quest_col_interval"): [f"{num(lo)} – {num(hi)}" for lo, hi in zip(groups["low_pct"], groups["high_pct"])],
})
st.dataframe(gtable, hide_index=True, width="stretch", key="quest_group_table")
common.download_csv(qn.group_rates(one), f"questionnaire_groups_{c.city_code}_{rnd}", lang, key="quest_group_csv")

# ---- rates from other surveys
if len(others):
    st.subheader(c.t("survey_quest_others_heading"))
    st.markdown("\n".join("- " + line for line in survey_text.others_lines(others, lang)))
    st.caption(c.t("survey_quest_others_note"))

# ---- the trend across rounds
if len(rounds) > 1:
    title = c.t("quest_trend_title", area=city_name)
    common.chart(questionnaire_trend_chart(measures, lang=lang, title=title), title, lang, key="quest_trend",
                 sources=["illustrative"])
    common.download_csv(measures, f"questionnaire_trend_{c.city_code}", lang, key="quest_trend_csv")
