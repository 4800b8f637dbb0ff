"""Import throughput of the benchmark: a CSV of changed district figures (every row replaces a stored
one, so history is kept and figures are worked out again) imported with import_file into a fresh
copy of the tier database, REPEATS times; the load step (write + figures refresh) timed apart."""
from __future__ import annotations

import shutil
import statistics
import time
from pathlib import Path

from cocreate.intake import observations
from cocreate.store import db

IMPORT_ROWS = 200_000     # the importer's own limit per file (observations.MAX_ROWS)

# Every stored figure with its value changed (a yes/no flipped, others up 1 % + 1 within range).
_CHANGED_ROWS = """    SELECT o.indicator_code, o.area_code, strftime(o.period, '%Y-%m') AS period,
           CASE WHEN i.direction = 'yes_no' THEN 1 - o.value
                ELSE least(coalesce(i.value_max, o.value * 2 + 1), round(o.value * 1.01 + 1, coalesce(i.decimals, 2)))
           END AS value
    FROM observations o JOIN indicators i ON i.code = o.indicator_code
"""

# A random sample of district figures, nearly every value changed (no note column: 200k rows fit 10 MB).
_IMPORT_CSV = """
COPY (
{changed_rows}    JOIN areas a ON a.code = o.area_code
    WHERE a.parent_code IS NOT NULL AND i.aggregation <> 'city_only' AND i.kind <> 'ratio'
    ORDER BY hash(o.indicator_code || o.area_code || o.period::VARCHAR)
    LIMIT {limit}
) TO '{path}' (HEADER, DELIMITER ',')
"""


# The clerk's monthly file: every stored figure of the tier's last period, every value changed.
_MONTHLY_CSV = """
COPY (
{changed_rows}    WHERE o.period = (SELECT max(period) FROM observations)
    ORDER BY o.area_code, o.indicator_code
    LIMIT {limit}
) TO '{path}' (HEADER, DELIMITER ',')
"""


def _timed_load(times: list):
    original = observations.load_frame

    def load(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            times.append(time.perf_counter() - t0)
    return original, load


def run_import(db_file: Path, workdir: Path, n_rows: int = IMPORT_ROWS, repeats: int = 3) -> dict:
    """Two files, each imported `repeats` times into a fresh copy: a random sample of district figures over
    every period (the worst case: every city roll-up of many periods is touched) and the monthly file
    (one period, every area). Medians; the random file's figures under the plain keys, the monthly
    file's with the prefix import_monthly_."""
    out = _run_one(db_file, workdir, _IMPORT_CSV, "bench_import.csv", n_rows, repeats)
    monthly = _run_one(db_file, workdir, _MONTHLY_CSV, "bench_monthly.csv", n_rows, repeats)
    return out | {"import_monthly_" + k.removeprefix("import_"): v for k, v in monthly.items()}


def _run_one(db_file: Path, workdir: Path, query: str, name: str, n_rows: int, repeats: int) -> dict:
    csv_path = workdir / name
    con = db.connect(db_file, read_only=True)
    try:
        # COPY TO takes no parameters for its file name: the path is ours (workdir), the limit an int
        con.execute(query.format(changed_rows=_CHANGED_ROWS, limit=int(n_rows), path=str(csv_path).replace("'", "''")))
    finally:
        con.close()
    seconds, load_seconds, result = [], [], None
    original, timed = _timed_load(load_seconds)
    observations.load_frame = timed
    try:
        for _ in range(repeats):
            copy = workdir / "import_copy.duckdb"
            shutil.copy(db_file, copy)
            con = db.connect(copy)
            try:
                t0 = time.perf_counter()
                result = observations.import_file(con, csv_path, user=None, lang="en")
                seconds.append(time.perf_counter() - t0)
            finally:
                con.close()
                copy.unlink(missing_ok=True)
                Path(str(copy) + ".wal").unlink(missing_ok=True)
    finally:
        observations.load_frame = original
    s, ls = statistics.median(seconds), statistics.median(load_seconds)
    return {"import_rows": result.rows_accepted, "import_seconds": round(s, 2),
            "import_rows_per_s": round(result.rows_accepted / s, 1),
            "import_load_seconds": round(ls, 2), "import_load_rows_per_s": round(result.rows_accepted / ls, 1),
            "import_replaced": result.rows_replaced, "import_csv_mb": round(csv_path.stat().st_size / 2**20, 1)}
