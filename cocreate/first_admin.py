"""The first administrator without a shell: a one-time setup link.

On a store with no administrator the app, at its first run, makes a random token and writes a link
with it (…/data?setup=TOKEN) to its log and console; only the token's SHA-256 is kept, in `meta`
(key setup_token:<hex digest>, value the time it was made). The link's form creates the first
administrator (password twice, bcrypt as cocreate.auth) in one transaction that also deletes every
setup token, so the link then stops working; a token also expires after TOKEN_HOURS. Each process
(each app replica) makes its own token; all are void once an administrator exists.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets

from cocreate import auth
from cocreate.clock import china_now
from cocreate.errors import CocreateError
from cocreate.store import db

TOKEN_HOURS = 24
_PREFIX = "setup_token:"


def _digest(token: str) -> str:
    return hashlib.sha256(str(token or "").encode("utf-8")).hexdigest()


def has_admin(con) -> bool:
    return bool(db.scalar(con, "SELECT count(*) FROM users WHERE role = 'admin'"))


def issue(con, now: dt.datetime | None = None) -> str | None:
    """A new setup token (its digest kept in the store), or None when an administrator exists.
    Tokens older than TOKEN_HOURS are deleted."""
    now = now or china_now()
    token = secrets.token_urlsafe(24)
    with db.transaction(con) as cur:
        if cur.execute("SELECT count(*) FROM users WHERE role = 'admin'").fetchone()[0]:
            return None
        _drop_expired(cur, now)
        cur.execute("INSERT INTO meta VALUES (?, ?)", [_PREFIX + _digest(token), now.isoformat(timespec="seconds")])
    return token


def _drop_expired(cur, now: dt.datetime) -> None:
    rows = cur.execute("SELECT key, value FROM meta WHERE starts_with(key, ?)", [_PREFIX]).fetchall()
    for key, made in rows:
        if _expired(made, now):
            cur.execute("DELETE FROM meta WHERE key = ?", [key])


def _expired(made: str | None, now: dt.datetime) -> bool:
    try:
        when = dt.datetime.fromisoformat(str(made))
    except ValueError:
        return True
    if when.tzinfo is None and now.tzinfo is not None:
        when = when.replace(tzinfo=now.tzinfo)
    return now - when > dt.timedelta(hours=TOKEN_HOURS)


def _valid(cur, token: str, now: dt.datetime) -> bool:
    if not token:
        return False
    wanted = _PREFIX + _digest(token)
    rows = cur.execute("SELECT key, value FROM meta WHERE starts_with(key, ?)", [_PREFIX]).fetchall()
    return any(hmac.compare_digest(key, wanted) and not _expired(made, now) for key, made in rows)


def token_valid(con, token: str, now: dt.datetime | None = None) -> bool:
    """Whether a setup link still works (no administrator yet, the token known and not expired)."""
    if not token or has_admin(con):
        return False
    cur = con.cursor()
    try:
        return _valid(cur, token, now or china_now())
    finally:
        cur.close()


def create_admin(con, token: str, name: str, password: str, password_again: str,
                 now: dt.datetime | None = None) -> dict:
    """Create the first administrator through a setup link; every setup token goes with it."""
    now = now or china_now()
    if password != password_again:
        raise CocreateError("auth_password_mismatch")
    name = (name or "").strip()
    if not auth._NAME.match(name):
        raise CocreateError("auth_bad_name", name, name=name)
    hashed = auth.hash_password(password)   # checks the length rules first
    with db.transaction(con) as cur:
        if cur.execute("SELECT count(*) FROM users WHERE role = 'admin'").fetchone()[0] or not _valid(cur, token, now):
            raise CocreateError("office_setup_invalid")
        if cur.execute("SELECT count(*) FROM users WHERE name = ?", [name]).fetchone()[0]:
            raise CocreateError("auth_user_exists", name, name=name)
        cur.execute("INSERT INTO users (name, password_hash, role, areas, created_at, failed_logins) "
                    "VALUES (?, ?, 'admin', NULL, ?, 0)", [name, hashed, now])
        cur.execute("DELETE FROM meta WHERE starts_with(key, ?)", [_PREFIX])
    return auth.get_user(con, name)


def announce(con, base_url: str, words) -> str | None:
    """At the app's start: on a store with no administrator, make a token and write the link to
    the log and the console, as `words(link, hours)` says it (the caller's sentence, both languages).
    Returns the link, or None."""
    try:
        token = None if has_admin(con) else issue(con)
    except (CocreateError, *db.DB_ERRORS) as exc:   # a read-only store, a busy file: the app still serves
        logging.getLogger("cocreate").warning("no setup link: %s", exc)
        return None
    if token is None:
        return None
    link = base_url.rstrip("/") + "/data?setup=" + token
    text = words(link, TOKEN_HOURS)
    log = logging.getLogger("cocreate")
    log.warning(text)   # without a configured handler Python writes this to stderr: the console
    if log.hasHandlers():
        print(text, flush=True)   # the log goes elsewhere: the console gets it too
    return link
