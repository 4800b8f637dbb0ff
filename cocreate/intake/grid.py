"""Grid templates: the sheet clerks fill (rows = indicators, columns = areas, one period).

Cell A1 holds the marker GRID_MARKER and B1 the period (YYYY-MM). Line 2 is the header:
indicator code, name, unit, threshold (read-only), then one area code per column from E.
Every filled value cell becomes one observation row of the ordinary import (same checks,
transaction, history); a refusal names the cell ("E5") it came from.
"""
from __future__ import annotations

import io

import pandas as pd

from cocreate.intake.reading import Problem
from cocreate.present.i18n import t
from cocreate.safe_cells import neutralise_sheet

GRID_MARKER = "#cocreate-grid"
FIRST_AREA_COL = 5   # column E
_FIXED = ("indicator_code", "indicator_name", "unit", "threshold")


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(col)


def grid_xlsx_bytes(frame: pd.DataFrame, period: str, lang: str = "zh") -> bytes:
    """A grid workbook from template rows (template.template_frame): one line per indicator,
    one column per area; cells where the indicator is not collected for the area are greyed."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "数据" if lang == "zh" else "data"
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
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 30
    ws.freeze_panes = _letter(FIRST_AREA_COL) + "4"
    neutralise_sheet(ws)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def is_grid(rows: list[list[str]]) -> bool:
    return bool(rows) and bool(rows[0]) and str(rows[0][0]).strip() == GRID_MARKER


def long_rows(rows: list[list[str]], header: dict) -> tuple[list[list[str]], list[str]]:
    """Grid text rows -> (long-format rows under `header` (canonical name -> header text), the cell
    name of each data row). Lines 4 on are read; a filled cell under an area code is one row."""
    HEADER_ZH = header
    period = str(rows[0][1]).strip() if len(rows[0]) > 1 else ""
    areas = rows[1] if len(rows) > 1 else []
    out = [[HEADER_ZH["indicator_code"], HEADER_ZH["area_code"], HEADER_ZH["period"], HEADER_ZH["value"]]]
    cells: list[str] = []
    for i, row in enumerate(rows[3:], start=4):
        code = str(row[0]).strip() if row else ""
        for j in range(FIRST_AREA_COL - 1, len(row)):
            value = str(row[j]).strip()
            area = str(areas[j]).strip() if j < len(areas) else ""
            if not value or (not code and not area):
                continue
            out.append([code, area, period, value])
            cells.append(f"{_letter(j + 1)}{i}")
    return out, cells


def name_cells(problems: list[Problem], cells: list[str]) -> list[Problem]:
    """Problems of long rows (line n = cells[n - 2]) said again with the grid cell's name."""
    named = []
    for p in problems:
        k = p.line - 2
        if not 0 <= k < len(cells):
            named.append(p)
            continue
        cell = cells[k]
        row = int("".join(ch for ch in cell if ch.isdigit()))
        named.append(Problem(row, "", "grid_bad_cell",
                             {"cell": cell, "reason": (p.text("zh"), p.text("en"))}))
    return named
