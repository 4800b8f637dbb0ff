"""The unit report of DESIGN.md on crafted problems with known answers: due, on time, overdue at
the period's end, repeats, competition ranking with ties, red and black lists, escalation, periods."""
import datetime as dt

import pandas as pd
import pytest

from cocreate.errors import CocreateError
from cocreate.problems import periods, report

W40 = periods.parse_period("2026-W40")   # 2026-09-28 .. 2026-10-04
LEVELS = pd.DataFrame({"code": ["supervision", "talk"], "days_overdue": [7, 15]})


def prob(pid, unit, found, deadline, status="open", rectified=None, point="P1", category="littering", area="420102"):
    return {"problem_id": pid, "unit_code": unit, "area_code": area, "point_code": point, "category": category,
            "found_date": found, "deadline": deadline, "status": status, "rectified_date": rectified}


def unit_a():
    return pd.DataFrame([
        prob("a1", "A", "2026-09-20", "2026-09-25", "verified", "2026-09-26", point="P9"),  # closed before: not due
        prob("a2", "A", "2026-09-29", "2026-10-02", "rectified", "2026-10-01"),           # due, on time
        prob("a3", "A", "2026-09-22", "2026-09-30", "verified", "2026-10-03", point="P2"),  # due, late
        prob("a4", "A", "2026-09-25", "2026-09-27", point="P3"),                          # overdue 7 days
        prob("a5", "A", "2026-10-01", "2026-10-08"),                                      # found, not due; repeat of a2
        prob("a6", "A", "2026-09-20", "2026-09-28", "verified", "2026-10-06", point="P4"),  # put right after the end
        prob("a7", "A", "2026-09-15", "2026-09-18", "returned", None, point="P5"),         # sent back: open, 16 days
    ])


def test_formulas_on_crafted_unit():
    r = report.unit_report(unit_a(), W40.start, W40.end).set_index("unit_code").loc["A"]
    assert (r["found"], r["due"], r["rectified"], r["rectified_on_time"], r["overdue_open"]) == (2, 5, 2, 1, 3)
    assert r["oldest_overdue_days"] == 16
    assert r["rate_pct"] == pytest.approx(40.0) and r["on_time_pct"] == pytest.approx(20.0)
    assert r["repeat_pct"] == pytest.approx(50.0)
    assert r["rank"] == 1 and r["list"] == "red"     # the only ranked unit: top 1 (red wins over black)


def test_deadline_on_the_last_day_is_due_and_overdue_open_when_not_done():
    df = pd.DataFrame([prob("x", "A", "2026-10-01", "2026-10-04")])
    r = report.unit_report(df, W40.start, W40.end).iloc[0]
    assert (r["due"], r["rectified"], r["overdue_open"], r["oldest_overdue_days"]) == (1, 0, 1, 0)


def test_repeat_window_is_thirty_days_before_same_day_excluded():
    df = pd.DataFrame([
        prob("p0", "A", "2026-09-01", "2026-09-04"),
        prob("p1", "A", "2026-10-01", "2026-10-04"),            # 30 days after p0: a repeat
        prob("q0", "A", "2026-08-31", "2026-09-03", point="Q"),
        prob("q1", "A", "2026-10-01", "2026-10-04", point="Q"),  # 31 days: not a repeat
        prob("s0", "A", "2026-10-02", "2026-10-04", point="S"),
        prob("s1", "A", "2026-10-02", "2026-10-04", point="S"),  # same day: one visit, not a repeat
        prob("c1", "A", "2026-10-03", "2026-10-04", category="illegal_parking"),  # other category at P1
    ])
    flags = report.repeat_flags(report.prepare(df))
    assert dict(zip(df["problem_id"], flags)) == {"p0": False, "p1": True, "q0": False, "q1": False,
                                                  "s0": False, "s1": False, "c1": False}
    r = report.unit_report(df, W40.start, W40.end).iloc[0]
    assert r["found"] == 5 and r["repeat_pct"] == pytest.approx(20.0)


def frame(rows):
    return pd.DataFrame(rows, columns=["unit_code", "found", "due", "rectified", "rectified_on_time",
                                       "overdue_open", "oldest_overdue_days", "rate_pct", "on_time_pct",
                                       "repeat_pct"])


def row(unit, rate, on_time, overdue, due=10):
    return [unit, 1, due, 0, 0, overdue, None, rate, on_time, 0.0]


def test_competition_ranking_ties_and_short_lists():
    out = report.rank_units(frame([row("B", 100.0, 100.0, 0), row("C", 50.0, 50.0, 1), row("D", 50.0, 50.0, 1),
                                   row("E", 0.0, 0.0, 2), row("F", None, None, 0, due=0)]))
    assert out["unit_code"].tolist() == ["B", "C", "D", "E", "F"]
    assert out["rank"].tolist()[:4] == [1, 2, 2, 4] and pd.isna(out["rank"].iloc[4])
    assert out["list"].tolist() == ["red", "", "", "black", ""]   # fewer than 7 ranked: top 1, bottom 1


def test_ties_broken_by_on_time_then_overdue():
    out = report.rank_units(frame([row("A", 80.0, 40.0, 3), row("B", 80.0, 60.0, 5), row("C", 80.0, 40.0, 1)]))
    assert out["unit_code"].tolist() == ["B", "C", "A"] and out["rank"].tolist() == [1, 2, 3]


def test_seven_units_three_red_three_black():
    rows = [row(u, r, r, 0) for u, r in zip("ABCDEFG", [90.0, 80.0, 70.0, 60.0, 50.0, 40.0, 30.0])]
    out = report.rank_units(frame(rows))
    assert out["list"].tolist() == ["red"] * 3 + [""] + ["black"] * 3


def test_escalation_levels_oldest_first():
    df = pd.DataFrame([prob("e1", "A", "2026-09-01", "2026-09-10"), prob("e2", "A", "2026-09-20", "2026-09-26"),
                       prob("e3", "A", "2026-10-01", "2026-10-02"),
                       prob("e4", "A", "2026-09-01", "2026-09-05", "rectified", "2026-09-06")])
    out = report.escalation(df, "2026-10-04", LEVELS)
    assert out["problem_id"].tolist() == ["e1", "e2", "e3"]
    assert out["days_overdue"].tolist() == [24, 8, 2] and out["level"].tolist() == ["talk", "supervision", ""]


def test_periods():
    assert (W40.start, W40.end) == (dt.date(2026, 9, 28), dt.date(2026, 10, 4))
    m = periods.parse_period("2026-10")
    assert (m.start, m.end, m.previous().code) == (dt.date(2026, 10, 1), dt.date(2026, 10, 31), "2026-09")
    q = periods.parse_period("2026Q3")
    assert (q.start, q.end, q.previous().code) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30), "2026Q2")
    assert periods.parse_period("2026-W01").previous().code == "2025-W52"
    assert periods.latest_full("week", dt.date(2026, 12, 1)).code == "2026-W48"   # a Tuesday: last Mon-Sun
    assert periods.latest_full("week", dt.date(2026, 11, 29)).code == "2026-W47"  # a Sunday: its week is not over
    with pytest.raises(CocreateError):
        periods.parse_period("2026-W60")


def test_demo_week_40_wuhan_has_three_red_three_black(demo_con):
    from cocreate.problems import gather
    out = report.unit_report(gather.problems(demo_con, "420100"), W40.start, W40.end)
    ranked = out[out["rank"].notna()]
    assert len(ranked) >= 7
    assert (out["list"] == "red").sum() == 3 and (out["list"] == "black").sum() == 3
    assert (ranked["overdue_open"] == ranked["due"] - ranked["rectified"]).all()
