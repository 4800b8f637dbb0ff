"""The unit report of DESIGN.md (fixed formulas), its ranking and red/black lists, escalation of
overdue problems, repeat hotspots and state counts. Pure pandas: frames in, frames out.

Input `problems` frame: problem_id, unit_code, area_code, point_code, category, found_date,
deadline, status, rectified_date (dates; NaT when empty).
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

STATUSES = ("open", "rectified", "verified", "returned")
CLOSED = ("rectified", "verified")          # the unit has put it right (the office may still check it)
REPEAT_WINDOW_DAYS = 30
REPORT_COLUMNS = ["unit_code", "found", "due", "rectified", "rectified_on_time", "overdue_open",
                  "oldest_overdue_days", "rate_pct", "on_time_pct", "repeat_pct", "rank", "list"]
COUNT_COLUMNS = ["found", "due", "rectified", "rectified_on_time", "overdue_open"]


def _ts(x) -> pd.Timestamp:
    return pd.Timestamp(x)


def prepare(problems: pd.DataFrame) -> pd.DataFrame:
    """Dates as Timestamps and `closed_date` = the rectified date of a rectified or verified
    problem (an open or returned problem is not put right, whatever date it once had)."""
    df = problems.copy()
    for col in ("found_date", "deadline", "rectified_date"):
        df[col] = pd.to_datetime(df[col]).astype("datetime64[ns]")
    df["closed_date"] = df["rectified_date"].where(df["status"].isin(CLOSED))
    return df


def repeat_flags(df: pd.DataFrame, window_days: int = REPEAT_WINDOW_DAYS) -> pd.Series:
    """True where the same point had a problem of the same category found in the `window_days`
    days before (the day itself excluded: two finds on one day are one visit, not a repeat)."""
    out = pd.Series(False, index=df.index)
    window = np.timedelta64(window_days, "D")
    for _, grp in df.groupby(["point_code", "category"], sort=False, dropna=False):
        if len(grp) < 2:
            continue
        dates = np.sort(grp["found_date"].to_numpy(dtype="datetime64[ns]"))
        f = grp["found_date"].to_numpy(dtype="datetime64[ns]")
        before = np.searchsorted(dates, f, side="left") - np.searchsorted(dates, f - window, side="left")
        out.loc[grp.index] = before > 0
    return out


def _pct(num: pd.Series, den: pd.Series) -> pd.Series:
    """100 * num / den (one division, so equal fractions give equal floats), empty when den = 0."""
    num, den = num.astype("float64"), den.astype("float64")
    return (100.0 * num / den).where(den > 0)


def competition_rank(keys: pd.DataFrame) -> pd.Series:
    """1 + the number of rows strictly better (keys sorted ascending = better first): 1, 2, 2, 4."""
    tuples = list(keys.itertuples(index=False, name=None))
    return pd.Series([1 + sum(o < k for o in tuples) for k in tuples], index=keys.index, dtype="Int64")


def unit_report(problems: pd.DataFrame, start, end, by: str = "unit") -> pd.DataFrame:
    """One row per unit (by="unit", column unit_code) or per district where the point lies
    (by="district", column area_code), ranked as DESIGN.md fixes it."""
    key = "unit_code" if by == "unit" else "area_code"
    s, e = _ts(start), _ts(end)
    df = prepare(problems)
    rep = repeat_flags(df)
    closed = df["closed_date"]
    found = df["found_date"].between(s, e)
    due = (df["deadline"] <= e) & ~(closed < s)
    rectified = due & (closed <= e)
    on_time = rectified & (closed <= df["deadline"])
    overdue_open = (df["found_date"] <= e) & ~(closed <= e) & (df["deadline"] <= e)
    flags = pd.DataFrame({
        key: df[key].astype(str), "found": found, "due": due, "rectified": rectified,
        "rectified_on_time": on_time, "overdue_open": overdue_open, "repeat": found & rep,
        "overdue_days": ((e - df["deadline"]).dt.days).where(overdue_open),
    })
    flags = flags[flags["found"] | flags["due"]]
    grouped = flags.groupby(key, sort=True)
    out = grouped[COUNT_COLUMNS + ["repeat"]].sum().astype("int64")
    out["oldest_overdue_days"] = grouped["overdue_days"].max().astype("Int64")
    out = out.reset_index()
    out["rate_pct"] = _pct(out["rectified"], out["due"])
    out["on_time_pct"] = _pct(out["rectified_on_time"], out["due"])
    out["repeat_pct"] = _pct(out["repeat"], out["found"])
    return rank_units(out.drop(columns="repeat"), key)


def rank_units(out: pd.DataFrame, key: str = "unit_code") -> pd.DataFrame:
    """rank by rate_pct desc, then on_time_pct desc, then overdue_open asc (competition ranking);
    list = red for the top 3 and black for the bottom 3 (top 1 / bottom 1 with fewer than 7 ranked);
    units with due = 0 are not ranked."""
    out = out.copy()
    ranked = out["due"] > 0
    keys = pd.DataFrame({"r": -out["rate_pct"], "o": -out["on_time_pct"], "v": out["overdue_open"]})[ranked]
    out["rank"] = pd.Series(pd.NA, index=out.index, dtype="Int64")
    out["list"] = ""
    if ranked.any():
        out.loc[ranked, "rank"] = competition_rank(keys)
        worst_first = competition_rank(-keys)
        k = 3 if int(ranked.sum()) >= 7 else 1
        red = out.loc[ranked, "rank"] <= k
        black = (worst_first <= k) & ~red
        out.loc[red[red].index, "list"] = "red"
        out.loc[black[black].index, "list"] = "black"
    out["_unranked"] = ~ranked
    out = out.sort_values(["_unranked", "rank", key], kind="stable").drop(columns="_unranked")
    cols = [key] + REPORT_COLUMNS[1:]
    return out[cols].reset_index(drop=True)


def with_trend(current: pd.DataFrame, previous: pd.DataFrame, key: str = "unit_code") -> pd.DataFrame:
    """The report plus the last period's rank and rate and a direction: up (better rank),
    down, same, or new (not ranked last time)."""
    prev = previous[[key, "rank", "rate_pct"]].rename(columns={"rank": "prev_rank", "rate_pct": "prev_rate_pct"})
    out = current.merge(prev, on=key, how="left")

    def direction(r):
        if pd.isna(r["rank"]):
            return ""
        if pd.isna(r["prev_rank"]):
            return "new"
        return "up" if r["rank"] < r["prev_rank"] else "down" if r["rank"] > r["prev_rank"] else "same"
    out["trend"] = [direction(r) for r in out.to_dict("records")]
    return out


def rounded(report: pd.DataFrame) -> pd.DataFrame:
    """Percentages to one decimal, as the report prints them."""
    out = report.copy()
    for col in ("rate_pct", "on_time_pct", "repeat_pct", "prev_rate_pct"):
        if col in out:
            out[col] = out[col].round(1)
    return out


def escalation(problems: pd.DataFrame, as_of, levels: pd.DataFrame) -> pd.DataFrame:
    """Problems open at `as_of` past their deadline, oldest overdue first, with days_overdue and
    the escalation level reached (levels: code, days_overdue; the highest threshold reached wins)."""
    a = _ts(as_of)
    df = prepare(problems)
    late = (df["found_date"] <= a) & ~(df["closed_date"] <= a) & (df["deadline"] < a)
    out = df[late].copy()
    out["days_overdue"] = (a - out["deadline"]).dt.days.astype("int64")
    lv = levels.sort_values("days_overdue")
    out["level"] = ""
    for r in lv.itertuples():
        out.loc[out["days_overdue"] >= int(r.days_overdue), "level"] = r.code
    return out.sort_values(["days_overdue", "problem_id"], ascending=[False, True]).reset_index(drop=True)


def hotspots(problems: pd.DataFrame, start, end, window_days: int = REPEAT_WINDOW_DAYS) -> pd.DataFrame:
    """One row per point x category with a repeat found in [start, end]: how many problems of
    that category the point had in the window, how many were repeats, the last one found."""
    s, e = _ts(start), _ts(end)
    df = prepare(problems)
    df["repeat"] = repeat_flags(df, window_days)
    inside = df[df["found_date"].between(s, e)]
    hot = inside[inside["repeat"]]
    if hot.empty:
        return pd.DataFrame(columns=["point_code", "category", "problems", "repeats", "last_found", "unit_code"])
    g = inside[inside.set_index(["point_code", "category"]).index.isin(
        hot.set_index(["point_code", "category"]).index)].groupby(["point_code", "category"])
    out = g.agg(problems=("problem_id", "size"), repeats=("repeat", "sum"), last_found=("found_date", "max"),
                unit_code=("unit_code", "last")).reset_index()
    return out.sort_values(["repeats", "problems", "last_found"], ascending=False).reset_index(drop=True)


AGE_BUCKETS = ((0, 7, "0_7"), (8, 15, "8_15"), (16, 30, "16_30"), (31, 10 ** 6, "31_plus"))


def state_counts(problems: pd.DataFrame, as_of) -> dict:
    """Counts by state at `as_of`: open within deadline, overdue, rectified (awaiting check),
    verified, returned; and not-closed problems by age since found (days)."""
    a = _ts(as_of)
    df = prepare(problems)
    df = df[df["found_date"] <= a]
    not_closed = ~df["status"].isin(CLOSED)
    overdue = not_closed & (df["deadline"] < a)
    counts = {"total": len(df), "overdue": int(overdue.sum()),
              "open": int((not_closed & ~overdue).sum()),
              "rectified": int((df["status"] == "rectified").sum()),
              "verified": int((df["status"] == "verified").sum()),
              "returned": int((df["status"] == "returned").sum())}
    age = (a - df.loc[not_closed, "found_date"]).dt.days
    counts["age"] = {name: int(age.between(lo, hi).sum()) for lo, hi, name in AGE_BUCKETS}
    return counts


def as_date(x) -> dt.date | None:
    return None if x is None or pd.isna(x) else pd.Timestamp(x).date()
