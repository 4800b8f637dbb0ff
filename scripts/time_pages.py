"""Time each page's script run with Streamlit's AppTest on a database (first run and cached re-run).

usage: python scripts/time_pages.py [DB]   (default: data/cocreate.duckdb)
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = ["pages/overview.py", "pages/title.py", "pages/explorer.py", "pages/services.py", "pages/rankings.py",
         "pages/map.py", "pages/timeline.py", "pages/tasks.py", "pages/data.py", "pages/method.py"]


def main() -> int:
    db = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "data" / "cocreate.duckdb")
    os.environ["COCREATE_DB"] = db
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest
    original = PagesManager.__init__

    def init(self, *a, **k):  # as the running app does after its first st.navigation
        original(self, *a, **k)
        PagesManager.uses_pages_directory = False
    PagesManager.__init__ = init
    print(f"{'page':28} {'first s':>8} {'re-run s':>9}")
    for page in PAGES:
        if not (ROOT / page).exists():
            continue
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.query_params["lang"] = "zh"
        at.run()
        t0 = time.perf_counter()
        at.switch_page(page).run()
        first = time.perf_counter() - t0
        t0 = time.perf_counter()
        at.run()
        again = time.perf_counter() - t0
        status = "error" if at.exception else ""
        print(f"{page:28} {first:8.2f} {again:9.2f} {status}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
