"""Each series' end and the middle of its changes, kept so that a write which ends a series with one
new row (the clerk's monthly file: its latest period again, or the next) finds the series' anchor and
works out the typical change (the median |change| of the series so far) from a few values, instead of
reading the series' every stored row. DuckDB only (cocreate/store/series_duckdb.py); a derived table in
its own schema `kept`, so exports and copy-db (schema `main`) never carry it.

    kept.series_end: per series of figure_series, as of its latest row (upto):
        upto, up_value, up_before_1, up_change   the latest row
        prev, prev_before_1                      the row before it (NULL: none)
        n      the series' non-null changes
        below  how many of their |change| rank before w
        w      the |change| values ranked below+1 .. below+len(w), ascending (NaN last, as DuckDB sorts)

A value leaving or joining the series moves `below` (it ranks before w), changes nothing (after w) or
is taken from / put into w; since w is a run of consecutive ranks, this is exact, ties included. The
median is read from w while its ranks ((n-1)//2 and n//2) lie inside it, the way DuckDB's median
gives it (the middle value; two: lo * 0.5 + hi * 0.5). A series it cannot serve (no state, a state
for another latest row, more than one row removed or not exactly one added, the middle run out of w)
takes the stored changes as before and gets its state worked out again from its rows after the write.
A rebuild of figure_series works every state out from the rows (tests/test_series_end.py checks them).
"""
from __future__ import annotations

HALF = 8     # values kept each side of the middle when a state is worked out from the rows
CAP = 48     # a w grown past this is cut back to HALF each side of the middle

ENSURE = """
CREATE SCHEMA IF NOT EXISTS kept;
CREATE TABLE IF NOT EXISTS kept.series_end (
    indicator_code VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL,
    upto DATE NOT NULL,            -- the series' latest row: its period, value, value before and change
    up_value DOUBLE,
    up_before_1 DOUBLE,
    up_change DOUBLE,
    prev DATE,                     -- the row before it (NULL: none): its period and value before
    prev_before_1 DOUBLE,
    first_period DATE NOT NULL,
    n INTEGER NOT NULL,
    below INTEGER NOT NULL,
    w DOUBLE[] NOT NULL
)
"""

# A state worked out from the series' stored rows ({rows}: figure_series s, with its scope).
FROM_ROWS = """
INSERT INTO kept.series_end
SELECT indicator_code, area_code, upto, up_value, up_before_1, up_change, prev, prev_before_1, first_period,
       n, below, all_changes[below + 1 : below + {width}] AS w
FROM (
    SELECT *, greatest((n - 1) // 2 - {half}, 0) AS below
    FROM (SELECT s.indicator_code, s.area_code, max(s.period) AS upto,
                 arg_max_null(s.value, s.period) AS up_value, arg_max_null(s.value_before_1, s.period) AS up_before_1,
                 arg_max_null(s.change, s.period) AS up_change,
                 max(s.period) FILTER (WHERE s.next_period IS NOT NULL) AS prev,
                 arg_max_null(s.value_before_1, s.period) FILTER (WHERE s.next_period IS NOT NULL) AS prev_before_1,
                 min(s.first_period) AS first_period, count(s.change) AS n,
                 coalesce(list(abs(s.change) ORDER BY abs(s.change)) FILTER (WHERE s.change IS NOT NULL),
                          []::DOUBLE[]) AS all_changes
          FROM {rows}
          GROUP BY s.indicator_code, s.area_code))
"""

# The states after the write of the series it can serve (one new row, at the series' end), with the
# typical change of that row. _ser_dirty (start: the anchor; latest: the series' last stored row),
# _ser_gone (the stored rows after the anchor) and _ser_changed (the new rows) come from
# series_duckdb. r: the |change| of the one row removed after the anchor; x: of the row added.
STEP = """
CREATE TEMP TABLE _ser_mid AS
WITH
gone AS MATERIALIZED (
    SELECT indicator_code, area_code, count(*) AS n_gone, count(change) AS n_known, any_value(abs(change)) AS r
    FROM _ser_gone GROUP BY indicator_code, area_code
),
added AS MATERIALIZED (
    SELECT indicator_code, area_code, count(*) AS n_new, count(change) AS n_known, any_value(abs(change)) AS x,
           any_value(period) AS new_period, any_value(value) AS up_value, any_value(value_before_1) AS up_before_1,
           any_value(change) AS up_change, any_value(value_before_2) AS prev_before_1,
           any_value(first_period) AS first_period
    FROM _ser_changed GROUP BY indicator_code, area_code
),
base AS MATERIALIZED (
    SELECT d.indicator_code, d.area_code, a.new_period AS upto, a.up_value, a.up_before_1, a.up_change,
           d.start AS prev, a.prev_before_1, a.first_period, m.n, m.below, m.w, m.w AS w0, g.r, a.x, a.new_period
    FROM _ser_dirty d
    JOIN kept.series_end m ON m.indicator_code = d.indicator_code AND m.area_code = d.area_code AND m.upto = d.latest
    JOIN added a ON a.indicator_code = d.indicator_code AND a.area_code = d.area_code
    LEFT JOIN gone g ON g.indicator_code = d.indicator_code AND g.area_code = d.area_code
    WHERE d.start > DATE '0001-01-01' AND a.n_new = 1 AND a.n_known = 1
      AND (g.n_gone IS NULL OR (g.n_gone = 1 AND g.n_known = 1))
),
{middle}"""
# The same for a monthly file (every touched series at its kept end, one new row each): one join.
STEP_TAIL = """
CREATE TEMP TABLE _ser_mid AS
WITH
base AS MATERIALIZED (
    SELECT k.indicator_code, k.area_code, c.period AS upto, c.value AS up_value, c.value_before_1 AS up_before_1,
           c.change AS up_change, CASE WHEN k.at_latest THEN k.prev ELSE k.upto END AS prev,
           c.value_before_2 AS prev_before_1, c.first_period, k.n, k.below, k.w, k.w AS w0,
           CASE WHEN k.at_latest THEN abs(k.up_change) END AS r, abs(c.change) AS x, c.period AS new_period
    FROM _ser_changed c JOIN _ser_tail k ON k.indicator_code = c.indicator_code AND k.area_code = c.area_code
    WHERE c.change IS NOT NULL AND (NOT k.at_latest OR k.up_change IS NOT NULL)
),
{middle}"""
MIDDLE = """removed AS MATERIALIZED (
    SELECT * REPLACE (
        CASE WHEN r IS NULL THEN below WHEN len(w) = 0 THEN NULL WHEN r < w[1] THEN below - 1 ELSE below END AS below,
        CASE WHEN r IS NULL OR len(w) = 0 OR r < w[1] OR r > w[len(w)] THEN w
             ELSE list_concat(w[1 : list_position(w, r) - 1], w[list_position(w, r) + 1 : len(w)]) END AS w,
        CASE WHEN r IS NULL THEN n ELSE n - 1 END AS n)
    FROM base
),
joined AS MATERIALIZED (
    SELECT * REPLACE (
        CASE WHEN x IS NULL THEN below WHEN len(w) = 0 THEN (CASE WHEN n = 0 THEN 0 END)
             WHEN x < w[1] THEN below + 1 ELSE below END AS below,
        CASE WHEN x IS NULL OR (len(w) > 0 AND (x < w[1] OR x > w[len(w)])) THEN w
             WHEN len(w) = 0 THEN (CASE WHEN n = 0 THEN [x] END)
             ELSE list_concat(list_filter(w, lambda v: v <= x), [x], list_filter(w, lambda v: v > x)) END AS w,
        CASE WHEN x IS NULL THEN n ELSE n + 1 END AS n)
    FROM removed
)
SELECT indicator_code, area_code, upto, up_value, up_before_1, up_change, prev, prev_before_1, first_period,
       n, below, w, new_period,
       CASE WHEN n % 2 = 1 THEN w[(n - 1) // 2 - below + 1]
            ELSE w[n // 2 - below] * 0.5 + w[n // 2 - below + 1] * 0.5 END AS typical_change,
       CASE WHEN len(w) > {cap} THEN greatest((n - 1) // 2 - {half}, below) ELSE below END AS keep_from,
       len(w) > {cap} OR w IS DISTINCT FROM w0 AS w_changed
FROM joined
WHERE w IS NOT NULL AND below IS NOT NULL AND below >= 0
  AND below <= (n - 1) // 2 AND n // 2 <= below + len(w) - 1
"""

# The served states go back in place: the scalars of every one, w only where it changed (most values
# of a month fall outside w); a w grown past CAP is cut back to HALF each side of the middle.
SAVE_SCALARS = """
UPDATE kept.series_end m
SET upto = s.upto, up_value = s.up_value, up_before_1 = s.up_before_1, up_change = s.up_change, prev = s.prev,
    prev_before_1 = s.prev_before_1, first_period = s.first_period, n = s.n, below = s.keep_from
FROM _ser_mid s
WHERE m.indicator_code = s.indicator_code AND m.area_code = s.area_code
"""
SAVE_W = """
UPDATE kept.series_end m
SET w = s.w[s.keep_from - s.below + 1 : CASE WHEN len(s.w) > {cap} THEN least(s.keep_from - s.below + {width}, len(s.w))
                                            ELSE len(s.w) END]
FROM _ser_mid s
WHERE m.indicator_code = s.indicator_code AND m.area_code = s.area_code AND s.w_changed
"""
FORGET = """
DELETE FROM kept.series_end m USING {table} d
WHERE m.indicator_code = d.indicator_code AND m.area_code = d.area_code
"""
UNSERVED = """SELECT d.indicator_code, d.area_code FROM _ser_dirty d
    ANTI JOIN _ser_mid m ON m.indicator_code = d.indicator_code AND m.area_code = d.area_code"""
TEMP_TABLES = ("_ser_mid", "_ser_unserved")


def _fill(cur, rows: str) -> None:
    cur.execute(FROM_ROWS.format(rows=rows, half=HALF, width=2 * HALF + 1))


def rebuild(cur, scope: str = "") -> None:
    """Every series' state worked out from its rows (`scope`: a condition on s, e.g. its areas)."""
    cur.execute(ENSURE)
    if scope:
        cur.execute("DELETE FROM kept.series_end s WHERE " + scope)
    else:
        cur.execute("DELETE FROM kept.series_end")
    _fill(cur, "figure_series s" + (" WHERE " + scope if scope else ""))


def ensure(cur) -> None:
    cur.execute(ENSURE)


def step(cur, tail_only: bool = False) -> None:
    """Before the write of the new rows: _ser_mid, the series served from their kept state.
    `tail_only`: every touched series is in _ser_tail with one new row at most (a monthly file)."""
    for table in TEMP_TABLES:
        cur.execute("DROP TABLE IF EXISTS " + table)
    cur.execute((STEP_TAIL if tail_only else STEP).format(middle=MIDDLE.format(cap=CAP, half=HALF)))
    cur.execute("CREATE TEMP TABLE _ser_unserved AS " + UNSERVED)


def save(cur, whole: bool = False) -> None:
    """After the write: the dirty series' states, served ones from _ser_mid, the others from their rows.
    `whole` (the touched series rebuilt, a file spread over many periods): their states are dropped, to
    be worked out from their rows by the next write that touches them (here they would cost the file
    about the series' whole rows again)."""
    if whole:
        cur.execute(FORGET.format(table="_ser_dirty"))
        return
    cur.execute(SAVE_SCALARS)
    cur.execute(SAVE_W.format(cap=CAP, width=2 * HALF + 1))
    if cur.execute("SELECT count(*) FROM _ser_unserved").fetchone()[0]:
        cur.execute(FORGET.format(table="_ser_unserved"))
        _fill(cur, "figure_series s SEMI JOIN _ser_unserved u ON u.indicator_code = s.indicator_code "
                   "AND u.area_code = s.area_code")
