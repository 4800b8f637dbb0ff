"""Time each page's script run with Streamlit's AppTest on a database (first run and cached re-run).

usage: python scripts/time_pages.py [DB] [--pages timeline,tasks] [--repeats N] [--query JSON]
(default: data/cocreate.duckdb, every page, once). With --repeats, the pages are run in turn N times
(caches cleared before each first run) and the medians printed.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = ["overview", "title", "explorer", "services", "rankings", "map", "timeline", "tasks", "present",
         "data", "method"]


def main() -> int:
    from webui.page_timing import time_pages
    ap = argparse.ArgumentParser()
    ap.add_argument("db", nargs="?", default=str(ROOT / "data" / "cocreate.duckdb"))
    ap.add_argument("--pages", default=",".join(PAGES))
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--query", default='{"lang": "zh"}', help="URL parameters, e.g. '{\"as_of\": \"2026-06-30\"}'")
    a = ap.parse_args()
    names = [n for n in a.pages.split(",") if (ROOT / "pages" / f"{n}.py").exists()]
    pages = {name: f"pages/{name}.py" for name in names}
    firsts, cacheds, problems = {n: [] for n in pages}, {n: [] for n in pages}, {}
    for _ in range(a.repeats):
        first, cached, bad = time_pages(a.db, pages, json.loads(a.query))
        for n in pages:
            firsts[n].append(first[n])
            cacheds[n].append(cached[n])
        problems.update(bad)
    print(f"{'page':12} {'first s':>8} {'re-run s':>9}" + ("   (medians of %d)" % a.repeats if a.repeats > 1 else ""))
    for name in pages:
        print(f"{name:12} {statistics.median(firsts[name]) / 1000:8.3f} {statistics.median(cacheds[name]) / 1000:9.3f}"
              f" {'error' if name in problems else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
