"""The honesty rules of the method (DESIGN.md, fixed) on crafted series with known answers:
on_track needs the projected date within a month of the deadline, no projection before the month
after the latest period, flags (stalled, recent_drop, deadline_passed), not_applicable."""
import datetime as dt

import pandas as pd
import pytest

from cocreate.method.flags import flag_inputs, flags_for, split_flags
from cocreate.method.status import (add_months, first_month_after, rate, rate_frame, rate_series,
                                    title_rollup, years_since_epoch)

START = dt.date(2024, 1, 1)
DEADLINE = dt.date(2027, 6, 30)
YEARS = (DEADLINE - START).days / 365.25


def _crossing_at(target: dt.date, r: float = 0.95):
    """Fit inputs with pace ratio exactly r whose line crosses 36 on `target` (baseline 30 at START)."""
    slope = r * ((36 - 30) / YEARS)  # the same float as the method's required pace x r
    intercept = 36 - slope * years_since_epoch(target)
    return rate(latest_value=31, latest_period=dt.date(2025, 1, 1), baseline_value=30, baseline_period=START,
                n_points=5, slope_per_year=slope, intercept=intercept, threshold=36, direction="up",
                deadline=DEADLINE)


def test_add_months_and_first_month_after():
    assert add_months(dt.date(2027, 6, 30), 1) == dt.date(2027, 7, 30)
    assert add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2027, 12, 15), 1) == dt.date(2028, 1, 15)
    assert first_month_after(dt.date(2026, 12, 1)) == dt.date(2027, 1, 1)
    assert first_month_after(dt.date(2026, 10, 17)) == dt.date(2026, 11, 1)


@pytest.mark.parametrize("target, status", [
    (DEADLINE, "on_track"),
    (DEADLINE + dt.timedelta(days=1), "on_track"),            # a day past: within the month
    (dt.date(2027, 7, 30), "on_track"),                        # exactly one month past
    (dt.date(2027, 7, 31), "needs_acceleration"),              # a month and a day past
    (add_months(DEADLINE, 2), "needs_acceleration"),           # two months past
])
def test_on_track_needs_the_projection_within_a_month_of_the_deadline(target, status):
    out = _crossing_at(target)
    assert out["pace_ratio"] == pytest.approx(0.95, abs=1e-12)
    assert out["projected_date"] == target
    assert out["status"] == status


def test_pace_ratio_just_under_the_cut_off_stays_needs_acceleration_even_when_early():
    assert _crossing_at(dt.date(2026, 6, 1), r=0.9499)["status"] == "needs_acceleration"


def test_xigu_waste_case_r_above_one_but_projection_months_late():
    # R 1.02, projected 2027-11-18 against a 2027-06-30 inspection: never "on track"
    out = _crossing_at(dt.date(2027, 11, 18), r=1.02)
    assert out["pace_ratio"] == pytest.approx(1.02) and out["status"] == "needs_acceleration"


def test_projected_date_never_before_the_month_after_the_latest_period():
    # the least-squares line crossed 36 in Oct 2026, but December's value (35) is still short
    periods = [dt.date(2026, m, 1) for m in range(1, 13)]
    values = [30, 31, 32, 33, 34, 35, 36.5, 37, 37.5, 36.5, 35.5, 35]
    r = rate_series(periods, values, threshold=36, direction="up", campaign_start=START, deadline=DEADLINE)
    assert r["status"] != "met"
    assert r["projected_date"] == dt.date(2027, 1, 1)
    # yearly: 30, 40, 35 crosses 36 in 2025, the latest (2026-01) is short: Feb 2026 at the earliest
    y = rate_series([dt.date(2024, 1, 1), dt.date(2025, 1, 1), dt.date(2026, 1, 1)], [30, 40, 35], threshold=36,
                    direction="up", campaign_start=START, deadline=DEADLINE)
    assert y["projected_date"] == dt.date(2026, 2, 1)


def _monthly(values, first=dt.date(2025, 1, 1)):
    return [add_months(first, i) for i in range(len(values))], values


def _flags(values, threshold=36, direction="up", deadline=DEADLINE, reference_date=None):
    periods, vals = _monthly(values)
    r = rate_series(periods, vals, threshold=threshold, direction=direction, campaign_start=START,
                    deadline=deadline, reference_date=reference_date)
    return r, split_flags(r["flags"])


def test_stalled_when_the_last_three_values_are_flat():
    r, flags = _flags([30, 31, 32, 33, 34, 34, 34])
    assert flags == ["stalled"]
    assert r["status"] in ("on_track", "needs_acceleration", "off_track")  # the word stays; the flag adds


def test_stalled_when_the_series_slides_and_not_after_a_last_rise():
    assert _flags([30, 31, 32, 33, 32.8, 32.6])[1] == ["stalled"]  # two small moves away
    assert _flags([30, 31, 32, 33, 33, 33.5])[1] == []             # flat, then a step toward
    assert _flags([30, 31, 32, 33, 33.5, 33])[1] == []             # a step toward, then back (within typical)


def test_not_stalled_when_still_moving_toward_the_threshold():
    assert _flags([30, 31, 32, 32, 32.1])[1] == []  # 32 -> 32 -> 32.1: a little progress


def test_stalled_for_a_lower_is_better_indicator():
    assert _flags([45, 43, 41, 40, 40, 40], threshold=35, direction="down")[1] == ["stalled"]
    assert _flags([45, 43, 41, 40, 39.5, 39], threshold=35, direction="down")[1] == []


def test_recent_drop_when_the_latest_change_is_larger_than_typical_and_away():
    # changes +1,+1,+1,+1,-2: typical 1, the latest moved 2 away from 36
    r, flags = _flags([30, 31, 32, 33, 34, 32])
    assert r["typical_change"] == pytest.approx(1) and r["latest_change"] == pytest.approx(-2)
    assert "recent_drop" in flags


def test_no_recent_drop_for_a_drop_no_larger_than_typical():
    assert "recent_drop" not in _flags([30, 31, 32, 33, 34, 33])[1]  # -1 = typical: not more


def test_recent_drop_for_lower_is_better_is_a_rise():
    assert "recent_drop" in _flags([45, 44, 43, 42, 45], threshold=35, direction="down")[1]
    assert "recent_drop" not in _flags([45, 44, 43, 42, 39], threshold=35, direction="down")[1]


def test_deadline_passed_and_several_flags_joined():
    r, flags = _flags([30, 31, 32, 33, 33, 30], deadline=dt.date(2025, 3, 31))
    assert flags == ["stalled", "recent_drop", "deadline_passed"]
    assert r["flags"] == "stalled;recent_drop;deadline_passed"
    # the reference date (as-of) decides, not the latest period alone
    assert _flags([30, 31, 32, 33, 34, 35], deadline=dt.date(2026, 1, 31), reference_date=dt.date(2026, 3, 1))[1] \
        == ["deadline_passed"]
    assert _flags([30, 31, 32, 33, 34, 35], deadline=dt.date(2026, 1, 31))[1] == []


def test_met_indicators_carry_no_flags():
    assert _flags([36, 37, 38, 38, 38, 36.5])[1] == []


def test_flag_inputs_twin():
    out = flag_inputs([1.0, 3.0, 2.0, 2.5])
    assert (out["recent_value_1"], out["recent_value_2"], out["recent_value_3"]) == (2.5, 2.0, 3.0)
    assert out["typical_change"] == pytest.approx(1.0)  # |2|, |-1|, |0.5| -> median 1
    assert out["latest_change"] == pytest.approx(0.5)
    assert flag_inputs([5.0])["typical_change"] is None and flag_inputs([])["recent_value_1"] is None
    assert flags_for(status="off_track", direction="up", recent_value_1=1, recent_value_2=1) == ""


def _rated_rows(with_na: bool) -> pd.DataFrame:
    base = dict(title_code="garden", area_code="420100", latest_period=dt.date(2026, 10, 1), baseline_period=START,
                baseline_value=30.0, n_points=5, slope_per_year=1.0, intercept=-1.0, threshold=36.0,
                direction="up", deadline=DEADLINE, is_veto=False, indicators_in_standard=75)
    rows = [dict(base, indicator_code=f"i{k}", latest_value=40.0) for k in range(10)]
    rows.append(dict(base, indicator_code="heat_metering_share_pct", latest_value=None, n_points=0,
                     not_applicable_reason_zh="没有集中供热" if with_na else None,
                     not_applicable_reason_en="no district heating" if with_na else None))
    return pd.DataFrame(rows)


def test_not_applicable_is_left_out_of_every_count_and_share():
    rated = rate_frame(_rated_rows(with_na=True))
    assert rated.set_index("indicator_code").loc["heat_metering_share_pct", "status"] == "not_applicable"
    s = title_rollup(rated).iloc[0]
    assert s["n_indicators"] == 10 and s["n_met"] == 10 and s["share_met"] == 1.0
    assert s["n_not_applicable"] == 1 and s["n_tracked"] == 11 and s["indicators_in_standard"] == 75
    assert s["n_insufficient_data"] == 0
    assert s["verdict"] == "all_met"  # the Garden City title can show "all met" again
    without = title_rollup(rate_frame(_rated_rows(with_na=False))).iloc[0]
    assert without["n_indicators"] == 11 and without["verdict"] == "in_progress"
