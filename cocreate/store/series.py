"""The `figure_series` table (schema_figures.sql): each series of complete figures with its state up to
every period (the next period, the last values and changes the flags read, the running least-squares
sums), kept in the same transaction as `figures` (cocreate.store.figures.refresh_figures calls it), so
title_progress.sql and ranking_items.sql read lookups instead of a window over each series.

    refresh_series(cur, dirty_sql, params=None, full=False)

By difference: a series' rows before the first period a write changed are unchanged (everything in
a row is about the series up to it), so only the rows from the last one before that period (its
next_period changes) are deleted and worked out again, reading the whole series once. A monthly file
rewrites two rows per series. `full` (a rebuild) works every row out in one pass (the running median
as a window, DuckDB only); otherwise the median of each rewritten row is a join over its series.
"""
from __future__ import annotations

from cocreate.store.db import is_postgres

COLUMNS = ("area_code, indicator_code, period, next_period, value, numerator, denominator, value_before_1, "
           "value_before_2, change, typical_change, first_period, first_value, n, sum_x, sum_xx, sum_y, sum_xy")
START_OF_TIME = "DATE '0001-01-01'"

# The series a write touched (indicator, area, first changed period) -> the first row to rewrite:
# the series' last stored row before that period, else the start of time (the whole series).
DIRTY = """
CREATE TEMP TABLE _ser_dirty AS
WITH touched AS ({touched})
SELECT t.indicator_code, t.area_code, coalesce(max(s.period), {start}) AS start
FROM touched t LEFT JOIN figure_series s
  ON s.indicator_code = t.indicator_code AND s.area_code = t.area_code AND s.period < t.from_period
GROUP BY t.indicator_code, t.area_code
"""
# DuckDB: the keys the figures refresh deleted and inserted (its temp tables _fig_dl, _fig_dr).
TOUCHED_DUCKDB = """SELECT indicator_code, area_code, min(period) AS from_period
    FROM (SELECT indicator_code, area_code, period FROM _fig_dl
          UNION ALL SELECT indicator_code, area_code, period FROM _fig_dr) k
    GROUP BY indicator_code, area_code"""
# PostgreSQL: every series of the areas the server's refresh recomputed, from the first touched period
# (a write at period p changes figures at p and later only: its own keys, the ratios and weighted
# means reading a measure as of p, the city roll-ups of those periods).
TOUCHED_PG = """SELECT indicator_code, area_code, CAST(%(from_period)s AS DATE) AS from_period
    FROM (SELECT indicator_code, area_code FROM figures WHERE area_code = ANY(%(areas)s)
          UNION SELECT indicator_code, area_code FROM figure_series WHERE area_code = ANY(%(areas)s)) k"""

DELETE = """
DELETE FROM figure_series s USING _ser_dirty d
WHERE s.indicator_code = d.indicator_code AND s.area_code = d.area_code AND s.period >= d.start
"""

INSERT = """
INSERT INTO figure_series ({columns})
WITH
points AS (
    SELECT f.indicator_code, f.area_code, f.period, f.value, f.numerator, f.denominator, d.start,
           lead(f.period) OVER s AS next_period,
           lag(f.value) OVER s AS value_before_1,
           lag(f.value, 2) OVER s AS value_before_2,
           first_value(f.period) OVER s AS first_period,
           first_value(f.value) OVER s AS first_value
    FROM figures f JOIN _ser_dirty d ON d.indicator_code = f.indicator_code AND d.area_code = f.area_code
    WHERE (f.areas_reported = f.areas_expected) IS TRUE
    WINDOW s AS (PARTITION BY f.indicator_code, f.area_code ORDER BY f.period)
),
xy AS (
    SELECT p.*, p.value - p.value_before_1 AS change,
           date_diff('day', p.first_period, p.period) AS x, p.value - p.first_value AS y
    FROM points p
),
running AS (
    SELECT xy.*, count(*) OVER c AS n, sum(x) OVER c AS sum_x, sum(x * x) OVER c AS sum_xx,
           sum(y) OVER c AS sum_y, sum(x * y) OVER c AS sum_xy{typical_window}
    FROM xy
    WINDOW c AS (PARTITION BY indicator_code, area_code ORDER BY period ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
){typical_cte}
SELECT r.area_code, r.indicator_code, r.period, r.next_period, r.value, r.numerator, r.denominator,
       r.value_before_1, r.value_before_2, r.change, {typical_column}, r.first_period, r.first_value,
       r.n, r.sum_x, r.sum_xx, r.sum_y, r.sum_xy
FROM running r{typical_join}
WHERE r.period >= r.start
ORDER BY r.area_code, r.indicator_code, r.period
"""
# the typical change (median |change| up to the row): one window over the series (a rebuild, DuckDB) ...
_WINDOW = dict(typical_window=", median(abs(change)) OVER c AS typical_change", typical_cte="",
               typical_column="r.typical_change", typical_join="")
# ... or, for the rewritten rows only, the median over their series' rows up to them
_JOIN = dict(typical_window="", typical_column="t.typical_change", typical_cte=""",
typical AS (
    SELECT a.indicator_code, a.area_code, a.period, median(abs(b.change)) AS typical_change
    FROM running a JOIN running b
      ON b.indicator_code = a.indicator_code AND b.area_code = a.area_code AND b.period <= a.period
    WHERE a.period >= a.start
    GROUP BY a.indicator_code, a.area_code, a.period
)""", typical_join="""
JOIN typical t ON t.indicator_code = r.indicator_code AND t.area_code = r.area_code AND t.period = r.period""")


def insert_sql(full: bool) -> str:
    return INSERT.format(columns=COLUMNS, **(_WINDOW if full else _JOIN))


def refresh_series_duckdb(cur, full: bool, scoped: bool = False) -> int:
    """After the DuckDB figures refresh, on its cursor: `full` rebuilds every series (of the cities in
    _fig_scope when `scoped`), else the series in its dirty keys (_fig_dl, _fig_dr) from their first
    changed period. Returns the rows written."""
    cur.execute("DROP TABLE IF EXISTS _ser_dirty")
    try:
        if full:
            where = " WHERE area_code IN (SELECT area_code FROM _fig_scope)" if scoped else ""
            cur.execute("DELETE FROM figure_series" + where)
            touched = ("SELECT DISTINCT indicator_code, area_code, " + START_OF_TIME + " AS from_period FROM figures"
                       + where)
        else:
            touched = TOUCHED_DUCKDB
        cur.execute(DIRTY.format(touched=touched, start=START_OF_TIME))
        if not full:
            cur.execute(DELETE)
        return int(cur.execute(insert_sql(full)).fetchone()[0])
    finally:
        cur.execute("DROP TABLE IF EXISTS _ser_dirty")


def refresh_series_postgres(cur, areas: list, from_period) -> int:
    """After the server's figures refresh of `areas` (whole cities), on its transaction: their series
    from `from_period` (None: whole). The median of each rewritten row is a join (no window median on
    PostgreSQL). Returns the rows written."""
    assert is_postgres(cur)
    cur.native("DROP TABLE IF EXISTS _ser_dirty")
    try:
        cur.native(DIRTY.format(touched=TOUCHED_PG, start=START_OF_TIME),
                   {"areas": list(areas), "from_period": from_period or "0001-01-01"})
        cur.execute(DELETE)
        cur.execute(insert_sql(False))
        return int(cur.native("SELECT count(*) FROM _ser_dirty").fetchone()[0])
    finally:
        cur.native("DROP TABLE IF EXISTS _ser_dirty")


def fill_if_missing(cur) -> bool:
    """A store made before figure_series existed (its schema just applied): work every series out
    once from `figures`, on the caller's transaction. True when it did."""
    if cur.execute("SELECT count(*) FROM figure_series").fetchone()[0]:
        return False
    if not cur.execute("SELECT count(*) FROM figures").fetchone()[0]:
        return False
    if is_postgres(cur):
        areas = [r[0] for r in cur.native("SELECT DISTINCT area_code FROM figures").fetchall()]
        refresh_series_postgres(cur, areas, None)
    else:
        refresh_series_duckdb(cur, full=True)
    return True
