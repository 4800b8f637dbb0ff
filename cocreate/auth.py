"""Logins and roles: bcrypt hashes in the users table, failed-login lockout, area rights.

Roles: viewer (reads), clerk (imports for the areas listed on the account and their children),
inspector (files field reports at the points of the areas on the account; imports nothing: issue 21),
admin (everything, including accounts and rollback). Passwords are never stored, logged or
returned in clear; only bcrypt hashes are kept. No account exists until one is created.
"""
from __future__ import annotations

import datetime as dt
import os
import re

import bcrypt

from cocreate import web_sessions
from cocreate.store import db
from cocreate.errors import CocreateError, PermissionDenied
from cocreate.intake.observations import allowed_areas, china_now  # noqa: F401  (re-exported for callers)

ROLES = ("viewer", "clerk", "inspector", "admin")
AREA_ROLES = ("clerk", "inspector")   # limited to the areas written on the account
MAX_FAILED = 5
LOCK_MINUTES = 15
SESSION_IDLE_HOURS = web_sessions.SESSION_IDLE_HOURS
MIN_PASSWORD = 8
_NAME = re.compile(r"^[\w.\-\u4e00-\u9fff]{2,32}$")
# A valid hash of a random string, checked when the user is unknown so timing does not tell.
_DUMMY_HASH = bcrypt.hashpw(b"not-a-password-at-all", bcrypt.gensalt(rounds=4))


class AuthError(CocreateError):
    """A login failed (wrong name/password, locked)."""


def _rounds() -> int:
    """bcrypt cost: 12 by default; tests may lower it with COCREATE_BCRYPT_ROUNDS (min 4)."""
    try:
        return max(4, min(16, int(os.environ.get("COCREATE_BCRYPT_ROUNDS", "12"))))
    except ValueError:
        return 12


def open_viewing() -> bool:
    """Whether anyone may view without logging in (env COCREATE_OPEN_VIEWING, default 1)."""
    return os.environ.get("COCREATE_OPEN_VIEWING", "1").strip().lower() not in ("0", "false", "no", "off")


def check_password_rules(password: str) -> bytes:
    if password is None or len(password) < MIN_PASSWORD:
        raise CocreateError("auth_password_short", "", n=MIN_PASSWORD)
    raw = password.encode("utf-8")
    if len(raw) > 72:
        raise CocreateError("auth_password_long", "")
    return raw


def hash_password(password: str) -> str:
    return bcrypt.hashpw(check_password_rules(password), bcrypt.gensalt(rounds=_rounds())).decode("ascii")


def verify_password(password: str, hashed: str) -> bool:
    try:
        return bcrypt.checkpw(password.encode("utf-8")[:72], hashed.encode("ascii"))
    except (ValueError, TypeError):
        return False


def _public(row: dict) -> dict:
    """A user as the app sees it: never the hash."""
    return {k: row[k] for k in ("name", "role", "areas", "created_at", "failed_logins", "locked_until") if k in row}


def get_user(con, name: str) -> dict | None:
    cur = con.cursor()
    try:
        df = cur.execute("SELECT name, role, areas, created_at, failed_logins, locked_until FROM users "
                         "WHERE name = ?", [str(name)]).df()
    finally:
        cur.close()
    if df.empty:
        return None
    row = df.iloc[0].to_dict()
    row["areas"] = row["areas"] if isinstance(row["areas"], str) else ""
    return row


def list_users(con):
    return db.run(con, "users_list")


def count_users(con) -> int:
    return int(db.scalar(con, "SELECT count(*) FROM users") or 0)


def _check_areas(con, areas: str | None) -> str:
    codes = [a.strip() for a in str(areas or "").replace("，", ",").split(",") if a.strip()]
    if not codes:
        return ""
    cur = con.cursor()
    try:
        known = {r[0] for r in cur.execute("SELECT code FROM areas WHERE code IN (SELECT unnest(?))",
                                           [codes]).fetchall()}
    finally:
        cur.close()
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise CocreateError("auth_unknown_areas", ",".join(unknown), codes=", ".join(unknown))
    return ",".join(dict.fromkeys(codes))


def add_user(con, name: str, password: str, role: str, areas: str | None = None) -> dict:
    """Create an account (the password is hashed here and never kept in clear)."""
    name = (name or "").strip()
    if not _NAME.match(name):
        raise CocreateError("auth_bad_name", name, name=name)
    if role not in ROLES:
        raise CocreateError("auth_bad_role", str(role), role=str(role))
    area_codes = _check_areas(con, areas)
    if role in AREA_ROLES and not area_codes:
        raise CocreateError("auth_clerk_needs_areas", name)
    hashed = hash_password(password)
    with db.transaction(con) as cur:   # the check and the insert as one (the file is held only here)
        if cur.execute("SELECT count(*) FROM users WHERE name = ?", [name]).fetchone()[0]:
            raise CocreateError("auth_user_exists", name, name=name)
        cur.execute("INSERT INTO users (name, password_hash, role, areas, created_at, failed_logins) "
                    "VALUES (?, ?, ?, ?, ?, 0)", [name, hashed, role, area_codes or None, china_now()])
    return get_user(con, name)


def set_password(con, name: str, password: str, keep_token: str | None = None) -> None:
    """A new password; every other signed-in browser of the account is signed out in the same
    transaction (only the session of `keep_token`, the browser that made the change, stays)."""
    hashed = hash_password(password)
    with db.transaction(con) as cur:
        if not cur.execute("SELECT count(*) FROM users WHERE name = ?", [name]).fetchone()[0]:
            raise CocreateError("auth_user_unknown", name, name=name)
        cur.execute("UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE name = ?",
                    [hashed, name])
        web_sessions.end_all_in(cur, name, keep_token)


def unlock_user(con, name: str) -> None:
    cur = con.cursor()
    try:
        cur.execute("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE name = ?", [name])
    finally:
        cur.close()


def delete_user(con, name: str) -> None:
    """Delete an account and end all its sign-ins (one transaction)."""
    with db.transaction(con) as cur:
        cur.execute("DELETE FROM users WHERE name = ?", [name])
        web_sessions.end_all_in(cur, name)


def authenticate(con, name: str, password: str, now: dt.datetime | None = None) -> dict:
    """Check a login. Returns the user (without hash) or raises AuthError.

    Five failures in a row lock the account for 15 minutes (kept in the users table, so a
    restart does not reset it). An unknown name and a wrong password give the same message.
    """
    now = now or china_now()
    cur = con.cursor()
    try:
        row = cur.execute("SELECT password_hash, failed_logins, locked_until FROM users WHERE name = ?",
                          [str(name or "")]).fetchone()
        if row is None:
            verify_password(password or "", _DUMMY_HASH.decode())
            raise AuthError("auth_bad_login", "", max=MAX_FAILED, minutes=LOCK_MINUTES)
        hashed, failed, locked_until = row
        if locked_until is not None and locked_until > now:
            raise AuthError("auth_locked", str(name), until=locked_until.strftime("%Y-%m-%d %H:%M"))
        if not verify_password(password or "", hashed):
            failed = (0 if locked_until is not None else int(failed or 0)) + 1
            if failed >= MAX_FAILED:
                until = now + dt.timedelta(minutes=LOCK_MINUTES)
                cur.execute("UPDATE users SET failed_logins = 0, locked_until = ? WHERE name = ?", [until, name])
                raise AuthError("auth_locked", str(name), until=until.strftime("%Y-%m-%d %H:%M"))
            cur.execute("UPDATE users SET failed_logins = ?, locked_until = NULL WHERE name = ?", [failed, name])
            raise AuthError("auth_bad_login", "", max=MAX_FAILED, minutes=LOCK_MINUTES)
        cur.execute("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE name = ?", [name])
    finally:
        cur.close()
    return get_user(con, name)


def may_import(user: dict | None) -> bool:
    return bool(user) and user.get("role") in ("clerk", "admin")


def is_admin(user: dict | None) -> bool:
    return bool(user) and user.get("role") == "admin"


def require_admin(user: dict | None) -> None:
    if not is_admin(user):
        raise PermissionDenied("auth_admin_only", "", name=(user or {}).get("name", "—"))
