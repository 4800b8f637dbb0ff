"""Citizens' reports (随手拍, issue 21 item 3): a public page (/report, only with
COCREATE_PUBLIC_REPORTS=1) takes a photo, a place and a line of text into a moderation queue; the
citizen gets a receipt number, looks its state up with it and may complain (投诉) about the handling.

The office (a clerk for the areas on the account, an administrator everywhere) accepts a report, which
becomes a problem at a ledger point exactly as a field report files one (cocreate.points.field:
unit from the ledger, deadline from the category's rule; source 随手拍, problem ids SP<yymmdd>-NNN), or
declines it with a reason.

The limit: PER_CLIENT reports (and as many complaints) per client in any hour, and a global cap per
hour (COCREATE_REPORTS_PER_HOUR). A client is a random id kept in the sender's browser; the store keeps
only its SHA-256 and the time, for an hour (table citizen_sends), never an IP address or a name. The
photo's EXIF location is kept for the office (photo_lat/photo_lon) and never returned by `lookup`.
Every write is one transaction; returns and errors are codes (CocreateError keys cit_*).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets

import pandas as pd

from cocreate.clock import china_now, china_today
from cocreate.errors import CocreateError, PermissionDenied
from cocreate.intake.refs import allowed_areas
from cocreate.points import field
from cocreate.problems import store
from cocreate.store import db

ENV = "COCREATE_PUBLIC_REPORTS"
PER_CLIENT = 5            # reports (and, apart, complaints) one client may send in any hour
GLOBAL_DEFAULT = 200      # reports from everyone in any hour (COCREATE_REPORTS_PER_HOUR)
MAX_COMPLAINTS = 3        # complaints kept per receipt
MAX_TEXT = field.MAX_TEXT
MAX_ADDRESS = 200
SOURCE = "随手拍"          # the problems' `source`
OFFICE_ROLES = ("clerk", "admin")
STATES = ("received", "accepted", "declined")
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"   # no 0/O, 1/I: read aloud or typed from a screen
_WINDOW = dt.timedelta(hours=1)


def enabled() -> bool:
    """Whether the public page is on (env COCREATE_PUBLIC_REPORTS=1; off by default)."""
    return os.environ.get(ENV, "").strip().lower() in ("1", "true", "yes", "on")


def global_cap() -> int:
    try:
        return max(1, int(os.environ.get("COCREATE_REPORTS_PER_HOUR", GLOBAL_DEFAULT)))
    except ValueError:
        return GLOBAL_DEFAULT


def new_client_id() -> str:
    return secrets.token_urlsafe(18)


def client_hash(client_id: str) -> str:
    if not client_id or len(str(client_id)) > 200:
        raise CocreateError("cit_no_client", "")
    return hashlib.sha256(("citizen:" + str(client_id)).encode("utf-8")).hexdigest()


def normal_receipt(text: str | None) -> str:
    """A receipt number as typed: spaces out, upper case (R261205-K7M3QX)."""
    return "".join(str(text or "").split()).upper()[:20]


def public_points(con) -> pd.DataFrame:
    """The active ledger points with a unit, every city (what a citizen may pick)."""
    points = db.run(con, "points_ledger", area=None)
    return points[points["active"].astype(bool) & points["unit_code"].notna()].reset_index(drop=True)


def _sends(cur, key: str | None, kind: str, now: dt.datetime) -> int:
    sql = "SELECT count(*) FROM citizen_sends WHERE kind = ? AND sent_at > ?"
    params = [kind, now - _WINDOW]
    if key is not None:
        sql, params = sql + " AND client_hash = ?", params + [key]
    return int(cur.execute(sql, params).fetchone()[0])


def _check_limit(cur, key: str, kind: str, now: dt.datetime) -> None:
    if _sends(cur, key, kind, now) >= PER_CLIENT:
        raise CocreateError("cit_limit_client", key[:8], n=PER_CLIENT)
    if kind == "report" and _sends(cur, None, kind, now) >= global_cap():
        raise CocreateError("cit_limit_global", "")


def _note_send(cur, key: str, kind: str, now: dt.datetime) -> None:
    cur.execute("DELETE FROM citizen_sends WHERE sent_at <= ?", [now - _WINDOW])   # kept an hour, no longer
    cur.execute("INSERT INTO citizen_sends (client_hash, kind, sent_at) VALUES (?, ?, ?)", [key, kind, now])


def _place(con, point_code, address, area_code) -> tuple[str, str | None, str | None]:
    """(district, point_code, address): a ledger point, or an address in a campaign city's district."""
    if point_code:
        points = public_points(con).set_index("point_code")
        if point_code not in points.index:
            raise CocreateError("cit_unknown_point", str(point_code)[:40], code=str(point_code)[:40])
        return points.loc[point_code, "area_code"], point_code, None
    address = (address or "").strip()[:MAX_ADDRESS]
    if not address:
        raise CocreateError("cit_no_place", "")
    if area_code not in set(db.run(con, "points_districts")["area_code"]):
        raise CocreateError("cit_no_district", str(area_code or "")[:20])
    return area_code, None, address


def submit(con, client_id: str, text: str, photo: tuple[str, bytes] | None, point_code: str | None = None,
           address: str | None = None, area_code: str | None = None, now: dt.datetime | None = None) -> str:
    """Put a citizen's report in the queue; returns its receipt number. Refused (nothing kept) without
    text, photo or place, with a photo that is not a JPEG/PNG/WebP or over the size, or over the limit."""
    now = now or china_now()
    key = client_hash(client_id)
    text = (text or "").strip()[:MAX_TEXT]
    if not text:
        raise CocreateError("cit_no_text", "")
    if not photo:
        raise CocreateError("cit_no_photo", "")
    name, data = photo
    mime, ext = store.check_photo(data, name)
    area, point, addr = _place(con, point_code, address, area_code)
    gps = field.gps_from_exif(data)
    cur = con.cursor()
    try:                                          # refused before the photo is kept (checked again below)
        _check_limit(cur, key, "report", now)
    finally:
        cur.close()
    stored = store._write_photo(con, data, ext)   # content-addressed: an orphan after a lost race is harmless
    receipt = f"R{now:%y%m%d}-" + "".join(secrets.choice(_ALPHABET) for _ in range(6))
    with db.transaction(con, "cit_failed") as cur:
        _check_limit(cur, key, "report", now)
        _note_send(cur, key, "report", now)
        cur.execute("INSERT INTO citizen_reports (receipt, submitted_at, area_code, point_code, address, text, photo, "
                    "photo_mime, photo_size, photo_lat, photo_lon, status) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received')",
                    [receipt, now, area, point, addr, text, stored, mime, len(data),
                     gps[0] if gps else None, gps[1] if gps else None])
        db.bump_data_version(cur)
    return receipt


def lookup(con, receipt: str) -> dict | None:
    """What the public page shows for a receipt: state (received / accepted / declined), the problem's
    state once accepted, the reason once declined, complaints filed; never the photo or its location."""
    got = db.run(con, "citizen_receipt", receipt=normal_receipt(receipt))
    if got.empty:
        return None
    row = got.iloc[0].to_dict()
    return {k: (None if v is None or (not isinstance(v, str) and pd.isna(v)) else v) for k, v in row.items()}


def complain(con, client_id: str, receipt: str, text: str, now: dt.datetime | None = None) -> int:
    """Keep a complaint about the handling of a report; returns how many the receipt now has."""
    now = now or china_now()
    key = client_hash(client_id)
    receipt = normal_receipt(receipt)
    text = (text or "").strip()[:MAX_TEXT]
    if not text:
        raise CocreateError("cit_no_complaint_text", "")
    with db.transaction(con, "cit_failed") as cur:
        if not cur.execute("SELECT count(*) FROM citizen_reports WHERE receipt = ?", [receipt]).fetchone()[0]:
            raise CocreateError("cit_unknown_receipt", receipt, receipt=receipt)
        n = int(cur.execute("SELECT count(*) FROM citizen_complaints WHERE receipt = ?", [receipt]).fetchone()[0])
        if n >= MAX_COMPLAINTS:
            raise CocreateError("cit_complaints_full", receipt, n=MAX_COMPLAINTS)
        _check_limit(cur, key, "complaint", now)
        _note_send(cur, key, "complaint", now)
        cur.execute("INSERT INTO citizen_complaints (receipt, filed_at, text) VALUES (?, ?, ?)", [receipt, now, text])
        db.bump_data_version(cur)
    return n + 1


# ---------------------------------------------------------------- the office's moderation


def _report(cur, receipt: str) -> dict:
    df = cur.execute("SELECT receipt, submitted_at, area_code, point_code, address, text, photo, photo_mime, status "
                     "FROM citizen_reports WHERE receipt = ?", [receipt]).df()
    if df.empty:
        raise CocreateError("cit_unknown_receipt", receipt, receipt=receipt)
    return df.iloc[0].to_dict()


def _office(con, user: dict | None, area_code: str) -> None:
    """A clerk decides the reports of the areas on the account (and their children); an admin all."""
    if user is None or user.get("role") not in OFFICE_ROLES:
        raise PermissionDenied("cit_office_only", (user or {}).get("name", ""), name=(user or {}).get("name", "—"))
    allowed = allowed_areas(con, user)
    if allowed is not None and area_code not in allowed:
        raise PermissionDenied("cit_not_your_area", area_code, name=user["name"], area=area_code)


def _pending(r: dict) -> None:
    if r["status"] != "received":
        raise CocreateError("cit_already_decided", r["receipt"], receipt=r["receipt"])


def accept(con, user: dict | None, receipt: str, point_code: str, category: str,
           today: dt.date | None = None) -> dict:
    """The report becomes a problem at a ledger point (the citizen's, or one the office picks in the
    report's district): the point's unit, the category's deadline from today, the citizen's text and
    photo. Returns the field report's receipt of the problem (problem_id, category, unit_code, deadline)."""
    today = today or china_today()
    r = _read(con, receipt)
    _office(con, user, r["area_code"])
    _pending(r)
    points = public_points(con).set_index("point_code")
    if point_code not in points.index:
        raise CocreateError("cit_unknown_point", str(point_code), code=str(point_code))
    point = points.loc[point_code]
    if not store.may_act_on(con, user, point["unit_code"]):
        raise PermissionDenied("cit_not_your_area", point_code, name=user["name"], area=point["area_code"])
    text = r["text"] if not isinstance(r["address"], str) else f"{r['address']}：{r['text']}"
    photos = [(f"{r['receipt']}.{r['photo'].rsplit('.', 1)[-1]}", store.read_photo(con, r["photo"]))] \
        if isinstance(r["photo"], str) else []
    plan = field.plan_problems(con, point, point_code, [category], text, photos, today, with_check=False,
                               source=SOURCE, via="citizen", prefix="SP")
    with db.transaction(con, "cit_failed") as cur:
        _pending(_report(cur, r["receipt"]))          # decided meanwhile by someone else: nothing written
        got = field.write_problems(cur, plan, user["name"])[0]
        cur.execute("UPDATE citizen_reports SET status = 'accepted', problem_id = ?, decided_at = ?, decided_by = ? "
                    "WHERE receipt = ?", [got["problem_id"], china_now(), user["name"], r["receipt"]])
        db.bump_data_version(cur)
    return got


def _read(con, receipt: str) -> dict:
    cur = con.cursor()
    try:
        return _report(cur, normal_receipt(receipt))
    finally:
        cur.close()


def decline(con, user: dict | None, receipt: str, reason: str) -> None:
    """The office declines a report; the reason is required and shown to the citizen."""
    r = _read(con, receipt)
    _office(con, user, r["area_code"])
    reason = (reason or "").strip()[:MAX_TEXT]
    if not reason:
        raise CocreateError("cit_reason_required", r["receipt"])
    _pending(r)
    with db.transaction(con, "cit_failed") as cur:
        _pending(_report(cur, r["receipt"]))          # decided meanwhile by someone else: nothing written
        cur.execute("UPDATE citizen_reports SET status = 'declined', reason = ?, decided_at = ?, decided_by = ? "
                    "WHERE receipt = ?", [reason, china_now(), user["name"], r["receipt"]])
        db.bump_data_version(cur)
