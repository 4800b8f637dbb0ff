"""Where an upload's header is: row 1, or the first of the next rows that names every required column
(a title or a note above the header is common in office files); and, when none does, where it was
looked for (the sheet read and the workbook's other sheets), said after the refusal's sentence."""
from __future__ import annotations

import re
import unicodedata

from cocreate.intake import cells, columns


def norm_header(h) -> str:
    """A header compared loosely: NFKC, lower-case, spaces, underscores and hyphens removed."""
    s = unicodedata.normalize("NFKC", str(h or "")).strip().lower().lstrip("\ufeff")
    return re.sub(r"[\s_\-]+", "", s)


HEADER_SEARCH = 10   # rows looked at for the header when row 1 is not it (a title, a note above)


def header_row(rows, layout, lookup: dict) -> int:
    """Index of the header row: 0 when row 1 names every required column (or nothing better is found),
    else the first of the next rows up to HEADER_SEARCH that does."""
    required = [c.name for c in layout.columns if c.required]

    def fits(row) -> bool:
        names = {lookup.get(norm_header(h)) for h in row if h is not None}
        return all(r in names for r in required) and all(any(g in names for g in grp) for grp in layout.one_of)

    if fits(rows[0]):
        return 0
    return next((k for k in range(1, min(len(rows), HEADER_SEARCH)) if fits(rows[k])), 0)


def rows_from(rows, top: int):
    """The rows from the header down, keeping what kind of rows they are (CSV or sheet)."""
    kind = cells.CsvRows if isinstance(rows, (columns.CsvColumns, cells.CsvRows)) else (
        cells.SheetRows if isinstance(rows, cells.SheetRows) else list)
    out = kind(rows[top:])
    if isinstance(rows, cells.SheetRows):
        out.sheet, out.other_sheets = rows.sheet, rows.other_sheets
    return out


def where_looked(rows) -> tuple[str, dict]:
    """The further sentence of a missing-columns refusal: where the header was looked for."""
    sheet = getattr(rows, "sheet", "")
    others = getattr(rows, "other_sheets", [])
    if others:
        return "sec_header_looked_sheets", {"n": HEADER_SEARCH, "sheet": sheet, "others": "、".join(others)}
    return "sec_header_looked", {"n": HEADER_SEARCH}
