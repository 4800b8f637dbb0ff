"""The shared reading of every upload: bytes -> text rows -> a table of canonical columns.

An upload kind (observations, tasks, problems, ...) declares a `Layout` (its columns with their
Chinese and English headers and aliases); `read_table` does the rest once for all: size limits,
encodings (UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK), CSV or XLSX, header
matching, blank lines, Excel line numbers and column letters. Every fault becomes a `Problem`
(line, column, reason key) inside an `ImportRejected`, never a traceback. The kind's own module
then checks its rows (`validate`) and writes them in one transaction (`apply`).
"""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from cocreate.errors import CocreateError, ImportRejected
from cocreate.intake import cells, columns
from cocreate.intake.headers import header_row, norm_header, rows_from, where_looked  # noqa: F401 (norm_header re-exported)

MAX_BYTES = cells.MAX_BYTES
MAX_ROWS = cells.MAX_ROWS


@dataclass(frozen=True)
class Column:
    name: str                        # canonical English header, e.g. "indicator_code"
    zh: str                          # Chinese header, e.g. "指标代码"
    aliases: tuple[str, ...] = ()    # other accepted spellings
    required: bool = False
    fold: bool = True                # NFKC-fold the cells (codes, numbers, dates); False keeps free text as typed
    free: bool = False               # free text: a leading tab or CR is kept as typed (True whenever fold is False)


@dataclass(frozen=True)
class Layout:
    """An upload kind's columns and the keys of its file-level refusals."""
    kind: str
    columns: tuple[Column, ...]
    one_of: tuple[tuple[str, ...], ...] = ()     # groups of which at least one column must be present
    letters: bool = True                          # report Excel column letters (False: the editor has none)
    rejected: type = ImportRejected
    key_empty: str = "import_empty"
    key_duplicate_column: str = "import_duplicate_column"
    key_missing_columns: str = "import_missing_columns"

    @property
    def zh_names(self) -> dict[str, str]:
        return {c.name: c.zh for c in self.columns}

    def lookup(self) -> dict[str, str]:
        out = {}
        for c in self.columns:
            for a in (c.name, c.zh, *c.aliases):
                out.setdefault(norm_header(a), c.name)
        return out


@dataclass
class Problem:
    """One refusal reason: its line as Excel shows it (header = 1; 0 = the whole file), the column,
    and a translation key with its parameters (worded by cocreate/present/intake_words.py)."""
    line: int
    column: str          # canonical column name ("value"), or "" for the whole row/file
    key: str             # translation key of the reason
    params: dict = field(default_factory=dict)
    header: str = ""     # the column's header as written in the file
    letter: str = ""     # Excel column letter ("" where there is none, e.g. the in-app editor)
    zh_name: str = ""    # the column's Chinese header, shown when the file had none


@dataclass
class Table:
    """An upload read and mapped: text cells under canonical names, one Excel line per row."""
    frame: pd.DataFrame              # canonical columns (every column of the layout), str cells, blank rows dropped
    lines: list[int]                 # Excel line of each row
    headers: dict[str, str]          # canonical -> header as written
    letters: dict[str, str]          # canonical -> Excel column letter
    layout: Layout

    def problem(self, line: int, column: str, key: str, /, **params) -> Problem:
        """A Problem for a cell of this table, with the column's header, letter and Chinese name (the
        first three are positional only, so a reason may have a parameter named `column` or `key`)."""
        return Problem(int(line), column, key, params, self.headers.get(column, ""),
                       self.letters.get(column, "") if self.layout.letters else "",
                       self.layout.zh_names.get(column, ""))

    def with_line(self) -> pd.DataFrame:
        """The frame with a leading `line` column."""
        out = self.frame.copy(deep=False)   # copy-on-write: the table's own frame stays as it is
        out.insert(0, "line", np.asarray(self.lines, dtype=np.int64) if self.lines else self.lines)
        return out


def column_letter(i: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (as Excel names columns)."""
    s, n = "", i + 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def read_rows(data: bytes, file_name: str) -> list[list[str]]:
    """The file's rows as lists of text, header first (row i is Excel line i + 1)."""
    return cells.read_rows(data, file_name)


def map_rows(rows: list[list[str]], layout: Layout) -> Table:
    """Match the header to the layout's columns and build the text table. Extra columns are
    ignored; a missing required column, a column given twice or an empty file refuses the file."""
    rej = layout.rejected
    lookup = layout.lookup()
    top = header_row(rows, layout, lookup) if rows else 0
    if top:   # a title or notes above the header (issue 23): the header is read where it is
        rows = rows_from(rows, top)
    if not rows or not any(str(c).strip() for c in rows[0] if c is not None):
        raise rej(layout.key_empty, [])
    header = rows[0]
    mapping: dict[str, int] = {}
    for i, h in enumerate(header):
        canon = lookup.get(norm_header(h))
        if canon is None:
            continue
        if canon in mapping:
            raise rej(layout.key_duplicate_column, [], column=str(h).strip())
        mapping[canon] = i
    missing = [c.name for c in layout.columns if c.required and c.name not in mapping]
    missing += [group[0] for group in layout.one_of if not any(g in mapping for g in group)]
    if missing:
        zh = layout.zh_names
        exc = rej(layout.key_missing_columns, [], columns=", ".join(f"{c} / {zh[c]}" for c in missing))
        exc.also = where_looked(rows)
        raise exc
    problems = cells.shape_problems(rows, len(header), layout, first_line=top + 2)
    if problems:
        raise rej("import_rejected_shape", problems, n=len(problems), rows=len({p.line for p in problems}))
    # each column folded per distinct text; a line whose read cells are all blank is dropped
    # (Excel leaves them at the end) and the others keep their Excel line
    fold = {c.name: c.fold for c in layout.columns}
    free = {c.name: c.free or not c.fold for c in layout.columns}
    got = {c: columns.folded(rows, i, fold[c], free[c]) for c, i in mapping.items()}
    filled = np.zeros(len(rows) - 1, dtype=bool)
    for distinct, index in got.values():
        filled |= (distinct != "")[index]
    keep = None if filled.all() else np.flatnonzero(filled)
    n = len(filled) if keep is None else len(keep)
    data = {c: distinct[index if keep is None else index[keep]] for c, (distinct, index) in got.items()}
    data = {c.name: data[c.name] if c.name in data else np.full(n, "", dtype=object) for c in layout.columns}
    lines = list(range(top + 2, n + top + 2)) if keep is None else (keep + top + 2).tolist()
    headers = {c: str(header[i]).strip().lstrip("\ufeff") for c, i in mapping.items()}
    letters = {c: column_letter(i) for c, i in mapping.items()}
    return Table(pd.DataFrame(data, dtype=object), lines, headers, letters, layout)


def read_table(data: bytes, file_name: str, layout: Layout) -> Table:
    """Read an upload (CSV or XLSX bytes) into a Table of the layout's columns, or refuse it."""
    try:
        return map_rows(read_rows(data, file_name), layout)
    except ImportRejected as exc:
        if layout.rejected is not ImportRejected and not isinstance(exc, layout.rejected):
            new = layout.rejected(exc.key, exc.problems, **exc.params)
            new.also = getattr(exc, "also", None)
            raise new from exc
        raise


def as_bytes(path_or_bytes) -> bytes:
    """The upload's bytes from bytes, a file-like object or a path (size-checked before reading)."""
    if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
        data = bytes(path_or_bytes)
    elif hasattr(path_or_bytes, "read"):
        data = path_or_bytes.read(MAX_BYTES + 1)
    else:
        p = Path(path_or_bytes)
        if not p.exists():
            raise CocreateError("import_file_missing", str(p), path=str(p))
        if p.is_file() and p.stat().st_size > MAX_BYTES:
            raise ImportRejected("import_too_big", [], mb=MAX_BYTES // (1024 * 1024))
        try:
            with p.open("rb") as f:   # read no more than the limit, whatever the path is (a pipe, a device)
                data = f.read(MAX_BYTES + 1)
        except OSError as exc:   # a folder, no permission
            raise CocreateError("import_file_unreadable", str(exc), path=str(p),
                                reason=exc.strerror or type(exc).__name__) from exc
    if len(data) > MAX_BYTES:
        raise ImportRejected("import_too_big", [], mb=MAX_BYTES // (1024 * 1024))
    return data


# --------------------------------------------------------------------------- cells

_DATE_PATTERNS = [
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]00:00(?::00)?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


def to_date(x) -> dt.date | None:
    """A stored or typed date value as a date (None for blanks and NaT)."""
    if x is None or x is pd.NaT or (isinstance(x, float) and math.isnan(x)):
        return None
    if isinstance(x, pd.Timestamp):
        return None if pd.isna(x) else x.date()
    if isinstance(x, dt.datetime):
        return x.date()
    if isinstance(x, dt.date):
        return x
    try:
        if pd.isna(x):
            return None
    except (TypeError, ValueError):
        pass
    return dt.date.fromisoformat(str(x)[:10])


def parse_date(text) -> dt.date | None:
    """A calendar date written as 2026-06-30, 2026/6/30, 2026年6月30日 or 20260630 (None if not)."""
    if isinstance(text, (dt.date, pd.Timestamp)):
        return to_date(text)
    s = unicodedata.normalize("NFKC", str(text or "")).strip()
    for p in _DATE_PATTERNS:
        m = p.match(s)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    return None


_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


def parse_number(text: str, allow_percent: bool = False) -> float | None:
    """A number as typed: full-width digits folded, "1,234" (thousands separators) read as 1234,
    "95.5%" read as 95.5 where percentages are allowed; None when it is not a finite number."""
    s = unicodedata.normalize("NFKC", str(text)).strip().replace(" ", "")
    if allow_percent and s.endswith("%"):
        s = s[:-1]
    if _THOUSANDS.match(s):
        s = s.replace(",", "")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", s):
        return None
    v = float(s)
    return v if math.isfinite(v) else None
