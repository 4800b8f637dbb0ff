"""One truth for "overdue" (逾期未改): the page's card, the ranking table's total, the overdue list,
the weekly notice and `problems report` give the same count for the same period, because all of
them call report.overdue_open. Checked on a hand-made frame with dates around the boundary, and on
the demo database for both cities and several periods against an SQL reading of the rule."""
import datetime as dt
import io
import random

import pandas as pd
import pytest

from cocreate.__main__ import main
from cocreate.present.i18n import t
from cocreate.problems import gather, notice, notice_data, periods, report
from tests.problems_reference import overdue_rows, unit_counts

LEVELS = pd.DataFrame({"code": ["supervision", "talk"], "days_overdue": [7, 15]})
W40 = periods.parse_period("2026-W40")   # Mon 2026-09-28 .. Sun 2026-10-04: D = 2026-10-04


def prob(pid, unit, found, deadline, status="open", rectified=None, verified=None):
    return {"problem_id": pid, "unit_code": unit, "area_code": "420102", "point_code": f"P-{pid}",
            "category": "littering", "found_date": found, "deadline": deadline, "status": status,
            "rectified_date": rectified, "verified_date": verified}


def boundary_frame():
    """State at the end of D = 2026-10-04, worked out by hand:"""
    return pd.DataFrame([
        prob("h1", "A", "2026-09-20", "2026-10-03"),                    # open, deadline D-1: overdue, 1 day
        prob("h2", "A", "2026-10-01", "2026-10-04"),                    # open, deadline D itself: overdue, 0 days
        prob("h3", "A", "2026-10-01", "2026-10-05"),                    # open, deadline D+1: open in time
        prob("h4", "B", "2026-09-20", "2026-10-01", "verified", "2026-10-06", "2026-10-07"),
        #   put right on D+2 (verified now): at the end of D not put right -> overdue, 3 days
        prob("h5", "B", "2026-09-20", "2026-10-02", "rectified", "2026-10-04"),  # put right on D: not overdue,
        #   awaiting check at D (late: after its deadline 10-02)
        prob("h6", "C", "2026-09-10", "2026-09-15", "returned"),        # sent back: open, overdue 19 days (talk)
        prob("h7", "A", "2026-10-05", "2026-10-06"),                    # found D+1: not counted at D
        prob("h8", "C", "2026-09-01", "2026-09-05", "verified", "2026-09-04", "2026-09-06"),  # verified before
    ])


def test_overdue_rule_on_a_hand_made_frame():
    df = boundary_frame()
    day = W40.end
    flags = report.overdue_open(report.prepare(df), day)
    # overdue at the end of 10-04: h1 (deadline 10-03), h2 (10-04, on D), h4 (put right 10-06), h6 (returned)
    assert df.loc[flags, "problem_id"].tolist() == ["h1", "h2", "h4", "h6"]
    # The card: found by D = h1..h6, h8 = 7 = overdue 4 (h1 h2 h4 h6) + open in time 1 (h3)
    #   + awaiting check 1 (h5) + verified 1 (h8). (The old card read today's status with deadline < D:
    #   h1, h6 = 2; the old escalation list: h1, h4, h6 = 3; the old table: 4. Now all 4.)
    counts = report.state_counts(df, day)
    assert {k: counts[k] for k in ("total", "overdue", "open", "rectified", "verified")} == \
        {"total": 7, "overdue": 4, "open": 1, "rectified": 1, "verified": 1}
    # open at D by days since found: h1 14, h2 3, h3 3, h4 14, h6 24 -> 0-7: 2, 8-15: 2, 16-30: 1
    assert counts["age"] == {"0_7": 2, "8_15": 2, "16_30": 1, "31_plus": 0}
    # The table for W40 (09-28 .. 10-04):
    #   A: found h2 h3 = 2; due h1 h2 (deadlines <= 10-04) = 2; rectified 0; overdue h1 h2 = 2; oldest 1
    #   B: found 0; due h4 h5 = 2 (neither put right before 09-28); rectified h5 = 1 (10-04 <= D), on time 0
    #      (10-04 > deadline 10-02); overdue h4 = 1; oldest 3
    #   C: found 0; due h6 = 1 (h8 put right 09-04, before the period); rectified 0; overdue h6 = 1; oldest 19
    rep = report.unit_report(df, W40.start, W40.end).set_index("unit_code")
    assert rep.loc[["A", "B", "C"], ["found", "due", "rectified", "rectified_on_time", "overdue_open",
                                     "oldest_overdue_days"]].values.tolist() == \
        [[2, 2, 0, 0, 2, 1], [0, 2, 1, 0, 1, 3], [0, 1, 0, 0, 1, 19]]
    assert int(rep["overdue_open"].sum()) == 4                          # 2 + 1 + 1 = the card's 4
    # rates: B 1/2 = 50 %; A 0/2, C 0/1 both 0 % and 0 % on time, C fewer overdue (1 < 2): B 1, C 2, A 3;
    # 3 ranked (< 7): one place on each list: red B, black A
    assert rep.loc[["B", "C", "A"], "rank"].tolist() == [1, 2, 3]
    assert rep.loc[["B", "C", "A"], "list"].tolist() == ["red", "", "black"]
    # The overdue list at D: days = D - deadline: h6 19 (talk from 15), h4 3, h1 1, h2 0; no level under 7
    esc = report.escalation(df, day, LEVELS)
    assert esc["problem_id"].tolist() == ["h6", "h4", "h1", "h2"]
    assert esc["days_overdue"].tolist() == [19, 3, 1, 0] and esc["level"].tolist() == ["talk", "", "", ""]


def test_the_day_after_the_boundary():
    # At the end of 10-05: h3 (deadline 10-05) joins; h7 (found 10-05, deadline 10-06) is open in time;
    # h4 still not put right (10-06): overdue h1 h2 h3 h4 h6 = 5. At the end of 10-06: h4 put right,
    # h7 reaches its deadline: h1 h2 h3 h6 h7 = 5, and h4 is awaiting check (verified 10-07).
    df = boundary_frame()
    assert report.state_counts(df, "2026-10-05")["overdue"] == 5
    c6 = report.state_counts(df, "2026-10-06")
    assert (c6["overdue"], c6["open"], c6["rectified"], c6["verified"]) == (5, 0, 2, 1)
    assert report.escalation(df, "2026-10-06", LEVELS)["problem_id"].tolist() == ["h6", "h1", "h2", "h3", "h7"]


def test_list_labels_state_the_places_and_ties():
    # 8 ranked units, four tied first at 90 %: ranks 1 1 1 1 5 6 7 8; 3 places: all four tied units
    # are red (rank <= 3), so the label says "top 3, ties included", not "top 3 units"
    rows = [[u, 1, 10, 0, 0, 0, None, r, r, 0.0] for u, r in zip("ABCDEFGH", [90.0] * 4 + [50.0, 40.0, 30.0, 20.0])]
    out = report.rank_units(pd.DataFrame(rows, columns=["unit_code", "found", "due", "rectified",
                                                        "rectified_on_time", "overdue_open", "oldest_overdue_days",
                                                        "rate_pct", "on_time_pct", "repeat_pct"]))
    assert out["list"].tolist() == ["red"] * 4 + [""] + ["black"] * 3
    assert (report.list_size(6), report.list_size(7)) == (1, 3)
    assert t("prob_list_red_rule", "zh", k=3) == "红榜（前 3 名，并列者同列）"
    assert t("prob_list_black_rule", "en", k=1) == "Black list (bottom 1, ties included)"


def _periods():
    """The latest full week (today, China time), 2026-W48, and random earlier weeks, months and a quarter."""
    rng = random.Random(18)
    weeks = [periods.parse_period(f"2026-W{w:02d}") for w in rng.sample(range(2, 48), 3)]
    months = [periods.parse_period(f"2026-{m:02d}") for m in rng.sample(range(1, 11), 2)]
    return [periods.latest_full("week"), periods.parse_period("2026-W48"), *weeks, *months,
            periods.parse_period("2026Q3")]


@pytest.mark.parametrize("area", ["620100", "420100"])
def test_demo_every_place_gives_the_same_overdue_count(demo_con, demo_db_file, capsys, area):
    df = gather.problems(demo_con, area)
    levels = gather.levels(demo_con)
    seen = set()
    for p in _periods():
        expected = overdue_rows(demo_con, area, p.end)                       # the rule read again in SQL
        card = report.state_counts(df, p.end)["overdue"]
        table = int(report.unit_report(df, p.start, p.end)["overdue_open"].sum())
        districts = int(report.unit_report(df, p.start, p.end, by="district")["overdue_open"].sum())
        esc = report.escalation(df, p.end, levels)
        data = notice_data.gather_notice(demo_con, area, p, "zh")
        assert main(["problems", "report", "--area", area, "--period", p.code, "--db", str(demo_db_file)]) == 0
        cli = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype={"unit_code": str})
        n = len(expected)
        assert (card, table, districts, len(esc), data.summary["overdue_open"], int(cli["overdue_open"].sum())) \
            == (n, n, n, n, n, n), p.code
        assert esc["problem_id"].tolist() == expected["problem_id"].tolist(), p.code
        assert f"逾期未整改 {n} 个" in notice.summary_text(data, "zh")
        seen.add(n)
    assert max(seen) > 0          # the check met real overdue problems, not only zeros


def test_demo_unit_table_matches_the_sql_reading(demo_con):
    p = periods.parse_period("2026-W48")
    mine = report.unit_report(gather.problems(demo_con, "420100"), p.start, p.end).sort_values("unit_code")
    ref = unit_counts(demo_con, "420100", p.start, p.end)
    cols = ["found", "due", "rectified", "overdue_open"]
    assert mine["unit_code"].tolist() == ref["unit_code"].tolist()
    assert mine[cols].values.tolist() == ref[cols].values.tolist()


def test_page_card_table_and_list_agree_wuhan_w48(app_test, demo_con):
    at = app_test("pages/rectification.py", area="420100", pkind="week", period="2026-W48", as_of="2026-11-30")
    assert not at.exception
    n = len(overdue_rows(demo_con, "420100", dt.date(2026, 11, 29)))
    card = {m.label: m.value for m in at.metric}
    rank = at.dataframe[0].value
    over = at.dataframe[1].value
    assert (int(card["逾期未改"]), int(rank["逾期未改"].sum()), len(over)) == (n, n, n)
    assert any("数据期：2026-W48" in m.value and "2026年11月29日" in m.value for m in at.markdown)
    # the card row is one partition at the end of 11-29: total = open + overdue + awaiting + verified
    assert int(card["累计问题"]) == sum(int(card[k]) for k in ("整改中", "逾期未改", "待复核", "已销号"))


@pytest.mark.parametrize("as_of, week", [("2026-11-29", "2026-W48"),   # a Sunday: its week ends on the as-of
                                         ("2026-11-28", "2026-W47"),   # a Saturday: W48 not over at the as-of
                                         ("2026-11-02", "2026-W44")])
def test_page_default_period_is_the_latest_full_week_at_the_as_of(app_test, as_of, week):
    at = app_test("pages/rectification.py", area="420100", as_of=as_of)
    assert not at.exception
    assert at.selectbox(key="period").value == week
    assert any(f"数据期：{week}" in m.value for m in at.markdown)
