"""Civilized City score projection: the cycle's years (actual, mock or projected components), the
weighted cycle total against the city's passing line, a what-if, and what each point type costs."""
import pandas as pd
import streamlit as st

from cocreate.assessment import score
from cocreate.assessment.charts import cycle_stack_chart, point_type_loss_chart, rate_bar_chart
from cocreate.errors import CocreateError
from cocreate.present.i18n import fmt_number, fmt_signed, pick
from webui import common

c = common.ctx()
lang = c.lang
areas = common.run("areas").set_index("code")
city_name = pick(areas.loc[c.city_code].to_dict(), "name", lang)
common.page_header(c, c.t("score_heading", area=city_name))
try:
    cycles = common.run("score_cycle", area=c.city_code)
    weights = common.run("score_weights")
    results = common.run("score_results", area=c.city_code)
except CocreateError as exc:
    common.show_error(exc, lang)
    st.stop()
if cycles.empty:
    st.info(c.t("score_no_cycle", area=city_name))
    st.stop()
cycle = cycles.iloc[0].to_dict()
cw = score.component_weights(weights)
years = score.cycle_scores(results, weights, cycle["cycle_start_year"], cycle["cycle_end_year"])
total = score.cycle_total(years)
if results["source"].astype(str).str.contains("示例数据").any():
    st.caption(":material/info: " + c.t("score_demo_note"))
st.caption(c.t("score_intro", m=f"{cw['material']:.0%}", f=f"{cw['field']:.0%}", q=f"{cw['questionnaire']:.0%}",
               years=" / ".join(f"{w:.0%}" for w in years["weight"])))


def num(v, d=2):
    return "—" if v is None or pd.isna(v) else fmt_number(v, d, lang, big=False)


# ---- headline: the cycle total against the passing line
gap = score.passing_distance(total, cycle["passing_line"])
k1, k2, k3 = st.columns(3)
k1.metric(c.t("score_cycle_total"), num(total), border=True)
k2.metric(c.t("score_passing_line"), num(cycle["passing_line"], 1), border=True,
          help=str(cycle["passing_line_source"]))
k3.metric(c.t("score_distance"), c.t("score_gap_short", pts=num(gap)) if gap > 0 else c.t("score_gap_above", pts=num(-gap)),
          border=True)
if "assumed" in str(cycle["passing_line_source"]):
    st.caption(c.t("score_line_assumed"))

# ---- the cycle table (the `score` report, words in the user's language)
report = score.report_frame(years)
kind_of = {"actual": c.t("score_kind_actual"), "mock": c.t("score_kind_mock"), "projected": c.t("score_kind_projected")}
shown = pd.DataFrame({
    c.t("score_col_year"): [c.t("score_cycle_row") if y == "cycle" else y for y in report["year"]],
    c.t("score_col_material"): [num(v) for v in report["material"]],
    c.t("score_col_field"): [num(v) for v in report["field"]],
    c.t("score_col_questionnaire"): [num(v) for v in report["questionnaire"]],
    c.t("score_col_year_score"): [num(v) for v in report["year_score"]],
    c.t("score_col_weight"): [f"{v:.0%}" for v in report["weight"]],
    c.t("score_col_weighted"): [num(v, 3) for v in report["weighted"]],
    c.t("score_col_kind"): [kind_of.get(k, k) for k in report["kind"]],
})
st.subheader(c.t("score_table_heading", start=int(cycle["cycle_start_year"]), end=int(cycle["cycle_end_year"])))
st.dataframe(shown, hide_index=True, width="stretch", key="score_table")
st.caption(c.t("score_kind_note"))
common.download_csv(report, f"score_{c.city_code}", lang, key="score_csv")

# ---- what-if: move one year's components and see the cycle total move
st.subheader(c.t("score_whatif_heading"))
year_opts = [str(int(y)) for y in years["year"]]   # codes in the URL are text (?score_year=2026)
default_year = next((str(int(y)) for y, k in zip(years["year"], years["kind"]) if k == "projected"), year_opts[-1])
pick_year = int(common.url_widget(st.selectbox, c.t("score_whatif_year"), year_opts, "score_year", default_year,
                                  format_func=lambda y: f"{y} · {kind_of[years.set_index('year').loc[int(y), 'kind']]}"))
cols = st.columns(3)
moves = {comp: col.number_input(c.t(f"score_col_{comp}") + " " + c.t("score_points_move"), min_value=-20.0,
                                max_value=20.0, value=0.0, step=0.5, key=f"score_move_{comp}")
         for comp, col in zip(score.COMPONENTS, cols)}
moved = score.what_if(years, weights, pick_year, moves)
moved_total = score.cycle_total(moved)
w1, w2 = st.columns(2)
w1.metric(c.t("score_whatif_total"), num(moved_total), delta=fmt_signed(moved_total - total, 3, lang), border=True)
w2.metric(c.t("score_distance"), c.t("score_gap_short", pts=num(cycle["passing_line"] - moved_total))
          if moved_total < cycle["passing_line"] else c.t("score_gap_above", pts=num(moved_total - cycle["passing_line"])),
          border=True)
yw = float(years.set_index("year").loc[pick_year, "weight"])
st.caption(c.t("score_whatif_rule", year=pick_year, yw=f"{yw:g}",
               parts=" + ".join(f"{fmt_signed(v, 1, lang)} × {cw[k]:g} × {yw:g}" for k, v in moves.items() if v) or "0",
               delta=fmt_signed(moved_total - total, 3, lang)))
title = c.t("score_chart_title", area=city_name)
common.chart(cycle_stack_chart(years, moved, passing_line=cycle["passing_line"], lang=lang, title=title), title, lang,
             key="score_stack", sources=["illustrative"])

# ---- which point types cost the most points (the latest field results)
st.subheader(c.t("score_losses_heading"))
rounds = common.run("score_field_rounds", area=c.city_code)
if rounds.empty:
    st.info(c.t("score_no_field"))
    st.stop()
latest = rounds.iloc[0]
field = common.run("score_field_results", area=c.city_code, year=int(latest["year"]), kind=latest["kind"])
year_weight = years.set_index("year")["weight"].get(int(latest["year"]))
losses = score.point_type_losses(field, cw["field"], year_weight)
overall = 100.0 * field["items_passed"].sum() / field["items_checked"].sum()
st.caption(c.t("score_losses_intro", year=int(latest["year"]), kind=kind_of[latest["kind"]], points=len(field),
               rate=num(overall, 1)))
names = {r["point_type"]: pick(r, "point_type_name", lang) for r in field.drop_duplicates("point_type").to_dict("records")}
title = c.t("score_losses_title", year=int(latest["year"]), kind=kind_of[latest["kind"]])
common.chart(point_type_loss_chart(losses, names, lang=lang, title=title), title, lang, key="score_losses",
             sources=["illustrative"])
loss_table = pd.DataFrame({
    c.t("score_col_point_type"): [names.get(p, p) for p in losses["point_type"]],
    c.t("score_col_checked"): losses["items_checked"].astype(int),
    c.t("score_col_passed"): losses["items_passed"].astype(int),
    c.t("score_col_rate"): [num(v, 1) for v in losses["rate_pct"]],
    c.t("score_col_field_lost"): [num(v) for v in losses["field_points_lost"]],
    c.t("score_col_cycle_lost"): [num(v, 3) for v in losses["cycle_points_lost"]],
})
st.dataframe(loss_table, hide_index=True, width="stretch", key="score_loss_table")
common.download_csv(losses, f"score_point_types_{c.city_code}", lang, key="score_loss_csv")

by_district = score.field_rates(field, "district_code")
by_district["district"] = [pick(areas.loc[d].to_dict(), "name", lang) if d in areas.index else d
                           for d in by_district["district_code"]]
title = c.t("score_district_title", year=int(latest["year"]), kind=kind_of[latest["kind"]])
common.chart(rate_bar_chart(by_district, "district", lang=lang, title=title, overall=overall), title, lang,
             key="score_districts", sources=["illustrative"])
common.download_csv(by_district, f"score_districts_{c.city_code}", lang, key="score_district_csv")
