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

This module holds the grid's shape, its periods and its reading; the workbook a person fills, in
their language, is written by cocreate/present/grid_sheet.py.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from cocreate.intake.reading import Problem

GRID_MARKER = "#cocreate-grid"
PREV_MARKER = "#prev"   # line 2 of a reference column (the last period's figures): never imported
FIRST_AREA_COL = 5   # column E; each area takes two columns: its value, then its last period
FREQUENCIES = ("month", "quarter", "year")
_STEP = {"month": 1, "quarter": 3, "year": 12}


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


def sheet_frequencies(frame: pd.DataFrame, frequency: dict[str, str]) -> pd.Series:
    """The grid sheet (month / quarter / year) of each template row: its indicator's frequency, else month."""
    return frame["indicator_code"].map(lambda c: frequency.get(c) if frequency.get(c) in _STEP else "month")


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
                             {"cell": cell, "reason": p}))   # the reason inside, worded in either language
    return named
