"""Data page, the record-keeping tabs: import batches (with rollback), the history of one figure,
and the export of every table. Each tab is a function of the page's view `v` (ctx, user, labels)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from cocreate import auth
from cocreate.errors import CocreateError
from cocreate.intake.observations import rollback_batch
from cocreate.present.i18n import fmt_number
from cocreate.store.export import export_zip, export_zip_name
from webui import common


def batch_table(c, batches: pd.DataFrame) -> pd.DataFrame:
    """Import batches as the page lists them."""
    def when(v):
        return "" if v is None or pd.isna(v) else pd.Timestamp(v).strftime("%Y-%m-%d %H:%M")
    rolled = [("" if pd.isna(at) else f"{when(at)} · {by}") for at, by in
              zip(batches["rolled_back_at"], batches["rolled_back_by"])]
    return pd.DataFrame({
        c.t("batch_col_id"): batches["batch_id"],
        c.t("batch_col_time"): [when(v) for v in batches["loaded_at"]],
        c.t("batch_col_user"): batches["user_name"],
        c.t("batch_col_file"): batches["file_name"],
        c.t("batch_col_accepted"): batches["rows_accepted"],
        c.t("batch_col_replaced"): batches["rows_replaced"],
        c.t("batch_col_status"): [c.t(f"batch_status_{s}") for s in batches["status"]],
        c.t("batch_col_rolled_back"): rolled,
    })


def batches_tab(v) -> None:
    """Import batches, newest first; an admin rolls one back."""
    c, lang, user = v.c, v.c.lang, v.user
    st.subheader(c.t("batch_heading"))
    batches = common.run("batch_list")
    if batches.empty:
        st.info(c.t("batch_none"))
    else:
        table = batch_table(c, batches)
        st.dataframe(table, hide_index=True, width="stretch", height="auto" if len(table) <= 10 else 400)
        common.download_csv(table, "import_batches", lang, key="batches_csv")
        rb_done = st.session_state.pop("rollback_done_message", None)
        if rb_done:
            st.success(rb_done, icon=":material/undo:")
        st.markdown(f"**{c.t('batch_rollback_heading')}**")
        if not auth.is_admin(user):
            st.caption(c.t("batch_rollback_admin_only"))
        else:
            active = batches.loc[batches["status"] == "active", "batch_id"].tolist()
            labels = {int(r["batch_id"]): f"#{r['batch_id']} · {r['file_name']} · {r['user_name']}"
                      for r in batches.to_dict("records")}
            if active:
                bcol1, bcol2 = st.columns([2, 3])
                pick_batch = bcol1.selectbox(c.t("batch_rollback_pick"), active, format_func=lambda b: labels[int(b)],
                                             key="rollback_pick")
                confirm = bcol2.checkbox(c.t("batch_rollback_confirm"), key="rollback_confirm")
                if st.button(c.t("batch_rollback_button"), disabled=not confirm, key="rollback_go",
                             icon=":material/undo:"):
                    try:
                        out = rollback_batch(common.con(), int(pick_batch), user)
                        st.session_state["rollback_done_message"] = c.t(
                            "batch_rollback_done", batch=out["batch_id"], restored=out["restored"],
                            deleted=out["deleted"])
                        st.session_state.pop("rollback_confirm", None)
                        st.rerun()
                    except CocreateError as exc:
                        common.show_error(exc, lang)


def history_tab(v) -> None:
    """Every value a figure has had: who loaded it, when, from which file."""
    c, lang, area_rows, ind_rows = v.c, v.c.lang, v.area_rows, v.ind_rows
    area_label, indicator_label = v.area_label, v.indicator_label
    st.subheader(c.t("figure_history_heading"))
    st.caption(c.t("figure_history_help"))
    importable = [code for code, r in ind_rows.items() if r["kind"] != "ratio"]
    h1, h2, h3 = st.columns(3)
    h_ind = h1.selectbox(c.t("indicator"), importable, key="hist_indicator", format_func=indicator_label)
    h_area = h2.selectbox(c.t("area"), list(area_rows), key="hist_area", format_func=area_label,
                          index=list(area_rows).index(c.area) if c.area in area_rows else 0)
    periods = common.run("figure_history_periods", indicator=h_ind, area=h_area)
    if periods.empty:
        st.info(c.t("figure_history_none"))
    else:
        plist = [pd.Timestamp(p).date() for p in periods["period"]]
        h_period = h3.selectbox(c.t("figure_period"), plist, key="hist_period",
                                format_func=lambda d: d.strftime("%Y-%m"))
        hist = common.run("figure_history", indicator=h_ind, area=h_area, period=h_period)
        decimals = ind_rows[h_ind].get("decimals")
        decimals = 2 if decimals is None or pd.isna(decimals) else int(decimals)

        def when(v):
            return "" if v is None or pd.isna(v) else pd.Timestamp(v).strftime("%Y-%m-%d %H:%M")
        view = pd.DataFrame({
            c.t("figure_col_state"): [c.t(f"figure_state_{s}") for s in hist["state"]],
            c.t("figure_col_value"): [fmt_number(v, decimals, lang, big=False) for v in hist["value"]],
            c.t("figure_col_batch"): hist["batch_id"].astype("Int64"),
            c.t("figure_col_when"): [when(v) for v in hist["since"]],
            c.t("figure_col_user"): hist["user_name"],
            c.t("figure_col_file"): hist["file_name"],
            c.t("figure_col_replaced_by"): hist["replaced_by_batch"].astype("Int64"),
            c.t("figure_col_source"): hist["source"],
            c.t("figure_col_note"): hist["note"],
        })
        st.dataframe(view, hide_index=True, width="stretch")
        common.download_csv(view, f"history_{h_ind}_{h_area}_{h_period:%Y-%m}", lang, key="history_csv")


def export_tab(v) -> None:
    """Every table as Parquet and CSV in one zip."""
    c, user = v.c, v.user
    st.subheader(c.t("data_export_heading"))
    st.caption(c.t("data_export_help"))
    include_users = auth.is_admin(user)
    if not include_users:
        st.caption(c.t("data_export_no_users"))
    st.download_button(c.t("data_export_button"), data=lambda: export_zip(common.con(), include_users=include_users),
                       file_name=export_zip_name(common.today()), mime="application/zip", key="export_zip",
                       on_click="ignore", type="primary", icon=":material/folder_zip:")
