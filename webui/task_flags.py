"""Campaign tasks on the product's one date (the sidebar's as-of date), checked against the
indicators they name: shared by the task board, the timeline and the title page."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from cocreate.campaign import task_flags, timeline
from cocreate.present.i18n import fmt_date, pick
from cocreate.present.tables import progress_display
from webui import common
from webui.status_display import WRAP_ROW_HEIGHT


def as_of(c: common.Ctx) -> dt.date:
    """The date task states are for: the sidebar's as-of date (today when no figure exists yet)."""
    return c.as_of or common.today()


def city_rated(c: common.Ctx, title: str | None = None) -> pd.DataFrame:
    """Rated rows of the city (tasks are the city's) as of the as-of date: the product's statuses."""
    rated = common.progress(c.city_code, title, c.as_of)
    return rated[rated["area_code"] == c.city_code]


def board_tasks(c: common.Ctx) -> pd.DataFrame:
    """The city's tasks in their state on the as-of date (no flag)."""
    return timeline.derive_status(common.run("task_board", area=c.city_code), as_of(c))


def city_tasks(c: common.Ctx) -> pd.DataFrame:
    """The city's tasks in their state on the as-of date, with the closed_unmet flag judged on the
    city's rated statuses of the same date (a failed rating leaves the tasks unflagged). Only what the
    closed tasks name is rated: nothing when they name no indicator, one title when they name one
    title's, else every title in one read (one read of every title measured 38 ms at the city tier,
    one read per named indicator 411 ms, per named title 209 ms: each read has a fixed cost)."""
    tasks = board_tasks(c)
    titles = {t for t, _ in task_flags.named_by_closed(tasks)}
    rated = pd.DataFrame(columns=["title_code", "indicator_code", "area_code", "status"])
    if titles:
        try:
            rated = city_rated(c, next(iter(titles)) if len(titles) == 1 else None)
        except Exception as exc:   # the board still shows; the error is said once
            common.show_error(exc, c.lang)
    return task_flags.flag_tasks(tasks, rated)


def states_caption(c: common.Ctx) -> None:
    """Say which date the task states (and the indicator statuses beside them) are for."""
    st.caption(":material/event: " + c.t("task_states_as_of", date=fmt_date(as_of(c), c.lang)))


def title_section(c: common.Ctx, title: str) -> None:
    """The title page's list: the city's tasks of this title closed while an indicator they name is
    still not met, one row per task x indicator, with the indicator's figure and threshold."""
    lang = c.lang
    try:
        rated = city_rated(c, title)
        tasks = timeline.derive_status(common.run("task_board", area=c.city_code), as_of(c))
    except Exception as exc:
        common.show_error(exc, lang)
        return
    tasks = tasks[tasks["title_code"] == title]
    links = task_flags.closed_unmet_links(tasks, rated)
    city = common.run("areas").set_index("code").loc[c.city_code].to_dict()
    title_name = pick(rated.iloc[0].to_dict(), "title_short", lang) if len(rated) else title
    params = dict(area=pick(city, "name", lang), title=title_name, date=fmt_date(as_of(c), lang))
    st.divider()
    st.subheader(c.t("task_flags_heading"))
    if links.empty:
        st.caption(c.t("task_flags_none", **params))
        return
    st.caption(c.t("task_flags_caption", **params))
    by_ind = rated.drop_duplicates("indicator_code").set_index("indicator_code", drop=False)
    shown = progress_display(by_ind.loc[links["indicator_code"]], lang, common.units_lookup())
    task_rows = tasks.set_index("task_id").loc[links["task_id"]]
    table = pd.DataFrame({   # the indicator and where it stands, then beside it the task closed on it
        c.t("col_indicator"): shown[c.t("col_indicator")].tolist(),
        c.t("task_flags_col_value"): [f"{v} / {th} {u}".strip() for v, th, u in
                                      zip(shown[c.t("col_value")], shown[c.t("col_threshold")], shown[c.t("col_unit")])],
        c.t("col_status"): [common.status_badge(s, lang) for s in links["status"]],
        c.t("task_col_id"): links["task_id"].tolist(),
        c.t("task_flags_col_task"): [pick(r, "task", lang) for r in task_rows.to_dict("records")],
        c.t("task_col_closed"): [pd.Timestamp(d).date() for d in task_rows["closed_date"]],
        c.t("task_col_department"): [pick(r, "department_name", lang) for r in task_rows.to_dict("records")],
    })
    # at 1280 px the long text (indicator, task) wraps in narrower columns so the task shows whole
    text = st.column_config.TextColumn
    st.dataframe(common.style_status(table, c.t("col_status"), links["status"]), hide_index=True, width="stretch",
                 key="title_task_flags", row_height=WRAP_ROW_HEIGHT,
                 column_config={c.t("task_col_closed"): st.column_config.DateColumn(format="YYYY-MM-DD"),
                                c.t("col_indicator"): text(width=170 if lang == "en" else 150),
                                c.t("task_flags_col_value"): text(width=130 if lang == "en" else 170),
                                c.t("col_status"): text(width=140 if lang == "en" else 100),
                                c.t("task_flags_col_task"): text(width=180 if lang == "en" else 220),
                                c.t("task_col_department"): text(width=130 if lang == "en" else 90)})
