"""AppTest of the assessment pages (score, readiness, questionnaires) and the Method page's weights,
in both languages, on the demo database: values, order and chart traces."""
import json

import pytest

from cocreate.present.i18n import t


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


# Lanzhou's 2024-2026 cycle, by hand from data/demo/assessment_scores.csv and data/catalog/score_weights.csv
# (year = 0.4 material + 0.4 field + 0.2 questionnaire; cycle = 0.15 / 0.25 / 0.60 of the three years):
#   2024 actual    0.4 x 82.6 + 0.4 x 68.4 + 0.2 x 79.3 = 33.04 + 27.36 + 15.86 = 76.26; x 0.15 = 11.439
#   2025 mock      0.4 x 85.1 + 0.4 x 69.8 + 0.2 x 82.7 = 34.04 + 27.92 + 16.54 = 78.50; x 0.25 = 19.625
#   2026 projected each component's line through 2024 and 2025, at 2026: 85.1 + 2.5 = 87.6,
#                  69.8 + 1.4 = 71.2, 82.7 + 3.4 = 86.1 -> 35.04 + 28.48 + 17.22 = 80.74; x 0.60 = 48.444
#   total 11.439 + 19.625 + 48.444 = 79.508 -> "79.51"; field +3 in 2026: + 3 x 0.4 x 0.6 = 0.72 -> 80.228 -> "80.23"
SCORE_TOTAL, SCORE_WHATIF = "79.51", "80.23"
# the 2025 mock field results (field_results.csv, 78 points, 832 items checked, 581 passed): failed items by
# point type: market 140 - 82 = 58 (100 x 58 / 832 = 6.97 field points), back_lane 120 - 71 = 49,
# compound 144 - 102 = 42, ... -> farmers' markets cost the most
COSTLIEST_POINT_TYPE = {"zh": "农贸市场", "en": "Farmers' market"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_score_page_total_what_if_and_losses(app_test, lang):
    at = app_test("pages/score.py", lang=lang)
    no_errors(at)
    assert metric(at, t("score_cycle_total", lang)).value == SCORE_TOTAL
    table = at.dataframe[0].value
    assert table[t("score_col_kind", lang)].tolist() == [t(f"score_kind_{k}", lang) for k in
                                                         ("actual", "mock", "projected", "projected")]
    # what-if: field +3 points in 2026 moves the total by exactly 3 x 0.4 x 0.6
    at.selectbox(key="score_year").set_value("2026").run()
    at.number_input(key="score_move_field").set_value(3.0).run()
    no_errors(at)
    moved = metric(at, t("score_whatif_total", lang))
    assert moved.value == SCORE_WHATIF
    assert moved.delta == "+0.720"
    stack = specs(at)[0]
    bars = [d for d in stack["data"] if d["type"] == "bar"]
    assert bars[0]["x"] == [f"{t('score_now', lang)} · {SCORE_TOTAL}", f"{t('score_whatif', lang)} · {SCORE_WHATIF}"]
    assert sum(arr(b["y"])[1] for b in bars) - sum(arr(b["y"])[0] for b in bars) == pytest.approx(0.72)
    assert [s["y0"] for s in stack["layout"]["shapes"]] == [85]     # score_cycles.csv: passing line 85
    # point types: the most costly first, in the chart and the table
    assert specs(at)[1]["data"][0]["y"][0] == COSTLIEST_POINT_TYPE[lang]
    assert at.dataframe[1].value.iloc[0, 0] == COSTLIEST_POINT_TYPE[lang]


# Material readiness, Lanzhou (evaluation_criteria.csv x material_documents.csv; review 2026-12-31, so the
# evidence window is 2026-01-01 .. 2026-12-31; a blurry or out-of-window document does not count):
#   missing  C11 (its one document is dated 2025-08-20), C12 (none)                    = 2
#   partial  C03 2 of 4, C07 1 of 3 (DEMO020 blurry), C08 2 of 3 (DEMO023 blurry)     = 3
#   ready    C01 4 of 4 (2 checked), C05 3 of 3 (1 checked), C06 4 of 4 (1 checked),
#            C09 3 of 3 (none checked)                                                 = 4
#   checked  C02 3 of 3, C04 2 of 2, C10 3 of 3, all checked                           = 3
READY_STATES = ("missing", "partial", "ready", "checked")   # worst first


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_readiness_page_worst_first_and_a_departments_own_list(app_test, lang):
    at = app_test("pages/readiness.py", lang=lang)
    no_errors(at)
    assert [metric(at, t(f"ready_state_{s}", lang)).value for s in READY_STATES] == ["2", "3", "4", "3"]
    table = at.dataframe[0].value
    states = table[t("ready_col_state", lang)].tolist()
    assert states[:2] == [t("ready_state_missing", lang)] * 2
    assert states == sorted(states, key=[t(f"ready_state_{s}", lang) for s in READY_STATES].index)
    assert {c.split(" ")[0] for c in table[t("ready_col_criterion", lang)][:2]} == {"C11", "C12"}
    chart = specs(at)[0]["data"][0]
    assert arr(chart["x"])[0] == 0 and len(chart["y"]) == 12
    # a department sees its own criteria only (lz_market: C08, 2 of 3 valid)
    at2 = app_test("pages/readiness.py", lang=lang, ready_dept="lz_market")
    no_errors(at2)
    own = at2.dataframe[0].value
    assert [c.split(" ")[0] for c in own[t("ready_col_criterion", lang)]] == ["C08"]
    assert own[t("ready_col_state", lang)].tolist() == [t("ready_state_partial", lang)]
    flags = at2.dataframe[1].value[t("ready_col_flags", lang)].tolist()
    assert t("ready_flag_blurry_risk", lang) in flags


# The latest round, 2026-R1 (2026-06-10), of questionnaire_results.csv, Lanzhou: each question pooled over
# its five groups (400 + 200 + 150 + 120 + 100 = 970 answers), lowest first:
#   part_volunteer 619 / 970 = 63.81 %, part_garbage 681 = 70.21, sat_traffic 689 = 71.03,
#   aware_hotline 719 = 74.12, sat_environment 743 = 76.60, sat_services 807 = 83.20,
#   aware_values 863 = 88.97, support_rules 876 = 90.31, aware_campaign 894 = 92.16,
#   support_campaign 927 = 95.57
# Wilson 95 % upper bound of 619 / 970 (p = 0.638144, z = 1.96): centre (p + z^2 / 1940) / (1 + z^2 / 970)
#   = 0.640124 / 1.003960 = 0.637599; half 1.95223 x sqrt(p (1 - p) / 970 + z^2 / (4 x 970^2)) = 0.030186;
#   upper 0.667785 -> the error bar 66.7785 - 63.8144 = 2.964 points
WEAKEST_ORDER = ["part_volunteer", "part_garbage", "sat_traffic", "aware_hotline", "sat_environment",
                 "sat_services", "aware_values", "support_rules", "aware_campaign", "support_campaign"]


def question_texts(lang: str) -> dict:
    """code -> text, read from the catalog CSV (the page's question names)."""
    import csv
    from cocreate import REPO_ROOT
    with open(REPO_ROOT / "data" / "catalog" / "questionnaire_questions.csv", encoding="utf-8-sig") as f:
        return {r["code"]: r[f"text_{lang}"] for r in csv.DictReader(f)}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_questionnaire_page_weakest_first_with_intervals(app_test, lang):
    texts = question_texts(lang)
    at = app_test("pages/questionnaire.py", lang=lang)
    no_errors(at)
    table = at.dataframe[0].value
    assert table[t("quest_col_question", lang)].tolist() == [texts[c] for c in WEAKEST_ORDER]
    assert table[t("quest_col_rate", lang)].iloc[0] == "63.8"          # 619 / 970
    chart = specs(at)[0]["data"][0]
    assert chart["y"][0] == texts["part_volunteer"]
    assert arr(chart["error_x"]["array"])[0] == pytest.approx(2.964, abs=1e-3)
    assert len(specs(at)) == 2   # the trend across the three rounds
    assert len(specs(at)[1]["data"]) == 4


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_method_page_states_the_weights_from_the_table(app_test, lang):
    at = app_test("pages/method.py", lang=lang)
    no_errors(at)
    weights = at.dataframe[-1].value
    assert weights[t("score_method_col_weight", lang)].tolist() == ["40%", "40%", "20%", "15%", "25%", "60%"]
    assert set(weights[t("score_method_col_confidence", lang)]) == {t("score_confidence_reported", lang)}
    # the source in the reader's language (data/catalog/score_weights.csv: source, source_zh), the
    # component by its name without the file's code (issue 22)
    assert weights[t("score_method_col_source", lang)].str.contains(
        "非官方文本" if lang == "zh" else "not the official text").all()
    assert weights[t("score_method_col_component", lang)].tolist()[:3] == (
        ["实地考察", "材料审核", "问卷调查"] if lang == "zh" else ["Field inspection", "Material review", "Questionnaire"])
