"""Real-browser measure: navigation to the first chart drawn (a plotly SVG in the main area), cold
(a fresh server process and an empty browser cache) and warm (the same URL again in a new tab of the
same browser, its cache kept), per page.

usage: python scripts/browser_bench.py DB [--pages overview,title,...] [--area CODE] [--repeats 3] [--json FILE]

Starts `streamlit run app.py` on a free 127.0.0.1 port for DB, drives Debian chromium through
playwright (never a downloaded browser), prints the medians in ms.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
CHART = '[data-testid="stMain"] .js-plotly-plot .main-svg'
PAGES = ["overview", "title", "explorer", "services", "rankings", "map", "timeline"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "COCREATE_DB": str(db)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            urllib.request.urlopen(base + "/_stcore/health", timeout=2)
            return proc, base
        except Exception:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("streamlit did not start within 90 s")


def first_chart_ms(ctx, url: str, timeout_ms: int = 120_000) -> float:
    """ms from navigation start to the first plotly chart in the main area being drawn, in a new tab of
    the browser context `ctx` (a new context has an empty browser cache: streamlit's and plotly's
    scripts are fetched and compiled again; a second tab of the same context finds them cached, as a
    returning user's browser does)."""
    page = ctx.new_page()
    try:
        t0 = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_selector(CHART, timeout=timeout_ms, state="attached")
        return round((time.perf_counter() - t0) * 1000, 1)
    finally:
        page.close()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--pages", default=",".join(PAGES))
    ap.add_argument("--area", default=None)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--json")
    a = ap.parse_args()
    from playwright.sync_api import sync_playwright
    pages = a.pages.split(",")
    query = "?lang=zh" + (f"&area={a.area}" if a.area else "")
    cold: dict[str, list] = {p: [] for p in pages}
    warm: dict[str, list] = {p: [] for p in pages}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for _ in range(a.repeats):
                for name in pages:        # cold: a fresh server for each page's first view
                    proc, base = start_server(a.db)
                    ctx = browser.new_context(viewport={"width": 1280, "height": 1000})
                    try:   # cold: new server, empty browser cache; warm: the same URL in a second tab
                        cold[name].append(first_chart_ms(ctx, f"{base}/{name}{query}"))
                        warm[name].append(first_chart_ms(ctx, f"{base}/{name}{query}"))
                    finally:
                        ctx.close()
                        proc.terminate()
                        proc.wait(timeout=20)
        finally:
            browser.close()
    out = {p: {"cold_ms": statistics.median(cold[p]), "warm_ms": statistics.median(warm[p])} for p in pages}
    print(f"{'page':10} {'cold ms':>9} {'warm ms':>9}")
    for p, r in out.items():
        print(f"{p:10} {r['cold_ms']:9.0f} {r['warm_ms']:9.0f}")
    if a.json:
        Path(a.json).write_text(json.dumps({"db": str(a.db), "first_chart": out}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
