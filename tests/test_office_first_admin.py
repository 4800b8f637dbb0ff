"""The first administrator without a shell (issue 20, item 2): a one-time setup link written at the
app's start, a form that creates the administrator, and a link that then stops working."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from cocreate import auth, first_admin
from cocreate.errors import CocreateError
from cocreate.store import db


@pytest.fixture()
def rounds(monkeypatch):
    monkeypatch.setenv("COCREATE_BCRYPT_ROUNDS", "4")


def _link_token(text: str) -> str:
    found = re.findall(r"/data\?setup=([A-Za-z0-9_\-]+)", text)
    assert found, text
    return found[-1]


def _fill(at, name, pw1, pw2):
    at.text_input(key="office_setup_name").input(name)
    at.text_input(key="office_setup_pw1").input(pw1)
    at.text_input(key="office_setup_pw2").input(pw2)
    at.button(key="office_setup_submit").click()
    at.run()


def test_the_app_writes_a_link_that_makes_the_first_admin_once(app_test, demo_db_path, capsys, rounds):
    at = app_test("pages/data.py", lang="en")
    assert not at.exception
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert "No administrator account yet" in out and "还没有管理员账号" in out
    token = _link_token(out)
    con = db.connect(demo_db_path, read_only=True)
    try:   # only the digest is kept, never the token
        keys = [r[0] for r in con.execute("SELECT key FROM meta WHERE key LIKE 'setup_token:%'").fetchall()]
        assert len(keys) == 1 and token not in keys[0]
    finally:
        con.close()

    at = app_test("pages/data.py", lang="en", setup=token)
    assert at.text_input(key="office_setup_name") is not None
    _fill(at, "chief", "a-long-password", "a-long-password-typo")   # the two differ: refused
    assert any("The two passwords differ" in e.value for e in at.error)
    assert first_admin.token_valid(db.open_store(demo_db_path), token)
    _fill(at, "chief", "a-long-password", "a-long-password")
    assert not at.exception
    assert at.session_state["auth_user"] == "chief"
    assert any("Administrator chief created" in s.value for s in at.success)
    store = db.open_store(demo_db_path)
    assert auth.get_user(store, "chief")["role"] == "admin"
    assert auth.authenticate(store, "chief", "a-long-password")["name"] == "chief"

    again = app_test("pages/data.py", lang="en", setup=token)
    assert any("no longer works" in e.value for e in again.error)
    assert not [w for w in again.text_input if w.key == "office_setup_name"]
    with pytest.raises(CocreateError) as info:
        first_admin.create_admin(store, token, "second", "a-long-password", "a-long-password")
    assert info.value.key == "office_setup_invalid"


def test_no_link_when_an_admin_exists(app_test, demo_db_path, capsys, rounds):
    con = db.connect(demo_db_path)
    auth.add_user(con, "boss", "a-long-password", "admin")
    con.close()
    app_test("pages/data.py", lang="en")
    captured = capsys.readouterr()
    assert "setup=" not in captured.out + captured.err


def test_a_token_expires_and_a_wrong_one_never_works(demo_db_path, rounds):
    store = db.open_store(demo_db_path)
    made = dt.datetime(2026, 12, 1, 9, 0)
    token = first_admin.issue(store, now=made)
    assert first_admin.token_valid(store, token, now=made + dt.timedelta(hours=23))
    assert not first_admin.token_valid(store, token, now=made + dt.timedelta(hours=25))   # 24 h
    assert not first_admin.token_valid(store, "guess", now=made)
    assert not first_admin.token_valid(store, "", now=made)


def test_the_link_works_behind_the_viewing_gate(app_test, demo_db_path, monkeypatch, rounds):
    """With COCREATE_OPEN_VIEWING=0 every page shows only the login: the setup link still works."""
    monkeypatch.setenv("COCREATE_OPEN_VIEWING", "0")
    token = first_admin.issue(db.open_store(demo_db_path))
    at = app_test(None, lang="en", setup=token)
    _fill(at, "chief", "a-long-password", "a-long-password")
    assert not at.exception
    assert at.session_state["auth_user"] == "chief"
    assert not first_admin.token_valid(db.open_store(demo_db_path), token)
