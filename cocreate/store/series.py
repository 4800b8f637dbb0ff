"""The `figure_series` table (schema_figures.sql): each series of complete figures with its state up to
every period (the next period, the values and changes the flags read), kept in the same transaction
as `figures` (cocreate.store.figures.refresh_figures calls it), so title_progress.sql and
ranking_items.sql read lookups instead of a window over each series.

    refresh_series_duckdb(cur, full, scoped=False)     after the DuckDB figures refresh
    refresh_series_postgres(cur, areas=None, from_period=None)   after the server's figures refresh

By difference: everything in a row is about the series up to it, so the rows before the first period
a write changed stay. The last of them (the anchor) keeps its values and gets its new next period; the
rows from it on are deleted and worked out from the anchor and the new figures alone (a monthly file:
one new row per series). Only the typical change (the median |change| so far) reads the series' stored
changes: grouped for a series' last row, by a join for the rows before it; when a write rewrites most
of many series (DuckDB), those series are rebuilt whole instead. A rebuild (`full`, DuckDB) works every
row out in one ordered pass, the typical change as a running median (running_median.py).
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa

from cocreate.store import series_duckdb, series_middle, series_pg
from cocreate.store.engine import is_postgres
from cocreate.store.running_median import running_median

COLUMNS = ("area_code, indicator_code, period, next_period, value, numerator, denominator, value_before_1, "
           "value_before_2, change, typical_change, first_period")
START_OF_TIME = "DATE '0001-01-01'"

# The series a write touched (indicator, area, first changed period) -> its anchor: the series' last
# stored row before that period (else the start of time: the whole series is worked out again).
DIRTY = """
CREATE TEMP TABLE _ser_dirty AS
WITH touched AS ({touched})
SELECT t.indicator_code, t.area_code,
       coalesce(max(s.period) FILTER (WHERE s.period < t.from_period), {start}) AS start,
       count(s.period) FILTER (WHERE s.period < t.from_period) AS n_before,   -- the rows kept and the rows
       count(s.period) FILTER (WHERE s.period >= t.from_period) AS n_after    -- rewritten (as stored now)
FROM touched t LEFT JOIN figure_series s ON s.indicator_code = t.indicator_code AND s.area_code = t.area_code
GROUP BY t.indicator_code, t.area_code
"""
# PostgreSQL, whole areas (a build): every series of the areas the server's roll-up function recomputed.
TOUCHED_PG = """SELECT indicator_code, area_code, CAST(%(from_period)s AS DATE) AS from_period
    FROM (SELECT indicator_code, area_code FROM figures WHERE area_code = ANY(%(areas)s)
          UNION SELECT indicator_code, area_code FROM figure_series WHERE area_code = ANY(%(areas)s)) k"""
# PostgreSQL by difference: series_pg.py (the same temp tables, its own anchors and rebuild).

# The anchors as they are (their next period changes), before the rows from them on are deleted.
ANCHORS = """
CREATE TEMP TABLE _ser_anchor AS
SELECT s.* FROM figure_series s
JOIN _ser_dirty d ON d.indicator_code = s.indicator_code AND d.area_code = s.area_code AND s.period = d.start
"""
DELETE = """
DELETE FROM figure_series s USING _ser_dirty d
WHERE s.indicator_code = d.indicator_code AND s.area_code = d.area_code AND s.period >= d.start
"""
DELETE_WHOLE = """
DELETE FROM figure_series s USING _ser_dirty d
WHERE s.indicator_code = d.indicator_code AND s.area_code = d.area_code
"""

# The rows after each anchor: their own order gives the next period and the values before them (the
# first two take the anchor's); the typical change pools the series' stored changes up to the anchor
# with theirs. The anchor goes back with its next period: the first row after it (NULL: none). Not
# sorted: appended rows of a file span every area whatever their order (sorting cost 70 ms a month).
INSERT_AFTER_ANCHOR = """
INSERT INTO figure_series ({columns})
WITH
fresh AS (
    SELECT f.indicator_code, f.area_code, f.period, f.value, f.numerator, f.denominator, d.start,
           lead(f.period) OVER s AS next_period,
           lag(f.value) OVER s AS lag_1,
           lag(f.value, 2) OVER s AS lag_2,
           row_number() OVER s AS k,
           first_value(f.period) OVER s AS fresh_first
    FROM figures f JOIN _ser_dirty d ON d.indicator_code = f.indicator_code AND d.area_code = f.area_code
    WHERE f.period > d.start AND (f.areas_reported = f.areas_expected) IS TRUE
    WINDOW s AS (PARTITION BY f.indicator_code, f.area_code ORDER BY f.period)
),
changed AS (
    SELECT x.indicator_code, x.area_code, x.period, x.next_period, x.value, x.numerator, x.denominator,
           CASE WHEN x.k = 1 THEN a.value ELSE x.lag_1 END AS value_before_1,
           CASE WHEN x.k = 1 THEN a.value_before_1 WHEN x.k = 2 THEN a.value ELSE x.lag_2 END AS value_before_2,
           x.value - CASE WHEN x.k = 1 THEN a.value ELSE x.lag_1 END AS change,
           coalesce(a.first_period, x.fresh_first) AS first_period
    FROM fresh x LEFT JOIN _ser_anchor a ON a.indicator_code = x.indicator_code AND a.area_code = x.area_code
),
pool AS (
    SELECT s.indicator_code, s.area_code, s.period, s.change
    FROM figure_series s JOIN _ser_dirty d ON d.indicator_code = s.indicator_code AND d.area_code = s.area_code
    UNION ALL
    SELECT indicator_code, area_code, period, change FROM _ser_anchor
    UNION ALL
    SELECT indicator_code, area_code, period, change FROM changed
),
{typical}firsts AS (
    SELECT indicator_code, area_code, min(period) AS next_period FROM fresh GROUP BY indicator_code, area_code
)
SELECT c.area_code, c.indicator_code, c.period, c.next_period, c.value, c.numerator, c.denominator,
       c.value_before_1, c.value_before_2, c.change, t.typical_change, c.first_period
FROM changed c JOIN typical t ON t.indicator_code = c.indicator_code AND t.area_code = c.area_code AND t.period = c.period
UNION ALL
SELECT a.area_code, a.indicator_code, a.period, n.next_period, a.value, a.numerator, a.denominator,
       a.value_before_1, a.value_before_2, a.change, a.typical_change, a.first_period
FROM _ser_anchor a LEFT JOIN firsts n ON n.indicator_code = a.indicator_code AND n.area_code = a.area_code
"""

# The typical change of each new row (PostgreSQL; DuckDB: series_middle.py): each series' last row reads
# its stored changes by one index range scan of figure_series_by_area_change (the rows before the anchor; the rest are deleted by then) with the anchor's and
# the new rows' changes, and takes their median in memory: grouping the whole pool sorted 4.3M rows on
# disk for a monthly file (13 s on the province tier).
TYPICAL_PG = """typical AS (
    SELECT c.indicator_code, c.area_code, c.period,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(p.change)) AS typical_change
    FROM changed c JOIN pool p
      ON p.indicator_code = c.indicator_code AND p.area_code = c.area_code AND p.period <= c.period
    WHERE c.next_period IS NOT NULL
    GROUP BY c.indicator_code, c.area_code, c.period
    UNION ALL
    SELECT n.indicator_code, n.area_code, n.period, m.typical_change
    FROM (SELECT c.indicator_code, c.area_code, max(c.period) AS period, array_agg(c.change) AS changes,
                 min(a.change) AS anchor_change
          FROM changed c LEFT JOIN _ser_anchor a ON a.indicator_code = c.indicator_code AND a.area_code = c.area_code
          GROUP BY c.area_code, c.indicator_code
          ORDER BY c.area_code, c.indicator_code) n      -- the index's order: its pages read in turn
    CROSS JOIN LATERAL (
        SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(x.change)) AS typical_change
        FROM (SELECT s.change FROM figure_series s
              WHERE s.area_code = n.area_code AND s.indicator_code = n.indicator_code
              UNION ALL SELECT n.anchor_change
              UNION ALL SELECT unnest(n.changes)) x) m
),
"""
# the join's pairs (each new row x the series' rows up to it) over the series' rows beyond which a rebuild
# of the touched series is cheaper (measured on the province tier: a monthly file ~1 pair per row, join;
# 200,000 random rows ~45, rebuild)
REBUILD_FROM_PAIRS_PER_ROW = 20


# A rebuild (DuckDB): every row in one ordered pass per series, kept in series order; the typical
# change is then the running median of each series' |change| (running_median.py: what the window
# `median(abs(change)) OVER (... ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)` returns, bit for bit,
# in a third to a half of its time), set beside the rows by position.
REBUILD_ROWS = """
CREATE TEMP TABLE _ser_rows AS
SELECT f.area_code, f.indicator_code, f.period, f.value, f.numerator, f.denominator,
       lead(f.period) OVER s AS next_period,
       lag(f.value) OVER s AS value_before_1,
       lag(f.value, 2) OVER s AS value_before_2,
       f.value - lag(f.value) OVER s AS change,
       first_value(f.period) OVER s AS first_period
FROM figures f
WHERE (f.areas_reported = f.areas_expected) IS TRUE{scope}
WINDOW s AS (PARTITION BY f.indicator_code, f.area_code ORDER BY f.period)
ORDER BY f.area_code, f.indicator_code, f.period
"""
INSERT_REBUILT = """
INSERT INTO figure_series ({columns})
SELECT r.area_code, r.indicator_code, r.period, r.next_period, r.value, r.numerator, r.denominator,
       r.value_before_1, r.value_before_2, r.change, t.typical_change, r.first_period
FROM _ser_rows r POSITIONAL JOIN _ser_typical t
"""
TEMP_TABLES = ("_ser_dirty", "_ser_anchor", "_ser_rows")
_SCOPE = " AND f.area_code IN (SELECT area_code FROM _fig_scope)"


def _rebuild(cur, scope: str = "") -> int:
    """DuckDB: insert every row of the series of complete figures (within `scope`, a condition on f)."""
    cur.execute("DROP TABLE IF EXISTS _ser_rows")
    cur.execute(REBUILD_ROWS.format(scope=scope))
    # read in the table's (insertion) order, the order POSITIONAL JOIN pairs the rows in
    got = cur.execute("SELECT abs(change) AS a, change IS NULL AS n, period = first_period AS f FROM _ser_rows"
                      ).fetchnumpy()
    median, empty = running_median(got["f"], np.ma.getdata(got["a"]), np.ma.getdata(got["n"]))
    cur.register("_ser_typical", pa.table({"typical_change": pa.array(median, mask=empty)}))
    try:
        return int(cur.execute(INSERT_REBUILT.format(columns=COLUMNS)).fetchone()[0])
    finally:
        cur.unregister("_ser_typical")
        cur.execute("DROP TABLE IF EXISTS _ser_rows")


def _by_difference(cur) -> int:
    """PostgreSQL, given _ser_dirty: keep the anchors, delete the rows from them on, insert them again
    (DuckDB works by difference in series_duckdb.py)."""
    cur.execute(ANCHORS)
    cur.execute(DELETE)
    return cur.native(INSERT_AFTER_ANCHOR.format(columns=COLUMNS, typical=TYPICAL_PG)).rowcount


def refresh_series_duckdb(cur, full: bool, scoped: bool = False) -> int:
    """After the DuckDB figures refresh, on its cursor: `full` rebuilds every series (of the cities in
    _fig_scope when `scoped`), else the series of its dirty keys (_fig_dl, _fig_dr) from their first
    changed period (series_duckdb.py). Returns the rows written."""
    if full:
        cur.execute("DELETE FROM figure_series" + (" WHERE area_code IN (SELECT area_code FROM _fig_scope)"
                                                   if scoped else ""))
        written = _rebuild(cur, _SCOPE if scoped else "")
        series_middle.rebuild(cur, "s.area_code IN (SELECT area_code FROM _fig_scope)" if scoped else "")
        return written
    return series_duckdb.refresh_by_difference(cur, _rebuild, REBUILD_FROM_PAIRS_PER_ROW)


def refresh_series_postgres(cur, areas: list | None = None, from_period=None) -> int:
    """After the server's figures refresh, on its transaction: by difference (`areas` None), the series
    of its dirty keys (_fig_dl, _fig_dr) from their first changed period (whole when the write rewrites
    most of them: series_pg.rebuild_instead); else every series of `areas`
    (whole cities) from `from_period` (None: whole)."""
    assert is_postgres(cur)
    for table in TEMP_TABLES:
        cur.native("DROP TABLE IF EXISTS " + table)
    try:
        if areas is None:
            series_pg.dirty(cur)
            if series_pg.rebuild_instead(cur):
                return series_pg.rebuild(cur, COLUMNS)
        else:
            cur.native(DIRTY.format(touched=TOUCHED_PG, start=START_OF_TIME),
                       {"areas": list(areas), "from_period": from_period or "0001-01-01"})
        return _by_difference(cur)
    finally:
        for table in TEMP_TABLES:
            cur.native("DROP TABLE IF EXISTS " + table)


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
