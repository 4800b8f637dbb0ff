"""Bytes to text rows, the traps of real office files handled once for every upload.

CSV: UTF-8 (BOM or not), UTF-16 with BOM, GB18030/GBK; a damaged or truncated encoding, a broken
quote or a file cut off inside a quoted cell is a refusal with its line, not a traceback. XLSX:
every cell as the text Excel shows (a percentage cell 0.955 shown as 95.5% reads "95.5%", a
date-formatted number reads as the date it shows), a formula without a saved value is refused (it
would otherwise read as empty), and a damaged or incomplete workbook is a refusal. Rows whose cells
do not line up with the header (the classic unquoted "1,234") and cells over the size limit are
refused with their line and the likely cause.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import math
import posixpath
import re
import warnings
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from cocreate.errors import ImportRejected

MAX_BYTES = 10 * 1024 * 1024          # same as .streamlit/config.toml maxUploadSize
MAX_ROWS = 200_000
MAX_COLUMNS = 1_000                   # far beyond any layout; a row reaching column XFD is a damaged sheet
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024  # a zip bomb is refused before openpyxl reads it
MAX_CELL_CHARS = 2_000                # no figure, code or note needs more; a 5 MB note is a mistake
MAX_LISTED = 1_000                    # problems listed per refusal
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)

# csv's own field limit (131,072) would end the read with a bare error; the cell-size check below
# refuses an over-long cell with its line, column and the limit instead.
csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES + 1))
# openpyxl warns about styles and extensions it ignores: noise on the command line, never a reason.
warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\.|$)")


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
    rows: list[list[str]] = []
    # strict: a quote left open would otherwise swallow every later row into one cell, silently
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for row in reader:
            if len(row) > MAX_COLUMNS:
                raise _too_wide(len(rows) + 1, len(row))
            rows.append(row)
            if len(rows) > MAX_ROWS + 1:
                raise ImportRejected("import_too_many_rows", [], max=f"{MAX_ROWS:,}")
    except csv.Error as exc:  # a broken quote, a file cut off inside a quoted cell
        line = len(rows) + 1   # the record being read, numbered as Excel numbers rows
        raise ImportRejected("import_bad_csv", [_problem(line, "import_bad_csv_line")], line=line) from exc
    return rows


def _too_wide(line: int, cells: int) -> ImportRejected:
    return ImportRejected("import_too_many_columns", [_problem(line, "import_too_many_columns_line", cells=f"{cells:,}",
                                                               max=f"{MAX_COLUMNS:,}")],
                          line=line, max=f"{MAX_COLUMNS:,}")


# --------------------------------------------------------------------------- XLSX cells as shown

def _format_core(fmt: str) -> str:
    """The first section of a number format without quoted literals, escapes and [colours]."""
    return re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", (fmt or "").split(";")[0])


def _plain(x: float) -> str:
    """A number written plainly: whole numbers without '.0', others to at most 10 decimals."""
    if math.isfinite(x) and x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return repr(round(x, 10)) if math.isfinite(x) and abs(x) < 1e15 else repr(x)


def _shown_number(v: float, fmt: str) -> str:
    """A number as Excel shows it under its format: percentages as "95.5%", whole numbers bare.
    A '%' inside quotes (0.0"%") is a literal sign that does not multiply by 100."""
    if "%" in _format_core(fmt):
        return f"{_plain(v * 100)}%"
    return _plain(v)


def _is_date_format(fmt: str) -> bool:
    """True for Excel number formats that show a date (quoted literals and colours ignored)."""
    f = _format_core(fmt).lower()
    return "%" not in f and any(tok in f for tok in ("yy", "dd", "m/d", "d/m", "mmm", "年", "月", "日"))


def _shows_time(fmt: str) -> bool:
    f = _format_core(fmt).lower()
    return "h" in f or "s" in f or "am/pm" in f


def cell_text(v, fmt: str = "General", epoch: dt.datetime = _EXCEL_EPOCH) -> str:
    """An XLSX cell as the text a person sees (codes and years without '.0', dates ISO)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, dt.datetime):
        if v.time() == dt.time(0) or not _shows_time(fmt or "General"):
            return v.date().isoformat()   # a date format shows the day, whatever time the cell holds
        return v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, (int, float)):
        if _is_date_format(fmt or "") and 0 < v < 2_958_466:  # a number Excel displays as a date
            return (epoch + dt.timedelta(days=float(v))).date().isoformat()
        return _shown_number(float(v), fmt or "General")
    return str(v)


# --------------------------------------------------------------------------- XLSX package

def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _rel_targets(z: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, absolute part name) of a package part."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    out = {}
    for el in ElementTree.fromstring(z.read(rels)):
        target = el.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[el.get("Id", "")] = (el.get("Type", ""), target)
    return out


def first_sheet_part(z: zipfile.ZipFile) -> str | None:
    """The zip member of the workbook's first sheet (the one read), or None when it is a chart sheet
    or the package does not say (openpyxl then decides whether the workbook can be read at all)."""
    try:
        return _first_sheet_part(z)
    except (KeyError, ValueError, ElementTree.ParseError):
        return None


def _first_sheet_part(z: zipfile.ZipFile) -> str | None:
    book = next((t for typ, t in _rel_targets(z, "").values() if typ.endswith("/officeDocument")), None)
    if book is None:
        return None
    sheets = [el for el in ElementTree.fromstring(z.read(book)).iter() if _local(el.tag) == "sheet"]
    if not sheets:
        return None
    rid = next((v for k, v in sheets[0].attrib.items() if _local(k) == "id"), None)
    typ, target = _rel_targets(z, book).get(rid, ("", None))
    return target if typ.endswith("/worksheet") else None


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]{0,20}:)?row[\s>/]")
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]{0,20}:)?f[\s>/]")
_TAG_MAX = 32   # longest tag start matched above: a match starting this far before a chunk's end fits in it


def scan_sheet(z: zipfile.ZipFile, part: str) -> tuple[int, bool]:
    """(row elements, whether any formula element) of a sheet, streamed from the zip without parsing:
    a file of a million rows is refused in a second instead of after minutes of reading."""
    rows, formulas, tail = 0, False, b""
    with z.open(part) as f:
        while True:
            chunk = f.read(1 << 20)
            buf = tail + chunk
            end = len(buf) if not chunk else max(len(buf) - _TAG_MAX, 0)
            rows += sum(1 for m in _ROW_TAG.finditer(buf) if m.start() < end)
            formulas = formulas or any(m.start() < end for m in _FORMULA_TAG.finditer(buf))
            if not chunk:
                return rows, formulas
            tail = buf[end:]


def _xlsx_part_check(data: bytes) -> tuple[str | None, bool]:
    """Refuse a zip bomb or a sheet of too many rows before openpyxl reads anything; return the first
    sheet's part and whether it holds formulas (only then is the slower formula pass needed)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        if sum(i.file_size for i in z.infolist()) > MAX_XLSX_UNCOMPRESSED:
            raise ImportRejected("import_too_big", [], mb=MAX_BYTES // (1024 * 1024))
        part = first_sheet_part(z)
        if part is None:
            return None, True
        if part not in z.namelist():  # the workbook names a sheet whose XML is missing
            raise ImportRejected("import_bad_xlsx", [])
        rows, formulas = scan_sheet(z, part)
    if rows > MAX_ROWS + 1:
        raise ImportRejected("import_too_many_rows", [], max=f"{MAX_ROWS:,}")
    return part, formulas


def _formula_text(raw) -> str | None:
    """The formula of a cell read with data_only=False (None when the cell holds no formula)."""
    if isinstance(raw, str) and raw.startswith("="):
        return raw
    text = getattr(raw, "text", None)   # an array formula
    return text if isinstance(text, str) else None


def read_xlsx_rows(data: bytes) -> list[list[str]]:
    import openpyxl  # defusedxml, when installed, makes openpyxl's XML parsing safe

    books = []
    try:
        part, has_formulas = _xlsx_part_check(data)
        values = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        books.append(values)
        if not values.worksheets:
            raise ImportRejected("import_bad_xlsx", [])
        sheet = values.worksheets[0]
        has_formulas = has_formulas or getattr(sheet, "_worksheet_path", None) != part
        # read-only mode trusts the sheet's stated dimensions: a wrong <dimension> would drop rows
        # or columns silently, so every sheet is read to its real end
        sheet.reset_dimensions()
        shown = sheet.iter_rows(min_row=1)
        typed = iter(())
        if has_formulas:  # cached values and formulas come from two reads of the same sheet
            formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            books.append(formulas)
            fsheet = formulas.worksheets[0]
            fsheet.reset_dimensions()
            typed = fsheet.iter_rows(min_row=1, values_only=True)
        return _xlsx_rows(shown, typed, values.epoch)
    except ImportRejected:
        raise
    except Exception as exc:  # not a zip, not a workbook, damaged or missing XML parts
        raise ImportRejected("import_bad_xlsx", []) from exc
    finally:
        for book in books:
            book.close()


class SheetRows(list):
    """Rows of a spreadsheet grid: cells sit in lettered columns, so a short row is not shifted
    (unlike a CSV line that lost a comma), and a cell beyond the header has no column name."""


def _xlsx_rows(shown, typed, epoch) -> list[list[str]]:
    rows: list[list[str]] = SheetRows()
    no_value = []
    for n, (row, raw) in enumerate(itertools.zip_longest(shown, typed, fillvalue=()), start=1):
        if len(row) > MAX_COLUMNS:
            raise _too_wide(n, len(row))
        out = []
        for i, c in enumerate(row):
            v = getattr(c, "value", None)
            formula = _formula_text(raw[i]) if i < len(raw) else None
            # a formula whose string result is empty is saved as t="str" with an empty value: not missing
            if v is None and formula and getattr(c, "data_type", "n") != "str":
                from cocreate.intake.reading import column_letter
                if len(no_value) < MAX_LISTED:
                    no_value.append(_problem(n, "import_formula_no_value_line", formula=formula[:60],
                                             letter=column_letter(i)))
            out.append(cell_text(v, getattr(c, "number_format", "General"), epoch))
        rows.append(out)
        if len(rows) > MAX_ROWS + 1:
            raise ImportRejected("import_too_many_rows", [], max=f"{MAX_ROWS:,}")
    if no_value:
        raise ImportRejected("import_formula_no_value", no_value, line=no_value[0].line, n=len(no_value))
    return rows


# --------------------------------------------------------------------------- rows

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

    A CSV row with filled cells beyond the header is refused (an unquoted "1,234" splits a number
    in two); so is a CSV row with fewer cells than the header when its last cell is filled (a cell
    went missing, so every cell after it shifted). In a spreadsheet a filled cell beyond the header
    is refused too (a column without a name is a value in the wrong place). Trailing empty cells are
    harmless either way.
    """
    from cocreate.intake.reading import column_letter
    grid = isinstance(rows, SheetRows)
    problems = []
    for n, row in enumerate(rows[1:], start=2):
        if not _filled(row):
            continue
        if len(row) > width and _filled(row[width:]):
            if grid:
                first = width + next(i for i, c in enumerate(row[width:]) if str(c).strip())
                problems.append(_problem(n, "import_cell_beyond_header", letter=column_letter(first),
                                         width=width))
            else:
                problems.append(_problem(n, "import_row_too_long", cells=len(row), width=width))
        elif not grid and len(row) < width and layout.kind != "editor" and _filled(row[-1:]) and len(row) > 1:
            problems.append(_problem(n, "import_row_too_short", cells=len(row), width=width))
        for i, c in enumerate(row):
            if c is not None and len(str(c)) > MAX_CELL_CHARS:
                problems.append(_problem(n, "import_cell_too_long", letter=column_letter(i),
                                         n=f"{len(str(c)):,}", max=f"{MAX_CELL_CHARS:,}"))
        if len(problems) > MAX_LISTED:
            break
    return problems
