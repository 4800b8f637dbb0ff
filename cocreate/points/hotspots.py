"""The map of points (一张图, issue 21 item 5): each point's state and size, and the hotspots.
Pure pandas: frames in, frames out. The counts are `points list`'s own (cocreate.points.ledger
`point_counts`, which uses the problems report's rules); nothing here decides "overdue" or "repeat"
again: a point's state is read from those counts.

- state (one per point, the first that holds): `overdue` (overdue > 0), `open` (open > 0),
  `repeat` (repeat_90d > 0: a problem found in the 90 days was a repeat), else `clear`.
- size: the problems found at the point in the chosen period (found_date in [start, end]).
- heat: problems found in a window, counted by point type x weekday (Monday 0 .. Sunday 6) x category.
- most repeats: the points with a repeat in the 90 days, most repeats first.
"""
from __future__ import annotations

import pandas as pd

STATES = ("overdue", "open", "repeat", "clear")      # the order a point's state is decided and drawn
WEEKDAYS = tuple(range(7))                          # Monday 0 .. Sunday 6 (datetime's weekday)
HEAT_COLUMNS = ["point_type", "weekday", "category", "problems"]


def point_state(counts: pd.DataFrame) -> pd.Series:
    """The state of each row of `point_counts` (columns open, overdue, repeat_90d)."""
    state = pd.Series("clear", index=counts.index, dtype="object")
    state[counts["repeat_90d"] > 0] = "repeat"
    state[counts["open"] > 0] = "open"
    state[counts["overdue"] > 0] = "overdue"
    return state


def found_in(problems: pd.DataFrame, start, end) -> pd.Series:
    """Problems found in [start, end] per point_code (points with none are absent)."""
    if problems.empty:
        return pd.Series(dtype="int64", name="found_period")
    found = pd.to_datetime(problems["found_date"])
    inside = problems[found.between(pd.Timestamp(start), pd.Timestamp(end))]
    return inside.groupby("point_code").size().astype("int64").rename("found_period")


def map_frame(counts: pd.DataFrame, problems: pd.DataFrame, start, end) -> pd.DataFrame:
    """`counts` (ledger.point_counts) plus `state` and `found_period` (the size on the map)."""
    out = counts.copy()
    out["state"] = point_state(out)
    n = found_in(problems, start, end)
    out["found_period"] = out["point_code"].map(n).fillna(0).astype("int64")
    return out


def heat(problems: pd.DataFrame, points: pd.DataFrame, start, end) -> pd.DataFrame:
    """Problems found in [start, end] at the ledger's points, one row per point type x weekday x
    category that has any (columns point_type, weekday, category, problems). The point type is the
    ledger's (`points`: point_code, point_type); problems at no ledger point are left out."""
    if problems.empty or points.empty:
        return pd.DataFrame(columns=HEAT_COLUMNS)
    df = problems[["point_code", "category", "found_date"]].copy()
    df["found_date"] = pd.to_datetime(df["found_date"])
    df = df[df["found_date"].between(pd.Timestamp(start), pd.Timestamp(end))]
    df = df.merge(points[["point_code", "point_type"]], on="point_code", how="inner")
    if df.empty:
        return pd.DataFrame(columns=HEAT_COLUMNS)
    df["weekday"] = df["found_date"].dt.day_of_week.astype("int64")
    out = df.groupby(["point_type", "weekday", "category"]).size().rename("problems").reset_index()
    out["problems"] = out["problems"].astype("int64")
    return out.sort_values(["problems", "point_type", "weekday", "category"],
                           ascending=[False, True, True, True]).reset_index(drop=True)


def heat_matrix(table: pd.DataFrame, category: str | None = None, point_types=None) -> pd.DataFrame:
    """Point type (rows) x weekday 0..6 (columns) of `heat`, for one category or all (None);
    `point_types` fixes the rows' order (those absent from the table get zeros)."""
    rows = list(point_types) if point_types is not None else sorted(set(table["point_type"]))
    sub = table if category is None else table[table["category"] == category]
    m = sub.pivot_table(index="point_type", columns="weekday", values="problems", aggfunc="sum", fill_value=0)
    return m.reindex(index=rows, columns=list(WEEKDAYS), fill_value=0).fillna(0).astype("int64")


def most_repeats(counts: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """The points with repeat_90d > 0, most repeats first, then most found in 90 days, then code."""
    out = counts[counts["repeat_90d"] > 0].sort_values(
        ["repeat_90d", "found_90d", "point_code"], ascending=[False, False, True]).reset_index(drop=True)
    return out.head(limit) if limit else out


def point_problems(problems: pd.DataFrame, point_code: str) -> pd.DataFrame:
    """A point's problems, newest found first (its history on the card)."""
    mine = problems[problems["point_code"] == point_code].copy()
    mine["_f"] = pd.to_datetime(mine["found_date"])
    return mine.sort_values(["_f", "problem_id"], ascending=[False, False]).drop(columns="_f").reset_index(drop=True)
