"""The pages' heaviest data questions on both backends, alternated, median wall ms (issue 19).

    python -m cocreate demo --scale city --db /tmp/q/city.duckdb
    python tests/pg_server.py &                       # or any server; prints its URL
    python -m cocreate copy-db /tmp/q/city.duckdb --to URL
    python scripts/bench_questions.py /tmp/q/city.duckdb URL [--city 900100] [--repeats 5]
                                      [--query title_progress=/path/to/older.sql] [--only latest_period,...]

Each question runs through the store's cursor (DuckDB SQL, translated on PostgreSQL) on the DuckDB
file and on the server in turn, `--repeats` times; the table gives the medians. `--query NAME=FILE`
runs another text for NAME (e.g. the file before a change) to measure before and after on one store.
"""
from __future__ import annotations

import argparse
import re
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def questions(city: str, districts: list[str], as_of: dt.date) -> list[tuple[str, str, dict]]:
    areas = [city, *districts]
    return [
        ("`title_progress`, all titles, with districts (the map before issue 19)", "title_progress",
         {"area": city, "title": None, "as_of": None, "with_children": True, "indicator": None}),
        ("title: `title_progress`, one title, with districts", "title_progress",
         {"area": city, "title": "garden", "as_of": None, "with_children": True, "indicator": None}),
        ("overview: `title_progress`, all titles, the city", "title_progress",
         {"area": city, "title": None, "as_of": None, "with_children": False, "indicator": None}),
        ("map: `title_progress`, one title's indicator, with districts", "title_progress",
         {"area": city, "title": "garden", "as_of": None, "with_children": True,
          "indicator": "built_up_green_coverage_pct"}),
        ("map: `map_indicators`", "map_indicators", {"city": city, "as_of": None}),
        ("`ranking_items` (one month)", "ranking_items", {"city": city, "title": None, "as_of_dates": [as_of]}),
        (f"`latest_by_area` ({len(areas)} areas)", "latest_by_area",
         {"indicator": "built_up_green_coverage_pct", "areas": areas, "as_of": None}),
        (f"`indicator_series` ({len(areas)} areas)", "indicator_series",
         {"indicator": "park_green_per_capita_m2", "areas": areas, "as_of": None}),
    ]


def small_questions(city: str, as_of: dt.date) -> list[tuple[str, str, dict]]:
    """The sidebar's and the stamp's questions (no independent contender: tests/test_bench_contenders.py
    checks those of `questions`)."""
    return [
        ("map: `map_indicators` as of a date", "map_indicators", {"city": city, "as_of": as_of}),
        ("every page: `latest_period`", "latest_period", {"area": city}),
        ("every page: `demo_data_share`", "demo_data_share", {"area": city}),
        ("map, rankings, timeline: `area_sources`", "area_sources", {"area": city, "as_of": None}),
        ("`area_sources` as of a date", "area_sources", {"area": city, "as_of": as_of}),
    ]


def main() -> None:
    from cocreate.store import db
    ap = argparse.ArgumentParser()
    ap.add_argument("duckdb_file")
    ap.add_argument("url")
    ap.add_argument("--city", default="900100")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--as-of", default="2026-06-30")
    ap.add_argument("--query", action="append", default=[], help="NAME=FILE: run FILE's text for query NAME")
    ap.add_argument("--only", default="", help="only these query names (comma-separated)")
    args = ap.parse_args()
    texts = {}
    for item in args.query:
        name, path = item.split("=", 1)
        texts[name] = Path(path).read_text(encoding="utf-8")
    cons = {"duckdb": db.connect(args.duckdb_file, read_only=True), "pg": db.connect(args.url, read_only=True)}
    cur = cons["duckdb"].cursor()
    districts = [r[0] for r in cur.execute("SELECT code FROM areas WHERE parent_code = ? ORDER BY code",
                                           [args.city]).fetchall()]
    cur.close()

    def timed(con, name, params) -> float:
        c = con.cursor()
        try:
            t0 = time.perf_counter()
            text = texts.get(name) or db.query_text(name)
            used = set(re.findall(r"\$(\w+)", text))      # an older file may lack a newer parameter
            c.execute(text, {k: v for k, v in params.items() if k in used}).df()
            return (time.perf_counter() - t0) * 1000
        finally:
            c.close()

    print("| question | DuckDB ms | PostgreSQL ms | PG / DuckDB |\n|---|---:|---:|---:|")
    try:
        as_of = dt.date.fromisoformat(args.as_of)
        for label, name, params in questions(args.city, districts, as_of) + small_questions(args.city, as_of):
            if args.only and name not in args.only.split(","):
                continue
            ts = {k: [] for k in cons}
            for _ in range(args.repeats):
                for k, con in cons.items():
                    ts[k].append(timed(con, name, params))
            d, p = statistics.median(ts["duckdb"]), statistics.median(ts["pg"])
            print(f"| {label} | {d:,.0f} | {p:,.0f} | {p / d:.1f} |", flush=True)
    finally:
        for con in cons.values():
            con.close()


if __name__ == "__main__":
    main()
