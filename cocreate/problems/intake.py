"""The problems upload (DESIGN.md "Problems found and put right"): the file layout, the row rules,
and the all-or-nothing write that keeps every replaced row in history. Reading lives in the
shared reader; only the rules of a problems file are here."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

import pandas as pd

from cocreate.store import db
from cocreate.store.batches import record_batch
from cocreate.errors import ImportRejected, PermissionDenied
from cocreate.intake.observations import allowed_areas, china_today
from cocreate.points.fill import fill_from_ledger
from cocreate.problems import rights

from cocreate.intake.columns import fold_text, trim_free
from cocreate.intake.reading import Column, Layout, Problem, Table, parse_date, read_table

LAYOUT = Layout("problems", (
    Column("problem_id", "问题编号", ("id", "编号"), required=True),
    Column("area_code", "地区代码", ("area", "区划代码", "所在区")),
    Column("unit_code", "责任单位代码", ("unit", "责任单位")),
    Column("point_code", "点位编号", ("point_id",)),       # a ledger point: type, area, unit come from the ledger
    Column("point_type", "点位类型", ("point_kind",)),
    Column("point_name", "点位名称", ("point", "点位"), free=True),
    Column("category", "问题类别", ("类别",), required=True),
    Column("description", "问题描述", ("描述",), free=True),
    Column("found_date", "发现日期", ("found",), required=True),
    Column("deadline", "整改时限", ("due_date", "时限"), required=True),
    Column("status", "状态", ("state",), required=True),
    Column("rectified_date", "整改日期", ("rectified",)),
    Column("verified_date", "复核日期", ("verified",)),
    Column("source", "来源", ("问题来源",), free=True),
    Column("photo", "照片", ("photos", "图片")),
), one_of=(("area_code", "point_code"), ("unit_code", "point_code"), ("point_name", "point_code")))
HEADER_ZH = {c.name: c.zh for c in LAYOUT.columns}
STATUS_WORDS = {"open": "open", "待整改": "open", "未整改": "open", "整改中": "open",
                "rectified": "rectified", "已整改": "rectified",
                "verified": "verified", "已复核": "verified", "已销号": "verified", "复核通过": "verified",
                "returned": "returned", "退回": "returned", "已退回": "returned", "复核退回": "returned"}
FIELDS = ["problem_id", "area_code", "unit_code", "point_code", "point_type", "point_name", "category",
          "description", "found_date", "deadline", "status", "rectified_date", "verified_date", "source", "photo"]
DATE_FIELDS = ("found_date", "deadline", "rectified_date", "verified_date")


def point_code(area_code: str, point_name: str) -> str:
    """A point's code: its district and a short hash of its name, the same in every file."""
    digest = hashlib.sha1(point_name.strip().encode("utf-8")).hexdigest()[:8]
    return f"PT-{area_code}-{digest}"


@dataclass
class Refs:
    """What rows are checked against."""
    areas: dict                     # area code -> parent code ("" for a city)
    units: dict                     # unit code (area or department) -> its city
    categories: dict                # code or zh/en name -> code
    point_types: dict               # code or zh/en name -> code
    existing: dict                  # problem_id -> stored row
    allowed: set | None = None      # areas a clerk may write (None = all)
    role: str | None = None         # the importing account's role (None: the command line without --user)
    own: set = field(default_factory=set)          # the areas written on the account
    unit_kinds: dict = field(default_factory=dict)  # unit code -> "area" or "department"
    points: dict = field(default_factory=dict)      # the point ledger: point_code -> its row


def load_refs(con, user: dict | None = None) -> Refs:
    areas = db.run(con, "areas")
    units = db.run(con, "problems_unit_refs")
    cats = db.run(con, "problems_catalogs")

    def names(kind):
        out = {}
        for r in cats[cats["catalog"] == kind].to_dict("records"):
            for k in (r["code"], r["name_zh"], r["name_en"]):
                out[str(k).strip().lower()] = r["code"]
        return out
    existing = db.run(con, "problems_ids")
    return Refs(
        areas={r["code"]: (r["parent_code"] if isinstance(r["parent_code"], str) else "")
               for r in areas.to_dict("records")},
        units=dict(zip(units["unit_code"], units["city_code"])),
        categories=names("category"), point_types=names("point_type"),
        existing={r["problem_id"]: r for r in existing.to_dict("records")},
        allowed=allowed_areas(con, user), role=(user or {}).get("role"),
        own={a.strip() for a in str((user or {}).get("areas") or "").split(",") if a.strip()},
        unit_kinds=dict(zip(units["unit_code"], units["unit_kind"])),
        points={r["point_code"]: r for r in db.run(con, "points_ledger", area=None).to_dict("records")})


def validate(table: Table, refs: Refs, today: dt.date) -> tuple[pd.DataFrame, list[Problem]]:
    """Check every row; return (clean rows, refusal reasons). Any reason refuses the whole file."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    clean = []

    def bad(line, col, key, **params):
        problems.append(table.problem(int(line), col, key, **params))

    for line, rec in zip(table.lines, table.frame.to_dict("records")):
        n_before = len(problems)
        if not fill_from_ledger(rec, refs.points, refs.point_types, bad, line):
            continue
        for col in ("problem_id", "area_code", "unit_code", "point_name", "category", "found_date",
                    "deadline", "status"):
            if not rec[col]:
                bad(line, col, "prob_imp_missing", column=(HEADER_ZH[col], col))
        pid = rec["problem_id"]
        if pid:
            if pid in seen:
                bad(line, "problem_id", "prob_imp_duplicate_id", id=pid, first=seen[pid])
            else:
                seen[pid] = line
        area, unit = rec["area_code"], rec["unit_code"]
        if area and area not in refs.areas:
            bad(line, "area_code", "prob_imp_unknown_area", code=area)
        elif area and refs.allowed is not None and area not in refs.allowed:
            bad(line, "area_code", "prob_imp_area_not_allowed", code=area)
        if unit and unit not in refs.units:
            bad(line, "unit_code", "prob_imp_unknown_unit", code=unit)
        elif unit and area in refs.areas and refs.units[unit] != (refs.areas[area] or area):
            bad(line, "unit_code", "prob_imp_unit_other_city", code=unit, area=area)
        if rec["category"] and rec["category"].lower() not in refs.categories:
            bad(line, "category", "sec_prob_unknown_category", code=rec["category"])
        if rec["point_type"] and rec["point_type"].lower() not in refs.point_types:
            bad(line, "point_type", "sec_prob_unknown_point_type", code=rec["point_type"])
        status = STATUS_WORDS.get(rec["status"].lower()) if rec["status"] else None
        if rec["status"] and status is None:
            bad(line, "status", "prob_imp_unknown_status", text=rec["status"])
        dates = {}
        for col in DATE_FIELDS:
            if rec[col]:
                dates[col] = parse_date(rec[col])
                if dates[col] is None:
                    bad(line, col, "prob_imp_bad_date", text=rec[col])
                elif col != "deadline" and dates[col] > today:  # a deadline may lie ahead, nothing else
                    bad(line, col, "prob_imp_future_date", text=rec[col], today=today.isoformat())
            else:
                dates[col] = None
        found, deadline = dates["found_date"], dates["deadline"]
        rect, ver = dates["rectified_date"], dates["verified_date"]
        if found and deadline and deadline < found:
            bad(line, "deadline", "prob_imp_deadline_before_found", deadline=rec["deadline"], found=rec["found_date"])
        if found and rect and rect < found:
            bad(line, "rectified_date", "prob_imp_rectified_before_found", text=rec["rectified_date"],
                found=rec["found_date"])
        if rect and ver and ver < rect:
            bad(line, "verified_date", "prob_imp_verified_before_rectified", text=rec["verified_date"],
                rectified=rec["rectified_date"])
        if status in ("rectified", "verified") and not rec["rectified_date"]:
            bad(line, "rectified_date", "prob_imp_needs_rectified_date", status=rec["status"])
        if status == "open" and rec["rectified_date"]:
            bad(line, "rectified_date", "prob_imp_open_with_date", status=rec["status"])
        cat = refs.categories.get(rec["category"].lower(), rec["category"])
        ptype = refs.point_types.get(rec["point_type"].lower(), rec["point_type"]) if rec["point_type"] else None
        row = {
            "problem_id": pid, "area_code": area, "unit_code": unit,
            "point_code": rec["point_code"] or (point_code(area, rec["point_name"]) if area else ""), "point_type": ptype,
            "point_name": rec["point_name"], "category": cat, "description": rec["description"] or None,
            "found_date": found, "deadline": deadline, "status": status,
            "rectified_date": rect, "verified_date": ver,
            "source": rec["source"] or None, "photo": rec["photo"] or None, "_line": line}
        stored = refs.existing.get(pid) if pid else None
        changed = stored is not None and any(_comparable(row[f]) != _comparable(stored.get(f)) for f in FIELDS)
        for col, key, params in rights.row_refusals(dict(rec, verified_date=ver), status, stored, refs, changed):
            bad(line, col, key, **params)
        if len(problems) > n_before:
            continue
        clean.append(row)
    frame = pd.DataFrame(clean, columns=FIELDS + ["_line"])
    return frame, problems


@dataclass
class ImportSummary:
    file_name: str
    dry_run: bool = False
    batch_id: int | None = None
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    changed_ids: list = field(default_factory=list)


def _comparable(v):
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if isinstance(v, (pd.Timestamp, dt.datetime)):
        return v.date()
    if isinstance(v, str):  # the reader folds and trims cells: （示例） and (示例) are the same text
        return trim_free(fold_text(v))
    return v


def _diff(clean: pd.DataFrame, existing: dict) -> tuple[list, list, list]:
    """(new rows, changed rows with their stored row, unchanged ids)."""
    new, changed, same = [], [], []
    for r in clean.to_dict("records"):
        old = existing.get(r["problem_id"])
        if old is None:
            new.append(r)
        elif any(_comparable(r[f]) != _comparable(old.get(f)) for f in FIELDS):
            changed.append((r, old))
        else:
            same.append(r["problem_id"])
    return new, changed, same


def _json_row(row: dict) -> str:
    return json.dumps({k: (None if _comparable(v) is None else str(_comparable(v))) for k, v in row.items()
                       if k in FIELDS + ["batch_id", "illustrative"]}, ensure_ascii=False)


_UPSERT = """
INSERT INTO problems (problem_id, area_code, unit_code, point_code, point_type, point_name, category,
    description, found_date, deadline, status, rectified_date, verified_date, source, photo, illustrative,
    batch_id, updated_at, updated_by)
SELECT problem_id, area_code, unit_code, point_code, point_type, point_name, category, description,
    found_date, deadline, status, rectified_date, verified_date, source, photo, false, $batch, $now, $user
FROM _incoming
ON CONFLICT (problem_id) DO UPDATE SET area_code = excluded.area_code, unit_code = excluded.unit_code,
    point_code = excluded.point_code, point_type = excluded.point_type, point_name = excluded.point_name,
    category = excluded.category, description = excluded.description, found_date = excluded.found_date,
    deadline = excluded.deadline, status = excluded.status, rectified_date = excluded.rectified_date,
    verified_date = excluded.verified_date, source = excluded.source, photo = excluded.photo,
    illustrative = false, batch_id = excluded.batch_id, updated_at = excluded.updated_at,
    updated_by = excluded.updated_by
"""
_POINTS = """
INSERT INTO inspection_points (code, name_zh, point_type, area_code)
SELECT point_code, any_value(point_name), any_value(point_type), any_value(area_code)
FROM _incoming WHERE point_code NOT IN (SELECT code FROM inspection_points)
GROUP BY point_code
"""


def apply(cur, clean: pd.DataFrame, user: str, file_name: str, existing: dict, sha256: str = "",
          dry_run: bool = False) -> ImportSummary:
    """Write the clean rows inside the caller's transaction: new problems inserted, changed ones
    updated with the old row kept in problem_history, unchanged ones left alone."""
    new, changed, same = _diff(clean, existing)
    out = ImportSummary(file_name, dry_run, rows=len(clean), inserted=len(new), updated=len(changed),
                        unchanged=len(same))
    out.changed_ids = [r["problem_id"] for r in new] + [r["problem_id"] for r, _ in changed]
    if dry_run or not out.changed_ids:
        return out
    batch, now = record_batch(cur, "problem_batches", out, user, file_name, sha256)
    history = [(r["problem_id"], now, user, "import", None, r["status"], file_name, batch, None, None) for r in new]
    history += [(r["problem_id"], now, user, "import", old["status"], r["status"], file_name, batch, None,
                 _json_row(old)) for r, old in changed]
    cur.executemany("INSERT INTO problem_history VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", history)
    rows = pd.DataFrame([r for r in new] + [r for r, _ in changed], columns=clean.columns)
    for col in DATE_FIELDS:
        rows[col] = pd.to_datetime(rows[col]).astype("datetime64[s]")
    cur.register("_incoming", rows.drop(columns="_line"))
    try:
        cur.execute(_POINTS)
        cur.execute(_UPSERT, {"batch": batch, "now": now, "user": user})
    finally:
        cur.unregister("_incoming")
    db.bump_data_version(cur)
    return out


class ProblemsRejected(ImportRejected):
    """A problems file was refused whole; `problems` lists the reasons by line and column."""


def import_problems(con, data: bytes, file_name: str, user: dict | None = None, dry_run: bool = False,
                    today: dt.date | None = None) -> ImportSummary:
    """Read, check and (unless dry_run) write a problems file, all or nothing.
    `user` None = the command line without --user (every area)."""
    if user is not None and user.get("role") not in ("clerk", "admin"):
        raise PermissionDenied("auth_no_import", user.get("name", ""), name=user.get("name", ""))
    today = today or china_today()
    table = read_table(data, file_name, LAYOUT)
    refs = load_refs(con, user)
    clean, problems = validate(table, refs, today)
    if problems:
        raise ProblemsRejected("prob_imp_rejected", problems, file=file_name, n=len(problems),
                               rows=len({p.line for p in problems}))
    if clean.empty:
        raise ProblemsRejected("prob_imp_no_rows", [], file=file_name)
    who = (user or {}).get("name") or "cli"
    with db.transaction(con, "prob_imp_failed") as cur:
        return apply(cur, clean, who, file_name, refs.existing, hashlib.sha256(data).hexdigest(), dry_run)
