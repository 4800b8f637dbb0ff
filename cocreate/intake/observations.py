"""Import observations from CSV or XLSX: read, validate every row, load in one transaction.

A file with any bad row is refused whole and changes nothing. An accepted file becomes one
batch in import_batches; every value it replaces is kept in observation_history, so a batch
can be rolled back as a whole. No value from a file is ever formatted into SQL: the rows are
registered as a DataFrame and every statement binds its parameters.

Core API (no streamlit):
    import_file(con, path_or_bytes, file_name, user=None, dry_run=False, lang="zh") -> ImportResult
    validate_frame(con, raw, ...) -> (valid DataFrame, problems, skipped_empty)
    rollback_batch(con, batch_id, user) -> dict
"""
from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pandas as pd

from cocreate.store import db
from cocreate.store.figures import refresh_figures
from cocreate.errors import CocreateError, ImportRejected, PermissionDenied
from cocreate.intake.reading import (MAX_BYTES, MAX_ROWS, Column, Layout, Problem, as_bytes, parse_number,
                                     problems_frame, read_rows, read_table)
from cocreate.present.i18n import t

CHINA_TZ = ZoneInfo("Asia/Shanghai")
EARLIEST_YEAR = 2000   # no campaign tracks figures older than this; an older date is a misread cell

LAYOUT = Layout("observations", (
    Column("indicator_code", "指标代码", ("indicator", "指标编码", "指标"), required=True),
    Column("area_code", "地区代码", ("area", "区划代码", "地区编码", "地区"), required=True),
    Column("period", "期间", ("时期", "统计期", "日期"), required=True),
    Column("value", "数值", ("值", "数据"), required=True),
    Column("note", "备注", ("notes", "说明")),
    Column("source", "来源", ("数据来源",)),
))
REQUIRED = tuple(c.name for c in LAYOUT.columns if c.required)
OPTIONAL = tuple(c.name for c in LAYOUT.columns if not c.required)
HEADER_ZH = LAYOUT.zh_names


def china_now() -> dt.datetime:
    """Now in China time, as a naive timestamp (how the store keeps times)."""
    return dt.datetime.now(CHINA_TZ).replace(tzinfo=None)


def china_today() -> dt.date:
    return dt.datetime.now(CHINA_TZ).date()


@dataclass
class ImportResult:
    file_name: str
    sha256: str
    ok: bool = False
    dry_run: bool = False
    batch_id: int | None = None
    rows_read: int = 0             # data rows that were not blank
    rows_accepted: int = 0         # figures with a value that passed every check
    rows_inserted: int = 0         # new figures
    rows_replaced: int = 0         # figures whose value changed (old value kept in history)
    rows_unchanged: int = 0        # same value, source and note as stored: nothing written
    rows_skipped_empty: int = 0    # rows with codes but no value (a template's unfilled lines)
    problems: list[Problem] = field(default_factory=list)

    def summary(self, lang: str = "zh") -> str:
        key = "import_dry_run_ok" if self.dry_run else "import_done"
        return t(key, lang, file=self.file_name, batch=self.batch_id or "—", accepted=self.rows_accepted,
                 inserted=self.rows_inserted, replaced=self.rows_replaced, unchanged=self.rows_unchanged,
                 skipped=self.rows_skipped_empty)

    def report(self, lang: str = "zh", limit: int | None = None) -> str:
        """The per-row report as text lines (for the command line)."""
        lines = [t("import_rejected", lang, file=self.file_name, n=len(self.problems),
                   rows=len({p.line for p in self.problems}))]
        shown = self.problems if limit is None else self.problems[:limit]
        lines += ["  " + p.line_text(lang) for p in shown]
        if limit is not None and len(self.problems) > limit:
            lines.append("  " + t("import_more_problems", lang, n=len(self.problems) - limit))
        return "\n".join(lines)

    def problems_frame(self, lang: str = "zh") -> pd.DataFrame:
        """The report as a table: line, column, problem (in the user's language)."""
        return problems_frame(self.problems, lang)


def rows_to_frame(rows: list[list[str]]) -> tuple[pd.DataFrame, dict]:
    """Text rows (header first) -> (frame with `line` and the canonical columns, columns info)."""
    from cocreate.intake.reading import map_rows
    table = map_rows(rows, LAYOUT)
    return table.with_line(), {c: {"header": table.headers[c], "letter": table.letters[c]} for c in table.headers}


# --------------------------------------------------------------------------- parsing cells

_Q = {"1": 1, "2": 2, "3": 3, "4": 4, "一": 1, "二": 2, "三": 3, "四": 4}
_PERIOD_PATTERNS = [
    (re.compile(r"^(\d{4})$"), "year"),
    (re.compile(r"^(\d{4})年$"), "year"),
    (re.compile(r"^(\d{4})[-/.](\d{1,2})$"), "month"),
    (re.compile(r"^(\d{4})年(\d{1,2})月$"), "month"),
    (re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]00:00(?::00)?)?$"), "day"),
    (re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"), "day"),
    (re.compile(r"^(\d{4})\s*-?\s*[Qq]([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})年?第?([1-4一二三四])季度?$"), "quarter"),
]


def parse_period(text: str) -> tuple[dt.date, dt.date] | None:
    """(stored period = first day of its month, the date as written) or None when unreadable.

    YYYY -> January; YYYY-MM -> that month; YYYY-MM-DD -> its month; YYYYQn -> the quarter's first month.
    """
    s = text.strip()
    for pattern, kind in _PERIOD_PATTERNS:
        m = pattern.match(s)
        if not m:
            continue
        year = int(m.group(1))
        if not 1000 <= year <= 9999:
            return None
        try:
            if kind == "year":
                d = dt.date(year, 1, 1)
                return d, d
            if kind == "month":
                d = dt.date(year, int(m.group(2)), 1)
                return d, d
            if kind == "day":
                written = dt.date(year, int(m.group(2)), int(m.group(3)))
                return written.replace(day=1), written
            q = _Q[m.group(2)]
            d = dt.date(year, 3 * (q - 1) + 1, 1)
            return d, d
        except ValueError:
            return None
    return None


# --------------------------------------------------------------------------- catalog and permissions

@dataclass
class Catalog:
    indicators: dict   # code -> row dict
    areas: dict        # code -> row dict
    cities_with_children: set

    @classmethod
    def load(cls, con) -> "Catalog":
        ind = db.run(con, "indicators")
        areas = db.run(con, "areas")
        inds = {r["code"]: r for r in ind.to_dict("records")}
        ars = {r["code"]: r for r in areas.to_dict("records")}
        parents = {r["parent_code"] for r in ars.values() if isinstance(r.get("parent_code"), str)}
        return cls(inds, ars, parents)

    def name(self, kind: str, code: str) -> tuple[str, str]:
        """(中文, English) display name with the code, e.g. ("大区 (990101)", "Big District (990101)")."""
        table = self.indicators if kind == "indicator" else self.areas
        r = table.get(code) or {}
        out = []
        for lang in ("zh", "en"):
            v = r.get(f"name_{lang}")
            out.append(f"{v} ({code})" if isinstance(v, str) and v else str(code))
        return tuple(out)


def allowed_areas(con, user: dict | None) -> set | None:
    """Areas a user may import for: None = all (admin, or the command line without --user)."""
    if user is None or user.get("role") == "admin":
        return None
    if user.get("role") != "clerk":
        return set()
    own = {a.strip() for a in str(user.get("areas") or "").split(",") if a.strip()}
    if not own:
        return set()
    areas = db.run(con, "areas")
    children = set(areas.loc[areas["parent_code"].isin(list(own)), "code"])
    return own | children


# --------------------------------------------------------------------------- validation

def validate_frame(con, raw: pd.DataFrame, columns: dict | None = None, user: dict | None = None,
                   lang: str = "zh", catalog: Catalog | None = None, today: dt.date | None = None
                   ) -> tuple[pd.DataFrame, list[Problem], int]:
    """Check every row of a raw text frame (columns line, indicator_code, area_code, period, value,
    note, source). Returns (valid figures, problems, rows skipped for an empty value).

    The valid frame has indicator_code, area_code, period (date, first of month), value, note, source.
    """
    cat = catalog or Catalog.load(con)
    columns = columns or {}
    today = today or china_today()
    allowed = allowed_areas(con, user)
    problems: list[Problem] = []
    seen: dict[tuple, int] = {}
    out = {"indicator_code": [], "area_code": [], "period": [], "value": [], "note": [], "source": []}
    skipped = 0

    def add(line, col, key, **params):
        info = columns.get(col, {})
        problems.append(Problem(line, col, key, params, info.get("header", ""), info.get("letter", ""),
                                HEADER_ZH.get(col, "")))

    for rec in raw.to_dict("records"):
        line = int(rec["line"])
        ic, ac = str(rec.get("indicator_code") or ""), str(rec.get("area_code") or "")
        ptxt, vtxt = str(rec.get("period") or ""), str(rec.get("value") or "")
        if vtxt == "":
            skipped += 1
            continue
        bad = False
        ind = cat.indicators.get(ic)
        if not ic:
            add(line, "indicator_code", "import_missing_value_in", column=_col_name("indicator_code"))
            bad = True
        elif ind is None:
            add(line, "indicator_code", "import_unknown_indicator", code=ic)
            bad = True
        area = cat.areas.get(ac)
        if not ac:
            add(line, "area_code", "import_missing_value_in", column=_col_name("area_code"))
            bad = True
        elif area is None:
            add(line, "area_code", "import_unknown_area", code=ac)
            bad = True
        elif allowed is not None and ac not in allowed:
            add(line, "area_code", "import_area_not_allowed", area=cat.name("area", ac),
                user=(user or {}).get("name", ""))
            bad = True
        if ind is not None and area is not None:
            is_city = ac in cat.cities_with_children
            has_parent = isinstance(area.get("parent_code"), str) and bool(area.get("parent_code"))
            if ind["kind"] == "ratio":
                add(line, "indicator_code", "import_ratio_indicator", code=ic,
                    num=cat.name("indicator", ind["numerator_code"]),
                    den=cat.name("indicator", ind["denominator_code"]))
                bad = True
            elif ind["aggregation"] != "city_only" and is_city:
                add(line, "area_code", "import_city_rolls_up", code=ic, area=cat.name("area", ac))
                bad = True
            elif ind["aggregation"] == "city_only" and has_parent:
                add(line, "area_code", "import_district_city_only", code=ic, area=cat.name("area", ac),
                    city=cat.name("area", area["parent_code"]))
                bad = True
        parsed = parse_period(ptxt) if ptxt else None
        if not ptxt:
            add(line, "period", "import_missing_value_in", column=_col_name("period"))
            bad = True
        elif parsed is None:
            add(line, "period", "import_bad_period", text=ptxt)
            bad = True
        elif parsed[1] > today:
            add(line, "period", "import_future_period", text=ptxt, today=today.isoformat())
            bad = True
        elif parsed[0].year < EARLIEST_YEAR:
            add(line, "period", "import_period_too_old", text=ptxt, year=EARLIEST_YEAR)
            bad = True
        is_pct = ind is not None and str(ind.get("unit") or "") == "pct"
        value = parse_number(vtxt, allow_percent=is_pct)
        if value is None:
            add(line, "value", "import_not_number", text=vtxt)
            bad = True
        elif ind is not None:
            vmin, vmax = ind.get("value_min"), ind.get("value_max")
            if ind.get("direction") == "yes_no" and value not in (0.0, 1.0):
                add(line, "value", "import_not_yes_no", text=vtxt)
                bad = True
            elif _num(vmin) is not None and value < vmin:
                add(line, "value", "import_negative" if vmin == 0 else "import_below_min",
                    text=vtxt, min=_plain(vmin))
                bad = True
            elif _num(vmax) is not None and value > vmax:
                add(line, "value", "import_over_100" if is_pct and vmax == 100 else "import_above_max",
                    text=vtxt, max=_plain(vmax))
                bad = True
        note = str(rec.get("note") or "")
        if value is not None and parse_number(note) is not None:
            # "1,234" or a decimal comma "1,5" in a CSV splits the value and the rest lands in the note
            add(line, "note", "import_note_is_number", note=note, value=vtxt)
            bad = True
        if parsed is not None and ic and ac:
            key = (ic, ac, parsed[0])
            if key in seen:
                add(line, "", "import_duplicate", first=seen[key], code=ic, area=ac, period=parsed[0].isoformat()[:7])
                bad = True
            else:
                seen[key] = line
        if bad:
            continue
        out["indicator_code"].append(ic)
        out["area_code"].append(ac)
        out["period"].append(parsed[0])
        out["value"].append(value)
        out["note"].append(str(rec.get("note") or "") or None)
        out["source"].append(str(rec.get("source") or "") or None)
    valid = pd.DataFrame(out)
    valid = valid.astype({"indicator_code": "string", "area_code": "string", "value": "float64",
                          "note": "string", "source": "string"})
    valid["period"] = pd.to_datetime(valid["period"]).astype("datetime64[s]") if len(valid) else \
        pd.Series([], dtype="datetime64[s]")
    return valid, problems, skipped


def _col_name(col: str) -> tuple[str, str]:
    return HEADER_ZH[col], col


def _num(v):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else v


def _plain(v) -> str:
    return str(int(v)) if float(v) == int(v) else str(v)


# --------------------------------------------------------------------------- loading

# One join finds what a file changes (new figures, and stored ones whose value, source or note differ);
# history, the write and the figures refresh then read that small table, not observations again.
_CHANGES_SQL = """
CREATE TEMP TABLE _changes AS
SELECT i.indicator_code, i.area_code, CAST(i.period AS DATE) AS period, i.value, i.source, i.note,
       o.indicator_code IS NOT NULL AS existed, o.value AS old_value, o.source AS old_source,
       o.note AS old_note, o.batch_id AS old_batch_id
FROM _incoming i
LEFT JOIN observations o
  ON o.indicator_code = i.indicator_code AND o.area_code = i.area_code AND o.period = i.period
WHERE o.indicator_code IS NULL OR o.value IS DISTINCT FROM i.value
   OR o.source IS DISTINCT FROM i.source OR o.note IS DISTINCT FROM i.note
"""
_HISTORY_SQL = """
INSERT INTO observation_history (indicator_code, area_code, period, old_value, old_source, old_note,
                                 old_batch_id, new_value, replaced_by_batch, replaced_at)
SELECT indicator_code, area_code, period, old_value, old_source, old_note, old_batch_id, value, $batch, $now
FROM _changes WHERE existed
"""
# Changed figures are updated in place (the key, and so its index entry, stays); new ones inserted.
_UPDATE_SQL = """
UPDATE observations AS o SET value = c.value, source = c.source, note = c.note, loaded_at = $now, batch_id = $batch
FROM _changes c
WHERE c.existed AND o.indicator_code = c.indicator_code AND o.area_code = c.area_code AND o.period = c.period
"""
_INSERT_SQL = """
INSERT INTO observations (indicator_code, area_code, period, value, source, note, loaded_at, batch_id)
SELECT indicator_code, area_code, period, value, source, note, $now, $batch FROM _changes WHERE NOT existed
"""


def check_may_import(user: dict | None) -> None:
    if user is not None and user.get("role") not in ("clerk", "admin"):
        raise PermissionDenied("auth_no_import", user.get("name", ""), name=user.get("name", ""))


def import_file(con, path_or_bytes, file_name: str | None = None, user: dict | None = None,
                dry_run: bool = False, lang: str = "zh", today: dt.date | None = None) -> ImportResult:
    """Read, validate and (unless dry_run) load a file in one transaction.

    `user` is a users-table dict (name, role, areas) or None for the command line without --user.
    Raises ImportRejected (with .problems and .result) when any row is bad; nothing changes then.
    """
    check_may_import(user)
    if file_name is None:
        file_name = Path(path_or_bytes).name if isinstance(path_or_bytes, (str, Path)) else "upload"
    data = as_bytes(path_or_bytes)
    result = ImportResult(file_name=file_name, sha256=hashlib.sha256(data).hexdigest(), dry_run=dry_run)
    try:
        raw, columns = rows_to_frame(read_rows(data, file_name))
    except ImportRejected as exc:  # a file-level refusal that names lines (row shape, formulas): report them
        if exc.problems:
            result.problems = exc.problems
            exc.result = result
        raise
    result.rows_read = len(raw)
    valid, problems, skipped = validate_frame(con, raw, columns, user=user, lang=lang, today=today)
    result.rows_skipped_empty = skipped
    if problems:
        result.problems = problems
        exc = ImportRejected("import_rejected", problems, file=file_name, n=len(problems),
                             rows=len({p.line for p in problems}))
        exc.result = result
        raise exc
    if valid.empty:
        exc = ImportRejected("import_no_values", [], file=file_name)
        exc.result = result
        raise exc
    result.rows_accepted = len(valid)
    load_frame(con, valid, result, user_name=(user or {}).get("name") or "cli", dry_run=dry_run)
    result.ok = True
    return result


def load_frame(con, valid: pd.DataFrame, result: ImportResult, user_name: str, dry_run: bool = False) -> None:
    """Load validated figures in ONE transaction on a cursor of `con` (readers see old or new, never
    half); record the batch and the replaced values; work out the figures they change; bump the data
    version. Set-based: the frame is read by DuckDB as it is (no row loop), joined once."""
    cur = con.cursor()
    cur.register("_incoming", valid)
    try:
        cur.execute("BEGIN TRANSACTION")
        try:
            cur.execute("DROP TABLE IF EXISTS _changes")  # portable: no CREATE OR REPLACE on PostgreSQL
            cur.execute(_CHANGES_SQL)
            inserted, replaced = cur.execute(
                "SELECT count(*) FILTER (WHERE NOT existed), count(*) FILTER (WHERE existed) FROM _changes").fetchone()
            result.rows_inserted, result.rows_replaced = int(inserted), int(replaced)
            result.rows_unchanged = len(valid) - result.rows_inserted - result.rows_replaced
            if dry_run:
                cur.execute("ROLLBACK")
                return
            now = china_now()
            batch = int(cur.execute("SELECT coalesce(max(batch_id), 0) + 1 FROM import_batches").fetchone()[0])
            cur.execute(
                "INSERT INTO import_batches (batch_id, loaded_at, user_name, file_name, file_sha256, "
                "rows_accepted, rows_replaced, status, note) VALUES ($batch, $now, $user, $file, $sha, "
                "$accepted, $replaced, 'active', $note)",
                {"batch": batch, "now": now, "user": user_name, "file": result.file_name, "sha": result.sha256,
                 "accepted": result.rows_accepted, "replaced": result.rows_replaced,
                 "note": f"{result.rows_inserted} new, {result.rows_unchanged} unchanged, "
                         f"{result.rows_skipped_empty} empty skipped"})
            cur.execute(_HISTORY_SQL, {"batch": batch, "now": now})
            cur.execute(_UPDATE_SQL, {"batch": batch, "now": now})
            cur.execute(_INSERT_SQL, {"batch": batch, "now": now})
            refresh_figures(cur, keys="_changes")
            db.bump_data_version(cur)
            cur.execute("COMMIT")
            result.batch_id = batch
        except Exception as exc:
            try:
                cur.execute("ROLLBACK")
            except db.DB_ERRORS:
                pass
            if isinstance(exc, duckdb.TransactionException) or "conflict" in str(exc).lower() \
                    or db.is_busy(exc):
                raise CocreateError("import_conflict", str(exc)) from exc
            if isinstance(exc, db.DB_ERRORS):
                raise CocreateError("import_failed", str(exc)) from exc
            raise
    finally:
        try:
            cur.execute("DROP TABLE IF EXISTS _changes")
            cur.unregister("_incoming")
        except db.DB_ERRORS:
            pass
        cur.close()


# --------------------------------------------------------------------------- rollback

def rollback_batch(con, batch_id: int, user: dict | None = None) -> dict:
    """Undo a whole batch in one transaction: restore the values it replaced (from history) and delete
    the figures it added. Refused while a later active batch has replaced any of its figures.
    Only admins (or the command line) may roll back."""
    if user is not None and user.get("role") != "admin":
        raise PermissionDenied("auth_admin_only", user.get("name", ""), name=user.get("name", ""))
    who = (user or {}).get("name") or "cli"
    with db.transaction(con, "import_failed") as cur:
        row = cur.execute("SELECT status FROM import_batches WHERE batch_id = ?", [int(batch_id)]).fetchone()
        if row is None:
            raise CocreateError("batch_unknown", str(batch_id), batch=batch_id)
        if row[0] != "active":
            raise CocreateError("batch_already_rolled_back", str(batch_id), batch=batch_id)
        later = cur.execute(
            "SELECT min(h.replaced_by_batch) FROM observation_history h "
            "JOIN import_batches b ON b.batch_id = h.replaced_by_batch "
            "WHERE h.old_batch_id = $b AND b.status = 'active' AND h.replaced_by_batch > $b",
            {"b": int(batch_id)}).fetchone()[0]
        if later is not None:
            raise CocreateError("batch_superseded", str(batch_id), batch=batch_id, later=int(later))
        cur.execute("DROP TABLE IF EXISTS _rollback_keys")
        cur.execute(  # the keys the rollback rewrites: their figures are worked out again below
            "CREATE TEMP TABLE _rollback_keys AS SELECT indicator_code, area_code, period "
            "FROM observations WHERE batch_id = $b UNION SELECT indicator_code, area_code, period "
            "FROM observation_history WHERE replaced_by_batch = $b", {"b": int(batch_id)})
        restored = cur.execute(
            "SELECT count(*) FROM observation_history WHERE replaced_by_batch = ?", [int(batch_id)]
        ).fetchone()[0]
        cur.execute(
            "UPDATE observations AS o SET value = h.old_value, source = h.old_source, note = h.old_note, "
            "batch_id = h.old_batch_id, loaded_at = ob.loaded_at "
            "FROM observation_history h LEFT JOIN import_batches ob ON ob.batch_id = h.old_batch_id "
            "WHERE h.replaced_by_batch = $b AND o.batch_id = $b AND o.indicator_code = h.indicator_code "
            "AND o.area_code = h.area_code AND o.period = h.period", {"b": int(batch_id)})
        deleted = cur.execute("SELECT count(*) FROM observations WHERE batch_id = ?", [int(batch_id)]
                              ).fetchone()[0]
        cur.execute("DELETE FROM observations WHERE batch_id = ?", [int(batch_id)])
        cur.execute("UPDATE import_batches SET status = 'rolled_back', rolled_back_at = $now, "
                    "rolled_back_by = $who WHERE batch_id = $b",
                    {"now": china_now(), "who": who, "b": int(batch_id)})
        refresh_figures(cur, keys="_rollback_keys")
        cur.execute("DROP TABLE _rollback_keys")
        db.bump_data_version(cur)
    return {"batch_id": int(batch_id), "restored": int(restored), "deleted": int(deleted), "by": who}
