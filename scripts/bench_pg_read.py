"""Ways to turn a PostgreSQL answer into a DataFrame, timed on page questions (issue 19, db.run's read path).

    python scripts/bench_pg_read.py postgresql://... [--city 900100] [--repeats 7]

The store must be a tier copied with copy-db (a superuser's connection: "server alone" writes to /dev/null).
Per question, alternated, median ms: the server alone (COPY to /dev/null on the server: the query and its
text output, nothing sent), text rows (psycopg's default, then pg_frames.rows_to_frame: the old path),
binary rows, rows into Arrow columns (pg_frames.rows_to_arrow, to_pandas), a server-side cursor fetched
in batches of 2,000, the binary COPY's bytes alone (no parser: a lower bound for that transfer), and
COPY CSV parsed by Arrow (cocreate.store.pg_read, the path db.run takes now). Each frame is checked
equal to the old path's. Each cell gives the wall time and the client process's CPU time.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from cocreate.store import db, dialect, pg_frames, pg_read  # noqa: E402


def questions(city: str, districts: list[str]) -> list[tuple[str, str, dict]]:
    month_ends = [d.date() for d in pd.date_range("2025-07-31", "2026-06-30", freq="ME")]
    return [
        ("`ranking_items`, the rankings page's 12 dates", "ranking_items",
         {"city": city, "as_of_dates": tuple(month_ends), "title": None}),
        ("`ranking_items`, one date", "ranking_items", {"city": city, "as_of_dates": (month_ends[-1],), "title": None}),
        ("`title_progress`, city with districts", "title_progress",
         {"area": city, "title": None, "as_of": None, "with_children": True, "indicator": None}),
        ("`indicator_series`, city and districts", "indicator_series",
         {"indicator": "built_up_green_coverage_pct", "areas": [city, *districts], "as_of": None}),
        ("`map_indicators`", "map_indicators", {"city": city, "as_of": None}),
        ("`areas`", "areas", {}),
    ]


def ways(cur):
    raw, conn = cur._raw, cur._conn

    def rows(text, values, binary=False):
        raw.execute(text, values, binary=binary)
        return pg_frames.rows_to_frame(raw.fetchall(), raw.description)

    def arrow(text, values):
        raw.execute(text, values)
        return pg_frames.rows_to_arrow(raw.fetchall(), raw.description).to_pandas()

    def named(text, values):
        with conn.transaction(), conn.cursor(name="bench_read") as sc:
            sc.itersize = 2000
            sc.execute(text, values)
            return pg_frames.rows_to_frame(sc.fetchall(), sc.description)

    def copy_bytes(text, values, fmt):
        q = pg_read._literal_cursor(conn).mogrify(text, values)
        with raw.copy(f"COPY ({q}) TO STDOUT (FORMAT {fmt})") as cp:
            return sum(len(chunk) for chunk in cp)

    def alone(text, values):
        raw.execute("COPY (" + pg_read._literal_cursor(conn).mogrify(text, values) + ") TO '/dev/null' (FORMAT csv)")

    return {"server alone": alone, "text rows (old)": rows, "binary rows": lambda t, v: rows(t, v, True),
            "rows into Arrow": arrow, "server-side cursor": named,
            "binary COPY bytes": lambda t, v: copy_bytes(t, v, "binary"),
            "COPY CSV + Arrow (now)": lambda t, v: pg_read.frame(raw, t, v)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("--city", default="900100")
    ap.add_argument("--repeats", type=int, default=7)
    args = ap.parse_args()
    con = db.connect(args.url, read_only=True)
    cur = con.cursor()
    conn = cur._conn
    conn.autocommit = True
    districts = [r[0] for r in cur.execute("SELECT code FROM areas WHERE parent_code = ? ORDER BY code",
                                           [args.city]).fetchall()]
    fns = ways(cur)
    print(f"{time.strftime('%Y-%m-%d %H:%M')} UTC, 1-minute load {os.getloadavg()[0]:.2f}; median of "
          f"{args.repeats}, ways alternated; each cell: wall ms / this process's CPU ms (the client's own work, "
          "which other jobs on the machine barely change)\n")
    print("| question | rows x cols | " + " | ".join(fns) + " |\n|---|---:|" + "---:|" * len(fns))
    for label, name, params in questions(args.city, districts):
        text, values = cur._bind(dialect.translate(db.query_text(name)), params)
        old = fns["text rows (old)"](text, values)
        for way in ("binary rows", "server-side cursor", "COPY CSV + Arrow (now)"):
            pd.testing.assert_frame_equal(fns[way](text, values), old, check_exact=True, obj=f"{label}: {way}")
        times, cpu = {w: [] for w in fns}, {w: [] for w in fns}
        for _ in range(args.repeats):
            for w, fn in fns.items():
                t0, c0 = time.perf_counter(), time.process_time()
                fn(text, values)
                times[w].append((time.perf_counter() - t0) * 1000)
                cpu[w].append((time.process_time() - c0) * 1000)
        print(f"| {label} | {len(old):,} x {old.shape[1]} | "
              + " | ".join(f"{statistics.median(times[w]):,.1f} / {statistics.median(cpu[w]):,.1f}" for w in fns)
              + " |", flush=True)
    print(f"\n1-minute load at the end {os.getloadavg()[0]:.2f}; {dt.date.today()}")
    cur.close()
    con.close()


if __name__ == "__main__":
    main()
