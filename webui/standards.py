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


def insert_others_column(display: pd.DataFrame, rows: pd.DataFrame, others: dict, lang: str,
                         after: str | None = None) -> pd.DataFrame:
    """Add the 'other standards' column to a displayed rated table (one display row per row of
    `rows`): each other standard's threshold and status for that row's indicator."""
    from cocreate.present.i18n import t
    from cocreate.present.standards import others_text
    if display.empty:
        return display
    values = [others_text(others.get(code), lang) or "—" for code in rows["indicator_code"]]
    out = display.copy()
    at = out.columns.get_loc(after) + 1 if after in out.columns else len(out.columns)
    out.insert(at, t("std_col_others", lang), values)
    return out


def standards_panel(row: dict, others: dict, lang: str) -> None:
    """Under a status: the standard it is judged by, and the others one click away (a popover)."""
    import streamlit as st
    from cocreate.present.i18n import t
    from cocreate.present.standards import against_text
    st.caption(against_text(row, lang))
    theirs = others.get(row.get("indicator_code"))
    n = 0 if theirs is None else len(theirs)
    with st.popover(t("std_others_heading", lang, n=n), disabled=n == 0, width="stretch"):
        for r in ([] if theirs is None else theirs.to_dict("records")):
            st.markdown("- " + t("std_line", lang, against=against_text(r, lang), status=common.status_md(r["status"], lang)))
