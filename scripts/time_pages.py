"""Time each page's script run with Streamlit's AppTest on a database (first run and cached re-run).

usage: python scripts/time_pages.py [DB]   (default: data/cocreate.duckdb)
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = ["overview", "title", "explorer", "services", "rankings", "map", "timeline", "tasks", "present",
         "data", "method"]


def main() -> int:
    from webui.page_timing import time_pages
    db = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "data" / "cocreate.duckdb")
    pages = {name: f"pages/{name}.py" for name in PAGES if (ROOT / "pages" / f"{name}.py").exists()}
    first, cached, problems = time_pages(db, pages)
    print(f"{'page':12} {'first s':>8} {'re-run s':>9}")
    for name in pages:
        print(f"{name:12} {first[name] / 1000:8.2f} {cached[name] / 1000:9.2f} {'error' if name in problems else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
