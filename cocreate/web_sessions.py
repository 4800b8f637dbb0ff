"""Server-side sign-in sessions behind a cookie (issue 21 item 2): a reload keeps a clerk signed in.

`create` makes a random token (returned once, for the cookie) and stores only its SHA-256;
`resume` gives the user name back for a valid token (not idle longer than SESSION_IDLE_HOURS,
not past its hard end) and notes the visit; `end` deletes the row (signing out). Expired rows are
deleted as they are met and by `purge`. Times are China time (china_now), passed in by tests.
`end_all` (and `end_all_in`, on a transaction's cursor) ends every session of a user: cocreate.auth
calls it when a password changes or an account is deleted. This module imports nothing of
cocreate.auth (auth imports it; SESSION_IDLE_HOURS lives here and auth re-exports it).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from cocreate.clock import china_now
from cocreate.store import db

SESSION_IDLE_HOURS = 8  # the idle rule (auth.SESSION_IDLE_HOURS is this)
COOKIE_NAME = "cocreate_session"
MAX_HOURS = 7 * 24      # hard end of a session, however active
_TOUCH_SECONDS = 60     # last_seen is written at most once a minute (each rerun reads, few write)


def token_hash(token: str) -> str:
    return hashlib.sha256(str(token).encode("utf-8")).hexdigest()


def create(con, user_name: str, now: dt.datetime | None = None) -> str:
    """Store a new session for user_name; return its token (only its hash is kept)."""
    now = now or china_now()
    token = secrets.token_urlsafe(32)
    with db.transaction(con) as cur:
        cur.execute("INSERT INTO web_sessions (token_hash, user_name, created_at, last_seen, expires_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [token_hash(token), str(user_name), now, now, now + dt.timedelta(hours=MAX_HOURS)])
    return token


def resume(con, token: str | None, now: dt.datetime | None = None) -> str | None:
    """The user name of a live session, else None (an expired or idle one is deleted)."""
    if not token or len(token) > 200:
        return None
    now = now or china_now()
    key = token_hash(token)
    with db.transaction(con) as cur:
        row = cur.execute("SELECT user_name, last_seen, expires_at FROM web_sessions WHERE token_hash = ?",
                          [key]).fetchone()
        if row is None:
            return None
        name, last_seen, expires_at = row
        if now >= expires_at or now - last_seen > dt.timedelta(hours=SESSION_IDLE_HOURS):
            cur.execute("DELETE FROM web_sessions WHERE token_hash = ?", [key])
            return None
        if (now - last_seen).total_seconds() >= _TOUCH_SECONDS:
            cur.execute("UPDATE web_sessions SET last_seen = ? WHERE token_hash = ?", [now, key])
    return name


def end(con, token: str | None) -> None:
    """Sign out: the session's row is deleted (the cookie alone then signs no one in)."""
    if not token:
        return
    with db.transaction(con) as cur:
        cur.execute("DELETE FROM web_sessions WHERE token_hash = ?", [token_hash(token)])


def end_all(con, user_name: str, keep_token: str | None = None) -> None:
    """Every session of one user (a password change, a deleted account), but the one of `keep_token`
    (the browser that made the change), if given."""
    with db.transaction(con) as cur:
        end_all_in(cur, user_name, keep_token)


def end_all_in(cur, user_name: str, keep_token: str | None = None) -> None:
    """end_all on the caller's transaction cursor (the change and the sign-outs commit as one)."""
    keep = token_hash(keep_token) if keep_token else ""
    cur.execute("DELETE FROM web_sessions WHERE user_name = ? AND token_hash <> ?", [str(user_name), keep])


def purge(con, now: dt.datetime | None = None) -> None:
    """Delete sessions past their hard end or idle longer than the idle rule."""
    now = now or china_now()
    with db.transaction(con) as cur:
        cur.execute("DELETE FROM web_sessions WHERE expires_at <= ? OR last_seen < ?",
                    [now, now - dt.timedelta(hours=SESSION_IDLE_HOURS)])
