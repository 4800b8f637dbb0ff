"""The status method (DESIGN.md, fixed): one honest word per indicator, a projected
crossing date, the pace now needed, and the gap in real units. Pure functions, no I/O."""
from __future__ import annotations

import datetime as dt
import math
from typing import Iterable

import numpy as np
import pandas as pd

from cocreate.method.flags import flag_inputs, flags_for

STATUSES = ("met", "on_track", "needs_acceleration", "off_track", "deteriorating", "insufficient_data")
# Not rated at all (a title x indicator that does not apply to the city): left out of every count.
NOT_APPLICABLE = "not_applicable"
ALL_STATUSES = STATUSES + (NOT_APPLICABLE,)
ON_TRACK_R = 0.95
# Monthly data cannot place a crossing closer than a month: on track = crossing <= deadline + 1 month.
ON_TRACK_GRACE_MONTHS = 1
ACCELERATE_R = 0.6
EPOCH = dt.date(2000, 1, 1)
DAYS_PER_YEAR = 365.25
DAYS_PER_MONTH = DAYS_PER_YEAR / 12
# Ratios whose numerator is a head count are closed by adding the denominator (more centres),
# every other ratio by adding the numerator (more toilets, more hectares of green).
POPULATION_MEASURES = frozenset({"population", "elderly_population"})


def _date(x) -> dt.date | None:
    if x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NaT:
        return None
    if isinstance(x, pd.Timestamp):
        return x.date()
    if isinstance(x, dt.datetime):
        return x.date()
    if isinstance(x, np.datetime64):
        return pd.Timestamp(x).date()
    if isinstance(x, str):
        return dt.date.fromisoformat(x[:10])
    return x


def _num(x) -> float | None:
    if x is None or x is pd.NA:
        return None
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def add_months(d: dt.date, months: int) -> dt.date:
    """The same day `months` later (clamped to the month's end: 31 Jan + 1 month = 28/29 Feb)."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return dt.date(year, month, min(d.day, (nxt - dt.timedelta(days=1)).day))


def first_month_after(period: dt.date) -> dt.date:
    """The first day of the month after `period`: the earliest date a projection may name."""
    return add_months(period.replace(day=1), 1)


def years_since_epoch(d: dt.date) -> float:
    """Time axis of every fit: years since 2000-01-01 (the SQL uses the same)."""
    return (d - EPOCH).days / DAYS_PER_YEAR


def effective_threshold(threshold: float, direction: str) -> float:
    """yes_no indicators are met at 1 whatever the catalog threshold says."""
    return 1.0 if direction == "yes_no" else float(threshold)


def is_met(value: float | None, threshold: float | None, direction: str) -> bool:
    """THE definition of met (every page, command and ranking uses it or `met_array`): the value
    against the catalog threshold, direction-aware: up (or any other direction) value >= threshold,
    down value <= threshold, yes_no value >= 1 whatever the threshold says. A missing value or a
    missing threshold is not met."""
    v = _num(value)
    t = 1.0 if direction == "yes_no" else _num(threshold)
    if v is None or t is None:
        return False
    return v <= t if direction == "down" else v >= t


def _floats(x) -> np.ndarray:
    """Numbers as float64, anything missing or not a number as NaN (`_num` column-wise)."""
    arr = x.to_numpy() if isinstance(x, pd.Series) else np.asarray(x)
    if arr.dtype.kind in "fiu":
        return arr.astype(float, copy=False)
    return pd.to_numeric(pd.Series(arr, dtype=object), errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def met_array(values, thresholds, directions) -> np.ndarray:
    """`is_met` column-wise (equal on every row: tests/test_met_one_truth.py): values, thresholds and
    directions as columns or arrays of one length; returns a boolean array."""
    value, given = _floats(values), _floats(thresholds)
    direction = np.asarray(directions, dtype=object)
    thr = np.where(direction == "yes_no", 1.0, given)
    with np.errstate(invalid="ignore"):
        met = np.where(direction == "down", value <= thr, value >= thr)  # NaN compares False: not met
    return met.astype(bool)


def gap(value: float | None, threshold: float, direction: str) -> float | None:
    """Distance to the threshold in the indicator's unit: positive while short, <= 0 once met."""
    if value is None:
        return None
    t = effective_threshold(threshold, direction)
    return value - t if direction == "down" else t - value


def summarise_series(periods: Iterable, values: Iterable, campaign_start) -> dict:
    """Python twin of title_progress.sql: latest, baseline and least-squares fit of a series."""
    pts = sorted((_date(p), float(v)) for p, v in zip(periods, values) if _num(v) is not None)
    recent = flag_inputs([v for _, v in pts])  # the flags read the whole series, not the fit window
    if not pts:
        return dict(latest_period=None, latest_value=None, baseline_period=None, baseline_value=None,
                    n_points=0, slope_per_year=None, intercept=None, **recent)
    start = _date(campaign_start)
    before = [p for p in pts if p[0] <= start]
    baseline = before[-1] if before else pts[0]
    window = [p for p in pts if p[0] >= baseline[0]]
    slope = intercept = None
    if len(window) >= 2:
        t = np.array([years_since_epoch(p[0]) for p in window])
        v = np.array([p[1] for p in window])
        if np.ptp(t) > 0:
            slope, intercept = (float(c) for c in np.polyfit(t, v, 1))
    return dict(latest_period=pts[-1][0], latest_value=pts[-1][1], baseline_period=baseline[0],
                baseline_value=baseline[1], n_points=len(window), slope_per_year=slope, intercept=intercept,
                **recent)


def rate(*, latest_value, latest_period, baseline_value, baseline_period, n_points, slope_per_year,
         intercept, threshold, direction, deadline) -> dict:
    """Rate one indicator. Returns status, pace_ratio (R), projected_date, gap,
    pace_needed_per_month (indicator units per month, signed) and reaches_by_deadline."""
    latest_value, baseline_value = _num(latest_value), _num(baseline_value)
    slope, intercept = _num(slope_per_year), _num(intercept)
    latest_period, baseline_period, deadline = _date(latest_period), _date(baseline_period), _date(deadline)
    thr = effective_threshold(threshold, direction)
    if slope is not None and abs(slope) < 1e-9 * max(1.0, abs(thr)):
        slope = 0.0  # a flat series fits with float noise (-1e-15): that is no movement, not decline
    out = dict(status="insufficient_data", pace_ratio=None, projected_date=None,
               gap=gap(latest_value, thr, direction), pace_needed_per_month=None, reaches_by_deadline=None)
    if latest_value is None:
        return out
    if is_met(latest_value, thr, direction):
        out.update(status="met", reaches_by_deadline=True)
        return out
    if deadline is not None and latest_period is not None:
        months_left = (deadline - latest_period).days / DAYS_PER_MONTH
        if months_left > 0:
            out["pace_needed_per_month"] = (thr - latest_value) / months_left
    if not n_points or n_points < 2 or slope is None or baseline_value is None:
        return out
    out["projected_date"] = projected_date(slope, intercept, thr, latest_value, latest_period)
    if out["projected_date"] is not None and deadline is not None:
        out["reaches_by_deadline"] = out["projected_date"] <= deadline
    else:
        out["reaches_by_deadline"] = False
    if is_met(baseline_value, thr, direction):
        out["status"] = "deteriorating"  # the ground was lost since the campaign began
        return out
    years = (deadline - baseline_period).days / DAYS_PER_YEAR if deadline and baseline_period else 0
    if years <= 0:  # the inspection date has passed: only the direction of travel is left
        toward = (slope > 0) == (thr > latest_value) and slope != 0
        out["status"] = "off_track" if toward else "deteriorating"
        return out
    required = (thr - baseline_value) / years
    r = slope / required
    out["pace_ratio"] = r
    on_time = (out["projected_date"] is not None
               and out["projected_date"] <= add_months(deadline, ON_TRACK_GRACE_MONTHS))
    if r >= ON_TRACK_R and on_time:
        out["status"] = "on_track"
    elif r >= ON_TRACK_R:  # the pace ratio alone would say on track; the projected date says late
        out["status"] = "needs_acceleration"
    elif r >= ACCELERATE_R:
        out["status"] = "needs_acceleration"
    elif r >= 0:
        out["status"] = "off_track"
    else:
        out["status"] = "deteriorating"
    return out


def projected_date(slope, intercept, threshold, latest_value, latest_period) -> dt.date | None:
    """When the least-squares line reaches the threshold; None when it moves away or is flat.
    Never before the month after the latest period: a value still short is not projected to
    have met the threshold in the past."""
    slope, intercept = _num(slope), _num(intercept)
    if slope is None or intercept is None or slope == 0:
        return None
    if (slope > 0) != (threshold > latest_value):
        return None
    t_cross = (threshold - intercept) / slope
    days = t_cross * DAYS_PER_YEAR
    if not math.isfinite(days) or days > 365 * 500:
        return None
    crossing = EPOCH + dt.timedelta(days=int(round(days)))
    latest = _date(latest_period)
    return max(crossing, first_month_after(latest)) if latest else crossing


def rate_series(periods, values, *, threshold, direction, campaign_start, deadline,
                reference_date=None) -> dict:
    """Summarise a raw series and rate it, with its flags (used by tests and by pages with ad-hoc
    series); `reference_date` (default: the latest period) decides `deadline_passed`."""
    s = summarise_series(periods, values, campaign_start)
    fit = {k: s[k] for k in ("latest_value", "latest_period", "baseline_value", "baseline_period",
                             "n_points", "slope_per_year", "intercept")}
    out = {**s, **rate(threshold=threshold, direction=direction, deadline=deadline, **fit)}
    out["flags"] = flags_for(status=out["status"], direction=direction, deadline=deadline,
                             reference_date=reference_date or s["latest_period"],
                             **{k: s[k] for k in RECENT_COLUMNS})
    return out


def gap_in_units(row) -> float | None:
    """For a ratio indicator, the gap as a count of its raw measure at the current base:
    "+37 public toilets", "+1,368 ha of green"; positive while short, None otherwise."""
    if row.get("kind") != "ratio":
        return None
    value, num, den = _num(row.get("latest_value")), _num(row.get("latest_numerator")), _num(row.get("latest_denominator"))
    scale = _num(row.get("scale")) or 1.0
    thr = _num(row.get("threshold"))
    if None in (value, num, den, thr) or thr == 0 or den == 0:
        return None
    if row.get("numerator_code") in POPULATION_MEASURES:
        needed_den = num * scale / thr  # e.g. residents per centre: centres needed at this population
        return needed_den - den
    needed_num = thr * den / scale
    delta = needed_num - num
    return -delta if row.get("direction") == "down" else delta


def gap_unit_measure(row) -> str | None:
    """Code of the measure the unit gap is counted in."""
    if row.get("kind") != "ratio":
        return None
    return row.get("denominator_code") if row.get("numerator_code") in POPULATION_MEASURES else row.get("numerator_code")


RATED_COLUMNS = ["status", "pace_ratio", "projected_date", "gap", "pace_needed_per_month",
                 "reaches_by_deadline", "gap_units", "gap_unit_measure", "flags"]
# inputs of the flags, from title_progress.sql's `recent` CTE (or flags.flag_inputs)
RECENT_COLUMNS = ["recent_value_1", "recent_value_2", "recent_value_3", "typical_change", "latest_change"]


def rate_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Add the rated columns to rows from title_progress.sql (one rating per row): `rate`, the unit
    gap and the flags, worked out column-wise by cocreate.method.status_frame."""
    from cocreate.method.status_frame import rate_frame as rate_columns  # it reads this module's rules
    return rate_columns(df)


def title_rollup(rated: pd.DataFrame) -> pd.DataFrame:
    """One row per title (x area): indicators rated, met, counts per status, veto items failing,
    share met and the verdict (a failing veto item fails the title whatever its share).
    Not-applicable indicators are left out of every count and share (n_not_applicable says how
    many); n_tracked counts them all, indicators_in_standard is the standard's own count."""
    from cocreate.method.status_frame import title_rollup as rollup
    return rollup(rated)
