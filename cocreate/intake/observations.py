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

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cocreate.store import db
from cocreate.clock import china_now, china_today  # noqa: F401  (re-exported for callers)
from cocreate.store.batches import load_frame, rollback_batch  # noqa: F401  (re-exported)
from cocreate.errors import ImportRejected, PermissionDenied
from cocreate.intake import grid
from cocreate.intake.observation_rows import EARLIEST_YEAR, check_rows  # noqa: F401  (EARLIEST_YEAR re-exported)
from cocreate.intake.periods import parse_period  # noqa: F401  (re-exported)
from cocreate.intake.reading import (MAX_BYTES, MAX_ROWS, Column, Layout, Problem, as_bytes,  # noqa: F401
                                     parse_number, read_rows)
from cocreate.intake.refs import Catalog, allowed_areas  # noqa: F401  (re-exported for callers)

LAYOUT = Layout("observations", (
    Column("indicator_code", "指标代码", ("indicator", "指标编码", "指标"), required=True),
    Column("area_code", "地区代码", ("area", "区划代码", "地区编码", "地区"), required=True),
    Column("period", "期间", ("时期", "统计期", "日期"), required=True),
    Column("value", "数值", ("值", "数据"), required=True),
    Column("note", "备注", ("notes", "说明"), free=True),
    Column("source", "来源", ("数据来源",), free=True),
))
REQUIRED = tuple(c.name for c in LAYOUT.columns if c.required)
OPTIONAL = tuple(c.name for c in LAYOUT.columns if not c.required)
HEADER_ZH = LAYOUT.zh_names


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
    problems: list[Problem] = field(default_factory=list)   # worded by cocreate/present/intake_words.py


def rows_to_frame(rows: list[list[str]]) -> tuple[pd.DataFrame, dict]:
    """Text rows (header first) -> (frame with `line` and the canonical columns, columns info)."""
    from cocreate.intake.reading import map_rows
    table = map_rows(rows, LAYOUT)
    return table.with_line(), {c: {"header": table.headers[c], "letter": table.letters[c]} for c in table.headers}


# --------------------------------------------------------------------------- validation

def validate_frame(con, raw: pd.DataFrame, columns: dict | None = None, user: dict | None = None,
                   lang: str = "zh", catalog: Catalog | None = None, today: dt.date | None = None
                   ) -> tuple[pd.DataFrame, list[Problem], int]:
    """Check every row of a raw text frame (columns line, indicator_code, area_code, period, value,
    note, source). Returns (valid figures, problems, rows skipped for an empty value).

    The valid frame has indicator_code, area_code, period (date, first of month), value, note, source.
    The rules are checked column by column (cocreate/intake/observation_rows.py), with the result a
    loop over the rows gives: problems by row in the frame's order, each row's in the rules' order.
    """
    cat = catalog or Catalog.load(con)
    return check_rows(raw, cat, allowed_areas(con, user), columns or {}, user, today or china_today(), HEADER_ZH)


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
        rows, cells = read_rows(data, file_name), None
        if grid.is_grid(rows):  # a grid template: each filled cell is one row; refusals name the cell
            rows, cells = grid.read_grid(data, rows, HEADER_ZH)
        raw, columns = rows_to_frame(rows)
    except ImportRejected as exc:  # a file-level refusal that names lines (row shape, formulas): report them
        if exc.problems:
            result.problems = exc.problems
            exc.result = result
        raise
    result.rows_read = len(raw)
    valid, problems, skipped = validate_frame(con, raw, columns, user=user, lang=lang, today=today)
    result.rows_skipped_empty = skipped
    if problems and cells is not None:
        problems = grid.name_cells(problems, cells)
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
