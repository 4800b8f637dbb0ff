"""The field report (/field, issue 21): an inspector at a ledger point files one problem with its
photos. The point's type, district and unit come from the ledger; the deadline from the category's
rule (problem_categories.deadline_days); photos are checked and kept as the rectification page keeps
them (cocreate.problems.store), the file as taken (its EXIF location stays for the office).

Where the photo carries GPS in its EXIF (WGS-84, as phones write it), the points are offered nearest
first (`nearest`). Nothing here tracks a person: the location is the photo's, read once to sort.
"""
from __future__ import annotations

import datetime as dt
import io
import math
from pathlib import Path

import pandas as pd

from cocreate.clock import china_now, china_today
from cocreate.errors import CocreateError, PermissionDenied
from cocreate.intake.refs import allowed_areas
from cocreate.problems import store
from cocreate.store import db

FIELD_ROLES = ("inspector", "clerk", "admin")
SOURCE = "现场巡查"            # the problems' `source`, as offices write it
MAX_TEXT = 500
EARTH_M = 6371008.8          # mean Earth radius (m)


def _ratio(v) -> float:
    try:
        return float(v)
    except TypeError:        # an old-style (numerator, denominator) pair
        return v[0] / v[1] if v[1] else 0.0


def gps_from_exif(data: bytes) -> tuple[float, float] | None:
    """(lat, lon) in WGS-84 decimal degrees from a photo's EXIF GPS block, or None."""
    try:
        from PIL import Image
        with Image.open(io.BytesIO(data)) as img:
            gps = img.getexif().get_ifd(0x8825)
    except Exception:        # not an image pillow reads, or a broken EXIF block: no location
        return None
    if not gps or 2 not in gps or 4 not in gps:
        return None
    try:
        lat = sum(_ratio(x) / 60 ** i for i, x in enumerate(gps[2]))
        lon = sum(_ratio(x) / 60 ** i for i, x in enumerate(gps[4]))
    except (TypeError, ValueError, ZeroDivisionError, IndexError):
        return None
    if str(gps.get(1, "N")).upper().startswith("S"):
        lat = -lat
    if str(gps.get(3, "E")).upper().startswith("W"):
        lon = -lon
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
        return None
    return lat, lon


def without_location(data: bytes) -> bytes:
    """The photo for showing to people outside the office: its EXIF GPS block removed (the stored
    file keeps it for the office). A photo without one is returned as it is."""
    try:
        from PIL import Image
        with Image.open(io.BytesIO(data)) as img:
            exif = img.getexif()
            if 0x8825 not in exif:
                return data
            del exif[0x8825]
            fmt = img.format
            buf = io.BytesIO()
            img.save(buf, fmt, exif=exif.tobytes(), **({"quality": 90} if fmt == "JPEG" else {}))
    except Exception:        # a photo pillow cannot rewrite is not shown with its location: shown as nothing
        return b""
    return buf.getvalue()


def distance_m(lat1, lon1, lat2, lon2):
    """Great-circle distance in metres (haversine); works on numbers or arrays."""
    import numpy as np
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi, dlmb = p2 - p1, np.radians(lon2) - np.radians(lon1)
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_M * np.arcsin(np.sqrt(a))


def search(points: pd.DataFrame, query: str) -> pd.DataFrame:
    """The points whose name (Chinese or English) or code contains `query` (case-blind); all when empty."""
    q = (query or "").strip().lower()
    if not q:
        return points
    hit = (points["name"].str.lower().str.contains(q, regex=False)
           | points["name_en"].fillna("").str.lower().str.contains(q, regex=False)
           | points["point_code"].str.lower().str.contains(q, regex=False))
    return points[hit]


def nearest(points: pd.DataFrame, lat: float | None, lon: float | None) -> pd.DataFrame:
    """The points with `distance_m` (NaN without a location), nearest first; by code without one."""
    out = points.copy()
    if lat is None or lon is None or out.empty:
        out["distance_m"] = math.nan
        return out.sort_values("point_code").reset_index(drop=True)
    out["distance_m"] = distance_m(lat, lon, out["lat"].astype(float), out["lon"].astype(float))
    return out.sort_values(["distance_m", "point_code"]).reset_index(drop=True)


def field_points(con, user: dict) -> pd.DataFrame:
    """The active ledger points the account may report at (an admin: every point)."""
    points = db.run(con, "points_ledger", area=None)
    points = points[points["active"].astype(bool) & points["unit_code"].notna()]   # a ledger point has its unit
    allowed = allowed_areas(con, user)
    if allowed is not None:
        points = points[points["area_code"].isin(list(allowed))]
    return points.reset_index(drop=True)


def _next_number(cur, today: dt.date, prefix: str = "FR") -> int:
    prefix = f"{prefix}{today:%y%m%d}-"
    n = cur.execute("SELECT count(*) FROM problems WHERE problem_id LIKE ?", [prefix + "%"]).fetchone()[0]
    return int(n) + 1


def checklist(con, point_type: str) -> pd.DataFrame:
    """The point type's check items (catalog point_type_checks), each with its category and days."""
    return db.run(con, "points_checklist", point_type=point_type)


def file_report(con, user: dict | None, point_code: str, categories, text: str,
                photos: list[tuple[str, bytes]], today: dt.date | None = None) -> list[dict]:
    """File one problem per failed item (a category, or several) at a ledger point; returns one
    receipt per problem: the stored problem_id, category, unit_code, deadline (the found day + the
    category's days) and the number of photos kept. The description is the failed check item of the
    point type (where the catalog has one) and the line typed; with neither it is refused. Photos are
    checked first, so a bad photo files nothing; the problems, their history and photo rows are one
    transaction."""
    if user is None or user.get("role") not in FIELD_ROLES:
        raise PermissionDenied("pt_field_role", (user or {}).get("name", ""), name=(user or {}).get("name", "—"))
    points = field_points(con, user).set_index("point_code")
    if point_code not in points.index:
        raise PermissionDenied("pt_field_point", point_code, code=point_code)
    plan = plan_problems(con, points.loc[point_code], point_code, categories, text, photos, today)
    with db.transaction(con, "pt_field_failed") as cur:
        receipts = write_problems(cur, plan, user["name"])
        db.bump_data_version(cur)
    return receipts


def plan_problems(con, point, point_code: str, categories, text: str, photos: list[tuple[str, bytes]],
                  today: dt.date | None = None, with_check: bool = True, source: str = SOURCE,
                  via: str = "field", prefix: str = "FR") -> dict:
    """Everything checked before a write: the problems to file at `point` (a ledger row), one per
    category, each with its description and deadline (the category's rule), and the photos, checked
    and kept (content-addressed files: keeping one twice is one file). Used by the field report and by
    accepting a citizen's report (cocreate.points.citizen: source 随手拍, prefix SP, its own text)."""
    today = today or china_today()
    categories = [categories] if isinstance(categories, str) else list(dict.fromkeys(categories))
    if not categories:
        raise CocreateError("pt_field_no_category", "")
    cats = db.run(con, "problems_catalogs")
    days = dict(zip(cats.loc[cats["catalog"] == "category", "code"], cats.loc[cats["catalog"] == "category", "days"]))
    items = (checklist(con, point["point_type"]) if with_check and isinstance(point["point_type"], str)
             else pd.DataFrame())
    checks = {r["category"]: "不符合：" + r["check_zh"] for r in items.to_dict("records")}
    text = (text or "").strip()[:MAX_TEXT]
    rows = []
    for category in categories:
        if category not in days:
            raise CocreateError("pt_field_category", category, code=category)
        description = "；".join(x for x in (checks.get(category, ""), text) if x)
        if not description:
            raise CocreateError("pt_field_no_text", "")
        n_days = days[category]
        rows.append((category, description, today + dt.timedelta(days=int(n_days) if pd.notna(n_days) else 0)))
    checked = [(Path(name).name[:200], data, *store.check_photo(data, name)) for name, data in photos]
    stored = [(name, store._write_photo(con, data, ext), mime, len(data)) for name, data, mime, ext in checked]
    return {"point": point, "point_code": point_code, "rows": rows, "photos": stored, "today": today,
            "source": source, "via": via, "prefix": prefix}


def write_problems(cur, plan: dict, who: str) -> list[dict]:
    """Insert the planned problems, their history and photo rows on the caller's transaction cursor;
    returns one receipt per problem (the caller bumps the data version)."""
    point, point_code, today, stored = plan["point"], plan["point_code"], plan["today"], plan["photos"]
    now, prefix = china_now(), plan["prefix"]
    first = _next_number(cur, today, prefix)
    receipts = []
    for i, (category, description, deadline) in enumerate(plan["rows"]):
        pid = f"{prefix}{today:%y%m%d}-{first + i:03d}"
        cur.execute(
            "INSERT INTO problems (problem_id, area_code, unit_code, point_code, point_type, point_name, "
            "category, description, found_date, deadline, status, source, photo, illustrative, updated_at, "
            "updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, false, ?, ?)",
            [pid, point["area_code"], point["unit_code"], point_code, point["point_type"], point["name"],
             category, description, today, deadline, plan["source"], ";".join(s for _, s, _, _ in stored) or None,
             now, who])
        cur.execute("INSERT INTO problem_history (problem_id, changed_at, user_name, action, old_status, "
                    "new_status, via, note) VALUES (?, ?, ?, 'found', NULL, 'open', ?, ?)",
                    [pid, now, who, plan["via"], plan["source"]])
        for name, stored_name, mime, size in stored:
            cur.execute("INSERT INTO problem_photos (problem_id, stored_name, original_name, mime, size_bytes, "
                        "kind, role, uploaded_at, uploaded_by) VALUES (?, ?, ?, ?, ?, 'found', 'before', ?, ?) "
                        "ON CONFLICT DO NOTHING",
                        [pid, stored_name, name, mime, size, now, who])
        receipts.append({"problem_id": pid, "category": category, "unit_code": point["unit_code"],
                         "deadline": deadline, "photos": len(stored)})
    return receipts
