"""The rated rows of every standard a page names beside a status: the same cached rows the title page
shows (common.progress per title, area, as-of date, with children), so a status reads the same word
and number on every page (issue 18)."""
from __future__ import annotations

import pandas as pd

from webui import common


def campaigned_codes(campaigns: pd.DataFrame) -> list[str]:
    """The titles (and benchmark sets) the city campaigns for, in the catalog's order."""
    return campaigns["title_code"].tolist() if "title_code" in campaigns else []


def rated_standards(area: str, titles: list[str], as_of) -> pd.DataFrame:
    """Rated rows of each title in `titles` for `area` and its children, concatenated (each from
    common.progress with the key the title page uses)."""
    frames = [common.progress(area, code, as_of, with_children=True) for code in titles]
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
