"""Grid templates: the sheet clerks fill (rows = indicators, columns = areas, one period).

One sheet per frequency of the indicators listed (monthly, quarterly, yearly: a yearly figure is
filed under its year, not under a month). On each sheet cell A1 holds the marker GRID_MARKER and B1
the sheet's period (2026-11, 2026Q3, 2025). Line 2 is the header: indicator code, name, unit,
threshold (read-only), then one area code per column from E; line 3 the same in words, the areas'
names. The codes (column A and line 2) are hidden: a person reads names. Every filled
value cell becomes one observation row of the ordinary import (same checks, transaction, history);
a refusal names the cell ("E5", or "季度!E5" in a workbook of several sheets) it came from.

The periods of a grid: the user picks a month (by default the latest complete one, the month
before today's); each sheet takes the latest period of its frequency that has ended by that
month's end (November 2026: month 2026-11, quarter 2026Q3, year 2025).
"""
from __future__ import annotations

import datetime as dt
import io

import pandas as pd

from cocreate.intake.reading import Problem
from cocreate.present.i18n import t
from cocreate.safe_cells import neutralise_sheet

GRID_MARKER = "#cocreate-grid"
FIRST_AREA_COL = 5   # column E
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


def grid_periods(month: dt.date) -> dict[str, str]:
    """{frequency: B1 text} of a grid for the chosen month."""
    return {f: period_text(period_start(month, f), f) for f in FREQUENCIES}


def _sheet(wb, frame: pd.DataFrame, title: str, period: str, lang: str):
    from openpyxl.styles import Font, PatternFill

    ws = wb.create_sheet(title)
    name_col = "indicator_name_zh" if lang == "zh" else "indicator_name_en"
    area_name = "area_name_zh" if lang == "zh" else "area_name_en"
    inds = list(dict.fromkeys(frame["indicator_code"]))
    areas = list(dict.fromkeys(frame["area_code"]))
    wanted = set(zip(frame["indicator_code"], frame["area_code"]))
    first = frame.drop_duplicates("indicator_code").set_index("indicator_code")
    names = frame.drop_duplicates("area_code").set_index("area_code")[area_name]
    ws.cell(1, 1, GRID_MARKER)
    ws.cell(1, 2, period).number_format = "@"
    ws.cell(1, 3, t("grid_help_line", lang))
    for i, key in enumerate(_FIXED, start=1):
        ws.cell(2, i, t(f"grid_hdr_{key}", lang))
        ws.cell(3, i, t(f"grid_hdr_{key}", lang)).font = Font(bold=True)
    for j, a in enumerate(areas, start=FIRST_AREA_COL):
        ws.cell(2, j, str(a)).number_format = "@"
        ws.cell(3, j, str(names.get(a, "")))
        ws.column_dimensions[_letter(j)].width = 14
    grey = PatternFill("solid", fgColor="DDDDDD")
    fill_here = PatternFill("solid", fgColor="FFF4CC")
    for i, code in enumerate(inds, start=4):
        r = first.loc[code]
        thr = r["threshold"]
        ws.cell(i, 1, str(code)).number_format = "@"
        ws.cell(i, 2, r[name_col])
        ws.cell(i, 3, None if pd.isna(r["unit"]) else r["unit"])
        ws.cell(i, 4, None if thr is None or pd.isna(thr) else thr)
        for j, a in enumerate(areas, start=FIRST_AREA_COL):
            ws.cell(i, j).fill = fill_here if (code, a) in wanted else grey
    for c in range(1, FIRST_AREA_COL):
        ws.cell(2, c).font = Font(bold=True)
    ws.cell(1, 2).font = Font(bold=True)
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 30
    # the codes the import reads (column A, line 2) are hidden: a person reads names (column B, line 3)
    ws.column_dimensions["A"].hidden = True
    ws.row_dimensions[2].hidden = True
    ws.freeze_panes = _letter(FIRST_AREA_COL) + "4"
    neutralise_sheet(ws)


def grid_xlsx_bytes(frame: pd.DataFrame, month: dt.date, frequency: dict[str, str], lang: str = "zh") -> bytes:
    """A grid workbook from template rows (template.template_frame): one sheet per frequency
    (`frequency`: indicator code -> month / quarter / year; unknown = month), one line per indicator,
    one column per area; cells where the indicator is not collected for the area are greyed."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    periods = grid_periods(month)
    freq = frame["indicator_code"].map(lambda c: frequency.get(c) if frequency.get(c) in _STEP else "month")
    for f in FREQUENCIES:
        part = frame[freq == f]
        if len(part):
            _sheet(wb, part, t(f"grid_sheet_{f}", lang), periods[f], lang)
    if not wb.worksheets:   # nothing to fill: one empty monthly sheet still reads back as a grid
        _sheet(wb, frame, t("grid_sheet_month", lang), periods["month"], lang)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def is_grid(rows: list[list[str]]) -> bool:
    return bool(rows) and bool(rows[0]) and str(rows[0][0]).strip() == GRID_MARKER


def long_rows(rows: list[list[str]], header: dict, sheet: str = "") -> tuple[list[list[str]], list[tuple[str, int]]]:
    """Grid text rows -> (long-format rows under `header` (canonical name -> header text), the cell
    name and line of each data row). Lines 4 on are read; a filled cell under an area code is one row.
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
            if not value or (not code and not area):
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
