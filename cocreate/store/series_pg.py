"""figure_series on PostgreSQL after the figures refresh by difference (figures_pg.py), the server's
parts of series.py:

    dirty(cur)              _ser_dirty: the series of the keys the refresh rewrote (_fig_dl, _fig_dr),
                            each from its first rewritten period, its anchor by one backward index probe
    rebuild_instead(cur)    True when the write rewrites most of many series (a file over every period)
    rebuild(cur, columns)   those series deleted and worked out whole again

A monthly file rewrites one row a series: series.py's by-difference insert gives it the median of its
stored changes. A file over every period rewrites most rows of most series, and the by-difference insert
pairs every rewritten row with its series' rows (the random 200,000-row file: 229 s on the province tier);
then, as DuckDB does (series._rebuild), the rows are worked out in one ordered pass by window functions
on the server and the typical change (the running median of each series' |change|) by
running_median.py over the rows read out in that order with COPY, written back by position."""
from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pyarrow as pa

from cocreate.store.running_median import running_median

# a series whose stored rows from its first rewritten period number this many or more counts as rewritten
# "whole"; the count stops there (a LIMIT), and is only taken for series with more than one rewritten key
LONG_REWRITE = 20
# rebuild when the rows rewritten (counted as above) average more than this a series (DuckDB's rule,
# series.REBUILD_FROM_PAIRS_PER_ROW, in rows: a monthly file rewrites ~1 a series)
REBUILD_FROM_ROWS_PER_SERIES = 10

DIRTY = """
CREATE TEMP TABLE _ser_dirty AS
WITH touched AS (
    SELECT indicator_code, area_code, min(period) AS from_period, count(*) AS n_keys
    FROM (SELECT indicator_code, area_code, period FROM _fig_dl
          UNION ALL SELECT indicator_code, area_code, period FROM _fig_dr) k
    GROUP BY indicator_code, area_code
    ORDER BY area_code, indicator_code        -- the probes then read the index's pages in turn
)
SELECT t.indicator_code, t.area_code, coalesce(a.period, DATE '0001-01-01') AS start, 0 AS n_before,
       CASE WHEN t.n_keys > 1 THEN (SELECT count(*) FROM (
                SELECT 1 FROM figure_series s
                WHERE s.area_code = t.area_code AND s.indicator_code = t.indicator_code AND s.period >= t.from_period
                LIMIT %(long)s) c)
            ELSE 1 END AS n_after
FROM touched t LEFT JOIN LATERAL (
    SELECT s.period FROM figure_series s
    WHERE s.area_code = t.area_code AND s.indicator_code = t.indicator_code AND s.period < t.from_period
    ORDER BY s.period DESC LIMIT 1) a ON true
ORDER BY t.area_code, t.indicator_code
"""

REBUILD_ROWS = """
CREATE TEMP TABLE _ser_rows AS
SELECT row_number() OVER (ORDER BY f.area_code, f.indicator_code, f.period) AS k,
       f.area_code, f.indicator_code, f.period, f.value, f.numerator, f.denominator,
       lead(f.period) OVER s AS next_period,
       lag(f.value) OVER s AS value_before_1,
       lag(f.value, 2) OVER s AS value_before_2,
       f.value - lag(f.value) OVER s AS change,
       first_value(f.period) OVER s AS first_period
FROM _ser_dirty d JOIN figures f ON f.area_code = d.area_code AND f.indicator_code = d.indicator_code
WHERE (f.areas_reported = f.areas_expected) IS TRUE
WINDOW s AS (PARTITION BY f.area_code, f.indicator_code ORDER BY f.period)
"""
READ_ROWS = ("COPY (SELECT abs(change), change IS NULL, period = first_period FROM _ser_rows ORDER BY k) "
             "TO STDOUT (FORMAT csv)")
INSERT_REBUILT = """
INSERT INTO figure_series ({columns})
SELECT r.area_code, r.indicator_code, r.period, r.next_period, r.value, r.numerator, r.denominator,
       r.value_before_1, r.value_before_2, r.change, t.typical_change, r.first_period
FROM _ser_rows r JOIN _ser_typical t ON t.k = r.k
ORDER BY r.k
"""
DELETE_WHOLE = """
DELETE FROM figure_series s USING _ser_dirty d
WHERE s.area_code = d.area_code AND s.indicator_code = d.indicator_code
"""
TEMP_TABLES = ("_ser_rows", "_ser_typical")


def dirty(cur) -> None:
    cur.native(DIRTY, {"long": LONG_REWRITE})
    cur.native("ANALYZE _ser_dirty")


def rebuild_instead(cur) -> bool:
    n_series, rows = cur.native("SELECT count(*), coalesce(sum(n_after), 0) FROM _ser_dirty").fetchone()
    return bool(n_series) and rows > REBUILD_FROM_ROWS_PER_SERIES * n_series


def _read_rows(cur) -> pa.Table:
    import pyarrow.csv as pacsv   # only here: not on every start of the app
    buf = io.BytesIO()
    cur.lock_now()
    with cur._raw.copy(READ_ROWS) as copy:
        for chunk in copy:
            buf.write(chunk)
    if not buf.tell():
        return pa.table({"a": pa.array([], pa.float64()), "n": pa.array([], pa.bool_()),
                         "f": pa.array([], pa.bool_())})
    return pacsv.read_csv(io.BytesIO(buf.getvalue()),
                          read_options=pacsv.ReadOptions(column_names=["a", "n", "f"]),
                          convert_options=pacsv.ConvertOptions(
                              column_types={"a": pa.float64(), "n": pa.bool_(), "f": pa.bool_()},
                              true_values=["t"], false_values=["f"]))


def rebuild(cur, columns: str) -> int:
    """Given _ser_dirty: delete its series and insert every row of them again. Returns the rows."""
    for table in TEMP_TABLES:
        cur.native("DROP TABLE IF EXISTS " + table)
    cur.native(DELETE_WHOLE)
    cur.native(REBUILD_ROWS)
    got = _read_rows(cur)
    a = got["a"].to_numpy(zero_copy_only=False)
    median, empty = running_median(got["f"].to_numpy(zero_copy_only=False),
                                   np.nan_to_num(a), got["n"].to_numpy(zero_copy_only=False))
    typical = pd.DataFrame({"k": np.arange(1, len(median) + 1, dtype=np.int64),
                            "typical_change": np.where(empty, np.nan, median)})
    cur.register("_ser_typical", typical)
    inserted = cur.native(INSERT_REBUILT.format(columns=columns)).rowcount
    cur.native("DROP TABLE IF EXISTS _ser_rows")
    cur.unregister("_ser_typical")
    return inserted
