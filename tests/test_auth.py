"""Logins: bcrypt hashes only, lockout after failed attempts, roles and area rights, CLI user add."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest

from cocreate import REPO_ROOT, auth

from cocreate.store import db
from cocreate.errors import CocreateError
from cocreate.intake.observations import allowed_areas


@pytest.fixture(autouse=True)
def _fast_bcrypt(monkeypatch):
    monkeypatch.setenv("COCREATE_BCRYPT_ROUNDS", "4")


def test_fresh_database_has_no_account(fixture_con):
    assert auth.count_users(fixture_con) == 0


def test_password_is_stored_only_as_bcrypt_hash(fixture_con):
    auth.add_user(fixture_con, "boss", "correct horse 1", "admin")
    stored = fixture_con.execute("SELECT password_hash FROM users WHERE name='boss'").fetchone()[0]
    assert stored.startswith("$2b$") and "correct horse" not in stored
    assert auth.verify_password("correct horse 1", stored) and not auth.verify_password("wrong", stored)
    assert "password_hash" not in auth.get_user(fixture_con, "boss")
    assert "password_hash" not in db.run(fixture_con, "users_list").columns


def test_login_lockout_after_five_failures(fixture_con):
    auth.add_user(fixture_con, "clerk1", "pass-word-9", "clerk", "990101")
    now = dt.datetime(2026, 3, 1, 9, 0)
    assert auth.authenticate(fixture_con, "clerk1", "pass-word-9", now)["role"] == "clerk"
    for i in range(4):
        with pytest.raises(auth.AuthError) as bad:
            auth.authenticate(fixture_con, "clerk1", "nope", now)
        assert bad.value.key == "auth_bad_login"
    with pytest.raises(auth.AuthError) as locked:
        auth.authenticate(fixture_con, "clerk1", "nope", now)
    assert locked.value.key == "auth_locked"
    with pytest.raises(auth.AuthError) as still:  # even the right password waits 15 minutes
        auth.authenticate(fixture_con, "clerk1", "pass-word-9", now + dt.timedelta(minutes=14))
    assert still.value.key == "auth_locked"
    assert auth.authenticate(fixture_con, "clerk1", "pass-word-9", now + dt.timedelta(minutes=16))["name"] == "clerk1"
    assert fixture_con.execute("SELECT failed_logins, locked_until FROM users WHERE name='clerk1'").fetchone() == (0, None)


def test_unknown_user_and_wrong_password_read_the_same(fixture_con):
    auth.add_user(fixture_con, "boss", "correct horse 1", "admin")
    with pytest.raises(auth.AuthError) as a:
        auth.authenticate(fixture_con, "ghost", "x")
    with pytest.raises(auth.AuthError) as b:
        auth.authenticate(fixture_con, "boss", "x")
    assert a.value.key == b.value.key == "auth_bad_login"


@pytest.mark.parametrize("name, pw, role, areas, key", [
    ("x", "long-enough-1", "admin", None, "auth_bad_name"),
    ("clerk2", "short", "clerk", "990101", "auth_password_short"),
    ("clerk2", "long-enough-1", "clerk", None, "auth_clerk_needs_areas"),
    ("clerk2", "long-enough-1", "clerk", "990101,123456", "auth_unknown_areas"),
    ("boss2", "long-enough-1", "root", None, "auth_bad_role"),
    ("boss2", "é" * 40, "admin", None, "auth_password_long"),
])
def test_bad_accounts_are_refused(fixture_con, name, pw, role, areas, key):
    with pytest.raises(CocreateError) as info:
        auth.add_user(fixture_con, name, pw, role, areas)
    assert info.value.key == key
    assert auth.count_users(fixture_con) == 0


def test_roles_and_area_rights(fixture_con):
    city = auth.add_user(fixture_con, "cityclerk", "long-enough-1", "clerk", "990100")
    small = auth.add_user(fixture_con, "smallclerk", "long-enough-1", "clerk", "990102")
    viewer = auth.add_user(fixture_con, "looker", "long-enough-1", "viewer")
    assert allowed_areas(fixture_con, city) == {"990100", "990101", "990102"}
    assert allowed_areas(fixture_con, small) == {"990102"}
    assert allowed_areas(fixture_con, viewer) == set()
    assert allowed_areas(fixture_con, {"name": "b", "role": "admin"}) is None
    assert auth.may_import(city) and not auth.may_import(viewer) and not auth.is_admin(city)


def test_cli_user_add_reads_password_from_stdin_or_env(fixture_db_path):
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT), COCREATE_BCRYPT_ROUNDS="4")
    env.pop("COCREATE_PASSWORD", None)
    run = lambda *a, **kw: subprocess.run([sys.executable, "-m", "cocreate", *a], capture_output=True, text=True,
                                          cwd=REPO_ROOT, timeout=60, **kw)
    p = run("user", "add", "boss", "--role", "admin", "--db", str(fixture_db_path), "--lang", "en",
            input="s3cret-password\n", env=env)
    assert p.returncode == 0, p.stderr
    assert "s3cret-password" not in p.stdout + p.stderr
    q = run("user", "add", "clerk1", "--role", "clerk", "--areas", "990101", "--db", str(fixture_db_path),
            env=dict(env, COCREATE_PASSWORD="from-env-pass"), input="")
    assert q.returncode == 0, q.stderr
    dup = run("user", "add", "boss", "--role", "admin", "--db", str(fixture_db_path), "--lang", "en",
              input="another-pass-1\n", env=env)
    assert dup.returncode == 2 and "already exists" in dup.stderr
    con = db.connect(fixture_db_path)
    try:
        assert auth.authenticate(con, "boss", "s3cret-password")["role"] == "admin"
        assert auth.authenticate(con, "clerk1", "from-env-pass")["areas"] == "990101"
    finally:
        con.close()
