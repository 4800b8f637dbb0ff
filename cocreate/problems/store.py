"""Writes of the rectification pipeline from the screen: a clerk marks a problem rectified with
proof (its units only), an administrator verifies or returns it; every step goes to history.
Photos are files beside the database (photos/<sha256>.<ext>), accepted only when their first
bytes say JPEG, PNG or WebP, and never served as anything but an image."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

from cocreate.store import db
from cocreate.errors import CocreateError, PermissionDenied
from cocreate.intake.observations import allowed_areas, china_now, china_today

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_UPLOAD_MB = PHOTO_MAX_BYTES // (1024 * 1024)   # the photo inputs' own limit, so their hint says 5 MB, not the imports' 10
_STORED = re.compile(r"^[0-9a-f]{64}\.(jpg|png|webp)$")


def sniff_image(data: bytes) -> tuple[str, str] | None:
    """(mime, extension) from the magic bytes, or None: the name and the browser's word don't count."""
    if data[:3] == b"\xff\xd8\xff":
        return "image/jpeg", "jpg"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "image/png", "png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp", "webp"
    return None


def photos_dir(con) -> Path:
    """photos/ beside the database file of this connection."""
    cur = con.cursor()
    try:
        path = cur.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
                           ).fetchone()[0]
    finally:
        cur.close()
    return Path(path).resolve().parent / "photos"


def check_photo(data: bytes, name: str) -> tuple[str, str]:
    if len(data) > PHOTO_MAX_BYTES:
        raise CocreateError("prob_photo_size", name, name=name, mb=PHOTO_MAX_BYTES // (1024 * 1024))
    kind = sniff_image(data)
    if kind is None:
        raise CocreateError("prob_photo_type", name, name=name)
    return kind


def _write_photo(con, data: bytes, ext: str) -> str:
    stored = f"{hashlib.sha256(data).hexdigest()}.{ext}"
    if db.is_postgres(con):  # a shared server: no replica keeps files on its own disk
        db.put_file(con, "photos", stored, data)
        return stored
    folder = photos_dir(con)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / stored
    if not target.exists():  # content-addressed: the same photo twice is one file
        tmp = target.with_suffix(".part")
        tmp.write_bytes(data)
        tmp.chmod(0o644)
        tmp.replace(target)
    return stored


def read_photo(con, stored_name: str) -> bytes:
    """The bytes of a kept photo; only names this module made are looked up (no paths from outside)."""
    if not _STORED.match(str(stored_name)):
        raise CocreateError("prob_photo_missing", str(stored_name), name=str(stored_name))
    if db.is_postgres(con):
        data = db.get_file(con, "photos", stored_name)
        if data is None:
            raise CocreateError("prob_photo_missing", stored_name, name=stored_name)
        return data
    path = photos_dir(con) / stored_name
    if not path.exists():
        raise CocreateError("prob_photo_missing", stored_name, name=stored_name)
    return path.read_bytes()


def may_act_on(con, user: dict | None, unit_code: str) -> bool:
    """An admin acts on every unit; a clerk on the districts of their account (and their children)
    and, for a city account, on that city's departments."""
    if user is None or user.get("role") not in ("clerk", "admin"):
        return False
    allowed = allowed_areas(con, user)
    if allowed is None:
        return True
    if unit_code in allowed:
        return True
    units = db.run(con, "problems_unit_refs")
    city = units.loc[(units["unit_code"] == unit_code) & (units["unit_kind"] == "department"), "city_code"]
    own = {a.strip() for a in str(user.get("areas") or "").split(",") if a.strip()}
    return bool(len(city)) and city.iloc[0] in own


_ROW_SQL = ("SELECT problem_id, unit_code, status, found_date, deadline, rectified_date, verified_date "
            "FROM problems WHERE problem_id = ?")


def _own_row(con, user: dict | None, problem_id: str) -> dict:
    """The problem's row, refused unless the user may act for its unit (a clerk: own units only)."""
    cur = con.cursor()
    try:
        r = _row(cur, problem_id)
    finally:
        cur.close()
    if not may_act_on(con, user, r["unit_code"]):
        raise PermissionDenied("prob_not_your_unit", problem_id, name=(user or {}).get("name", ""), unit=r["unit_code"])
    return r


def _row(cur, problem_id: str) -> dict:
    df = cur.execute(_ROW_SQL, [problem_id]).df()
    if df.empty:
        raise CocreateError("prob_not_found", problem_id, id=problem_id)
    r = df.iloc[0].to_dict()
    for k in ("found_date", "deadline", "rectified_date", "verified_date"):
        r[k] = None if r[k] is None or r[k] != r[k] else (r[k].date() if hasattr(r[k], "date") else r[k])
    return r


def _history(cur, problem_id, user, action, old, new, note, old_row=None):
    cur.execute("INSERT INTO problem_history VALUES (?, ?, ?, ?, ?, ?, 'page', NULL, ?, ?)",
                [problem_id, china_now(), user, action, old, new, note or None,
                 json.dumps(old_row, default=str, ensure_ascii=False) if old_row else None])


_INSERT_PHOTO = ("INSERT INTO problem_photos (problem_id, stored_name, original_name, mime, size_bytes, kind, role, "
                 "uploaded_at, uploaded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")


def _check_status(r, allowed):
    if r["status"] not in allowed:
        raise CocreateError("prob_bad_transition", r["problem_id"], id=r["problem_id"], status=r["status"])


def mark_rectified(con, problem_id: str, user: dict, rectified_date: dt.date, note: str = "",
                   photos: list[tuple[str, bytes]] = (), today: dt.date | None = None) -> None:
    """The unit says it is put right, with proof: at least one photo "after" (the note is optional)."""
    today = today or china_today()
    checked = [(name, data, *check_photo(data, name)) for name, data in photos]
    if not checked:
        raise CocreateError("prob_after_photo_required", problem_id)
    if rectified_date > today:
        raise CocreateError("prob_date_future", str(rectified_date), date=rectified_date.isoformat())
    r = _own_row(con, user, problem_id)
    _check_status(r, ("open", "returned"))
    if rectified_date < r["found_date"]:
        raise CocreateError("prob_date_before_found", problem_id, date=rectified_date.isoformat(),
                            found=r["found_date"].isoformat())
    stored = [(name, _write_photo(con, data, ext), mime, len(data)) for name, data, mime, ext in checked]
    with db.transaction(con, "prob_imp_failed") as cur:
        _check_status(_row(cur, problem_id), ("open", "returned"))
        cur.execute("UPDATE problems SET status = 'rectified', rectified_date = ?, updated_at = ?, updated_by = ? "
                    "WHERE problem_id = ?", [rectified_date, china_now(), user["name"], problem_id])
        for name, stored_name, mime, size in stored:
            cur.execute(_INSERT_PHOTO, [problem_id, stored_name, Path(name).name[:200], mime, size, "proof", "after",
                                        china_now(), user["name"]])
        _history(cur, problem_id, user["name"], "rectify", r["status"], "rectified", note)
        db.bump_data_version(cur)


def _admin(user):
    if not user or user.get("role") != "admin":
        raise PermissionDenied("prob_admin_only", (user or {}).get("name", ""))


def verify(con, problem_id: str, user: dict, verified_date: dt.date, note: str = "",
           today: dt.date | None = None) -> None:
    """The office checked the fix and closes the problem (销号)."""
    _admin(user)
    today = today or china_today()
    if verified_date > today:
        raise CocreateError("prob_date_future", str(verified_date), date=verified_date.isoformat())
    with db.transaction(con, "prob_imp_failed") as cur:
        r = _row(cur, problem_id)
        _check_status(r, ("rectified",))
        if verified_date < r["rectified_date"]:
            raise CocreateError("prob_imp_verified_before_rectified", problem_id, text=verified_date.isoformat(),
                                rectified=r["rectified_date"].isoformat())
        cur.execute("UPDATE problems SET status = 'verified', verified_date = ?, updated_at = ?, updated_by = ? "
                    "WHERE problem_id = ?", [verified_date, china_now(), user["name"], problem_id])
        _history(cur, problem_id, user["name"], "verify", "rectified", "verified", note)
        db.bump_data_version(cur)


def return_problem(con, problem_id: str, user: dict, reason: str) -> None:
    """The office sends a fix back: the problem is open again (returned); the claimed date stays in history."""
    _admin(user)
    if not (reason or "").strip():
        raise CocreateError("prob_reason_required", problem_id)
    with db.transaction(con, "prob_imp_failed") as cur:
        r = _row(cur, problem_id)
        _check_status(r, ("rectified",))
        cur.execute("UPDATE problems SET status = 'returned', rectified_date = NULL, updated_at = ?, updated_by = ? "
                    "WHERE problem_id = ?", [china_now(), user["name"], problem_id])
        _history(cur, problem_id, user["name"], "return", "rectified", "returned", reason,
                 old_row={"rectified_date": r["rectified_date"]})
        db.bump_data_version(cur)


def add_photo(con, problem_id: str, user: dict, name: str, data: bytes, kind: str = "found") -> str:
    """Keep a photo of the problem as found (clerk of the unit, or admin)."""
    mime, ext = check_photo(data, name)
    r = _own_row(con, user, problem_id)
    stored = _write_photo(con, data, ext)
    with db.transaction(con, "prob_imp_failed") as cur:
        cur.execute(_INSERT_PHOTO, [problem_id, stored, Path(name).name[:200], mime, len(data), kind,
                                    "after" if kind == "proof" else "before", china_now(), user["name"]])
        _history(cur, problem_id, user["name"], "photo", r["status"], r["status"], Path(name).name[:200])
        db.bump_data_version(cur)
    return stored
