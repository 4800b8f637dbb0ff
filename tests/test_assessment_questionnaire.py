"""Questionnaire tracker: Wilson intervals against published values, pooled rates, weakest first."""
import pandas as pd
import pytest

from cocreate.assessment import questionnaire as qn


@pytest.mark.parametrize("x,n,low,high", [
    # Newcombe (1998), Statistics in Medicine 17:857, table I, method 3 (Wilson score without correction)
    (81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718),
    (29, 29, 0.8830, 1.0),
])
def test_wilson_against_known_values(x, n, low, high):
    lo, hi = qn.wilson(x, n)
    assert (round(lo, 4), round(hi, 4)) == (low, high)


def test_wilson_narrows_with_the_sample_and_handles_no_sample():
    small, large = qn.wilson(8, 10), qn.wilson(800, 1000)
    assert small[1] - small[0] > large[1] - large[0]
    assert all(pd.isna(v) for v in qn.wilson(0, 0))


def answers():
    rows = []
    for rnd, date, lift in (("R1", "2025-05-01", 0), ("R2", "2025-10-01", 10)):
        for q, base, target in (("q_aware", 80, 90), ("q_part", 50, 80), ("q_sat", 70, 85)):
            for g, n in (("residents", 100), ("students", 50)):
                rows.append({"round": rnd, "survey_date": pd.Timestamp(date), "question_code": q, "measure": "awareness",
                             "text_zh": q, "text_en": q, "target_pct": target, "group_code": g, "sample_size": n,
                             "n_positive": int(n * (base + lift + (5 if g == "students" else 0)) / 100)})
    return pd.DataFrame(rows)


def test_question_rates_pool_groups_by_respondents():
    q = qn.question_rates(answers())
    one = q[(q["round"] == "R1") & (q["question_code"] == "q_part")].iloc[0]
    # residents 50/100, students 27/50 -> 77/150
    assert (one["n_positive"], one["sample_size"]) == (77, 150)
    assert one["rate_pct"] == pytest.approx(100 * 77 / 150)
    lo, hi = qn.wilson(77, 150)
    assert (one["low_pct"], one["high_pct"]) == pytest.approx((100 * lo, 100 * hi))


def test_weakest_first_latest_round_with_change_and_gap():
    w = qn.weakest_first(answers())
    assert qn.latest_round(answers()) == "R2"
    assert w["question_code"].tolist() == ["q_part", "q_sat", "q_aware"]
    assert (w["round"] == "R2").all()
    assert w["change_pts"].iloc[0] == pytest.approx(100 * (60 + 32) / 150 - 100 * 77 / 150)
    assert w["gap_pts"].iloc[0] == pytest.approx(80 - 100 * 92 / 150)
    first = qn.weakest_first(answers(), "R1")
    assert first["change_pts"].isna().all()
