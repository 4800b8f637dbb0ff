"""Stand-in for cocreate/intake/reading.py (the shared upload reader) until it lands: the same
API, built on cocreate.importer's readers. Deleted at merge; keep every reading detail here."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd

from cocreate.errors import ImportRejected
from cocreate.importer import _norm_header, read_rows
from cocreate.importer import parse_number as _importer_parse_number


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


def read_table(data: bytes, file_name: str, layout: Layout) -> Table:
    """Every cell as stripped text under canonical column names; blank rows dropped."""
    rows = read_rows(data, file_name)
    if not rows or not any(str(c).strip() for c in rows[0]):
        raise ImportRejected("import_empty", [])
    lookup = {}
    for col in layout.columns:
        for spelling in (col.name, col.zh, *col.aliases):
            lookup[_norm_header(spelling)] = col.name
    mapping: dict[str, int] = {}
    for i, h in enumerate(rows[0]):
        canon = lookup.get(_norm_header(str(h).lstrip("\ufeff")))
        if canon is None:
            continue
        if canon in mapping:
            raise ImportRejected("import_duplicate_column", [], column=str(h).strip())
        mapping[canon] = i
    missing = [c for c in layout.columns if c.required and c.name not in mapping]
    if missing:
        raise ImportRejected("import_missing_columns", [Problem(0, c.name, "import_missing_columns") for c in missing],
                             columns=", ".join(f"{c.name} / {c.zh}" for c in missing))
    headers = {c: str(rows[0][i]).strip().lstrip("\ufeff") for c, i in mapping.items()}
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
    return Table(pd.DataFrame(data_cols, dtype=object), lines, headers)


_DATE_PATTERNS = [
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]00:00(?::00)?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def parse_date(text: str) -> dt.date | None:
    """2026-10-05, 2026/10/5, 2026年10月5日, 20261005, or an Excel serial day number."""
    s = unicodedata.normalize("NFKC", str(text or "")).strip()
    for p in _DATE_PATTERNS:
        if m := p.match(s):
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    if re.fullmatch(r"\d{5}", s) and 20000 <= int(s) <= 80000:
        return _EXCEL_EPOCH + dt.timedelta(days=int(s))
    return None


def parse_number(text: str) -> float | None:
    return _importer_parse_number(text)
