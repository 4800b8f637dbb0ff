"""`points list`: each ledger point with its open, overdue, found-in-90-days and repeat counts
(DESIGN.md "Points and field reports"). Pure pandas: frames in, frame out; the rules are the
problems report's own (cocreate.problems.report): `overdue_open` for overdue, `repeat_flags` for
repeats, never decided again here.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from cocreate.problems import report

COLUMNS = ["point_code", "name", "point_type", "area_code", "unit_code", "lat", "lon",
           "open", "overdue", "found_90d", "repeat_90d"]
OPEN = ("open", "returned")
WINDOW_DAYS = 90


def point_counts(points: pd.DataFrame, problems: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """One row per point (`points` from queries/points_ledger.sql), counts from `problems`
    (queries/problems_for_area.sql) on `today` (China time):
    open = status open or returned; overdue = of those, overdue at the end of today by
    report.overdue_open (deadline on or before today); found_90d = found in the 90 days
    today-89 .. today; repeat_90d = of those, flagged by report.repeat_flags (judged on every
    problem of the point, so a repeat of one found before the window counts)."""
    out = points[["point_code", "name", "point_type", "area_code", "unit_code", "lat", "lon"]].copy()
    if problems.empty:
        for col in COLUMNS[7:]:
            out[col] = 0
        return out[COLUMNS]
    df = report.prepare(problems)
    day = pd.Timestamp(today)
    is_open = df["status"].isin(OPEN)
    df["open"] = is_open
    df["overdue"] = is_open & report.overdue_open(df, today)
    recent = (df["found_date"] <= day) & (df["found_date"] > day - pd.Timedelta(days=WINDOW_DAYS))
    df["found_90d"] = recent
    df["repeat_90d"] = recent & report.repeat_flags(df)
    counts = df.groupby("point_code")[COLUMNS[7:]].sum().astype("int64")
    out = out.merge(counts, how="left", left_on="point_code", right_index=True)
    for col in COLUMNS[7:]:
        out[col] = out[col].fillna(0).astype("int64")
    return out[COLUMNS].reset_index(drop=True)


def points_list(con, area: str, today: dt.date | None = None) -> pd.DataFrame:
    """The ledger of `area` (a city: its districts' points) with its counts."""
    from cocreate.clock import china_today
    from cocreate.store import db
    points = db.run(con, "points_ledger", area=area)
    problems = db.run(con, "problems_for_area", area=area)
    return point_counts(points, problems, today or china_today())
