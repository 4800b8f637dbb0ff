"""A sign-in survives a reload in a real browser (issue 21 item 2): the cookie's token finds the
server-side session; logging out deletes it, and a reload then shows the login form again."""
from __future__ import annotations

import os
import shutil

import pytest

from cocreate import auth
from cocreate.store import db
from conftest import start_app, wait_for_app


@pytest.fixture(scope="module")
def session_app(demo_db_file, tmp_path_factory):
    folder = tmp_path_factory.mktemp("session")
    path = folder / "session.duckdb"
    shutil.copy(demo_db_file, path)
    old_rounds = os.environ.get("COCREATE_BCRYPT_ROUNDS")
    os.environ["COCREATE_BCRYPT_ROUNDS"] = "4"
    con = db.connect(path)
    try:
        auth.add_user(con, "chief", "a-long-password", "admin")
    finally:
        con.close()
        if old_rounds is None:
            os.environ.pop("COCREATE_BCRYPT_ROUNDS")
        else:
            os.environ["COCREATE_BCRYPT_ROUNDS"] = old_rounds
    proc, base = start_app(path, {"COCREATE_BCRYPT_ROUNDS": "4"})
    yield base, path
    proc.terminate()
    proc.wait(timeout=10)


def _sessions(path) -> int:
    con = db.connect(path, read_only=True)
    try:
        return con.execute("SELECT count(*) FROM web_sessions").fetchone()[0]
    finally:
        con.close()


def test_sign_in_survives_a_reload_and_log_out_ends_it(session_app, page):
    base, path = session_app
    page.goto(base + "/data?lang=en", wait_until="domcontentloaded")
    wait_for_app(page)
    page.get_by_role("textbox", name="User name").first.fill("chief")
    page.get_by_label("Password", exact=True).first.fill("a-long-password")
    page.get_by_role("button", name="Log in").first.click()
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Logged in: chief").wait_for(timeout=30000)
    page.wait_for_function("() => document.cookie.includes('cocreate_session=')", timeout=15000)
    assert _sessions(path) == 1

    page.reload(wait_until="domcontentloaded")
    wait_for_app(page)
    sidebar.get_by_text("Logged in: chief").wait_for(timeout=30000)   # still signed in

    sidebar.get_by_role("button", name="Log out").click()
    page.wait_for_function("() => !document.cookie.includes('cocreate_session=')", timeout=15000)
    assert _sessions(path) == 0
    page.reload(wait_until="domcontentloaded")
    wait_for_app(page)
    assert sidebar.get_by_text("Logged in: chief").count() == 0
    assert page.get_by_role("button", name="Log in").count() >= 1
