"""What the task board and the timeline read to flag tasks (issue 19 item 3), median wall ms on one
DuckDB file, through the app's path (rated title progress):

    python scripts/bench_task_reads.py /tmp/contenders/city.duckdb [--city 900100] [--as-of 2026-06-30] [--repeats 11]

- timeline: its data questions (cocreate/bench/questions.py) with the read of every title the flags
  used before (`before`) and without it (`after`: the title's own read flags its tasks), alternated;
- task board: the ways to rate what the closed tasks name: one read of every title, one read per
  named indicator, one read per named title.
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


def main() -> None:
    from cocreate.bench import questions as q
    from cocreate.campaign import task_flags, timeline
    from cocreate.method.progress import title_progress
    from cocreate.store import db
    ap = argparse.ArgumentParser()
    ap.add_argument("duckdb_file")
    ap.add_argument("--city", default="900100")
    ap.add_argument("--as-of", default="2026-06-30")
    ap.add_argument("--repeats", type=int, default=11)
    a = ap.parse_args()
    con = db.connect(a.duckdb_file, read_only=True)
    as_of = dt.date.fromisoformat(a.as_of)
    x = q.context(con, a.city, as_of)
    after = q.page_questions(x)["timeline"]
    before = after + [("progress", {"area": a.city, "title": None, "as_of": as_of, "with_children": False})]
    tasks = timeline.derive_status(db.run(con, "task_board", area=a.city), as_of)
    named = sorted(task_flags.named_by_closed(tasks))
    ways = {
        "timeline before": lambda: [q.ask_app(con, n, p) for n, p in before],
        "timeline after": lambda: [q.ask_app(con, n, p) for n, p in after],
        "board: one read of every title": lambda: title_progress(con, a.city, None, as_of),
        f"board: one read per named indicator ({len(named)})":
            lambda: [title_progress(con, a.city, t, as_of, indicator=i) for t, i in named],
        f"board: one read per named title ({len({t for t, _ in named})})":
            lambda: [title_progress(con, a.city, t, as_of) for t in sorted({t for t, _ in named})],
    }
    ts = {k: [] for k in ways}
    for _ in range(a.repeats):
        for k, fn in ways.items():
            t0 = time.perf_counter()
            fn()
            ts[k].append((time.perf_counter() - t0) * 1000)
    for k, v in ts.items():
        print(f"{k}: {statistics.median(v):,.0f} ms")
    con.close()


if __name__ == "__main__":
    main()
