"""The point-ledger upload (点位台账, DESIGN.md "Points and field reports"): its columns, row rules and
the all-or-nothing write that keeps every replaced row in point_history. Reading is the shared
reader's (cocreate.intake.reading); only the rules of a ledger file are here.

lat/lon are WGS-84 decimal degrees; the boundary test converts them to the GCJ-02 of the district
shapes first (cocreate.points.geo). A district without a boundary file (Lanzhou New Area, drawn as a
circle) is not tested against one.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

import pandas as pd

from cocreate.errors import ImportRejected, PermissionDenied
from cocreate.intake.columns import fold_text, trim_free
from cocreate.intake.refs import allowed_areas
from cocreate.intake.reading import Column, Layout, Problem, Table, parse_number, read_table
from cocreate.points import geo
from cocreate.store import db
from cocreate.store.batches import record_batch

LAYOUT = Layout("points", (
    Column("point_code", "点位编号", ("code", "编号", "点位代码"), required=True),
    Column("name", "点位名称", ("name_zh", "名称", "点位"), required=True, free=True),
    Column("point_type", "点位类型", ("type", "类型"), required=True),
    Column("area_code", "地区代码", ("area", "区划代码", "所在区"), required=True),
    Column("unit_code", "责任单位代码", ("unit", "责任单位"), required=True),
    Column("address", "地址", ("详细地址",), free=True),
    Column("lat", "纬度", ("latitude",), required=True),
    Column("lon", "经度", ("longitude", "lng"), required=True),
    Column("active", "在用", ("是否在用", "状态")),
))
HEADER_ZH = LAYOUT.zh_names
REQUIRED = tuple(c.name for c in LAYOUT.columns if c.required)
ACTIVE_WORDS = {"": True, "true": True, "yes": True, "1": True, "是": True, "在用": True, "启用": True,
                "false": False, "no": False, "0": False, "否": False, "停用": False, "撤销": False}
# the stored columns a ledger row sets (the stored name, the file's name)
FIELDS = [("name_zh", "name"), ("point_type", "point_type"), ("area_code", "area_code"), ("unit_code", "unit_code"),
          ("address", "address"), ("lat", "lat"), ("lon", "lon"), ("active", "active")]


class PointsRejected(ImportRejected):
    """A ledger file was refused whole; `problems` lists the reasons by line and column."""


@dataclass
class Refs:
    districts: dict                 # district code -> its campaign city
    units: dict                     # unit code (area or department) -> its city
    point_types: dict               # code or zh/en name (lower case) -> code
    existing: dict                  # point_code -> stored row
    allowed: set | None = None      # areas the account may write (None = all)


def load_refs(con, user: dict | None = None) -> Refs:
    districts = db.run(con, "points_districts")
    units = db.run(con, "problems_unit_refs")
    cats = db.run(con, "problems_catalogs")
    types = {}
    for r in cats[cats["catalog"] == "point_type"].to_dict("records"):
        for k in (r["code"], r["name_zh"], r["name_en"]):
            types[str(k).strip().lower()] = r["code"]
    existing = db.run(con, "points_ledger", area=None)
    return Refs(districts=dict(zip(districts["area_code"], districts["city_code"])),
                units=dict(zip(units["unit_code"], units["city_code"])), point_types=types,
                existing={r["point_code"]: r for r in existing.to_dict("records")},
                allowed=allowed_areas(con, user))


def _coordinate(rec, col, lo, hi, bad, line):
    if not rec[col]:
        return None
    value = parse_number(rec[col])
    if value is None:
        bad(line, col, "pt_imp_not_number", text=rec[col])
    elif not lo <= value <= hi:
        bad(line, col, "pt_imp_out_of_range", text=rec[col], lo=lo, hi=hi)
        return None
    return value


def validate(table: Table, refs: Refs) -> tuple[pd.DataFrame, list[Problem]]:
    """Check every row; return (clean rows, refusal reasons). Any reason refuses the whole file."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    clean = []

    def bad(line, col, key, **params):
        problems.append(table.problem(int(line), col, key, **params))

    for line, rec in zip(table.lines, table.frame.to_dict("records")):
        n_before = len(problems)
        for col in REQUIRED:
            if not rec[col]:
                bad(line, col, "pt_imp_missing", column=(HEADER_ZH[col], col))
        code = rec["point_code"]
        if code in seen:
            bad(line, "point_code", "pt_imp_duplicate", code=code, first=seen[code])
        elif code:
            seen[code] = line
        ptype = refs.point_types.get(rec["point_type"].lower()) if rec["point_type"] else None
        if rec["point_type"] and ptype is None:
            bad(line, "point_type", "pt_imp_unknown_type", code=rec["point_type"])
        area, unit = rec["area_code"], rec["unit_code"]
        if area and area not in refs.districts:
            bad(line, "area_code", "pt_imp_not_district", code=area)
        elif area and refs.allowed is not None and area not in refs.allowed:
            bad(line, "area_code", "pt_imp_area_not_allowed", code=area)
        stored = refs.existing.get(code)
        if stored is not None and refs.allowed is not None and stored["area_code"] not in refs.allowed:
            bad(line, "point_code", "pt_imp_stored_not_allowed", code=code, area=stored["area_code"])
        if unit and unit not in refs.units:
            bad(line, "unit_code", "pt_imp_unknown_unit", code=unit)
        elif unit and area in refs.districts and refs.units[unit] != refs.districts[area]:
            bad(line, "unit_code", "pt_imp_unit_other_city", code=unit, area=area)
        lat = _coordinate(rec, "lat", -90, 90, bad, line)
        lon = _coordinate(rec, "lon", -180, 180, bad, line)
        if (lat is not None and lon is not None and area in refs.districts and geo.has_boundary(area)
                and not geo.inside(area, lat, lon)):
            bad(line, "lat", "pt_imp_outside", lat=rec["lat"], lon=rec["lon"], area=area)
        active = ACTIVE_WORDS.get(rec["active"].lower())
        if active is None:
            bad(line, "active", "pt_imp_bad_active", text=rec["active"])
        if len(problems) > n_before:
            continue
        clean.append({"point_code": code, "name_zh": rec["name"], "point_type": ptype, "area_code": area,
                      "unit_code": unit, "address": rec["address"] or None, "lat": lat, "lon": lon,
                      "active": active, "_line": line})
    return pd.DataFrame(clean, columns=["point_code"] + [f for f, _ in FIELDS] + ["_line"]), problems


@dataclass
class ImportSummary:
    file_name: str
    dry_run: bool = False
    batch_id: int | None = None
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    changed_codes: list = field(default_factory=list)


def _same(a, b) -> bool:
    if a is None or (not isinstance(a, str) and pd.isna(a)):
        return b is None or (not isinstance(b, str) and pd.isna(b))
    if b is None or (not isinstance(b, str) and pd.isna(b)):
        return False
    if isinstance(a, float) or isinstance(b, float):
        return abs(float(a) - float(b)) < 1e-9
    if isinstance(a, str) and isinstance(b, str):   # the reader folds cells: （示例） and (示例) are one text
        return trim_free(fold_text(a)) == trim_free(fold_text(b))
    return a == b


def _old_json(row: dict) -> str:
    def plain(v):
        return None if v is None or (not isinstance(v, str) and pd.isna(v)) else (
            v if isinstance(v, (str, bool, int, float)) else str(v))
    return json.dumps({k: plain(row.get(k)) for k in ["point_code", "name", "point_type", "area_code", "unit_code",
                                                     "address", "lat", "lon", "active", "illustrative"]},
                      ensure_ascii=False)


_UPSERT = """
INSERT INTO inspection_points (code, name_zh, point_type, area_code, unit_code, address, lat, lon, active, datum,
    illustrative, batch_id, updated_at, updated_by)
SELECT point_code, name_zh, point_type, area_code, unit_code, address, lat, lon, active, 'WGS-84', false,
    $batch, $now, $user
FROM _incoming
ON CONFLICT (code) DO UPDATE SET name_zh = excluded.name_zh, point_type = excluded.point_type,
    area_code = excluded.area_code, unit_code = excluded.unit_code, address = excluded.address,
    lat = excluded.lat, lon = excluded.lon, active = excluded.active, datum = excluded.datum,
    illustrative = false, batch_id = excluded.batch_id, updated_at = excluded.updated_at,
    updated_by = excluded.updated_by
"""


def apply(cur, clean: pd.DataFrame, user: str, file_name: str, existing: dict, sha256: str = "",
          dry_run: bool = False) -> ImportSummary:
    """Write the clean rows inside the caller's transaction: new points inserted, changed ones
    updated with the old row kept in point_history, unchanged ones left alone."""
    new, changed, same = [], [], []
    for r in clean.to_dict("records"):
        old = existing.get(r["point_code"])
        if old is None:
            new.append(r)
        elif not all(_same(r[f], old.get("name" if f == "name_zh" else f)) for f, _ in FIELDS):
            changed.append((r, old))
        else:
            same.append(r["point_code"])
    out = ImportSummary(file_name, dry_run, rows=len(clean), inserted=len(new), updated=len(changed),
                        unchanged=len(same))
    out.changed_codes = [r["point_code"] for r in new] + [r["point_code"] for r, _ in changed]
    if dry_run or not out.changed_codes:
        return out
    batch, now = record_batch(cur, "point_batches", out, user, file_name, sha256)
    history = [(r["point_code"], now, user, "insert", file_name, batch, None) for r in new]
    history += [(r["point_code"], now, user, "update", file_name, batch, _old_json(old)) for r, old in changed]
    cur.executemany("INSERT INTO point_history VALUES (?, ?, ?, ?, ?, ?, ?)", history)
    rows = pd.DataFrame(new + [r for r, _ in changed], columns=clean.columns).drop(columns="_line")
    rows["lat"] = rows["lat"].astype("float64")
    rows["lon"] = rows["lon"].astype("float64")
    rows["active"] = rows["active"].astype("bool")
    cur.register("_incoming", rows)
    try:
        cur.execute(_UPSERT, {"batch": batch, "now": now, "user": user})
    finally:
        cur.unregister("_incoming")
    db.bump_data_version(cur)
    return out


def import_points(con, data: bytes, file_name: str, user: dict | None = None, dry_run: bool = False
                  ) -> ImportSummary:
    """Read, check and (unless dry_run) write a ledger file, all or nothing.
    `user` None = the command line without --user (every area)."""
    if user is not None and user.get("role") not in ("clerk", "admin"):
        raise PermissionDenied("auth_no_import", user.get("name", ""), name=user.get("name", ""))
    table = read_table(data, file_name, LAYOUT)
    refs = load_refs(con, user)
    clean, problems = validate(table, refs)
    if problems:
        raise PointsRejected("pt_imp_rejected", problems, file=file_name, n=len(problems),
                             rows=len({p.line for p in problems}))
    if clean.empty:
        raise PointsRejected("pt_imp_no_rows", [], file=file_name)
    who = (user or {}).get("name") or "cli"
    with db.transaction(con, "pt_imp_failed") as cur:
        return apply(cur, clean, who, file_name, refs.existing, hashlib.sha256(data).hexdigest(), dry_run)
