"""The fill-in template as a file in the user's language: the rows cocreate/intake/template.py picks,
worded (kind, the yes/no unit), under headers in the user's language (the importer reads both), as CSV
or XLSX with its help sheet; and the grid template (cocreate/present/grid_sheet.py) with its rows."""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from cocreate.errors import CocreateError
from cocreate.intake.observations import HEADER_ZH
from cocreate.intake.template import COLUMNS, grid_month, grid_previous, template_rows
from cocreate.present.grid_sheet import grid_xlsx_bytes
from cocreate.present.i18n import t
from cocreate.safe_cells import frame_csv, neutralise_sheet

_EXTRA_HEADERS = {c: f"data_template_hdr_{c}" for c in
                  ("indicator_name_zh", "indicator_name_en", "unit", "threshold", "area_name_zh", "area_name_en",
                   "kind")}
YES_NO_UNIT = {"zh": "1=是 / 0=否", "en": "1=yes / 0=no"}


def template_frame(con, title: str | None = None, area: str | None = None, lang: str = "zh",
                   today=None) -> pd.DataFrame:
    """The template rows (canonical column names, cells in the user's language; see write_template for
    the headers): kind 计量 / 指标, a yes/no figure's unit "1=是 / 0=否"."""
    rows = template_rows(con, title, area, lang, today)
    kind = {k: t(f"data_template_kind_{k}", lang) for k in ("measure", "value")}
    rows["kind"] = rows["kind"].map(kind)
    rows["unit"] = rows["unit"].where(~rows["yes_no"].astype(bool), YES_NO_UNIT["zh" if lang == "zh" else "en"])
    return rows[COLUMNS]


def headers(lang: str) -> list[str]:
    """Column headers in the user's language (the importer reads both)."""
    out = []
    for c in COLUMNS:
        if c in _EXTRA_HEADERS:
            out.append(t(_EXTRA_HEADERS[c], lang))
        else:
            out.append(HEADER_ZH[c] if lang == "zh" else c)
    return out


def _plain_number(v) -> str:
    """300.0 -> "300", 0.5 -> "0.5", NaN -> "" (how a person writes a threshold)."""
    if v is None or pd.isna(v):
        return ""
    f = float(v)
    return str(int(f)) if f.is_integer() and abs(f) < 1e15 else repr(f)


def to_csv_bytes(frame: pd.DataFrame, lang: str = "zh") -> bytes:
    df = frame.copy()
    df["threshold"] = [_plain_number(v) for v in df["threshold"]]
    df.columns = headers(lang)
    return frame_csv(df, lineterminator="\r\n").encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, lang: str = "zh") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "数据" if lang == "zh" else "data"
    hdr = headers(lang)
    ws.append(hdr)
    text_cols = {"indicator_code", "area_code", "period"}
    for rec in frame.itertuples(index=False):
        ws.append([None if (v is None or (isinstance(v, float) and pd.isna(v))) else v for v in rec])
    head_fill = PatternFill("solid", fgColor="0072B2")
    fill_here = PatternFill("solid", fgColor="FFF4CC")
    for i, c in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = head_fill
        cell.alignment = Alignment(vertical="center")
        letter = get_column_letter(i)
        width = max(len(str(hdr[i - 1])) * 2, 10)
        if c in ("indicator_name_zh", "area_name_zh"):
            width = 26
        elif c in ("indicator_name_en", "area_name_en", "indicator_code"):
            width = 34
        ws.column_dimensions[letter].width = width
        if c in text_cols or c == "value":
            for row in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                for cell in row:
                    if c in text_cols:
                        cell.number_format = "@"
                    else:
                        cell.fill = fill_here
    ws.freeze_panes = "B2"
    help_ws = wb.create_sheet("说明" if lang == "zh" else "help")
    help_ws.column_dimensions["A"].width = 120
    help_ws.append([t("data_template_help", lang)])
    help_ws.append([t("import_help", lang)])
    for row in help_ws.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for sheet in wb.worksheets:
        neutralise_sheet(sheet)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def template_bytes(frame: pd.DataFrame, file_name: str, lang: str = "zh") -> bytes:
    ext = Path(file_name).suffix.lower()
    if ext == ".xlsx":
        return to_xlsx_bytes(frame, lang)
    if ext == ".csv":
        return to_csv_bytes(frame, lang)
    raise CocreateError("import_bad_type", file_name, name=file_name)


def write_template(con, path, title: str | None = None, area: str | None = None, lang: str = "zh",
                   today=None) -> pd.DataFrame:
    """Write a template file (CSV or XLSX by extension); returns its rows."""
    frame = template_frame(con, title, area, lang, today)
    data = template_bytes(frame, str(path), lang)
    Path(path).write_bytes(data)
    return frame


def grid_template(con, title: str | None = None, area: str | None = None, lang: str = "zh",
                  month=None) -> tuple[pd.DataFrame, bytes]:
    """(template rows with their frequency, grid XLSX bytes): one sheet per frequency, each for its latest period ended by
    the end of `month` (a date; default the latest complete month; see cocreate/intake/grid.py)."""
    month = month or grid_month(None)
    frame = template_frame(con, title, area, lang, month)
    frequency, previous = grid_previous(con, frame, month)
    data = grid_xlsx_bytes(frame, month, frequency, lang, previous)
    frame = frame.assign(frequency=[frequency.get(c) or "month" for c in frame["indicator_code"]])
    return frame, data


def write_grid(con, path, title: str | None = None, area: str | None = None, lang: str = "zh",
               period: str | None = None) -> pd.DataFrame:
    """Write a grid template (XLSX: rows = indicators, columns = areas, a sheet per frequency) for the
    month `period` (YYYY-MM; default the latest complete month)."""
    if Path(str(path)).suffix.lower() != ".xlsx":
        raise CocreateError("grid_xlsx_only", str(path), name=str(path))
    frame, data = grid_template(con, title, area, lang, grid_month(period))
    Path(path).write_bytes(data)
    return frame
