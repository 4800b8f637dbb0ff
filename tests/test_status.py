"""The status method on crafted series with known answers (DESIGN.md, fixed cut-offs)."""
import datetime as dt

import pandas as pd
import pytest

from cocreate.method.status import (gap, gap_in_units, is_met, rate, rate_series, summarise_series,
                             title_rollup)

START = dt.date(2024, 1, 1)
DEADLINE = dt.date(2027, 1, 1)  # 3 years after the start


def yearly(values, first_year=2024):
    return [dt.date(first_year + i, 1, 1) for i in range(len(values))], values


def rated(values, threshold, direction="up", first_year=2024, start=START, deadline=DEADLINE):
    periods, vals = yearly(values, first_year)
    return rate_series(periods, vals, threshold=threshold, direction=direction,
                       campaign_start=start, deadline=deadline)


def test_met_up_down_and_yes_no():
    assert rated([30, 37], 36)["status"] == "met"
    assert rated([30, 36], 36)["status"] == "met"  # on the threshold counts
    assert rated([60, 55], 55, "down")["status"] == "met"
    assert rated([0, 1], 1, "yes_no")["status"] == "met"
    assert rated([0, 0], 1, "yes_no")["status"] == "off_track"


def test_on_track_when_pace_matches_required():
    # baseline 30 -> 36 in 3 years needs 2/yr; observed exactly 2/yr
    r = rated([30, 32], 36)
    assert r["status"] == "on_track"
    assert r["pace_ratio"] == pytest.approx(2 / 2, rel=0.01)


def test_needs_acceleration_off_track_deteriorating_cut_offs():
    # required 2/yr over 3 years (days-based, so R is a touch off the round numbers)
    assert rated([30, 31.5], 36)["status"] == "needs_acceleration"   # R ~ 0.75
    assert rated([30, 31.0], 36)["status"] == "off_track"            # R ~ 0.5
    assert rated([30, 30.0], 36)["status"] == "off_track"            # R = 0
    assert rated([30, 29.0], 36)["status"] == "deteriorating"        # R < 0


def test_cut_off_boundaries_exact():
    common = dict(latest_value=31, latest_period=dt.date(2025, 1, 1), baseline_value=30,
                  baseline_period=dt.date(2024, 1, 1), n_points=2, intercept=0.0, threshold=36,
                  direction="up", deadline=dt.date(2027, 1, 1))
    years = (dt.date(2027, 1, 1) - dt.date(2024, 1, 1)).days / 365.25
    required = 6 / years
    assert rate(slope_per_year=0.95 * required, **common)["status"] == "on_track"
    assert rate(slope_per_year=0.9499 * required, **common)["status"] == "needs_acceleration"
    assert rate(slope_per_year=0.6 * required, **common)["status"] == "needs_acceleration"
    assert rate(slope_per_year=0.5999 * required, **common)["status"] == "off_track"
    assert rate(slope_per_year=0.0, **common)["status"] == "off_track"
    assert rate(slope_per_year=-0.0001, **common)["status"] == "deteriorating"


def test_down_indicator_pace_sign():
    # PM2.5 40 -> 35 needed (-5 over 3 yrs); observed -2/yr is on track
    assert rated([40, 38], 35, "down")["status"] == "on_track"
    assert rated([40, 41], 35, "down")["status"] == "deteriorating"


def test_ground_lost_is_deteriorating_even_with_positive_trend_afterwards():
    # baseline (at the start) met 36; now 35.5
    periods = [dt.date(2023, 7, 1), dt.date(2024, 1, 1), dt.date(2025, 1, 1), dt.date(2026, 1, 1)]
    r = rate_series(periods, [35, 37, 35, 35.5], threshold=36, direction="up",
                    campaign_start=START, deadline=DEADLINE)
    assert r["baseline_value"] == 37
    assert r["status"] == "deteriorating"


def test_baseline_is_value_at_or_before_start_else_first():
    periods = [dt.date(2023, 1, 1), dt.date(2023, 12, 1), dt.date(2024, 6, 1)]
    s = summarise_series(periods, [10, 20, 30], START)
    assert s["baseline_period"] == dt.date(2023, 12, 1) and s["baseline_value"] == 20
    assert s["n_points"] == 2  # fit runs from the baseline to the latest
    s2 = summarise_series([dt.date(2024, 6, 1), dt.date(2025, 1, 1)], [1, 2], START)
    assert s2["baseline_period"] == dt.date(2024, 6, 1)


def test_insufficient_data():
    assert rated([30], 36)["status"] == "insufficient_data"
    assert rated([], 36)["status"] == "insufficient_data"
    assert rated([40], 36)["status"] == "met"  # one value that meets is still met


def test_projected_date_crossing_and_moving_away():
    # 30 at 2024-01-01, 32 at 2025-01-01: slope 2/yr (per 365.25 days) crosses 36 three years on
    r = rated([30, 32], 36)
    assert abs((r["projected_date"] - dt.date(2027, 1, 1)).days) <= 2
    assert r["reaches_by_deadline"] in (True, False)
    away = rated([30, 29], 36)
    assert away["projected_date"] is None
    assert away["reaches_by_deadline"] is False
    assert rated([37, 38], 36)["projected_date"] is None  # met: nothing to project


def test_pace_needed_per_month_and_gap():
    r = rated([30, 32], 36)  # latest 2025-01-01, deadline 2027-01-01: 24 months, 4 to go
    assert r["pace_needed_per_month"] == pytest.approx(4 / 24, rel=0.01)
    assert r["gap"] == pytest.approx(4)
    assert gap(37, 36, "up") == -1
    assert gap(38, 35, "down") == 3
    assert gap(0, 1, "yes_no") == 1
    assert is_met(35, 35, "down") and not is_met(35.1, 35, "down")


def test_deadline_passed_keeps_direction_word():
    r = rated([30, 31, 32], 36, first_year=2026, deadline=dt.date(2025, 6, 1), start=dt.date(2025, 1, 1))
    assert r["status"] == "off_track"
    assert r["pace_needed_per_month"] is None


def test_gap_in_units_toilets_and_centres():
    toilets = dict(kind="ratio", latest_value=3.5, latest_numerator=350, latest_denominator=1_000_000,
                   scale=10_000, threshold=4, direction="up", numerator_code="public_toilets",
                   denominator_code="population")
    assert gap_in_units(toilets) == pytest.approx(50)  # 400 needed at this population
    centres = dict(kind="ratio", latest_value=60_000, latest_numerator=1_200_000, latest_denominator=20,
                   scale=1, threshold=50_000, direction="down", numerator_code="population",
                   denominator_code="community_health_centres")
    assert gap_in_units(centres) == pytest.approx(4)  # 24 centres needed for 1.2M at 50k each
    assert gap_in_units(dict(kind="value")) is None


def test_title_rollup_veto_fails_title_whatever_share():
    df = pd.DataFrame({
        "title_code": ["c"] * 4, "area_code": ["x"] * 4, "indicator_code": list("abcd"),
        "status": ["met", "met", "met", "off_track"], "is_veto": [False, False, False, True]})
    r = title_rollup(df).iloc[0]
    assert r["n_met"] == 3 and r["share_met"] == 0.75
    assert r["n_veto_failing"] == 1 and r["veto_failing_codes"] == "d"
    assert r["verdict"] == "veto_failing"
    df.loc[3, "status"] = "met"
    assert title_rollup(df).iloc[0]["verdict"] == "all_met"
