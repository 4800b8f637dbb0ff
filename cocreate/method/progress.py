"""Domain services over the gateway: rated title progress for an area, and the report table."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from cocreate.store import db
from cocreate.errors import CocreateError
from cocreate.method.status import rate_frame, title_rollup

REPORT_COLUMNS = ["title_code", "indicator_code", "period", "value", "threshold", "direction",
                  "status", "projected_date", "gap", "confidence", "flags"]


def check_area(con, area: str) -> None:
    """Raise a readable error for an unknown area code."""
    if db.scalar(con, "SELECT count(*) FROM areas WHERE code = ?", [str(area)]) == 0:
        raise CocreateError("unknown_area", str(area), code=str(area))


def check_title(con, title: str | None) -> None:
    """Raise a readable error for an unknown title code."""
    if title and db.scalar(con, "SELECT count(*) FROM titles WHERE code = ?", [title]) == 0:
        raise CocreateError("unknown_title", title, code=title)


def _as_date(as_of) -> dt.date | None:
    if as_of is None or as_of == "":
        return None
    if isinstance(as_of, dt.datetime):
        return as_of.date()
    if isinstance(as_of, dt.date):
        return as_of
    return dt.date.fromisoformat(str(as_of)[:10])


def title_progress(con, area: str, title: str | None = None, as_of=None,
                   with_children: bool = False, indicator: str | None = None) -> pd.DataFrame:
    """Rated rows, one per title x indicator x area (the area, plus its children if asked); with
    `indicator`, that indicator's rows only (rated exactly as among all of them)."""
    raw = db.run(con, "title_progress", area=str(area), title=title, as_of=_as_date(as_of),
                 with_children=bool(with_children), indicator=indicator)
    return rate_frame(raw)


# glossary "behind" (落后): a title x indicator rating that will not meet the threshold by the
# deadline at the current pace: deteriorating, off track or needing acceleration
BEHIND = ("deteriorating", "off_track", "needs_acceleration")


def behind_ratings(rated: pd.DataFrame, title_codes) -> pd.DataFrame:
    """The ratings behind, of the titles given (the titles a city campaigns for; benchmarks apart):
    one row per title x indicator, so an indicator behind in two titles counts twice."""
    return rated[rated["status"].isin(BEHIND) & rated["title_code"].isin(list(title_codes))]


def title_summary(rated: pd.DataFrame) -> pd.DataFrame:
    """Per title x area roll-up of rated rows (share met, status counts, veto failing)."""
    return title_rollup(rated)


def report_table(con, area: str, title: str | None = None, as_of=None) -> pd.DataFrame:
    """The weekly notification as a table: one row per title x indicator for the area."""
    check_area(con, area)
    check_title(con, title)
    rated = title_progress(con, area, title, as_of)
    rated = rated[rated["area_code"] == str(area)]
    out = pd.DataFrame({
        "title_code": rated["title_code"],
        "indicator_code": rated["indicator_code"],
        "period": [_iso(p) for p in rated["latest_period"]],
        "value": [_round(v, d) for v, d in zip(rated["latest_value"], rated["decimals"])],
        "threshold": [_round(v, 6) for v in rated["threshold"]],
        "direction": rated["direction"],
        "status": rated["status"],
        "projected_date": [_iso(p) for p in rated["projected_date"]],
        "gap": [_round(v, d) for v, d in zip(rated["gap"], rated["decimals"])],
        # since the first review: how sure the threshold is, and what the status word may hide
        "confidence": [c if isinstance(c, str) and c else "seen" for c in rated["threshold_confidence"]],
        "flags": rated["flags"].fillna(""),
    })
    return out.reset_index(drop=True)


def _iso(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return pd.Timestamp(value).date().isoformat()


def _round(value, decimals):
    if value is None or pd.isna(value):
        return None
    r = round(float(value), int(decimals) if decimals is not None and not pd.isna(decimals) else 2)
    return 0.0 if r == 0 else r


def report_markdown(table: pd.DataFrame) -> str:
    """The report as a Markdown table."""
    cols = list(table.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in table.itertuples(index=False):
        lines.append("| " + " | ".join("" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)
                                       for v in row) + " |")
    return "\n".join(lines) + "\n"
