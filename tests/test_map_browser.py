"""The map page in a real browser (Debian chromium through playwright): the district shapes render
offline and the page shows no exception."""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from cocreate import REPO_ROOT

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium is not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def server(demo_db_path):
    port = free_port()
    env = {**os.environ, "COCREATE_DB": str(demo_db_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.headless", "true",
         "--browser.gatherUsageStats", "false"],
        cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.25)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.mark.parametrize("lang,name", [("zh", "城关区"), ("en", "Chengguan")])
def test_map_renders_in_browser(server, lang, name):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1600})
            page.goto(f"{server}/map?lang={lang}")
            page.wait_for_selector(".js-plotly-plot .scatterlayer path.js-fill", timeout=30000)
            fills = page.locator(".js-plotly-plot .scatterlayer path.js-fill").count()
            assert fills >= 8                                          # one filled shape per district
            labels = page.eval_on_selector_all(".js-plotly-plot .textpoint text", "els => els.map(e => e.textContent)")
            assert any(name in x for x in labels), labels
            assert page.locator('[data-testid="stException"]').count() == 0
        finally:
            browser.close()
