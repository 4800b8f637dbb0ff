"""Fill-in templates: the importable codes pre-filled, the value column empty.

Only what can be imported is listed: value indicators and measures (a ratio is replaced by its
numerator and denominator, a weighted mean brings its weight measure), each at the right level
(districts for figures that roll up, the city for city_only ones). The period is this month (China
time). The template re-imports unchanged apart from the filled values: extra columns are ignored
by the importer and rows left empty are skipped.
"""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from cocreate.store import db
from cocreate.errors import CocreateError
from cocreate.intake.observations import HEADER_ZH, china_today
from cocreate.present.i18n import t
from cocreate.safe_cells import frame_csv, neutralise_sheet

COLUMNS = ["indicator_code", "indicator_name_zh", "indicator_name_en", "kind", "unit", "threshold",
           "area_code", "area_name_zh", "area_name_en", "period", "value", "note", "source"]
_EXTRA_HEADERS = {c: f"data_template_hdr_{c}" for c in
                  ("indicator_name_zh", "indicator_name_en", "unit", "threshold", "area_name_zh", "area_name_en",
                   "kind")}


def _areas_for(con, area: str | None) -> list[tuple[str, list[str], bool]]:
    """[(city, leaf areas to list for rolled-up figures, whether the city itself is listed)]."""
    areas = db.run(con, "areas")
    rows = {r["code"]: r for r in areas.to_dict("records")}
    children: dict[str, list[str]] = {}
    for r in rows.values():
        if isinstance(r.get("parent_code"), str) and r["parent_code"]:
            children.setdefault(r["parent_code"], []).append(r["code"])
    if area:
        area = str(area)
        if area not in rows:
            raise CocreateError("unknown_area", area, code=area)
        parent = rows[area].get("parent_code")
        if isinstance(parent, str) and parent:
            return [(parent, [area], False)]
        return [(area, children.get(area, [area]), True)]
    cities = [c for c, r in rows.items() if not (isinstance(r.get("parent_code"), str) and r["parent_code"])]
    return [(c, children.get(c, [c]), True) for c in cities]


def template_frame(con, title: str | None = None, area: str | None = None, lang: str = "zh",
                   today=None) -> pd.DataFrame:
    """The template rows (canonical column names; see write_template for headers)."""
    inds = db.run(con, "indicators")
    ind = {r["code"]: r for r in inds.to_dict("records")}
    order = {c: i for i, c in enumerate(inds["code"])}
    if title and title not in set(db.run(con, "titles")["code"]):
        raise CocreateError("unknown_title", title, code=title)
    area_rows = {r["code"]: r for r in db.run(con, "areas").to_dict("records")}
    period = (today or china_today()).strftime("%Y-%m")
    out = []
    for city, leaves, city_listed in _areas_for(con, area):
        wanted = db.run(con, "import_template_thresholds", city=city, title=title or None)
        thresholds: dict[str, float] = {}
        for r in wanted.to_dict("records"):
            code, th = r["indicator_code"], r["threshold"]
            direction = ind.get(code, {}).get("direction")
            if code not in thresholds:
                thresholds[code] = th
            elif direction == "down":
                thresholds[code] = min(thresholds[code], th)
            else:
                thresholds[code] = max(thresholds[code], th)
        codes: list[str] = []
        base = list(wanted["indicator_code"].drop_duplicates())
        for code in base:
            r = ind.get(code)
            if r is None:
                continue
            parts = [code]
            if r["kind"] == "ratio":
                parts = [r["numerator_code"], r["denominator_code"]]
            if r.get("aggregation") == "weighted_mean" and isinstance(r.get("weight_code"), str):
                parts.append(r["weight_code"])
            for p in parts:
                if isinstance(p, str) and p in ind and ind[p]["kind"] != "ratio" and p not in codes:
                    codes.append(p)
        codes.sort(key=lambda c: (ind[c]["kind"] == "measure", order.get(c, 0)))
        for code in codes:
            r = ind[code]
            if r["aggregation"] == "city_only":
                targets = [city] if city_listed else []
            else:
                targets = leaves
            if r["direction"] == "yes_no":
                unit = "1=是 / 0=否" if lang == "zh" else "1=yes / 0=no"
            else:
                unit = r.get(f"unit_{lang}") if isinstance(r.get(f"unit_{lang}"), str) else (r.get("unit") or "")
            for a in targets:
                ar = area_rows[a]
                out.append({
                    "indicator_code": code, "indicator_name_zh": r["name_zh"], "indicator_name_en": r["name_en"],
                    "kind": t(f"data_template_kind_{'measure' if r['kind'] == 'measure' else 'value'}", lang),
                    "unit": unit, "threshold": thresholds.get(code),
                    "area_code": a, "area_name_zh": ar["name_zh"], "area_name_en": ar["name_en"],
                    "period": period, "value": None, "note": None, "source": None,
                })
    frame = pd.DataFrame(out, columns=COLUMNS)
    frame["threshold"] = pd.to_numeric(frame["threshold"], errors="coerce")
    return frame


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


def template_file_name(title: str | None, area: str | None, ext: str = "xlsx", today=None) -> str:
    month = (today or china_today()).strftime("%Y-%m")
    parts = ["template", area or "all", title or "all-titles", month]
    return "_".join(parts) + f".{ext}"


def grid_month(period: str | None, today=None):
    """The month a grid is for: `period` (YYYY-MM) or, by default, the latest complete month."""
    import datetime as dt
    from cocreate.intake.grid import latest_complete_month
    if not period:
        return latest_complete_month(today or china_today())
    try:
        return dt.datetime.strptime(period, "%Y-%m").date()
    except ValueError:
        raise CocreateError("grid_bad_period", period, text=period) from None


def grid_template(con, title: str | None = None, area: str | None = None, lang: str = "zh",
                  month=None) -> tuple[pd.DataFrame, bytes]:
    """(template rows with their frequency, grid XLSX bytes): one sheet per frequency, each for its latest period ended by
    the end of `month` (a date; default the latest complete month; see cocreate/intake/grid.py)."""
    from cocreate.intake.grid import grid_xlsx_bytes, period_start, previous_start, sheet_frequencies
    month = month or grid_month(None)
    frame = template_frame(con, title, area, lang, month)
    inds = db.run(con, "indicators")
    frequency = dict(zip(inds["code"], inds["frequency"]))
    # each sheet's last period, stored figures beside its cells for reference (never read back)
    previous = {}
    for f, part in frame.groupby(sheet_frequencies(frame, frequency)):
        rows = db.run(con, "grid_previous", period=previous_start(period_start(month, f), f),
                      indicators=sorted(set(part["indicator_code"])), areas=sorted(set(part["area_code"])))
        previous[f] = {(i, a): v for i, a, v in zip(rows["indicator_code"], rows["area_code"], rows["value"])}
    data = grid_xlsx_bytes(frame, month, frequency, lang, previous)
    frame = frame.assign(frequency=[frequency.get(c) or "month" for c in frame["indicator_code"]])
    return frame, data


def grid_file_name(title: str | None, area: str | None, month) -> str:
    return "_".join(["grid", area or "all", title or "all-titles", month.strftime("%Y-%m")]) + ".xlsx"


def write_grid(con, path, title: str | None = None, area: str | None = None, lang: str = "zh",
               period: str | None = None) -> pd.DataFrame:
    """Write a grid template (XLSX: rows = indicators, columns = areas, a sheet per frequency) for the
    month `period` (YYYY-MM; default the latest complete month)."""
    if Path(str(path)).suffix.lower() != ".xlsx":
        raise CocreateError("grid_xlsx_only", str(path), name=str(path))
    frame, data = grid_template(con, title, area, lang, grid_month(period))
    Path(path).write_bytes(data)
    return frame
