"""District ranking as pure functions on crafted item frames: competition ranking with ties,
veto failures ranked last and marked, points weighting, changes and arrows, leading/trailing lists,
periods (a week uses the data as of its end)."""
import datetime as dt

import pandas as pd

from cocreate.method import rankings as rk


def items(period, spec, points=None, veto=None):
    """spec: {area: [values...]} against items i0..iN with threshold 10 (up)."""
    rows = []
    for area, values in spec.items():
        for i, v in enumerate(values):
            rows.append(dict(period=period, area_code=area, title_code="t", indicator_code=f"i{i}",
                             threshold=10.0, direction="up", value=v,
                             points=(points or {}).get(f"i{i}"), is_veto=(veto or set()) >= {f"i{i}"}))
    return pd.DataFrame(rows)


def test_competition_ranking_ties_share_a_rank_and_skip():
    f = items("P1", {"A": [11, 11, 11, 11], "B": [11, 11, 11, 0], "C": [11, 11, 11, 0], "D": [11, 0, 0, 0]})
    r = rk.rank_districts(f).set_index("area_code")
    assert r.loc[["A", "B", "C", "D"], "rank"].tolist() == [1, 2, 2, 4]
    assert r.loc[["A", "B", "C", "D"], "score"].tolist() == [1.0, 0.75, 0.75, 0.25]
    assert r.loc["B", "n_met"] == 3 and r.loc["B", "n_items"] == 4


def test_missing_value_counts_as_not_met_and_direction_down():
    f = items("P1", {"A": [11, None], "B": [11, 12]})
    f.loc[f["indicator_code"] == "i1", "direction"] = "down"   # lower is better: 12 > 10 fails
    r = rk.rank_districts(f).set_index("area_code")
    assert r.loc["A", "n_no_data"] == 1 and r.loc["A", "n_met"] == 1
    assert r.loc["B", "n_met"] == 1
    assert r.loc["A", "rank"] == r.loc["B", "rank"] == 1


def test_points_weight_the_score():
    f = items("P1", {"A": [11, 0], "B": [0, 11]}, points={"i0": 6, "i1": 2})
    r = rk.rank_districts(f).set_index("area_code")
    assert r.loc["A", "score"] == 6 / 8 and r.loc["B", "score"] == 2 / 8
    assert r.loc["A", "rank"] == 1 and r.loc["B", "rank"] == 2


def test_veto_failure_is_marked_and_ranked_after_everyone():
    # A has the best share but fails the veto item i3; B and C do not
    f = items("P1", {"A": [11, 11, 11, 0], "B": [11, 0, 0, 11], "C": [0, 0, 0, 11]}, veto={"i3"})
    r = rk.rank_districts(f).set_index("area_code")
    assert bool(r.loc["A", "veto_failing"]) and r.loc["A", "veto_items"] == "i3"
    assert not r.loc["B", "veto_failing"]
    assert r.loc[["B", "C", "A"], "rank"].tolist() == [1, 2, 3]
    lead, trail = rk.leading_trailing(r.reset_index(), n=1)
    assert lead["area_code"].tolist() == ["B"]
    assert "A" in trail["area_code"].tolist()


def test_changes_and_arrows_between_periods():
    f = pd.concat([items("P1", {"A": [11, 11], "B": [11, 0], "C": [0, 0]}),
                   items("P2", {"A": [0, 0], "B": [11, 11], "C": [11, 0]})])
    r = rk.rank_districts(f, period_order=["P1", "P2"])
    p2 = r[r["period"] == "P2"].set_index("area_code")
    assert p2.loc["B", "rank"] == 1 and p2.loc["B", "change"] == 1 and p2.loc["B", "arrow"] == rk.ARROW_UP
    assert p2.loc["A", "rank"] == 3 and p2.loc["A", "change"] == -2 and p2.loc["A", "arrow"] == rk.ARROW_DOWN
    assert p2.loc["C", "change"] == 1
    p1 = r[r["period"] == "P1"]
    assert (p1["arrow"] == rk.ARROW_NEW).all()
    same = rk.rank_districts(pd.concat([items("P1", {"A": [11], "B": [0]}), items("P2", {"A": [11], "B": [0]})]))
    assert (same[same["period"] == "P2"]["arrow"] == rk.ARROW_SAME).all()


def test_leading_and_trailing_keep_ties_and_do_not_overlap():
    f = items("P1", {a: v for a, v in zip("ABCDEFG", [[11, 11], [11, 11], [11, 0], [11, 0], [11, 0], [0, 0], [0, 0]])})
    r = rk.rank_districts(f)
    lead, trail = rk.leading_trailing(r, n=3)
    assert lead["area_code"].tolist() == ["A", "B", "C", "D", "E"]      # C, D, E tie for 3rd
    assert sorted(trail["area_code"]) == ["F", "G"]                     # bottom three minus the leading
    assert not set(lead["area_code"]) & set(trail["area_code"])


def test_rated_rows_with_status_are_accepted():
    f = pd.DataFrame({"period": "P", "area_code": ["A", "A", "B", "B"], "indicator_code": ["x", "y", "x", "y"],
                      "latest_value": [1, 2, 3, None], "status": ["met", "off_track", "met", "insufficient_data"],
                      "is_veto": [False, False, False, False], "points": [None] * 4})
    r = rk.rank_districts(f).set_index("area_code")
    assert r.loc["A", "n_met"] == 1 and r.loc["B", "n_no_data"] == 1


def test_periods_week_month_quarter():
    as_of = dt.date(2026, 10, 15)   # a Thursday
    w = rk.periods(as_of, "week", 3)
    assert w["period_end"].tolist() == [dt.date(2026, 10, 4), dt.date(2026, 10, 11), dt.date(2026, 10, 18)]
    assert w["data_as_of"].iloc[-1] == as_of and w["data_as_of"].iloc[0] == dt.date(2026, 10, 4)
    assert w["period"].iloc[-1] == "2026-W42"
    m = rk.periods(as_of, "month", 13)
    assert m["period"].iloc[0] == "2025-10" and m["period"].iloc[-1] == "2026-10"
    assert m["period_end"].iloc[-2] == dt.date(2026, 9, 30)
    q = rk.periods(as_of, "quarter", 5)
    assert q["period"].tolist() == ["2025Q4", "2026Q1", "2026Q2", "2026Q3", "2026Q4"]
    assert q["period_end"].iloc[1] == dt.date(2026, 3, 31)


def test_weeks_of_one_month_share_the_monthly_figures(fixture_con):
    from cocreate.store import db
    pt = rk.periods(dt.date(2026, 10, 20), "week", 3)
    it = db.run(fixture_con, "ranking_items", city="990100", as_of_dates=tuple(pt["data_as_of"].drop_duplicates()),
                title=None)
    labelled = rk.attach_periods(it, pt)
    by_week = {p: g.set_index(["area_code", "title_code", "indicator_code"])["value"] for p, g in labelled.groupby("period")}
    weeks = sorted(by_week)
    assert len(weeks) == 3
    pd.testing.assert_series_equal(by_week[weeks[0]], by_week[weeks[-1]], check_names=False)
    assert set(it["area_code"]) == {"990101", "990102"}           # districts only, never the city
    assert "good_air_days" not in set(it["indicator_code"])       # city-only indicators are not ranked
    assert "public_services" not in set(it["title_code"])         # benchmark pseudo-title left out


def test_met_flags_column_wise_equals_the_status_rule():
    """met_flags is status.is_met on every row (effective threshold, direction, missing value)."""
    import numpy as np
    from cocreate.method.status import effective_threshold, is_met
    rng = np.random.default_rng(3)
    n = 2000
    items = pd.DataFrame({"value": [None if rng.random() < 0.1 else float(x) for x in rng.choice([0, 1, 35.5, 36, 36.5, 80], n)],
                          "threshold": rng.choice([0.0, 1.0, 36.0, 55.0], n),
                          "direction": [rng.choice(["up", "down", "yes_no"]) for _ in range(n)]})
    expected = [bool(is_met(None if pd.isna(v) else float(v), effective_threshold(t, d), d))
                for v, t, d in zip(items["value"], items["threshold"], items["direction"])]
    got = rk.met_flags(items)
    assert got.dtype == bool and got.tolist() == expected and sum(expected) > 100
