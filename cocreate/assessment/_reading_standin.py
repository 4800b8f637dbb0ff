"""Private stand-in for cocreate/intake/reading.py (the shared upload reader) until it lands in this
tree: the same API (Column, Layout, Problem, Table, read_table, parse_date, parse_number) built on
cocreate.importer's reading functions. Deleted at merge; keep every reading detail here."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd

from cocreate.errors import ImportRejected
from cocreate.importer import parse_number as _importer_parse_number
from cocreate.importer import read_rows

__all__ = ["Column", "Layout", "Problem", "Table", "read_table", "parse_date", "parse_number"]


@dataclass(frozen=True)
class Column:
    name: str
    zh: str
    aliases: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class Layout:
    kind: str
    columns: tuple[Column, ...]


@dataclass
class Problem:
    line: int
    column: str
    key: str
    params: dict = field(default_factory=dict)
    header: str = ""


@dataclass
class Table:
    frame: pd.DataFrame
    lines: list[int]
    headers: dict[str, str]


def _norm(h) -> str:
    s = unicodedata.normalize("NFKC", str(h or "")).strip().lower().lstrip("\ufeff")
    return re.sub(r"[\s_\-]+", "", s)


def read_table(data: bytes, file_name: str, layout: Layout) -> Table:
    """Every cell as stripped text under canonical names; file-level faults raise ImportRejected."""
    rows = read_rows(data, file_name)
    if not rows or not any(str(c).strip() for c in rows[0]):
        raise ImportRejected("import_empty", [])
    lookup = {}
    for col in layout.columns:
        for alias in (col.name, col.zh, *col.aliases):
            lookup[_norm(alias)] = col.name
    mapping: dict[str, int] = {}
    headers: dict[str, str] = {}
    for i, h in enumerate(rows[0]):
        canon = lookup.get(_norm(h))
        if canon is None:
            continue
        if canon in mapping:
            raise ImportRejected("import_duplicate_column", [], column=str(h).strip())
        mapping[canon] = i
        headers[canon] = str(h).strip().lstrip("\ufeff")
    missing = [c for c in layout.columns if c.required and c.name not in mapping]
    if missing:
        raise ImportRejected("import_missing_columns", [Problem(1, c.name, "import_missing_columns") for c in missing],
                             columns=", ".join(f"{c.name} / {c.zh}" for c in missing))
    data_cols = {c.name: [] for c in layout.columns}
    lines = []
    for n, row in enumerate(rows[1:], start=2):
        cells = {c: (unicodedata.normalize("NFKC", str(row[i])).strip() if i < len(row) and row[i] is not None else "")
                 for c, i in mapping.items()}
        if not any(cells.values()):
            continue
        for c in data_cols:
            data_cols[c].append(cells.get(c, ""))
        lines.append(n)
    return Table(frame=pd.DataFrame(data_cols, dtype=object), lines=lines, headers=headers)


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]00:00(?::00)?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
)
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def parse_date(text: str) -> dt.date | None:
    """2026-10-05, 2026/10/5, 2026年10月5日, or an Excel serial day number."""
    s = str(text or "").strip()
    for pattern in _DATE_PATTERNS:
        m = pattern.match(s)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    if re.fullmatch(r"\d{5}(\.0+)?", s):
        return _EXCEL_EPOCH + dt.timedelta(days=int(float(s)))
    return None


def parse_number(text: str) -> float | None:
    return _importer_parse_number(str(text or ""), allow_percent=True)
