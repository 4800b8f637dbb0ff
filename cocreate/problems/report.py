"""The unit report of DESIGN.md (fixed formulas), its ranking and red/black lists, escalation of
overdue problems, repeat hotspots and state counts. Pure pandas: frames in, frames out.

Input `problems` frame: problem_id, unit_code, area_code, point_code, category, found_date,
deadline, status, rectified_date, optionally verified_date (dates; NaT when empty).

"Overdue" (逾期未改) has ONE definition, `overdue_open(df, day)`: the card, the unit table's
`overdue_open`, the escalation list, the notice and `problems report` all call it.
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
    if "verified_date" not in df:
        df["verified_date"] = pd.NaT
    for col in ("found_date", "deadline", "rectified_date", "verified_date"):
        df[col] = pd.to_datetime(df[col]).astype("datetime64[ns]")
    df["closed_date"] = df["rectified_date"].where(df["status"].isin(CLOSED))
    return df


def open_at(df: pd.DataFrame, day) -> pd.Series:
    """Open at the end of day D (`df` from `prepare`): found on or before D and not put right by the
    end of D, i.e. no `closed_date` on or before D. A problem put right after D was open at D; a
    returned problem (sent back) is open whatever date it once had."""
    d = _ts(day)
    return (df["found_date"] <= d) & ~(df["closed_date"] <= d)


def overdue_open(df: pd.DataFrame, day) -> pd.Series:
    """THE rule for "overdue" (逾期未改) at the end of day D, for `df` from `prepare`: open at the
    end of D (`open_at`) and its deadline on or before D.

    Why "on or before": the deadline is the last day allowed; once that day is over and the problem
    is not put right it is overdue. This is DESIGN.md's `overdue_open` ("open at the period's end
    past their deadline") with D = the period's last day, and it keeps the report's columns whole:
    a problem found by D with its deadline on or before D is `due` unless put right before the
    period started, so for every unit `overdue_open = due - rectified`. Its days overdue at D are
    D - deadline (0 for a deadline on D itself), as `oldest_overdue_days` and `escalation` count."""
    return open_at(df, day) & (df["deadline"] <= _ts(day))


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
    overdue = overdue_open(df, e)
    flags = pd.DataFrame({
        key: df[key].astype(str), "found": found, "due": due, "rectified": rectified,
        "rectified_on_time": on_time, "overdue_open": overdue, "repeat": found & rep,
        "overdue_days": ((e - df["deadline"]).dt.days).where(overdue),
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


def list_size(n_ranked: int) -> int:
    """How many places the red (and the black) list takes: 3 with 7 or more ranked units, else 1.
    Ties at the edge all go on the list, so a list may hold more units than places."""
    return 3 if n_ranked >= 7 else 1


def rank_units(out: pd.DataFrame, key: str = "unit_code") -> pd.DataFrame:
    """rank by rate_pct desc, then on_time_pct desc, then overdue_open asc (competition ranking);
    list = red for ranks 1..k and black for ranks 1..k counted from the bottom (k = `list_size`:
    3, or 1 with fewer than 7 ranked; tied units share a rank, so all of them are listed);
    units with due = 0 are not ranked."""
    out = out.copy()
    ranked = out["due"] > 0
    keys = pd.DataFrame({"r": -out["rate_pct"], "o": -out["on_time_pct"], "v": out["overdue_open"]})[ranked]
    out["rank"] = pd.Series(pd.NA, index=out.index, dtype="Int64")
    out["list"] = ""
    if ranked.any():
        out.loc[ranked, "rank"] = competition_rank(keys)
        worst_first = competition_rank(-keys)
        k = list_size(int(ranked.sum()))
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
    """The problems overdue at the end of day `as_of` (`overdue_open`), oldest overdue first, with
    days_overdue (as_of - deadline, 0 for a deadline on that day) and the escalation level reached
    (levels: code, days_overdue; the highest threshold reached wins, none below the lowest)."""
    a = _ts(as_of)
    df = prepare(problems)
    out = df[overdue_open(df, a)].copy()
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
    """Each problem found by the end of day `as_of` in exactly one state at that moment, by dates,
    not by today's status: `overdue` (`overdue_open`), `open` (open at the end of the day,
    `open_at`, deadline still ahead), `rectified` (put right by then, not verified by then),
    `verified` (verified on or before that day); total = the four. And the problems open then by
    days since found. A returned problem counts as open or overdue (it is not put right)."""
    a = _ts(as_of)
    df = prepare(problems)
    df = df[df["found_date"] <= a]
    is_open = open_at(df, a)
    overdue = overdue_open(df, a)
    verified = ~is_open & (df["status"] == "verified") & ~(df["verified_date"] > a)   # no date: trust the status
    counts = {"total": len(df), "overdue": int(overdue.sum()), "open": int((is_open & ~overdue).sum()),
              "rectified": int((~is_open & ~verified).sum()), "verified": int(verified.sum())}
    age = (a - df.loc[is_open, "found_date"]).dt.days
    counts["age"] = {name: int(age.between(lo, hi).sum()) for lo, hi, name in AGE_BUCKETS}
    return counts


def as_date(x) -> dt.date | None:
    return None if x is None or pd.isna(x) else pd.Timestamp(x).date()
