"""The status method over a whole frame at once: the same rules as `status.rate`, `status.gap_in_units`,
`status.gap_unit_measure` and `flags.flags_for` (one row each, kept as the readable reference), worked
out column by column with numpy, and the per-title roll-up. Same values, same column types as rating
row by row (tests/test_status_frame.py compares the two on random rows)."""
from __future__ import annotations

import numpy as np
import pandas as pd

# status.py imports this module at its end, after these names exist
from cocreate.method.flags import QUIET_STATUSES
from cocreate.method import status as S

EPOCH_D = np.datetime64(S.EPOCH, "D")
NAT_D = np.datetime64("NaT", "D")


def _column(df: pd.DataFrame, name: str) -> pd.Series:
    """A column, or all missing when the frame has none (the row rules read row.get(name))."""
    return df[name] if name in df.columns else pd.Series(None, index=df.index, dtype=object)


def _floats(df: pd.DataFrame, name: str) -> np.ndarray:
    """Numbers as float64, anything missing or not a number as NaN (the rules' `_num`)."""
    col = _column(df, name)
    if col.dtype.kind == "f":
        return col.to_numpy(dtype=float, copy=False)
    return pd.to_numeric(col, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _days(df: pd.DataFrame, name: str) -> np.ndarray:
    """Dates as datetime64[D] (a timestamp's date, as the rules' `_date`), NaT when missing."""
    col = _column(df, name)
    if col.dtype.kind != "M":
        col = pd.to_datetime(col.map(lambda x: x[:10] if isinstance(x, str) else x), errors="coerce")
    return col.to_numpy(dtype="datetime64[D]")


def _text(df: pd.DataFrame, name: str) -> np.ndarray:
    return _column(df, name).to_numpy(dtype=object, na_value=None)


def _listed(values: np.ndarray, present: np.ndarray) -> list:
    """Python values with None where absent, as the row rules return them (the column's type is then
    inferred from the list exactly as from the row-by-row results)."""
    out = values.astype(object)
    out[~present] = None
    return out.tolist()


def _add_months(d: np.ndarray, months: int) -> np.ndarray:
    """status.add_months on datetime64[D]: the same day `months` later, clamped to the month's end."""
    month = d.astype("datetime64[M]")
    day = d - month.astype("datetime64[D]")
    target = month + months
    last = (target + 1).astype("datetime64[D]") - np.timedelta64(1, "D")
    return np.minimum(target.astype("datetime64[D]") + day, last)


def _rate(df: pd.DataFrame) -> dict[str, list]:
    """status.rate for every row: status, pace_ratio, projected_date, gap, pace_needed_per_month,
    reaches_by_deadline."""
    n = len(df)
    latest, base = _floats(df, "latest_value"), _floats(df, "baseline_value")
    slope, intercept = _floats(df, "slope_per_year"), _floats(df, "intercept")
    n_points = _floats(df, "n_points")
    latest_p, base_p, deadline = _days(df, "latest_period"), _days(df, "baseline_period"), _days(df, "deadline")
    direction = _text(df, "direction")
    down, yes_no = direction == "down", direction == "yes_no"
    thr = np.where(yes_no, 1.0, _floats(df, "threshold"))
    flat = ~np.isnan(slope) & (np.abs(slope) < 1e-9 * np.fmax(1.0, np.abs(thr)))
    slope = np.where(flat, 0.0, slope)

    has_latest = ~np.isnan(latest)
    gap = np.where(down, latest - thr, thr - latest)
    met = S.met_array(latest, thr, direction)  # the one definition of met (status.is_met)
    base_met = S.met_array(base, thr, direction)

    status = np.full(n, "insufficient_data", dtype=object)
    status[met] = "met"
    open_ = has_latest & ~met
    has_dl, has_lp, has_bp = ~np.isnat(deadline), ~np.isnat(latest_p), ~np.isnat(base_p)
    months_left = (deadline - latest_p).astype("int64") / S.DAYS_PER_MONTH
    pace_ok = open_ & has_dl & has_lp & (months_left > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        pace_needed = (thr - latest) / np.where(pace_ok, months_left, 1.0)

    # the line's crossing of the threshold (status.projected_date); a missing n_points counts as no
    # fit (the query always gives a count)
    fitted = open_ & (n_points >= 2) & ~np.isnan(slope) & ~np.isnan(base)
    rising = slope > 0
    crosses = fitted & ~np.isnan(intercept) & (slope != 0) & (rising == (thr > latest))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        cross_days = (thr - intercept) / np.where(crosses, slope, 1.0) * S.DAYS_PER_YEAR
    crosses &= np.isfinite(cross_days) & (cross_days <= 365 * 500)
    # (a crossing millennia back is clipped: it is replaced by the month after the latest anyway)
    days = np.where(crosses, np.rint(np.fmax(cross_days, -1e7)), 0).astype("int64")
    crossing = EPOCH_D + days.astype("timedelta64[D]")
    next_month = (latest_p.astype("datetime64[M]") + 1).astype("datetime64[D]")  # status.first_month_after
    projected = np.where(crosses, np.where(has_lp, np.maximum(crossing, next_month), crossing), NAT_D)
    reaches = np.where(met, True, np.where(fitted, crosses & has_dl & (projected <= deadline), False))
    reaches_known = met | fitted

    # the verdict of a fitted row still short of the threshold
    years = np.where(has_dl & has_bp, (deadline - base_p).astype("int64") / S.DAYS_PER_YEAR, 0.0)
    judged = fitted & ~base_met
    status[fitted & base_met] = "deteriorating"  # the ground was lost since the campaign began
    passed = judged & (years <= 0)  # the inspection date has passed: only the direction of travel is left
    toward = (rising == (thr > latest)) & (slope != 0)
    status[passed] = np.where(toward[passed], "off_track", "deteriorating")
    paced = judged & (years > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = slope / ((thr - base) / np.where(paced, years, 1.0))
    on_time = crosses & (projected <= _add_months(deadline, S.ON_TRACK_GRACE_MONTHS))
    verdict = np.select([(r >= S.ON_TRACK_R) & on_time, r >= S.ACCELERATE_R, r >= 0],
                        ["on_track", "needs_acceleration", "off_track"], "deteriorating")
    status[paced] = verdict[paced]
    return dict(status=status.tolist(), pace_ratio=_listed(r, paced),
                projected_date=_listed(projected, crosses), gap=_listed(gap, has_latest),
                pace_needed_per_month=_listed(pace_needed, pace_ok), reaches_by_deadline=_listed(reaches, reaches_known))


def _gap_units(df: pd.DataFrame, status: np.ndarray) -> list:
    """status.gap_in_units for rows not met nor not applicable."""
    ratio = _text(df, "kind") == "ratio"
    value, num, den = _floats(df, "latest_value"), _floats(df, "latest_numerator"), _floats(df, "latest_denominator")
    scale = _floats(df, "scale")
    scale = np.where(np.isnan(scale) | (scale == 0), 1.0, scale)
    thr = _floats(df, "threshold")
    people = np.isin(_text(df, "numerator_code"), list(S.POPULATION_MEASURES))
    ok = (ratio & ~np.isnan(value) & ~np.isnan(num) & ~np.isnan(den) & ~np.isnan(thr) & (thr != 0) & (den != 0)
          & ~np.isin(status, ["met", S.NOT_APPLICABLE]))
    with np.errstate(divide="ignore", invalid="ignore"):
        needed_den = num * scale / thr - den
        delta = thr * den / scale - num
    units = np.where(people, needed_den, np.where(_text(df, "direction") == "down", -delta, delta))
    return _listed(units, ok)


def _gap_unit_measure(df: pd.DataFrame) -> list:
    """status.gap_unit_measure: the measure a ratio's gap is counted in."""
    ratio = _text(df, "kind") == "ratio"
    numerator = _column(df, "numerator_code")
    people = np.isin(numerator.to_numpy(dtype=object, na_value=None), list(S.POPULATION_MEASURES))
    code = np.where(people, _column(df, "denominator_code").to_numpy(dtype=object),
                    numerator.to_numpy(dtype=object))
    return _listed(code, ratio)


def _flags(df: pd.DataFrame, status: np.ndarray) -> list:
    """flags.flags_for for every row: stalled; recent_drop; deadline_passed ('' when none)."""
    sign = np.where(_text(df, "direction") == "down", -1.0, 1.0)
    v1, v2, v3 = (_floats(df, f"recent_value_{i}") for i in (1, 2, 3))
    tol = 1e-9 * np.fmax(1.0, np.abs(v3))
    stalled = (sign * (v2 - v3) <= tol) & (sign * (v1 - v2) <= tol)  # NaN compares False: not stalled
    change, typical = _floats(df, "latest_change"), _floats(df, "typical_change")
    away = -sign * change
    drop = (away > 0) & (away > typical + 1e-12 * np.fmax(1.0, np.abs(typical)))
    reference = _days(df, "reference_date")
    if "reference_date" not in df or df["reference_date"].dtype.kind != "M":  # None (not NaT) -> latest period
        reference = np.where(np.isnat(reference), _days(df, "latest_period"), reference)
    passed = _days(df, "deadline") < reference  # NaT compares False
    quiet = np.isin(status, list(QUIET_STATUSES))
    words = np.char.add(np.char.add(np.where(stalled, "stalled;", ""), np.where(drop, "recent_drop;", "")),
                        np.where(passed, "deadline_passed;", ""))
    words = np.char.rstrip(words.astype(str), ";")
    return np.where(quiet, "", words).tolist()


def rate_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Add the rated columns to rows from title_progress.sql (one rating per row)."""
    out = df.copy()
    if out.empty:
        for c in S.RATED_COLUMNS:
            out[c] = pd.Series(dtype="object")
        return out
    rated_df = pd.DataFrame(_rate(out), index=out.index)
    for c in rated_df.columns:
        out[c] = rated_df[c]
    reasons = [c for c in ("not_applicable_reason_zh", "not_applicable_reason_en") if c in out]
    if reasons:  # listed in data/catalog/not_applicable.csv: not rated
        na = out[reasons].notna().any(axis=1)
        if na.any():
            out.loc[na, "status"] = S.NOT_APPLICABLE
            for c in ("pace_ratio", "projected_date", "pace_needed_per_month", "reaches_by_deadline"):
                out[c] = out[c].astype(object)
                out.loc[na, c] = None
    status = out["status"].to_numpy(dtype=object)
    out["gap_units"] = _gap_units(out, status)
    out["gap_unit_measure"] = _gap_unit_measure(out)
    out["flags"] = _flags(out, status)
    return out


def title_rollup(rated: pd.DataFrame) -> pd.DataFrame:
    """One row per title (x area): indicators rated, met, counts per status, veto items failing,
    share met and the verdict (a failing veto item fails the title whatever its share).
    Not-applicable indicators are left out of every count and share (n_not_applicable says how
    many); n_tracked counts them all, indicators_in_standard is the standard's own count."""
    cols = ["title_code", "area_code"]
    if rated.empty:
        return pd.DataFrame()
    groups = rated.groupby(cols, sort=False)  # numbered in order of appearance; -1: a missing key
    gid = groups.ngroup().to_numpy()
    kept = gid >= 0
    n_groups = groups.ngroups
    status = rated["status"].to_numpy(dtype=object)
    rated_in = status != S.NOT_APPLICABLE
    veto = rated["is_veto"].astype(bool).to_numpy() & rated_in & (status != "met")

    def count(mask) -> list[int]:
        return np.bincount(gid[kept & mask], minlength=n_groups).tolist()

    _, first = np.unique(gid[kept], return_index=True)
    first = np.flatnonzero(kept)[first]  # each group's first row
    veto_codes = [[] for _ in range(n_groups)]
    for g, code in zip(gid[veto & kept], rated["indicator_code"].to_numpy(dtype=object)[veto & kept]):
        veto_codes[g].append(code)
    n, tracked, met, n_veto = count(rated_in), count(np.ones(len(rated), bool)), count(rated_in & (status == "met")), count(veto)
    out = {c: rated[c].to_numpy(dtype=object)[first].tolist() for c in cols}
    out.update(n_indicators=n, n_tracked=tracked, n_not_applicable=[t - k for t, k in zip(tracked, n)])
    if "indicators_in_standard" in rated:  # the group's first row's
        out["indicators_in_standard"] = [None if pd.isna(x) else int(x)
                                         for x in rated["indicators_in_standard"].to_numpy(dtype=object)[first]]
    else:
        out["indicators_in_standard"] = [None] * n_groups
    out.update(share_met=[m / k if k else 0.0 for m, k in zip(met, n)], n_veto_failing=n_veto,
               veto_failing_codes=[",".join(c) for c in veto_codes])
    for s in S.STATUSES:
        out[f"n_{s}"] = count(rated_in & (status == s))
    out["verdict"] = ["veto_failing" if v else "all_met" if k and m == k else "in_progress"
                      for v, m, k in zip(n_veto, met, n)]
    return pd.DataFrame(out)
