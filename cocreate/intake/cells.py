"""Bytes to text rows, the traps of real office files handled once for every upload.

CSV: UTF-8 (BOM or not), UTF-16 with BOM, GB18030/GBK; a damaged encoding, a field over the size
limit or a broken quote is a refusal, not a traceback. XLSX: every cell as the text Excel shows
(a percentage cell 0.955 shown as 95.5% reads "95.5%", a date-formatted number reads as the date
it shows), a formula without a saved value is refused (it would otherwise read as empty), and a
damaged or incomplete workbook is a refusal. Rows whose cells do not line up with the header
(the classic unquoted "1,234") are refused with the likely cause.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import math
import zipfile
from pathlib import Path

from cocreate.errors import ImportRejected

MAX_BYTES = 10 * 1024 * 1024          # same as .streamlit/config.toml maxUploadSize
MAX_ROWS = 200_000
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024  # a zip bomb is refused before openpyxl reads it
MAX_CELL_CHARS = 2_000                # no figure, code or note needs more; a 5 MB note is a mistake
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def _problem(line: int, key: str, **params):
    from cocreate.intake.reading import Problem  # reading imports this module
    return Problem(line, "", key, params)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (a superset of GBK)."""
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            return data[3:].decode("utf-8")
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
    except UnicodeDecodeError as exc:  # a BOM and then damaged text (a truncated UTF-16 file)
        raise ImportRejected("import_encoding", []) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise ImportRejected("import_encoding", []) from exc


def read_csv_rows(data: bytes) -> list[list[str]]:
    text = decode(data)
    if "\x00" in text:  # binary data or UTF-16 without a BOM
        raise ImportRejected("import_encoding", [])
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else (
        ";" if first.count(";") > first.count(",") else ",")
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            rows.append(row)
            if len(rows) > MAX_ROWS + 1:
                raise ImportRejected("import_too_many_rows", [], max=f"{MAX_ROWS:,}")
    except csv.Error as exc:  # a field over csv's limit, a NUL byte, a broken quote
        raise ImportRejected("import_bad_csv", [_problem(reader.line_num + 1, "import_bad_csv_line")],
                             line=reader.line_num + 1) from exc
    return rows


def _shown_number(v: float, fmt: str) -> str:
    """A number as Excel shows it under its format: percentages as "95.5%", whole numbers bare."""
    if "%" in fmt:
        return f"{round(v * 100, 10):g}%"
    if math.isfinite(v) and v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return repr(v)


def _is_date_format(fmt: str) -> bool:
    """True for Excel number formats that show a date (quoted literals and colours ignored)."""
    import re
    f = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", fmt.lower().split(";")[0])
    return "%" not in f and any(tok in f for tok in ("yy", "dd", "m/d", "d/m", "mmm", "年", "月", "日"))


def cell_text(v, fmt: str = "General") -> str:
    """An XLSX cell as the text a person sees (codes and years without '.0', dates ISO)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time(0) else v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, (int, float)):
        if _is_date_format(fmt or "") and 0 < v < 2_958_466:  # a number Excel displays as a date
            shown = _EXCEL_EPOCH + dt.timedelta(days=float(v))
            return shown.date().isoformat()
        return _shown_number(float(v), fmt or "General")
    return str(v)


def read_xlsx_rows(data: bytes) -> list[list[str]]:
    import openpyxl  # defusedxml, when installed, makes openpyxl's XML parsing safe

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if sum(i.file_size for i in z.infolist()) > MAX_XLSX_UNCOMPRESSED:
                raise ImportRejected("import_too_big", [], mb=MAX_BYTES // (1024 * 1024))
        values = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except ImportRejected:
        raise
    except Exception as exc:  # not a zip, not a workbook, damaged
        raise ImportRejected("import_bad_xlsx", []) from exc
    rows: list[list[str]] = []
    try:
        if not values.worksheets:
            raise ImportRejected("import_bad_xlsx", [])
        shown = values.worksheets[0].iter_rows(min_row=1)
        typed = formulas.worksheets[0].iter_rows(min_row=1, values_only=True)
        for n, (row, raw) in enumerate(zip(shown, typed), start=1):
            out = []
            for i, c in enumerate(row):
                v = getattr(c, "value", None)
                r = raw[i] if i < len(raw) else None
                if v is None and isinstance(r, str) and r.startswith("="):
                    raise ImportRejected("import_formula_no_value", [_problem(n, "import_formula_no_value_line",
                                                                             formula=r[:60])], line=n)
                out.append(cell_text(v, getattr(c, "number_format", "General")))
            rows.append(out)
            if len(rows) > MAX_ROWS + 1:
                raise ImportRejected("import_too_many_rows", [], max=f"{MAX_ROWS:,}")
    except ImportRejected:
        raise
    except Exception as exc:  # a sheet whose XML is broken or missing shows up only while reading
        raise ImportRejected("import_bad_xlsx", []) from exc
    finally:
        values.close()
        formulas.close()
    return rows


def read_rows(data: bytes, file_name: str) -> list[list[str]]:
    """The file's rows as lists of text, header first (row i is Excel line i + 1)."""
    if len(data) > MAX_BYTES:
        raise ImportRejected("import_too_big", [], mb=MAX_BYTES // (1024 * 1024))
    ext = Path(file_name).suffix.lower()
    if ext == ".xlsx":
        return read_xlsx_rows(data)
    if ext in (".csv", ".txt"):
        return read_csv_rows(data)
    raise ImportRejected("import_bad_type", [], name=file_name)


def _filled(cells) -> bool:
    return any(str(c).strip() for c in cells if c is not None)


def shape_problems(rows: list[list[str]], width: int, layout) -> list:
    """Rows whose cells do not line up with the header, and cells over the size limit.

    A row with filled cells beyond the header is refused (an unquoted "1,234" splits a number in
    two); so is a row with fewer cells than the header when its last cell is filled (a cell went
    missing, so every cell after it shifted). Trailing empty cells are harmless either way.
    """
    problems = []
    for n, row in enumerate(rows[1:], start=2):
        if not _filled(row):
            continue
        if len(row) > width and _filled(row[width:]):
            problems.append(_problem(n, "import_row_too_long", cells=len(row), width=width))
        elif len(row) < width and layout.kind != "editor" and _filled(row[-1:]) and len(row) > 1:
            problems.append(_problem(n, "import_row_too_short", cells=len(row), width=width))
        for i, c in enumerate(row):
            if c is not None and len(str(c)) > MAX_CELL_CHARS:
                from cocreate.intake.reading import column_letter
                problems.append(_problem(n, "import_cell_too_long", letter=column_letter(i),
                                         n=f"{len(str(c)):,}", max=f"{MAX_CELL_CHARS:,}"))
        if len(problems) > 1000:
            break
    return problems
