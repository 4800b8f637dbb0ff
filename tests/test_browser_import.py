"""A clerk's month in a real browser: log in, upload a GBK CSV saved by Chinese Excel/WPS, read the
check, import, and see the figure on the dashboard; a bad file is refused with its line named."""
import shutil

import pytest

from cocreate import auth

from cocreate.store import db
from conftest import wait_for_app

PASSWORD = "clerk-password-1"


@pytest.fixture(scope="module")
def clerk_app(demo_db_file, tmp_path_factory, request):
    """Its own server: the account must exist before the app holds the database file."""
    import os

    from conftest import start_app
    path = tmp_path_factory.mktemp("clerk") / "clerk.duckdb"
    shutil.copy(demo_db_file, path)
    os.environ.setdefault("COCREATE_BCRYPT_ROUNDS", "4")
    con = db.connect(path)
    auth.add_user(con, "chengguan", PASSWORD, "clerk", "620102")
    con.close()
    proc, base = start_app(path)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def log_in(page, base):
    page.goto(base + "/data?lang=en", wait_until="domcontentloaded")
    wait_for_app(page)
    page.get_by_role("textbox", name="User name").fill("chengguan")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_selector('[data-testid="stFileUploaderDropzoneInput"]', state="attached", timeout=30000)


def test_clerk_imports_gbk_csv_and_sees_it(clerk_app, page, tmp_path, demo_db_file):
    log_in(page, clerk_app)
    good = tmp_path / "城关区10月.csv"
    good.write_bytes("指标代码,地区代码,期间,数值,备注\npublic_toilets,620102,2026-10,1234,新建公厕\n".encode("gbk"))
    page.set_input_files('[data-testid="stFileUploaderDropzoneInput"]', str(good))
    button = page.get_by_role("button", name="Import 1 figures")
    button.wait_for(timeout=30000)
    button.click()
    # the dry-run check is a success message too: wait for the import's own one
    done = page.locator('[data-testid="stAlertContentSuccess"]', has_text="(batch")
    done.wait_for(timeout=30000)
    assert "1 figures, 0 new, 1 replaced" in done.inner_text()
    # the title page's metric (DOM text, unlike the canvas tables) shows the new per-capita figure
    con = db.connect(demo_db_file, read_only=True)
    population = con.execute("SELECT value FROM observations WHERE indicator_code='population' AND area_code='620102' "
                             "AND period <= DATE '2026-10-01' ORDER BY period DESC LIMIT 1").fetchone()[0]
    con.close()
    expected = f"{1234 / population * 10000:.2f}"
    page.goto(clerk_app + "/title?lang=en&area=620102&title=public_services&indicator=public_toilets_per_10k",
              wait_until="domcontentloaded")
    wait_for_app(page)
    page.wait_for_selector(f'[data-testid="stMetricValue"]:has-text("{expected}")', timeout=30000)
    assert page.locator('[data-testid="stException"]').count() == 0


def test_bad_file_is_refused_with_its_line(clerk_app, page, tmp_path):
    log_in(page, clerk_app)
    bad = tmp_path / "bad.csv"
    bad.write_bytes("指标代码,地区代码,期间,数值\npublic_toilets,620102,2026-09,520\nno_such_indicator,620102,2026-09,1\n"
                    .encode("gbk"))
    page.set_input_files('[data-testid="stFileUploaderDropzoneInput"]', str(bad))
    page.wait_for_selector('[data-testid="stAlertContentError"]', timeout=30000)
    assert "nothing was imported" in page.locator('[data-testid="stAlertContentError"]').inner_text().lower()
    assert page.get_by_role("button", name="Import 1 figures").count() == 0  # nothing can be imported
    # the per-row report downloads as CSV: line 3 as Excel numbers it, the column and the reason
    with page.expect_download() as download:
        page.locator('[data-testid="stMain"] [data-testid="stDownloadButton"] button').first.click()
    report = open(download.value.path(), encoding="utf-8-sig").read()
    assert "no_such_indicator" in report and "3" in report.splitlines()[1]
