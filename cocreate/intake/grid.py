"""Grid templates: the sheet clerks fill (rows = indicators, columns = areas, one period).

One sheet per frequency of the indicators listed (monthly, quarterly, yearly: a yearly figure is
filed under its year, not under a month). On each sheet cell A1 holds the marker GRID_MARKER and B1
the sheet's period (2026-11, 2026Q3, 2025). Line 2 is the header: indicator code, name, unit,
threshold (read-only), then one area code per column from E; line 3 the same in words, the areas'
names. The codes (column A and line 2) are hidden: a person reads names. Every filled
value cell becomes one observation row of the ordinary import (same checks, transaction, history);
a refusal names the cell ("E5", or "季度!E5" in a workbook of several sheets) it came from.

Beside each area's column stands its reference column "上期 2026-10": the figure stored for the
period before the sheet's, grey and locked (the sheet is protected, only the yellow cells and B1 take
input; no password, so an office can lift it on purpose). Its hidden code in line 2 is PREV_MARKER:
the import never reads a column whose code starts with "#", so a reference cell, even one changed
after lifting the protection, is ignored.

The periods of a grid: the user picks a month (by default the latest complete one, the month
before today's); each sheet takes the latest period of its frequency that has ended by that
month's end (November 2026: month 2026-11, quarter 2026Q3, year 2025).
"""
from __future__ import annotations

import math

import datetime as dt
import io

import pandas as pd

from cocreate.intake.reading import Problem
from cocreate.present.i18n import t
from cocreate.safe_cells import neutralise_sheet

GRID_MARKER = "#cocreate-grid"
PREV_MARKER = "#prev"   # line 2 of a reference column (the last period's figures): never imported
FIRST_AREA_COL = 5   # column E; each area takes two columns: its value, then its last period
FREQUENCIES = ("month", "quarter", "year")
_STEP = {"month": 1, "quarter": 3, "year": 12}
_FIXED = ("indicator_code", "indicator_name", "unit", "threshold")


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(col)


def latest_complete_month(today: dt.date) -> dt.date:
    """The first day of the month before `today`'s (the latest month that has ended)."""
    first = today.replace(day=1)
    return (first - dt.timedelta(days=1)).replace(day=1)


def period_start(month: dt.date, freq: str) -> dt.date:
    """First day of the latest period of `freq` that has ended by the end of `month`."""
    step = _STEP[freq]
    after = month.year * 12 + month.month          # months since year 0 of the month after `month`
    start = after // step * step - step
    return dt.date(start // 12, start % 12 + 1, 1)


def period_text(start: dt.date, freq: str) -> str:
    """How B1 writes a period (the import reads each form): 2026-11, 2026Q3, 2025."""
    if freq == "year":
        return str(start.year)
    if freq == "quarter":
        return f"{start.year}Q{(start.month - 1) // 3 + 1}"
    return start.strftime("%Y-%m")


def previous_start(start: dt.date, freq: str) -> dt.date:
    """First day of the period before the one starting `start` (2026-11 -> 2026-10, Q3 -> Q2, 2025 -> 2024)."""
    months = start.year * 12 + start.month - 1 - _STEP[freq]
    return dt.date(months // 12, months % 12 + 1, 1)


def grid_periods(month: dt.date) -> dict[str, str]:
    """{frequency: B1 text} of a grid for the chosen month."""
    return {f: period_text(period_start(month, f), f) for f in FREQUENCIES}


def _sheet(wb, frame: pd.DataFrame, title: str, period: str, lang: str, prev: str = "",
           previous: dict | None = None):
    """One grid sheet; `previous` {(indicator, area): value} of the period `prev` fills the reference columns."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

    previous = previous or {}
    ws = wb.create_sheet(title)
    name_col = "indicator_name_zh" if lang == "zh" else "indicator_name_en"
    area_name = "area_name_zh" if lang == "zh" else "area_name_en"
    inds = list(dict.fromkeys(frame["indicator_code"]))
    areas = list(dict.fromkeys(frame["area_code"]))
    wanted = set(zip(frame["indicator_code"], frame["area_code"]))
    first = frame.drop_duplicates("indicator_code").set_index("indicator_code")
    names = frame.drop_duplicates("area_code").set_index("area_code")[area_name]
    col = {a: FIRST_AREA_COL + 2 * k for k, a in enumerate(areas)}     # the area's value; +1 its last period
    open_cell = Protection(locked=False)
    ws.cell(1, 1, GRID_MARKER)
    ws.cell(1, 2, period).number_format = "@"
    ws.cell(1, 2).protection = open_cell
    ws.cell(1, 3, t("grid_help_line", lang, prev=prev))
    for i, key in enumerate(_FIXED, start=1):
        ws.cell(2, i, t(f"grid_hdr_{key}", lang))
        ws.cell(3, i, t(f"grid_hdr_{key}", lang)).font = Font(bold=True)
    grey = PatternFill("solid", fgColor="DDDDDD")
    ref_fill = PatternFill("solid", fgColor="EEEEEE")
    ref_font = Font(italic=True, color="666666")
    fill_here = PatternFill("solid", fgColor="FFF4CC")
    wrap = Alignment(wrap_text=True, vertical="center")
    pair = Border(left=Side(style="thin", color="999999"))     # each area's two columns read as one
    for a, j in col.items():
        ws.cell(2, j, str(a)).number_format = "@"
        ws.cell(3, j, str(names.get(a, ""))).alignment = wrap
        ws.cell(3, j).font, ws.cell(3, j).border = Font(bold=True), pair
        ws.cell(2, j + 1, PREV_MARKER)
        head = ws.cell(3, j + 1, t("grid_prev_header", lang, prev=prev))
        head.font, head.fill, head.alignment = ref_font, ref_fill, wrap
        ws.column_dimensions[_letter(j)].width = 13
        ws.column_dimensions[_letter(j + 1)].width = 10
    ws.row_dimensions[3].height = 32
    for i, code in enumerate(inds, start=4):
        r = first.loc[code]
        thr = r["threshold"]
        ws.cell(i, 1, str(code)).number_format = "@"
        ws.cell(i, 2, r[name_col])
        ws.cell(i, 3, None if pd.isna(r["unit"]) else r["unit"])
        ws.cell(i, 4, None if thr is None or pd.isna(thr) else thr)
        for a, j in col.items():
            cell = ws.cell(i, j)
            cell.border = pair
            if (code, a) in wanted:
                cell.fill, cell.protection = fill_here, open_cell
            else:
                cell.fill = grey
            value = previous.get((code, a)) if (code, a) in wanted else None
            ref = ws.cell(i, j + 1, None if value is None or pd.isna(value) else value)
            ref.fill, ref.font = ref_fill, ref_font
            if isinstance(ref.value, (int, float)) and float(ref.value).is_integer():
                ref.number_format = "#,##0"
    for c in range(1, FIRST_AREA_COL):
        ws.cell(2, c).font = Font(bold=True)
    ws.cell(1, 2).font = Font(bold=True)
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 28
    ws.column_dimensions["C"].width = 12
    # the codes the import reads (column A, line 2) are hidden: a person reads names (column B, line 3)
    ws.column_dimensions["A"].hidden = True
    ws.row_dimensions[2].hidden = True
    ws.freeze_panes = _letter(FIRST_AREA_COL) + "4"
    # the help line wraps over the columns right of B1
    last = max(col.values(), default=FIRST_AREA_COL) + 1
    ws.merge_cells(start_row=1, start_column=3, end_row=1, end_column=max(last, 8))
    ws.cell(1, 3).alignment = Alignment(wrap_text=True, vertical="top")
    # tall enough for its lines: a sheet of one area gives the line few columns (a CJK character ~2 widths)
    merged = sum(ws.column_dimensions[_letter(j)].width or 8.43 for j in range(3, max(last, 8) + 1))
    help_line = str(ws.cell(1, 3).value)
    widths = sum(2 if ord(ch) > 0x2E80 else 1 for ch in help_line)
    ws.row_dimensions[1].height = max(48, 15 * math.ceil(widths * 1.1 / merged) + 6)
    # printed: A3 landscape, every column on one page's width, the names and the header on every page
    ws.page_setup.orientation, ws.page_setup.paperSize = "landscape", ws.PAPERSIZE_A3
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_title_rows, ws.print_title_cols = "1:3", "B:D"
    # only the yellow cells and B1 take input; columns and rows may still be resized
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    neutralise_sheet(ws)


def sheet_frequencies(frame: pd.DataFrame, frequency: dict[str, str]) -> pd.Series:
    """The grid sheet (month / quarter / year) of each template row: its indicator's frequency, else month."""
    return frame["indicator_code"].map(lambda c: frequency.get(c) if frequency.get(c) in _STEP else "month")


def grid_xlsx_bytes(frame: pd.DataFrame, month: dt.date, frequency: dict[str, str], lang: str = "zh",
                    previous: dict | None = None) -> bytes:
    """A grid workbook from template rows (template.template_frame): one sheet per frequency
    (`frequency`: indicator code -> month / quarter / year; unknown = month), one line per indicator,
    two columns per area (its value; the last period's, for reference); cells where the indicator is
    not collected for the area are greyed. `previous`: {frequency: {(indicator, area): value}} of the
    period before each sheet's."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    periods = grid_periods(month)
    previous = previous or {}
    freq = sheet_frequencies(frame, frequency)
    for f in FREQUENCIES:
        part = frame[freq == f]
        if len(part):
            prev = period_text(previous_start(period_start(month, f), f), f)
            _sheet(wb, part, t(f"grid_sheet_{f}", lang), periods[f], lang, prev, previous.get(f))
    if not wb.worksheets:   # nothing to fill: one empty monthly sheet still reads back as a grid
        prev = period_text(previous_start(period_start(month, "month"), "month"), "month")
        _sheet(wb, frame, t("grid_sheet_month", lang), periods["month"], lang, prev)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def is_grid(rows: list[list[str]]) -> bool:
    return bool(rows) and bool(rows[0]) and str(rows[0][0]).strip() == GRID_MARKER


def long_rows(rows: list[list[str]], header: dict, sheet: str = "") -> tuple[list[list[str]], list[tuple[str, int]]]:
    """Grid text rows -> (long-format rows under `header` (canonical name -> header text), the cell
    name and line of each data row). Lines 4 on are read; a filled cell under an area code is one row;
    a column whose line-2 code starts with "#" (the last period's, PREV_MARKER) is never read.
    `sheet` prefixes the cell names ("季度!E5") when the workbook holds several grids."""
    period = str(rows[0][1]).strip() if len(rows[0]) > 1 else ""
    areas = rows[1] if len(rows) > 1 else []
    out = [[header["indicator_code"], header["area_code"], header["period"], header["value"]]]
    cells: list[tuple[str, int]] = []
    for i, row in enumerate(rows[3:], start=4):
        code = str(row[0]).strip() if row else ""
        for j in range(FIRST_AREA_COL - 1, len(row)):
            value = str(row[j]).strip()
            area = str(areas[j]).strip() if j < len(areas) else ""
            if not value or (not code and not area) or area.startswith("#"):
                continue
            out.append([code, area, period, value])
            cells.append((f"{sheet + '!' if sheet else ''}{_letter(j + 1)}{i}", i))
    return out, cells


def read_grid(data: bytes, first: list[list[str]], header: dict) -> tuple[list[list[str]], list[tuple[str, int]]]:
    """Every grid sheet of a workbook whose first sheet is a grid, as long rows (see long_rows);
    sheets that are not grids (a help sheet) are left out. A CSV has its one grid."""
    others = list(getattr(first, "other_sheets", None) or [])
    if not others:
        return long_rows(first, header)
    from cocreate.intake.sheets import read_xlsx_rows
    grids = [(getattr(first, "sheet", ""), first)]
    for index in range(1, len(others) + 1):
        rows = read_xlsx_rows(data, index)
        if is_grid(rows):
            grids.append((rows.sheet, rows))
    out, cells = None, []
    for name, rows in grids:
        part, where = long_rows(rows, header, sheet=name if len(grids) > 1 else "")
        out = part if out is None else out + part[1:]
        cells += where
    return out, cells


def name_cells(problems: list[Problem], cells: list[tuple[str, int]]) -> list[Problem]:
    """Problems of long rows (line n = cells[n - 2]) said again with the grid cell's name."""
    named = []
    for p in problems:
        k = p.line - 2
        if not 0 <= k < len(cells):
            named.append(p)
            continue
        cell, row = cells[k]
        named.append(Problem(row, "", "grid_bad_cell",
                             {"cell": cell, "reason": (p.text("zh"), p.text("en"))}))
    return named
