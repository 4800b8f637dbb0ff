"""Tables and their downloads on every page: heights that say when rows scroll, CSV files that
Excel reads (UTF-8 with BOM, Chinese headers in Chinese, no cell a spreadsheet would run)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from cocreate.present.i18n import t
from cocreate.present.tables import csv_headers
from cocreate.safe_cells import frame_csv

ROW_PX, HEADER_PX = 35, 38  # st.dataframe's row and header heights


def table_height(n_rows: int, max_px: int, row_px: int = ROW_PX) -> int:
    """A table's height: all its rows, up to max_px (then it scrolls and rows_note says so)."""
    return min(max_px, HEADER_PX + row_px * max(n_rows, 1))


def rows_note(n_rows: int, height_px: int, lang: str, row_px: int = ROW_PX) -> None:
    """A table that shows fewer rows than it holds says how many it holds."""
    if HEADER_PX + row_px * n_rows > height_px:
        st.caption(t("table_rows_scroll", lang, n=n_rows, shown=max(round((height_px - HEADER_PX) / row_px), 1)))


def csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV as UTF-8 with BOM, so Excel shows Chinese; no cell a spreadsheet would run (safe_cells)."""
    return frame_csv(df).encode("utf-8-sig")


def download_csv(df: pd.DataFrame, filename: str, lang: str, key: str) -> None:
    """A CSV download button for a table; the file is written when the button is pressed, not at
    every run of the page. In Chinese, code-named columns get Chinese headers (csv_headers)."""
    name = filename if filename.endswith(".csv") else filename + ".csv"
    st.download_button(t("download_csv", lang), data=lambda: csv_bytes(csv_headers(df, lang)), file_name=name,
                       mime="text/csv",
                       key=key, on_click="ignore", icon=":material/download:")
