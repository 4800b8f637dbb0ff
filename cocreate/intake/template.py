"""Fill-in templates: the importable codes pre-filled, the value column empty.

Only what can be imported is listed: value indicators and measures (a ratio is replaced by its
numerator and denominator, a weighted mean brings its weight measure), each at the right level
(districts for figures that roll up, the city for city_only ones). The period is this month (China
time). The template re-imports unchanged apart from the filled values: extra columns are ignored
by the importer and rows left empty are skipped.

This module picks the rows (codes, catalog names, thresholds); the file a person fills, in their
language (headers, kind words, help sheet, the grid workbook), is cocreate/present/template_file.py's.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from cocreate.store import db
from cocreate.errors import CocreateError
from cocreate.intake.grid import latest_complete_month, period_start, previous_start, sheet_frequencies
from cocreate.intake.observations import china_today

COLUMNS = ["indicator_code", "indicator_name_zh", "indicator_name_en", "kind", "unit", "threshold",
           "area_code", "area_name_zh", "area_name_en", "period", "value", "note", "source"]


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


def template_rows(con, title: str | None = None, area: str | None = None, lang: str = "zh",
                  today=None) -> pd.DataFrame:
    """The template rows: COLUMNS (kind a code, measure / value; unit the catalog's in `lang`) and
    `yes_no` (the figure is 1 = yes / 0 = no). present/template_file.template_frame words them."""
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
            yes_no = r["direction"] == "yes_no"
            unit = None if yes_no else (r.get(f"unit_{lang}") if isinstance(r.get(f"unit_{lang}"), str)
                                        else (r.get("unit") or ""))
            for a in targets:
                ar = area_rows[a]
                out.append({
                    "indicator_code": code, "indicator_name_zh": r["name_zh"], "indicator_name_en": r["name_en"],
                    "kind": "measure" if r["kind"] == "measure" else "value",
                    "unit": unit, "threshold": thresholds.get(code),
                    "area_code": a, "area_name_zh": ar["name_zh"], "area_name_en": ar["name_en"],
                    "period": period, "value": None, "note": None, "source": None, "yes_no": yes_no,
                })
    frame = pd.DataFrame(out, columns=[*COLUMNS, "yes_no"])
    frame["threshold"] = pd.to_numeric(frame["threshold"], errors="coerce")
    return frame


def template_file_name(title: str | None, area: str | None, ext: str = "xlsx", today=None) -> str:
    month = (today or china_today()).strftime("%Y-%m")
    parts = ["template", area or "all", title or "all-titles", month]
    return "_".join(parts) + f".{ext}"


def grid_month(period: str | None, today=None):
    """The month a grid is for: `period` (YYYY-MM) or, by default, the latest complete month."""
    if not period:
        return latest_complete_month(today or china_today())
    try:
        return dt.datetime.strptime(period, "%Y-%m").date()
    except ValueError:
        raise CocreateError("grid_bad_period", period, text=period) from None


def grid_previous(con, frame: pd.DataFrame, month) -> tuple[dict[str, str], dict[str, dict]]:
    """(indicator code -> frequency, {frequency: {(indicator, area): value}}): each grid sheet's last
    period's stored figures for the template rows `frame`, shown beside its cells (never read back)."""
    inds = db.run(con, "indicators")
    frequency = dict(zip(inds["code"], inds["frequency"]))
    previous = {}
    for f, part in frame.groupby(sheet_frequencies(frame, frequency)):
        rows = db.run(con, "grid_previous", period=previous_start(period_start(month, f), f),
                      indicators=sorted(set(part["indicator_code"])), areas=sorted(set(part["area_code"])))
        previous[f] = {(i, a): v for i, a, v in zip(rows["indicator_code"], rows["area_code"], rows["value"])}
    return frequency, previous


def grid_file_name(title: str | None, area: str | None, month) -> str:
    return "_".join(["grid", area or "all", title or "all-titles", month.strftime("%Y-%m")]) + ".xlsx"
