"""Read what the report, the page and the notice show from the store (named queries only)."""
from __future__ import annotations

import pandas as pd

from cocreate.store import db
from cocreate.errors import CocreateError

from . import report
from .periods import Period


def check_area(con, area: str) -> dict:
    """The area's catalog row; an unknown code is refused in words."""
    areas = db.run(con, "areas")
    row = areas[areas["code"] == str(area)]
    if row.empty:
        raise CocreateError("prob_unknown_area", str(area), code=str(area))
    return row.iloc[0].to_dict()


def problems(con, area: str | None) -> pd.DataFrame:
    return db.run(con, "problems_for_area", area=area)


def levels(con) -> pd.DataFrame:
    cats = db.run(con, "problems_catalogs")
    return cats[cats["catalog"] == "escalation"].rename(columns={"days": "days_overdue"}).reset_index(drop=True)


def catalog_names(con, kind: str) -> dict:
    """code -> {name_zh, name_en} for 'category', 'point_type' or 'escalation'."""
    cats = db.run(con, "problems_catalogs")
    return {r["code"]: r for r in cats[cats["catalog"] == kind].to_dict("records")}


def unit_names(con, area: str) -> dict:
    """unit code -> {name_zh, name_en} for the area's city (districts and departments)."""
    units = db.run(con, "problems_units", area=area)
    return {r["unit_code"]: r for r in units.to_dict("records")}


def unit_report(con, area: str, period: Period, by: str = "unit", frame: pd.DataFrame | None = None
                ) -> pd.DataFrame:
    """The DESIGN.md report for the area and period, with last period's rank and a trend."""
    df = problems(con, area) if frame is None else frame
    key = "unit_code" if by == "unit" else "area_code"
    now = report.unit_report(df, period.start, period.end, by=by)
    prev_p = period.previous()
    prev = report.unit_report(df, prev_p.start, prev_p.end, by=by)
    return report.with_trend(now, prev, key)
