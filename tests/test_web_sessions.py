"""Server-side sign-in sessions (issue 21 item 2): create, resume, idle expiry, sign-out."""
from __future__ import annotations

import datetime as dt

from cocreate import web_sessions as ws

T0 = dt.datetime(2026, 3, 1, 9, 0)


def _rows(con):
    return con.execute("SELECT token_hash, user_name FROM web_sessions").fetchall()


def test_create_keeps_only_the_hash_and_resume_gives_the_user(fixture_con):
    token = ws.create(fixture_con, "clerk1", T0)
    rows = _rows(fixture_con)
    assert len(rows) == 1 and rows[0][1] == "clerk1"
    assert rows[0][0] != token and token not in rows[0][0]
    assert len(rows[0][0]) == 64                       # hex SHA-256: 256 bits / 4 = 64 digits
    assert ws.resume(fixture_con, token, T0 + dt.timedelta(minutes=5)) == "clerk1"
    assert ws.resume(fixture_con, "not-a-token", T0) is None
    assert ws.resume(fixture_con, None, T0) is None and ws.resume(fixture_con, "", T0) is None


def test_two_sign_ins_get_different_tokens(fixture_con):
    a, b = ws.create(fixture_con, "clerk1", T0), ws.create(fixture_con, "clerk1", T0)
    assert a != b and len(_rows(fixture_con)) == 2


def test_idle_more_than_eight_hours_ends_the_session(fixture_con):
    token = ws.create(fixture_con, "clerk1", T0)
    # 7 h 59 min idle: still alive (8 h rule), and the visit moves last_seen to 16:59
    assert ws.resume(fixture_con, token, T0 + dt.timedelta(hours=7, minutes=59)) == "clerk1"
    # 16:59 + 8 h = 00:59 next day: alive at 00:59, since idle is exactly 8 h (not more)
    assert ws.resume(fixture_con, token, dt.datetime(2026, 3, 2, 0, 59)) == "clerk1"
    # from 00:59, 8 h 1 min later is 09:00: idle too long, the row is deleted
    assert ws.resume(fixture_con, token, dt.datetime(2026, 3, 2, 9, 0)) is None
    assert _rows(fixture_con) == []


def test_hard_end_after_a_week_however_active(fixture_con):
    token = ws.create(fixture_con, "clerk1", T0)
    t = T0
    for _ in range(20):                  # a visit every 7 h: 20 * 7 = 140 h < 168 h (7 days)
        t += dt.timedelta(hours=7)
        assert ws.resume(fixture_con, token, t) == "clerk1"
    # three more visits at 147 h, 154 h, 161 h are alive; at 168 h = T0 + 7 days the session has ended
    for _ in range(3):
        t += dt.timedelta(hours=7)
        assert ws.resume(fixture_con, token, t) == "clerk1"
    assert ws.resume(fixture_con, token, T0 + dt.timedelta(days=7)) is None


def test_sign_out_deletes_the_row(fixture_con):
    token = ws.create(fixture_con, "clerk1", T0)
    other = ws.create(fixture_con, "clerk2", T0)
    ws.end(fixture_con, token)
    assert ws.resume(fixture_con, token, T0) is None
    assert [r[1] for r in _rows(fixture_con)] == ["clerk2"]
    ws.end(fixture_con, None)            # no cookie: nothing happens
    assert ws.resume(fixture_con, other, T0) == "clerk2"


def test_end_all_and_purge(fixture_con):
    ws.create(fixture_con, "clerk1", T0)
    ws.create(fixture_con, "clerk1", T0)
    keep = ws.create(fixture_con, "clerk2", T0 + dt.timedelta(hours=2))
    ws.end_all(fixture_con, "clerk1")
    assert [r[1] for r in _rows(fixture_con)] == ["clerk2"]
    ws.create(fixture_con, "clerk3", T0)
    # at T0 + 9 h: clerk3 idle 9 h (> 8, purged); clerk2 idle 9 - 2 = 7 h (kept)
    ws.purge(fixture_con, T0 + dt.timedelta(hours=9))
    assert [r[1] for r in _rows(fixture_con)] == ["clerk2"]
    assert ws.resume(fixture_con, keep, T0 + dt.timedelta(hours=9)) == "clerk2"


def test_password_change_and_deletion_end_the_users_sessions(fixture_con, monkeypatch):
    from cocreate import auth
    monkeypatch.setenv("COCREATE_BCRYPT_ROUNDS", "4")
    auth.add_user(fixture_con, "clerk1", "a-long-password", "viewer")
    auth.add_user(fixture_con, "clerk2", "a-long-password", "viewer")
    here, phone = ws.create(fixture_con, "clerk1", T0), ws.create(fixture_con, "clerk1", T0)
    other = ws.create(fixture_con, "clerk2", T0)
    # a new password: the browser that changed it stays signed in, the phone is signed out
    auth.set_password(fixture_con, "clerk1", "another-long-password", keep_token=here)
    assert ws.resume(fixture_con, phone, T0) is None
    assert ws.resume(fixture_con, here, T0) == "clerk1"
    # changed from the command line (no browser to keep): every session of clerk1 ends
    auth.set_password(fixture_con, "clerk1", "a-third-long-password")
    assert ws.resume(fixture_con, here, T0) is None
    assert sorted(r[1] for r in _rows(fixture_con)) == ["clerk2"]
    # deleting the account ends its sessions (clerk2 had one: none left)
    auth.delete_user(fixture_con, "clerk2")
    assert ws.resume(fixture_con, other, T0) is None and _rows(fixture_con) == []
    assert auth.get_user(fixture_con, "clerk2") is None


def test_web_sessions_does_not_import_auth():
    import ast
    import inspect
    tree = ast.parse(inspect.getsource(ws))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert "cocreate.auth" not in imported      # auth imports web_sessions: no cycle, even inside functions
