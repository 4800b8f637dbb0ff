"""Whole page runs timed with Streamlit's AppTest (used by `python -m cocreate bench` and
scripts/time_pages.py). Lives with the Streamlit glue, not in the core.

    time_pages(db_file, pages, query) -> (first, cached, problems)       # in this process
    python -m webui.page_timing --db FILE --page pages/x.py --query JSON --changes JSON --warm N
        # one page in a fresh process: prints {"cold_ms", "warm_ms": [...], "changed_ms": [...], "errors"}
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest, app_test

from cocreate import REPO_ROOT


@contextlib.contextmanager
def _app_mode(db_file):
    """The database for the app, and Streamlit out of the old pages/ mode (as after the app's first
    st.navigation), for AppTest runs in this process. As in the server, where both belong to the one
    runtime: one script cache (a script is compiled once, not at every run) and one component
    registry (installed packages scanned once, not for every new session)."""
    os.environ["COCREATE_DB"] = str(db_file)
    original = PagesManager.__init__
    original_cache, original_components = app_test.ScriptCache, app_test.BidiComponentManager
    script_cache = original_cache()
    components = original_components()
    scan = components.discover_and_register_components

    def scan_once(*a, **k):
        components.discover_and_register_components = lambda *a, **k: None
        return scan(*a, **k)
    components.discover_and_register_components = scan_once

    def init(self, *a, **k):
        original(self, *a, **k)
        PagesManager.uses_pages_directory = False
    PagesManager.__init__ = init
    app_test.ScriptCache = lambda: script_cache
    app_test.BidiComponentManager = lambda: components
    try:
        yield
    finally:
        PagesManager.__init__ = original
        app_test.ScriptCache, app_test.BidiComponentManager = original_cache, original_components


def _session(page: str, query: dict, timeout: int) -> AppTest:
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=timeout)
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(page)
    return at


def _timed_run(at: AppTest) -> float:
    t0 = time.perf_counter()
    at.run()
    return round((time.perf_counter() - t0) * 1000, 1)


def _errors(at: AppTest) -> list[str]:
    # st.error boxes are content (a failing veto item), exceptions are not
    return [str(x.message)[:200] for x in at.exception][:3]


def time_pages(db_file: Path | str, pages: dict[str, str], query: dict[str, str] | None = None,
               timeout: int = 600) -> tuple[dict, dict, dict]:
    """Run each page twice on `db_file` (cold caches, then cached): ({name: first_ms},
    {name: cached_ms}, {name: [exception messages]})."""
    first, cached, problems = {}, {}, {}
    with _app_mode(db_file):
        try:
            for name, page in pages.items():
                st.cache_data.clear()
                st.cache_resource.clear()
                at = _session(page, query or {"lang": "zh"}, timeout)
                first[name] = _timed_run(at)
                cached[name] = _timed_run(at)
                if at.exception:
                    problems[name] = _errors(at)
        finally:
            st.cache_data.clear()
            st.cache_resource.clear()
    return first, cached, problems


def time_one_page(db_file, page: str, query: dict, changes: list[dict], warm: int = 3,
                  timeout: int = 600) -> dict:
    """One page in this (fresh) process: the first run (cold: nothing imported by the app, empty
    caches), `warm` re-runs of the same view, then one new session per change (another city or
    as-of date: the data caches miss, the process is warm)."""
    with _app_mode(db_file):
        at = _session(page, query, timeout)
        cold = _timed_run(at)
        errors = _errors(at)
        warm_ms = [_timed_run(at) for _ in range(warm)]
        changed_ms = []
        for change in changes:
            other = _session(page, {**query, **change}, timeout)
            changed_ms.append(_timed_run(other))
            errors += _errors(other)
    return {"cold_ms": cold, "warm_ms": warm_ms, "changed_ms": changed_ms, "errors": errors[:3],
            "peak_rss_mb": peak_rss_mb()}


def peak_rss_mb() -> float:
    """This process's own peak resident memory (VmHWM: since its exec, unlike ru_maxrss, which a
    child inherits from the parent it was forked from)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", required=True)
    p.add_argument("--page", required=True)
    p.add_argument("--query", default='{"lang": "zh"}')
    p.add_argument("--changes", default="[]")
    p.add_argument("--warm", type=int, default=3)
    a = p.parse_args(argv)
    out = time_one_page(a.db, a.page, json.loads(a.query), json.loads(a.changes), a.warm)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
