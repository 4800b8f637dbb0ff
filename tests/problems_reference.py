"""An independent reference for the rectification tests: the DESIGN.md counts written again as plain
SQL over the `problems` table (not through cocreate.problems.report), so a test compares the
product's figures with a second reading of the rule, never with the function under test.

The rule read here: a problem is overdue at the end of day D when it was found on or before D, was
not put right by the end of D (status rectified/verified with a rectified date on or before D), and
its deadline is on or before D."""
from __future__ import annotations

import datetime as dt

import pandas as pd

SCOPE = "area_code IN (SELECT code FROM areas WHERE code = ? OR parent_code = ?)"
PUT_RIGHT_BY = "(status IN ('rectified', 'verified') AND rectified_date <= ?)"


def overdue_rows(con, area: str, day: dt.date) -> pd.DataFrame:
    """problem_id, unit_code, area_code, days_overdue of the problems overdue at the end of `day`."""
    sql = (f"SELECT problem_id, unit_code, area_code, date_diff('day', deadline, ?::DATE) AS days_overdue "
           f"FROM problems WHERE {SCOPE} AND found_date <= ? AND deadline <= ? AND NOT {PUT_RIGHT_BY} "
           f"ORDER BY days_overdue DESC, problem_id")
    return con.execute(sql, [day, area, area, day, day, day]).df()


def unit_counts(con, area: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    """unit_code, found, due, rectified, overdue_open per unit listed in the report (found in the
    period or due in it), the DESIGN.md formulas read literally."""
    sql = f"""
        WITH p AS (SELECT * FROM problems WHERE {SCOPE}),
        f AS (
            SELECT unit_code,
                   found_date BETWEEN ? AND ? AS is_found,
                   deadline <= ? AND NOT (status IN ('rectified', 'verified') AND rectified_date < ?) AS is_due,
                   status IN ('rectified', 'verified') AND rectified_date <= ? AS put_right,
                   found_date <= ? AND deadline <= ? AND NOT {PUT_RIGHT_BY} AS is_overdue
            FROM p)
        SELECT unit_code, count(*) FILTER (WHERE is_found) AS found, count(*) FILTER (WHERE is_due) AS due,
               count(*) FILTER (WHERE is_due AND put_right) AS rectified,
               count(*) FILTER (WHERE is_overdue) AS overdue_open
        FROM f WHERE is_found OR is_due GROUP BY unit_code ORDER BY unit_code"""
    return con.execute(sql, [area, area, start, end, end, start, end, end, end, end]).df()
