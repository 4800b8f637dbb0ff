"""Bytes to text rows, the traps of real office files handled once for every upload.

CSV: UTF-8 (BOM or not), UTF-16 with BOM, GB18030/GBK; a damaged or truncated encoding, a broken
quote or a file cut off inside a quoted cell is a refusal with its line, not a traceback. XLSX is
read in cocreate/intake/sheets.py (cells as Excel shows them, formulas, damaged workbooks). Rows
whose cells do not line up with the header (the classic unquoted "1,234"), rows wider than any
sheet needs and cells over the size limit are refused with their line and the likely cause.
"""
from __future__ import annotations

import csv
import io
import itertools
from pathlib import Path

from cocreate.errors import ImportRejected

MAX_BYTES = 10 * 1024 * 1024          # same as .streamlit/config.toml maxUploadSize
MAX_ROWS = 200_000
MAX_COLUMNS = 1_000                   # far beyond any layout; a row reaching column XFD is a damaged sheet
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024  # a zip bomb is refused before openpyxl reads it
MAX_CELL_CHARS = 2_000                # no figure, code or note needs more; a 5 MB note is a mistake
MAX_LISTED = 1_000                    # problems listed per refusal

# csv's own field limit (131,072) would end the read with a bare error; the cell-size check below
# refuses an over-long cell with its line, column and the limit instead.
csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES + 1))


def line_problem(line: int, key: str, **params):
    """A refusal reason of a whole line (no column): its Excel line, key and parameters."""
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
    except UnicodeDecodeError as exc:
        _refuse_if_truncated(data, exc)
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise ImportRejected("import_encoding", []) from exc


def _line_at(data: bytes, pos: int) -> int:
    """The line (1 = first) of a byte position, counted by line feeds."""
    return data.count(b"\n", 0, pos) + 1


def _refuse_if_truncated(data: bytes, exc: UnicodeDecodeError) -> None:
    """A UTF-8 file cut off inside its last character (a copy or an upload broken off) is damaged, not
    in another encoding: said so with the line where it breaks. Only when the text before is UTF-8 with
    other non-ASCII characters: a GBK file whose one Chinese character ends the file can look the same."""
    if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3 and not data[:exc.start].isascii():
        line = _line_at(data, exc.start)
        raise ImportRejected("sec_import_truncated", [line_problem(line, "sec_import_truncated_line")],
                             line=line) from exc


def read_csv_rows(data: bytes) -> list[list[str]]:
    """The rows of a CSV as csv.reader reads them (the reference reading; see read_csv)."""
    text = csv_text(data)
    return _reader_rows(text, csv_delimiter(text))


def read_csv(data: bytes):
    """The rows of a CSV: read by column (cocreate/intake/columns.py) where that reads exactly what
    csv.reader reads, else by csv.reader."""
    from cocreate.intake.columns import read_regular_csv
    text = csv_text(data)
    delimiter = csv_delimiter(text)
    quick = read_regular_csv(text, delimiter, MAX_ROWS, MAX_COLUMNS, MAX_CELL_CHARS)
    return quick if quick is not None else _reader_rows(text, delimiter)


def csv_text(data: bytes) -> str:
    text = decode(data)
    if "\x00" in text:
        # many NULs: UTF-16 without a BOM or a binary file (the encoding is wrong); a few in a text that
        # reads otherwise: the file is damaged at that line
        if text.count("\x00") * 4 > len(text):
            raise ImportRejected("import_encoding", [])
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ImportRejected("sec_import_nul", [line_problem(line, "sec_import_nul_line")], line=line)
    return text


def csv_delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    return "\t" if first.count("\t") > first.count(",") else (
        ";" if first.count(";") > first.count(",") else ",")


class CsvRows(list):
    """Rows read from a CSV by csv.reader (their cells may carry the product's guard apostrophe)."""


def _reader_rows(text: str, delimiter: str) -> list[list[str]]:
    rows: list[list[str]] = CsvRows()
    # strict: a quote left open would otherwise swallow every later row into one cell, silently
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for row in reader:
            if len(row) > MAX_COLUMNS:
                raise too_wide(len(rows) + 1, len(row))
            rows.append(row)
            if len(rows) > MAX_ROWS + 1:
                raise ImportRejected("import_too_many_rows", [], max=f"{MAX_ROWS:,}")
    except csv.Error as exc:  # a broken quote, a file cut off inside a quoted cell
        line = len(rows) + 1   # the record being read, numbered as Excel numbers rows
        raise ImportRejected("import_bad_csv", [line_problem(line, "import_bad_csv_line")], line=line) from exc
    return rows


def too_wide(line: int, cells: int) -> ImportRejected:
    """The refusal of a row wider than any sheet needs (checked before the row is kept)."""
    reason = line_problem(line, "import_too_many_columns_line", cells=f"{cells:,}", max=f"{MAX_COLUMNS:,}")
    return ImportRejected("import_too_many_columns", [reason], line=line, max=f"{MAX_COLUMNS:,}")


# --------------------------------------------------------------------------- rows

class SheetRows(list):
    """Rows of a spreadsheet grid: cells sit in lettered columns, so a short row is not shifted
    (unlike a CSV line that lost a comma), and a cell beyond the header has no column name. `sheet`
    names the sheet read (the first), `other_sheets` the workbook's others (named in a refusal)."""
    sheet: str = ""
    other_sheets: list = []


def read_rows(data: bytes, file_name: str) -> list[list[str]]:
    """The file's rows as lists of text, header first (row i is Excel line i + 1); a CSV's may come
    as columns (columns.CsvColumns, indexable as rows)."""
    if len(data) > MAX_BYTES:
        raise ImportRejected("import_too_big", [], mb=MAX_BYTES // (1024 * 1024))
    ext = Path(file_name).suffix.lower()
    if ext == ".xlsx":
        from cocreate.intake.sheets import read_xlsx_rows
        return read_xlsx_rows(data)
    if ext in (".csv", ".txt"):
        return read_csv(data)
    raise ImportRejected("import_bad_type", [], name=file_name)


def _filled(cells) -> bool:
    return any(str(c).strip() for c in cells if c is not None)


def shape_problems(rows: list[list[str]], width: int, layout, first_line: int = 2) -> list:
    """Rows whose cells do not line up with the header, and cells over the size limit.

    A CSV row with filled cells beyond the header is refused (an unquoted "1,234" splits a number
    in two); so is a CSV row with fewer cells than the header when its last cell is filled (a cell
    went missing, so every cell after it shifted). In a spreadsheet a filled cell beyond the header
    is refused too (a column without a name is a value in the wrong place). Trailing empty cells are
    harmless either way.
    """
    from cocreate.intake.columns import CsvColumns
    from cocreate.intake.reading import column_letter
    if isinstance(rows, CsvColumns):
        return []   # read so only when every row is as wide as the header and no cell is too long
    grid = isinstance(rows, SheetRows)
    problems = []
    # nothing below can refuse a row of the header's width without a long cell: when no cell of the
    # file is long, only the rows of another width are looked at
    try:
        no_long_cell = max(map(len, itertools.chain.from_iterable(rows)), default=0) <= MAX_CELL_CHARS
    except TypeError:   # a cell that is not text (None in a sheet row)
        no_long_cell = False
    for n, row in enumerate(rows[1:], start=first_line):
        if len(row) == width and (no_long_cell or _longest(row) <= MAX_CELL_CHARS):
            continue
        if not _filled(row):
            continue
        if len(row) > width and _filled(row[width:]):
            if grid:
                first = width + next(i for i, c in enumerate(row[width:]) if str(c or "").strip())
                problems.append(line_problem(n, "import_cell_beyond_header", letter=column_letter(first),
                                             width=width))
            else:
                problems.append(line_problem(n, "import_row_too_long", cells=len(row), width=width))
        elif not grid and len(row) < width and layout.kind != "editor" and _filled(row[-1:]) and len(row) > 1:
            problems.append(line_problem(n, "import_row_too_short", cells=len(row), width=width))
        for i, c in enumerate(row):
            if c is not None and len(str(c)) > MAX_CELL_CHARS:
                problems.append(line_problem(n, "import_cell_too_long", letter=column_letter(i),
                                             n=f"{len(str(c)):,}", max=f"{MAX_CELL_CHARS:,}"))
        if len(problems) > MAX_LISTED:
            break
    return problems


def _longest(row) -> int:
    """The length of a row's longest cell as text."""
    try:
        return max(map(len, row), default=0)
    except TypeError:   # a cell that is not text (None in a sheet row)
        return max((len(str(c)) for c in row if c is not None), default=0)
