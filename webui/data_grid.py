"""The Data page's grid template (issue 22): a month to pick (default the latest complete one), the
periods each sheet takes, the XLSX download. The upload on the same page reads the grid back."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from cocreate.errors import CocreateError
from cocreate.intake.grid import FREQUENCIES, grid_periods, latest_complete_month
from cocreate.intake.template import grid_file_name
from cocreate.present.template_file import grid_template
from webui import common

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _months(today: dt.date, n: int = 24) -> list[str]:
    """The current month and the n - 1 before it, newest first, as YYYY-MM."""
    out, y, m = [], today.year, today.month
    for _ in range(n):
        out.append(f"{y}-{m:02d}")
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out


def grid_tab(c, title: str | None, area: str) -> None:
    months = _months(common.today())
    default = latest_complete_month(common.today()).strftime("%Y-%m")
    narrow, _ = st.columns([1, 3])
    chosen = narrow.selectbox(c.t("data_grid_month"), months, index=months.index(default), key="tpl_grid_month",
                              help=c.t("data_grid_month_help"))
    month = dt.datetime.strptime(chosen, "%Y-%m").date()
    periods = grid_periods(month)
    try:
        frame, data = grid_template(common.con(), title, area, c.lang, month)
    except CocreateError as exc:
        common.show_error(exc, c.lang)
        return
    if frame.empty:
        st.info(c.t("data_template_empty"))
        return
    present = set(frame["frequency"])
    sheets = ("；" if c.lang == "zh" else "; ").join(
        f"{c.t('grid_sheet_' + f)} {periods[f]}" for f in FREQUENCIES if f in present)
    st.caption(c.t("data_grid_sheets", sheets=sheets, ind=frame["indicator_code"].nunique(),
                   areas=frame["area_code"].nunique()))
    st.download_button(c.t("data_template_download"), data=data, file_name=grid_file_name(title, area, month),
                       key="tpl_grid_download", on_click="ignore", type="primary", icon=":material/download:",
                       mime=XLSX_MIME)
