"""The grid template as a workbook in the user's language (issue 22): one sheet per frequency, rows =
indicators, two columns per area (its value; the last period's, grey and locked). The grid's shape,
periods and reading are cocreate/intake/grid.py's; this module writes the document a person fills."""
from __future__ import annotations

import datetime as dt
import io
import math

import pandas as pd

from cocreate.intake.grid import (FIRST_AREA_COL, FREQUENCIES, GRID_MARKER, PREV_MARKER, grid_periods, period_start,
                                  period_text, previous_start, sheet_frequencies)
from cocreate.present.i18n import t
from cocreate.safe_cells import neutralise_sheet

FIXED = ("indicator_code", "indicator_name", "unit", "threshold")   # columns A-D, headed by grid_hdr_<name>


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(col)


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
    for i, key in enumerate(FIXED, start=1):
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
