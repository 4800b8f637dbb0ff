"""Every standard an indicator is judged by, side by side (issue 18: a status always names its
standard; an indicator that serves several titles shows the others). Pure functions over rated rows
from cocreate.method.progress.title_progress (one frame per title, or several concatenated): each
standard's threshold and status are those rows' own, never rated again here."""
from __future__ import annotations

import pandas as pd

# what a standard's line needs from a rated row
STANDARD_FIELDS = ["title_code", "title_name_zh", "title_name_en", "title_short_zh", "title_short_en",
                   "indicator_code", "area_code", "threshold", "threshold_confidence", "direction", "decimals",
                   "status", "flags", "latest_value", "gap", "gap_units", "gap_unit_measure", "is_veto"]


def _frame(rated) -> pd.DataFrame:
    if isinstance(rated, pd.DataFrame):
        return rated
    frames = [f for f in rated if f is not None and len(f)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=STANDARD_FIELDS)


def standards_for(rated, indicator: str, area: str, first: str | None = None) -> pd.DataFrame:
    """One row per standard (title) that rates `indicator` in `area`: its threshold, direction and
    status from the rated rows; the `first` title (the page's own) first, the others in the order the
    rows came (titles in their catalog order). A title given twice is kept once."""
    df = _frame(rated)
    if df.empty:
        return pd.DataFrame(columns=STANDARD_FIELDS)
    rows = df[(df["indicator_code"] == indicator) & (df["area_code"].astype(str) == str(area))]
    rows = rows[[c for c in STANDARD_FIELDS if c in rows.columns]].drop_duplicates("title_code")
    if first is not None:
        rows = pd.concat([rows[rows["title_code"] == first], rows[rows["title_code"] != first]])
    return rows.reset_index(drop=True)


def other_standards(rated, title: str, area: str) -> dict[str, pd.DataFrame]:
    """indicator code -> the standards other than `title` that rate it in `area` (only indicators
    that have at least one): what a title page lists beside each status."""
    df = _frame(rated)
    if df.empty:
        return {}
    here = df[df["area_code"].astype(str) == str(area)]
    mine = set(here.loc[here["title_code"] == title, "indicator_code"])
    others = here[(here["title_code"] != title) & here["indicator_code"].isin(mine)]
    return {code: standards_for(others, code, area) for code in dict.fromkeys(others["indicator_code"])}
