"""Whole page runs timed with Streamlit's AppTest (used by `python -m cocreate bench` and
scripts/time_pages.py). Lives with the Streamlit glue, not in the core."""
from __future__ import annotations

import os
import time
from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from cocreate import REPO_ROOT


def time_pages(db_file: Path | str, pages: dict[str, str], query: dict[str, str] | None = None,
               timeout: int = 600) -> tuple[dict, dict, dict]:
    """Run each page twice on `db_file` (cold caches, then cached): ({name: first_ms},
    {name: cached_ms}, {name: [exception messages]})."""
    os.environ["COCREATE_DB"] = str(db_file)
    original = PagesManager.__init__

    def init(self, *a, **k):  # as the running app does after its first st.navigation
        original(self, *a, **k)
        PagesManager.uses_pages_directory = False
    PagesManager.__init__ = init
    first, cached, problems = {}, {}, {}
    try:
        for name, page in pages.items():
            st.cache_data.clear()
            st.cache_resource.clear()
            at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=timeout)
            for key, value in (query or {"lang": "zh"}).items():
                at.query_params[key] = value
            at.switch_page(page)
            t0 = time.perf_counter()
            at.run()
            first[name] = round((time.perf_counter() - t0) * 1000, 1)
            t0 = time.perf_counter()
            at.run()
            cached[name] = round((time.perf_counter() - t0) * 1000, 1)
            if at.exception:   # st.error boxes are content (a failing veto item), exceptions are not
                problems[name] = [str(x.message) for x in at.exception][:3]
    finally:
        PagesManager.__init__ = original
        st.cache_data.clear()
        st.cache_resource.clear()
    return first, cached, problems
