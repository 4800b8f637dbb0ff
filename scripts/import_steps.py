"""Where an observations import spends its time, step by step (BENCHMARKS.md "Imports on DuckDB").

    python scripts/import_steps.py DB.duckdb FILE.csv [--repeats 5] [--statements]

Each repeat imports FILE into a fresh copy of DB (as cocreate/bench/import_bench.py does) the way
cocreate.intake.observations.import_file does, timing the reading, the checks and every statement of
the load (a cursor that times its `execute`s), grouped into steps; medians over the repeats (in
brackets the fastest and slowest). --statements lists every statement's median too.
"""
from __future__ import annotations

import argparse
import hashlib
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cocreate.intake import grid, observations as obs  # noqa: E402
from cocreate.store import db  # noqa: E402

SERIES = ("refresh_series_duckdb", "refresh_by_difference", "step", "save", "_fill", "_count", "_rebuild",
          "_rebuild_instead", "_by_difference", "ensure")


class _TimedCursor:
    def __init__(self, cur, log):
        self._cur, self._log = cur, log

    def execute(self, sql, *args, **kwargs):
        t0 = time.perf_counter()
        out = self._cur.execute(sql, *args, **kwargs)
        self._log.append((sys._getframe(1).f_code.co_name, " ".join(sql.split())[:70], time.perf_counter() - t0))
        return out

    def __getattr__(self, name):
        return getattr(self._cur, name)


class _TimedConnection:
    def __init__(self, con, log):
        self._con, self._log = con, log

    def cursor(self):
        return _TimedCursor(self._con.cursor(), self._log)

    def __getattr__(self, name):
        return getattr(self._con, name)


def _step(caller: str, sql: str) -> str:
    if caller == "write_figures":
        return "staging (the file joined to observations)" if "_changes" in sql else "history + observations"
    if caller in SERIES:
        return "figure_series upkeep"
    if caller == "refresh_figures":
        return "figure_series upkeep" if sql.startswith("DROP") and "_ser" in sql else "figures refresh"
    if caller == "bump_data_version":
        return "data version"
    return "commit" if sql == "COMMIT" else "begin, drops"


def one_import(db_file: Path, csv: Path, work: Path) -> tuple[dict, list]:
    copy = work / "steps_copy.duckdb"
    shutil.copy(db_file, copy)
    con, log, steps = db.connect(copy), [], {}

    def timed(name, fn, *args, **kwargs):
        t0 = time.perf_counter()
        out = fn(*args, **kwargs)
        steps[name] = steps.get(name, 0.0) + time.perf_counter() - t0
        return out
    t0 = time.perf_counter()
    data = timed("reading the CSV", obs.as_bytes, csv)
    result = obs.ImportResult(file_name=csv.name, sha256=hashlib.sha256(data).hexdigest())
    rows = timed("reading the CSV", obs.read_rows, data, csv.name)
    if grid.is_grid(rows):
        raise SystemExit("a grid template: not what this script times")
    raw, columns = timed("rows to a frame", obs.rows_to_frame, rows)
    cat = timed("catalog", obs.Catalog.load, con)
    valid, problems, _ = timed("checks", obs.validate_frame, con, raw, columns, user=None, lang="en", catalog=cat)
    if problems:
        raise SystemExit(f"{len(problems)} problems: {problems[0].text('en')}")
    result.rows_accepted = len(valid)
    load0 = time.perf_counter()
    obs.load_frame(_TimedConnection(con, log), valid, result, user_name="cli")
    steps["load (all below)"] = time.perf_counter() - load0
    for caller, sql, seconds in log:
        steps[_step(caller, sql)] = steps.get(_step(caller, sql), 0.0) + seconds
    steps["total"] = time.perf_counter() - t0
    con.close()
    copy.unlink()
    Path(str(copy) + ".wal").unlink(missing_ok=True)
    return steps, log


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db", type=Path)
    ap.add_argument("csv", type=Path)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--statements", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as work:
        runs = [one_import(args.db, args.csv, Path(work)) for _ in range(args.repeats)]
    print(f"{args.csv.name}: {len(runs)} repeats")
    for name in runs[0][0]:
        v = [r[0].get(name, 0.0) * 1000 for r in runs]
        print(f"  {name:44s} {statistics.median(v):8.1f} ms  ({min(v):.0f}-{max(v):.0f})")
    if args.statements:
        n = len(runs[0][1])
        for i, (caller, sql, _) in enumerate(runs[0][1]):
            v = [r[1][i][2] * 1000 for r in runs if len(r[1]) == n]
            print(f"  {statistics.median(v):8.1f}  {caller:24s} {sql}")


if __name__ == "__main__":
    main()
