"""AppTest of the assessment pages (score, readiness, questionnaires) and the Method page's weights,
in both languages, on the demo database: values, order and chart traces."""
import json

import pytest

from cocreate.store import db
from cocreate.assessment import questionnaire as qn
from cocreate.assessment import readiness as rd
from cocreate.assessment.report import score_years
from cocreate.assessment import score
from cocreate.present.i18n import fmt_number, t


def no_errors(at):
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def specs(at):
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def arr(v):
    """A plotly array from a chart spec: plain list, or a typed array {dtype, bdata} (base64)."""
    if isinstance(v, dict) and "bdata" in v:
        import base64
        import numpy as np
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"]).tolist()
    return list(v)


def metric(at, label):
    return next(m for m in at.metric if m.label == label)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_score_page_total_what_if_and_losses(app_test, demo_con, lang):
    cycle, weights, years = score_years(demo_con, "620100")
    total = score.cycle_total(years)
    at = app_test("pages/score.py", lang=lang)
    no_errors(at)
    assert metric(at, t("score_cycle_total", lang)).value == fmt_number(total, 2, lang, big=False)
    table = at.dataframe[0].value
    assert table[t("score_col_kind", lang)].tolist() == [t(f"score_kind_{k}", lang) for k in
                                                         ("actual", "mock", "projected", "projected")]
    # what-if: field +3 points in 2026 moves the total by exactly 3 x 0.4 x 0.6
    at.selectbox(key="score_year").set_value("2026").run()
    at.number_input(key="score_move_field").set_value(3.0).run()
    no_errors(at)
    moved = metric(at, t("score_whatif_total", lang))
    assert moved.value == fmt_number(total + 3 * 0.4 * 0.6, 2, lang, big=False)
    assert moved.delta == "+0.720"
    stack = specs(at)[0]
    bars = [d for d in stack["data"] if d["type"] == "bar"]
    assert bars[0]["x"] == [f"{t('score_now', lang)} · {fmt_number(total, 2, lang, big=False)}",
                            f"{t('score_whatif', lang)} · {fmt_number(total + 0.72, 2, lang, big=False)}"]
    assert sum(arr(b["y"])[1] for b in bars) - sum(arr(b["y"])[0] for b in bars) == pytest.approx(0.72)
    assert [s["y0"] for s in stack["layout"]["shapes"]] == [cycle["passing_line"]]
    # point types: the most costly first, in the chart and the table
    field = db.run(demo_con, "score_field_results", area="620100", year=2025, kind="mock")
    losses = score.point_type_losses(field, 0.4, 0.25)
    names = dict(zip(field["point_type"], field[f"point_type_name_{lang}"]))
    assert specs(at)[1]["data"][0]["y"][0] == names[losses["point_type"].iloc[0]]
    assert at.dataframe[1].value.iloc[0, 0] == names[losses["point_type"].iloc[0]]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_readiness_page_worst_first_and_a_departments_own_list(app_test, demo_con, lang):
    at = app_test("pages/readiness.py", lang=lang)
    no_errors(at)
    assert [metric(at, t(f"ready_state_{s}", lang)).value for s in rd.STATES] == ["2", "3", "4", "3"]
    table = at.dataframe[0].value
    states = table[t("ready_col_state", lang)].tolist()
    assert states[:2] == [t("ready_state_missing", lang)] * 2
    assert states == sorted(states, key=[t(f"ready_state_{s}", lang) for s in rd.STATES].index)
    assert {c.split(" ")[0] for c in table[t("ready_col_criterion", lang)][:2]} == {"C11", "C12"}
    chart = specs(at)[0]["data"][0]
    assert arr(chart["x"])[0] == 0 and len(chart["y"]) == 12
    # a department sees its own criteria only
    at2 = app_test("pages/readiness.py", lang=lang, ready_dept="lz_market")
    no_errors(at2)
    own = at2.dataframe[0].value
    assert [c.split(" ")[0] for c in own[t("ready_col_criterion", lang)]] == ["C08"]
    assert own[t("ready_col_state", lang)].tolist() == [t("ready_state_partial", lang)]
    flags = at2.dataframe[1].value[t("ready_col_flags", lang)].tolist()
    assert t("ready_flag_blurry_risk", lang) in flags


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_questionnaire_page_weakest_first_with_intervals(app_test, demo_con, lang):
    results = db.run(demo_con, "questionnaire_results", area="620100")
    weakest = qn.weakest_first(results)
    at = app_test("pages/questionnaire.py", lang=lang)
    no_errors(at)
    table = at.dataframe[0].value
    text_col = f"text_{lang}"
    assert table[t("quest_col_question", lang)].tolist() == weakest[text_col].tolist()
    assert table[t("quest_col_rate", lang)].iloc[0] == fmt_number(weakest["rate_pct"].iloc[0], 1, lang, big=False)
    chart = specs(at)[0]["data"][0]
    assert chart["y"][0] == weakest[text_col].iloc[0]
    assert arr(chart["error_x"]["array"])[0] == pytest.approx(weakest["high_pct"].iloc[0] - weakest["rate_pct"].iloc[0])
    assert len(specs(at)) == 2   # the trend across the three rounds
    assert len(specs(at)[1]["data"]) == 4


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_method_page_states_the_weights_from_the_table(app_test, lang):
    at = app_test("pages/method.py", lang=lang)
    no_errors(at)
    weights = at.dataframe[-1].value
    assert weights[t("score_method_col_weight", lang)].tolist() == ["40%", "40%", "20%", "15%", "25%", "60%"]
    assert set(weights[t("score_method_col_confidence", lang)]) == {t("score_confidence_reported", lang)}
    assert weights[t("score_method_col_source", lang)].str.contains("not the official text").all()
