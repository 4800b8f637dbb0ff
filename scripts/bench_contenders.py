"""The pages' data questions three ways on one DuckDB file (issue 19 item 4): the app's query file
through the gateway (`db.run`, DataFrame out), the independent bare SQL written for the question and
the independent pandas version (cocreate/bench/contenders/), alternated, median wall ms.

    python -m cocreate demo --scale city --db /tmp/contenders/city.duckdb
    python scripts/bench_contenders.py /tmp/contenders/city.duckdb [--city 900100] [--repeats 5] [--only TEXT]

The pandas side reads its tables (figures, observations, the catalog) into frames once before the
timing (printed as the load time), as an analyst's notebook would. Each answer is first compared with
the app's (same rows, floats within 1e-9): a row says `equal` or what differs.
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))


def _ms(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


HEAD = ("| question | app ms | bare ms | pandas ms | app / bare | pandas / app | rows | same values |\n"
        "|---|---:|---:|---:|---:|---:|---:|---|")


def table(duckdb_file, city: str = "900100", repeats: int = 5, as_of: str = "2026-06-30", only: str = ""):
    """Yield the table's lines: a line saying what was measured, the head, then a row per question."""
    from bench_questions import questions
    from cocreate.bench import contenders as C
    from cocreate.bench.contenders.compare import differences
    from cocreate.bench.contenders.frames import Frames
    from cocreate.store import db
    con = db.connect(duckdb_file, read_only=True)
    try:
        districts = [r[0] for r in con.execute("SELECT code FROM areas WHERE parent_code = ? ORDER BY code",
                                               [city]).fetchall()]
        fr = Frames(con)
        n_obs = con.execute("SELECT count(*) FROM observations").fetchone()[0]
        n_fig = con.execute("SELECT count(*) FROM figures").fetchone()[0]
        yield (f"{duckdb_file}: {n_obs:,} observations, {n_fig:,} figures; city {city}, "
               f"{len(districts)} districts; pandas frames loaded in {fr.load_ms:,.0f} ms (not timed below)\n")
        yield HEAD
        ways = {"app": lambda n, p: db.run(con, n, **p), "bare": lambda n, p: C.bare(con, n, p),
                "pandas": lambda n, p: C.by_pandas(fr, n, p)}
        for label, name, params in questions(city, districts, dt.date.fromisoformat(as_of)):
            if only not in label:
                continue
            c = C.QUESTIONS[name]
            app = ways["app"](name, params)
            diffs = [d for w in ("bare", "pandas") for d in differences(app, ways[w](name, params), c.keys, c.columns)]
            ts = {w: [] for w in ways}
            for _ in range(repeats):
                for w, fn in ways.items():
                    ts[w].append(_ms(lambda: fn(name, params)))
            m = {w: statistics.median(v) for w, v in ts.items()}
            yield (f"| {label} | {m['app']:,.0f} | {m['bare']:,.0f} | {m['pandas']:,.0f} | "
                   f"{m['app'] / m['bare']:.1f} | {m['pandas'] / m['app']:.1f} | {len(app):,} | "
                   f"{'equal' if not diffs else '; '.join(diffs[:2])} |")
    finally:
        con.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("duckdb_file")
    ap.add_argument("--city", default="900100")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--as-of", default="2026-06-30")
    ap.add_argument("--only", default="", help="only the questions whose label contains this text")
    args = ap.parse_args()
    for line in table(args.duckdb_file, args.city, args.repeats, args.as_of, args.only):
        print(line, flush=True)


if __name__ == "__main__":
    main()
