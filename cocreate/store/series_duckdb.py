"""`figure_series` kept by difference on DuckDB (cocreate.store.series.refresh_series_duckdb calls it
after the figures refresh), with work proportional to the file, not to the series behind it:

  _ser_touched  the series the refresh rewrote, from their first changed period (_fig_dl, _fig_dr)
  _ser_tail     the series whose kept end (series_middle.py) names the anchor (the last row before that
                period): a write at the series' latest period or after it (a monthly file); no read of
                figure_series for them
  _ser_dirty    per series: the anchor (start), the rows after and before it, the latest stored row;
                the other series' by one grouped join with figure_series, as before
  _ser_cand     the other series' stored rows from the anchor on (row id, key, change)
  _ser_changed  the new rows after each anchor, worked out from the anchor and the new figures alone
Then the rows after the anchors go (by row id), each anchor gets its new next period in place, and the
new rows go in with their typical change: from the series' kept middle (series_middle.py) where one
row at most leaves and one joins the series' end (a monthly file), else from its stored changes, as
before. When the new rows would be many per series, the touched series are rebuilt whole instead.
"""
from __future__ import annotations

from cocreate.store import series_middle

TOUCHED = """
CREATE TEMP TABLE _ser_touched AS
SELECT indicator_code, area_code, min(period) AS from_period
FROM (SELECT indicator_code, area_code, period FROM _fig_dl
      UNION ALL SELECT indicator_code, area_code, period FROM _fig_dr)
GROUP BY indicator_code, area_code
"""
# The series whose kept end (series_middle.py) names their anchor: a write from after their latest row
# (the anchor is that row) or at it (the anchor is the row before); the rest are looked up in the table.
TAIL = """
CREATE TEMP TABLE _ser_tail AS
SELECT t.indicator_code, t.area_code, t.from_period = m.upto AS at_latest, m.* EXCLUDE (indicator_code, area_code)
FROM _ser_touched t JOIN kept.series_end m ON m.indicator_code = t.indicator_code AND m.area_code = t.area_code
WHERE t.from_period > m.upto OR (t.from_period = m.upto AND m.prev IS NOT NULL)
"""
REST = """
CREATE TEMP TABLE _ser_rest AS
SELECT * FROM _ser_touched t
ANTI JOIN _ser_tail k ON k.indicator_code = t.indicator_code AND k.area_code = t.area_code
"""
# Per series the anchor, the rows after it and before it (the whole-series rebuild is chosen from
# them): the tail series from their kept end (the rows before: its changes, and the latest row when a
# file comes after it), the rest by one grouped join with figure_series.
DIRTY = """
CREATE TEMP TABLE _ser_dirty AS
SELECT k.indicator_code, k.area_code, CASE WHEN k.at_latest THEN k.prev ELSE k.upto END AS start,
       CASE WHEN k.at_latest THEN 1 ELSE 0 END AS n_after, k.n + CASE WHEN k.at_latest THEN 0 ELSE 1 END AS n_before,
       k.upto AS latest, true AS tail
FROM _ser_tail k
"""
DIRTY_REST = """
INSERT INTO _ser_dirty
SELECT t.indicator_code, t.area_code,
       coalesce(max(s.period) FILTER (WHERE s.period < t.from_period), DATE '0001-01-01'),
       count(s.period) FILTER (WHERE s.period >= t.from_period),
       count(s.period) FILTER (WHERE s.period < t.from_period),
       max(s.period), false
FROM _ser_rest t
LEFT JOIN figure_series s ON s.indicator_code = t.indicator_code AND s.area_code = t.area_code
GROUP BY t.indicator_code, t.area_code
"""
# the rest's stored rows from the anchor on (row id, key, change), after the choice to work by difference
CAND = """
CREATE TEMP TABLE _ser_cand AS
SELECT s.rowid AS rid, s.indicator_code, s.area_code, s.period, s.next_period, s.change
FROM figure_series s
JOIN _ser_dirty d ON d.indicator_code = s.indicator_code AND d.area_code = s.area_code AND s.period >= d.start
WHERE NOT d.tail
"""
# the anchors: of the rest, whole rows fetched by row id (a scan of every column of figure_series);
# of the tail series, from their kept end
ANCHOR_TAIL = """
CREATE TEMP TABLE _ser_anchor AS
SELECT NULL::BIGINT AS rid, indicator_code, area_code, CASE WHEN at_latest THEN prev ELSE upto END AS period,
       CASE WHEN at_latest THEN upto END AS next_period, CASE WHEN at_latest THEN up_before_1 ELSE up_value END AS value,
       CASE WHEN at_latest THEN prev_before_1 ELSE up_before_1 END AS value_before_1, first_period
FROM _ser_tail
"""
ANCHOR_ROWS = """
INSERT INTO _ser_anchor
SELECT s.rowid, s.indicator_code, s.area_code, s.period, s.next_period, s.value, s.value_before_1, s.first_period
FROM figure_series s
WHERE s.rowid IN (SELECT c.rid FROM _ser_cand c JOIN _ser_dirty d
                  ON d.indicator_code = c.indicator_code AND d.area_code = c.area_code AND c.period = d.start)
"""
# the stored rows after the anchors, which the write replaces
GONE = """
CREATE TEMP TABLE _ser_gone AS
SELECT c.rid, c.indicator_code, c.area_code, c.period, c.change
FROM _ser_cand c JOIN _ser_dirty d ON d.indicator_code = c.indicator_code AND d.area_code = c.area_code
WHERE c.period > d.start
UNION ALL
SELECT NULL, indicator_code, area_code, upto, up_change FROM _ser_tail WHERE at_latest
"""
# the new rows: their own order gives the next period and the values before them (the first two take
# the anchor's); a series' one new row (a monthly file) needs no window
FRESH = """
CREATE TEMP TABLE _ser_fresh AS
SELECT f.indicator_code, f.area_code, f.period, f.value, f.numerator, f.denominator
FROM figures f JOIN _ser_dirty d ON d.indicator_code = f.indicator_code AND d.area_code = f.area_code
WHERE f.period > d.start AND (f.areas_reported = f.areas_expected) IS TRUE
"""
ORDERED = """
SELECT f.*, lead(f.period) OVER s AS next_period, lag(f.value) OVER s AS lag_1, lag(f.value, 2) OVER s AS lag_2,
       row_number() OVER s AS k, first_value(f.period) OVER s AS fresh_first
FROM _ser_fresh f
WINDOW s AS (PARTITION BY f.indicator_code, f.area_code ORDER BY f.period)
"""
ALONE = """
SELECT f.*, NULL::DATE AS next_period, NULL::DOUBLE AS lag_1, NULL::DOUBLE AS lag_2, 1 AS k, f.period AS fresh_first
FROM _ser_fresh f
"""
CHANGED = """
CREATE TEMP TABLE _ser_changed AS
SELECT x.indicator_code, x.area_code, x.period, x.next_period, x.value, x.numerator, x.denominator,
       CASE WHEN x.k = 1 THEN a.value ELSE x.lag_1 END AS value_before_1,
       CASE WHEN x.k = 1 THEN a.value_before_1 WHEN x.k = 2 THEN a.value ELSE x.lag_2 END AS value_before_2,
       x.value - CASE WHEN x.k = 1 THEN a.value ELSE x.lag_1 END AS change,
       coalesce(a.first_period, x.fresh_first) AS first_period
FROM ({fresh}) x LEFT JOIN _ser_anchor a ON a.indicator_code = x.indicator_code AND a.area_code = x.area_code
"""
ONE_PER_SERIES = "SELECT count(*) = count(DISTINCT (indicator_code, area_code)) FROM _ser_fresh"
DELETE_AFTER = "DELETE FROM figure_series WHERE rowid IN (SELECT rid FROM _ser_gone WHERE rid IS NOT NULL)"
DELETE_TAIL = """
DELETE FROM figure_series s USING (SELECT * FROM _ser_gone WHERE rid IS NULL) g
WHERE s.next_period IS NULL   -- a series' latest row: the scan keeps these before the join
  AND s.indicator_code = g.indicator_code AND s.area_code = g.area_code AND s.period = g.period
"""
# each anchor's next period: the first new row's (NULL: none)
REPOINT = """
CREATE TEMP TABLE _ser_repoint AS
SELECT a.rid, a.indicator_code, a.area_code, a.period, f.next_period
FROM _ser_anchor a
LEFT JOIN (SELECT indicator_code, area_code, min(period) AS next_period FROM _ser_changed
           GROUP BY indicator_code, area_code) f
  ON f.indicator_code = a.indicator_code AND f.area_code = a.area_code
WHERE a.next_period IS DISTINCT FROM f.next_period
"""
REPOINT_ROWS = """
UPDATE figure_series SET next_period = n.next_period FROM (SELECT * FROM _ser_repoint WHERE rid IS NOT NULL) n
WHERE figure_series.rowid = n.rid
"""
REPOINT_TAIL = """
UPDATE figure_series s SET next_period = n.next_period FROM (SELECT * FROM _ser_repoint WHERE rid IS NULL) n
WHERE s.indicator_code = n.indicator_code AND s.area_code = n.area_code AND s.period = n.period
"""
# The typical change of the new rows of the series the kept middle does not serve: the series' stored
# changes (after the delete: up to the anchor) pooled with the new ones; its last row grouped, the
# rows before it by a join with the changes up to them.
TYPICAL_UNSERVED = """
CREATE TEMP TABLE _ser_typical AS
WITH
changed AS (SELECT c.* FROM _ser_changed c
            SEMI JOIN _ser_unserved u ON u.indicator_code = c.indicator_code AND u.area_code = c.area_code),
pool AS (
    SELECT s.indicator_code, s.area_code, s.period, s.change
    FROM figure_series s SEMI JOIN _ser_unserved u ON u.indicator_code = s.indicator_code AND u.area_code = s.area_code
    UNION ALL
    SELECT indicator_code, area_code, period, change FROM changed
)
SELECT c.indicator_code, c.area_code, c.period, median(abs(p.change)) AS typical_change
FROM changed c JOIN pool p
  ON p.indicator_code = c.indicator_code AND p.area_code = c.area_code AND p.period <= c.period
WHERE c.next_period IS NOT NULL
GROUP BY c.indicator_code, c.area_code, c.period
UNION ALL
SELECT indicator_code, area_code, max(period) AS period, median(abs(change)) AS typical_change
FROM pool GROUP BY indicator_code, area_code
"""
TYPICAL_NONE = """CREATE TEMP TABLE _ser_typical (indicator_code VARCHAR, area_code VARCHAR, period DATE,
    typical_change DOUBLE)"""
TYPICAL_SERVED = """INSERT INTO _ser_typical
    SELECT indicator_code, area_code, new_period, typical_change FROM _ser_mid WHERE new_period IS NOT NULL"""
INSERT = """
INSERT INTO figure_series (area_code, indicator_code, period, next_period, value, numerator, denominator,
                           value_before_1, value_before_2, change, typical_change, first_period)
SELECT c.area_code, c.indicator_code, c.period, c.next_period, c.value, c.numerator, c.denominator,
       c.value_before_1, c.value_before_2, c.change, t.typical_change, c.first_period
FROM _ser_changed c
JOIN _ser_typical t ON t.indicator_code = c.indicator_code AND t.area_code = c.area_code AND t.period = c.period
"""
DELETE_WHOLE = """
DELETE FROM figure_series s USING _ser_dirty d
WHERE s.indicator_code = d.indicator_code AND s.area_code = d.area_code
"""
DIRTY_SCOPE = (" AND EXISTS (SELECT 1 FROM _ser_dirty d WHERE d.indicator_code = f.indicator_code"
               " AND d.area_code = f.area_code)")
TEMP_TABLES = ("_ser_touched", "_ser_tail", "_ser_rest", "_ser_gone", "_ser_repoint", "_ser_cand", "_ser_dirty", "_ser_anchor", "_ser_fresh", "_ser_changed", "_ser_typical",
               "_ser_rows") + series_middle.TEMP_TABLES


def _count(cur, table: str) -> int:
    return int(cur.execute("SELECT count(*) FROM " + table).fetchone()[0])


def _rebuild_instead(cur, pairs_per_row: float) -> bool:
    """The join's work for the rows before each series' last (new rows x the rows before them) against
    a rebuild's (every row of the series)."""
    after, before, n_series = cur.execute("SELECT sum(n_after), sum(n_before), count(*) FROM _ser_dirty").fetchone()
    if not n_series or after is None:
        return False
    pairs = after * (before + after / 2) / n_series
    return pairs > pairs_per_row * (before + after)


def refresh_by_difference(cur, rebuild, pairs_per_row: float) -> int:
    """The series of the figures refresh's dirty keys (_fig_dl, _fig_dr) from their first changed period.
    `rebuild(cur, scope)`: series.py's whole-series rebuild; `pairs_per_row`: its threshold. Returns the
    rows written."""
    for table in TEMP_TABLES:
        cur.execute("DROP TABLE IF EXISTS " + table)
    try:
        cur.execute(TOUCHED)
        if not _count(cur, "_ser_touched"):
            return 0
        series_middle.ensure(cur)
        cur.execute(TAIL)
        cur.execute(REST)
        rest = _count(cur, "_ser_rest")
        cur.execute(DIRTY)
        if rest:
            cur.execute(DIRTY_REST)
        if _rebuild_instead(cur, pairs_per_row):
            cur.execute(DELETE_WHOLE)
            written = rebuild(cur, DIRTY_SCOPE)
            series_middle.save(cur, whole=True)
            return written
        cur.execute(CAND if rest else CAND + " AND false")
        cur.execute(ANCHOR_TAIL)
        if rest:
            cur.execute(ANCHOR_ROWS)
        cur.execute(GONE)
        cur.execute(FRESH)
        alone = cur.execute(ONE_PER_SERIES).fetchone()[0]
        cur.execute(CHANGED.format(fresh=ALONE if alone else ORDERED))
        series_middle.step(cur, tail_only=alone and not rest)
        cur.execute(REPOINT)   # (reads _ser_anchor, before the rows go)
        for statement, table in ((DELETE_AFTER, "_ser_gone WHERE rid IS NOT NULL"),
                                 (DELETE_TAIL, "_ser_gone WHERE rid IS NULL"),
                                 (REPOINT_ROWS, "_ser_repoint WHERE rid IS NOT NULL"),
                                 (REPOINT_TAIL, "_ser_repoint WHERE rid IS NULL")):
            if _count(cur, table):
                cur.execute(statement)
        if cur.execute("SELECT count(*) FROM _ser_unserved").fetchone()[0]:
            cur.execute(TYPICAL_UNSERVED)
        else:
            cur.execute(TYPICAL_NONE)
        cur.execute(TYPICAL_SERVED)
        written = int(cur.execute(INSERT).fetchone()[0])
        series_middle.save(cur)
        return written
    finally:
        for table in TEMP_TABLES:
            cur.execute("DROP TABLE IF EXISTS " + table)
