"""XLSX bytes to text rows: every cell as the text Excel shows, read to the sheet's real end.

A percentage cell 0.955 shown as 95.5% reads "95.5%" (a '%' in quotes is a literal sign), a
date-formatted number reads as the date it shows (in the workbook's 1900 or 1904 date system), a
formula without a saved value is refused with its line and column (it would otherwise read as
empty), rows are counted from the sheet XML before openpyxl parses anything (200,001 rows are
refused in a second), a lying <dimension> cannot drop rows, and a damaged or incomplete workbook
(broken zip, missing or broken XML parts, a zip bomb) is a refusal, never a traceback.
"""
from __future__ import annotations

import datetime as dt
import io
import itertools
import math
import posixpath
import re
import warnings
import zipfile
from xml.etree import ElementTree

from cocreate.errors import ImportRejected
from cocreate.intake.cells import (MAX_BYTES, MAX_COLUMNS, MAX_LISTED, MAX_ROWS, MAX_XLSX_UNCOMPRESSED, SheetRows,
                                   line_problem, too_wide)

_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
# openpyxl warns about styles and extensions it ignores: noise on the command line, never a reason.
warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\.|$)")


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


def read_xlsx_rows(data: bytes, index: int = 0) -> list[list[str]]:
    """The rows of the workbook's sheet `index` (the first unless a grid template reads its others)."""
    import openpyxl  # defusedxml, when installed, makes openpyxl's XML parsing safe

    books = []
    try:
        part, has_formulas = _xlsx_part_check(data)
        values = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        books.append(values)
        if not values.worksheets:
            raise ImportRejected("import_bad_xlsx", [])
        if index >= len(values.worksheets):
            raise ImportRejected("import_bad_xlsx", [])
        sheet = values.worksheets[index]
        # the part scanned above is the first sheet's: any other sheet gets the formula pass
        has_formulas = has_formulas or getattr(sheet, "_worksheet_path", None) != part
        # read-only mode trusts the sheet's stated dimensions: a wrong <dimension> would drop rows
        # or columns silently, so every sheet is read to its real end
        sheet.reset_dimensions()
        shown = sheet.iter_rows(min_row=1)
        typed = iter(())
        if has_formulas:  # cached values and formulas come from two reads of the same sheet
            formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            books.append(formulas)
            fsheet = formulas.worksheets[index]
            fsheet.reset_dimensions()
            typed = fsheet.iter_rows(min_row=1, values_only=True)
        rows = _xlsx_rows(shown, typed, values.epoch)
        rows.sheet, rows.other_sheets = sheet.title, [ws.title for ws in values.worksheets if ws is not sheet]
        return rows
    except ImportRejected:
        raise
    except Exception as exc:  # not a zip, not a workbook, damaged or missing XML parts
        raise ImportRejected("import_bad_xlsx", []) from exc
    finally:
        for book in books:
            book.close()


def _xlsx_rows(shown, typed, epoch) -> list[list[str]]:
    """Text rows from the cells read (`shown`) and, when the sheet has formulas, the same rows read
    for their formulas (`typed`): a formula whose cell has no saved value is listed, then refused."""
    from cocreate.intake.reading import column_letter
    rows: list[list[str]] = SheetRows()
    no_value, n_no_value = [], 0
    for n, (row, raw) in enumerate(itertools.zip_longest(shown, typed, fillvalue=()), start=1):
        if len(row) > MAX_COLUMNS:
            raise too_wide(n, len(row))
        out = []
        for i, c in enumerate(row):
            v = getattr(c, "value", None)
            formula = _formula_text(raw[i]) if i < len(raw) else None
            # a formula whose string result is empty is saved as t="str" with an empty value: not missing
            if v is None and formula and getattr(c, "data_type", "n") != "str":
                n_no_value += 1
                if len(no_value) < MAX_LISTED:
                    no_value.append(line_problem(n, "import_formula_no_value_line", formula=formula[:60],
                                                 letter=column_letter(i)))
            out.append(cell_text(v, getattr(c, "number_format", "General"), epoch))
        rows.append(out)
        if len(rows) > MAX_ROWS + 1:
            raise ImportRejected("import_too_many_rows", [], max=f"{MAX_ROWS:,}")
    if no_value:
        raise ImportRejected("import_formula_no_value", no_value, line=no_value[0].line, n=n_no_value)
    return rows
