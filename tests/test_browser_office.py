"""A city office's first day in a real browser (issue 20): the app started on a store with no
administrator writes a setup link to its console; the link makes the first administrator and then
refuses; commands read and import on the same file while the app is open in the browser."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from cocreate.store import db
from conftest import REPO_ROOT, start_app, wait_for_app
from test_office_store import IMPORT_ROWS, count_obs


@pytest.fixture(scope="module")
def office_app(demo_db_file, tmp_path_factory):
    folder = tmp_path_factory.mktemp("office")
    path = folder / "office.duckdb"
    shutil.copy(demo_db_file, path)
    log = folder / "console.txt"
    with open(log, "wb") as out:
        proc, base = start_app(path, {"COCREATE_BCRYPT_ROUNDS": "4"}, out=out)
    port = int(base.rsplit(":", 1)[1])
    yield base, path, log, port
    proc.terminate()
    proc.wait(timeout=10)


def test_first_admin_through_the_console_link(office_app, page):
    base, path, log, port = office_app
    page.goto(base + "/data?lang=en", wait_until="domcontentloaded")
    wait_for_app(page)
    assert "No account exists yet" in page.inner_text('[data-testid="stMain"]')
    links = re.findall(r"(http://\S+/data\?setup=[A-Za-z0-9_\-]+)", log.read_text(encoding="utf-8"))
    assert links and links[0].startswith(f"http://localhost:{port}/data?setup=")
    link = base + links[0][links[0].index("/data?"):] + "&lang=en"

    page.goto(link, wait_until="domcontentloaded")
    wait_for_app(page)
    page.get_by_role("textbox", name="User name").fill("chief")
    page.get_by_label("Password", exact=True).fill("a-long-password")
    page.get_by_label("Password again").fill("a-long-password")
    page.get_by_role("button", name="Create the administrator and log in").click()
    page.locator('[data-testid="stAlertContentSuccess"]', has_text="Administrator chief created").wait_for(timeout=30000)
    assert "setup=" not in page.url
    # signed in as an administrator: the accounts tab comes later in the same run than the success message
    page.get_by_role("tab", name="Accounts").wait_for(timeout=30000)
    assert page.get_by_role("tab", name="Accounts").count() == 1

    other = page.context.new_page()
    other.goto(link, wait_until="domcontentloaded")
    wait_for_app(other)
    assert "no longer works" in other.locator('[data-testid="stAlertContentError"]').inner_text()


def test_commands_read_and_import_while_the_browser_has_the_app_open(office_app, page, tmp_path):
    base, path, _, _ = office_app
    page.goto(base + "/title?lang=en", wait_until="domcontentloaded")
    wait_for_app(page)
    before = count_obs(path)
    csv = tmp_path / "in.csv"
    csv.write_text("indicator_code,area_code,period,value\n" + "".join(f"{a},{b},{c},{d}\n" for a, b, c, d in IMPORT_ROWS))
    for args in (["report", "--area", "620100"], ["import", str(csv)], ["problems", "report", "--area", "620100"]):
        out = subprocess.run([sys.executable, "-m", "cocreate", *args, "--db", str(path)], cwd=REPO_ROOT,
                             capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, (args, out.stderr)
        page.goto(base + "/rankings?lang=en", wait_until="domcontentloaded")   # the app keeps reading
        wait_for_app(page)
    assert count_obs(path) == before + 3
    assert page.locator('[data-testid="stException"]').count() == 0
    store = db.open_store(path)
    try:
        assert db.scalar(store, "SELECT count(*) FROM users WHERE role = 'admin'") == 1
    finally:
        store.close()
