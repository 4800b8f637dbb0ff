"""Data page: templates, import with a per-row validation report, batches and rollback, the history
of any figure, export, and accounts (administrators). Thin: widgets -> cocreate core -> render."""
from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from cocreate import auth

from cocreate.store import db
from cocreate.errors import CocreateError, ImportRejected
from cocreate.store.export import export_zip, export_zip_name
from cocreate.present.i18n import error_text, fmt_number, pick, t
from cocreate.intake.observations import import_file, rollback_batch
from cocreate.intake.template import COLUMNS as TEMPLATE_COLUMNS
from cocreate.intake.template import headers as template_headers
from cocreate.intake.template import template_bytes, template_file_name, template_frame
from webui import auth as auth_ui
from webui import common

c = common.ctx()
lang = c.lang
user = auth_ui.current_user()

st.title(c.t("data_heading"))
st.caption(c.t("data_intro"))

if not auth.open_viewing() and user is None:
    st.info(c.t("data_open_viewing_off"))
    auth_ui.login_form(lang, key="gate")
    st.stop()

areas = common.run("areas")
area_rows = {r["code"]: r for r in areas.to_dict("records")}
indicators = common.run("indicators")
ind_rows = {r["code"]: r for r in indicators.to_dict("records")}


def area_label(code: str) -> str:
    r = area_rows.get(code)
    if r is None:
        return str(code)
    indent = "" if r["level"] == "city" else "　· "
    return f"{indent}{pick(r, 'name', lang)} ({code})"


def indicator_label(code: str) -> str:
    r = ind_rows.get(code)
    return f"{pick(r, 'name', lang)} ({code})" if r else str(code)


tab_names = ["data_tab_import", "data_tab_template", "data_tab_batches", "data_tab_history", "data_tab_export"]
if auth.is_admin(user):
    tab_names.append("data_tab_users")
tabs = dict(zip(tab_names, st.tabs([c.t(k) for k in tab_names])))


# ------------------------------------------------------------------------------------------ import
def show_check(result, rejected: ImportRejected | None) -> None:
    """The validation report: a sentence, then one row per problem (line, column, reason)."""
    if rejected is None:
        st.success(result.summary(lang), icon=":material/check_circle:")
        return
    if result is not None and result.problems:
        st.error(error_text(rejected, lang), icon=":material/block:")
        report = result.problems_frame(lang)
        st.dataframe(report, hide_index=True, width="stretch", height="auto" if len(report) <= 10 else 420)
        common.download_csv(report, f"problems_{result.file_name.rsplit('.', 1)[0]}", lang, key="import_report_csv")
    else:
        common.show_error(rejected, lang)


with tabs["data_tab_import"]:
    st.subheader(c.t("import_heading"))
    st.caption(c.t("import_help"))
    done = st.session_state.pop("import_done_message", None)
    if done:
        st.success(done, icon=":material/task_alt:")
    if not auth.may_import(user):
        auth_ui.require_role("clerk", "admin", lang=lang, what=c.t("import_login_needed"), key="login_import")
    else:
        own = "" if user["role"] == "admin" else (user.get("areas") or "")
        st.caption(c.t("import_your_areas", areas=c.t("import_all_areas") if user["role"] == "admin"
                       else "、".join(area_label(a).strip("　· ") for a in own.split(",") if a)))
        round_no = st.session_state.get("import_round", 0)
        upload = st.file_uploader(c.t("import_upload"), type=["csv", "xlsx"], key=f"import_file_{round_no}")
        if upload is not None:
            data = upload.getvalue()
            check_key = (hashlib.sha256(data).hexdigest(), upload.name, user["name"], common.version(), lang)
            cached = st.session_state.get("import_check")
            if not cached or cached[0] != check_key:
                result, rejected = None, None
                try:
                    result = import_file(common.con(), data, upload.name, user=user, dry_run=True, lang=lang)
                except ImportRejected as exc:
                    rejected, result = exc, getattr(exc, "result", None)
                except CocreateError as exc:
                    rejected = ImportRejected(exc.key, [], **exc.params)
                st.session_state["import_check"] = cached = (check_key, result, rejected)
            _, result, rejected = cached
            show_check(result, rejected)
            if rejected is None and result is not None:
                if st.button(c.t("import_button", n=fmt_number(result.rows_accepted, 0, lang, big=False)),
                             type="primary", key="import_go", icon=":material/upload:"):
                    try:
                        final = import_file(common.con(), data, upload.name, user=user, lang=lang)
                        st.session_state["import_done_message"] = final.summary(lang)
                        st.session_state["import_round"] = round_no + 1
                        st.session_state.pop("import_check", None)
                        st.rerun()
                    except ImportRejected as exc:
                        show_check(getattr(exc, "result", None), exc)
                    except CocreateError as exc:
                        common.show_error(exc, lang)


# ---------------------------------------------------------------------------------------- template
with tabs["data_tab_template"]:
    st.subheader(c.t("data_template_heading"))
    st.caption(c.t("data_template_help"))
    titles = common.run("titles")
    title_rows = {r["code"]: r for r in titles.to_dict("records")}
    col1, col2, col3 = st.columns([3, 3, 1.4])
    t_title = col1.selectbox(c.t("data_template_title"), [""] + list(title_rows), key="tpl_title",
                             format_func=lambda x: c.t("data_template_all_titles") if not x
                             else pick(title_rows[x], "name", lang))
    area_codes = list(area_rows)
    t_area = col2.selectbox(c.t("data_template_area"), area_codes, key="tpl_area",
                            index=area_codes.index(c.city_code) if c.city_code in area_codes else 0,
                            format_func=area_label)
    t_fmt = col3.radio(c.t("data_template_format"), ["xlsx", "csv"], key="tpl_fmt", horizontal=True)
    try:
        frame = template_frame(common.con(), t_title or None, t_area, lang=lang, today=common.today())
    except CocreateError as exc:
        common.show_error(exc, lang)
        frame = None
    if frame is not None and frame.empty:
        st.info(c.t("data_template_empty"))
    elif frame is not None:
        st.caption(c.t("data_template_rows", n=len(frame), ind=frame["indicator_code"].nunique()))
        name = template_file_name(t_title or None, t_area, t_fmt, common.today())
        st.download_button(c.t("data_template_download"), data=lambda: template_bytes(frame, name, lang),
                           file_name=name, key="tpl_download", on_click="ignore", type="primary",
                           icon=":material/download:",
                           mime="text/csv" if t_fmt == "csv" else
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        preview = frame[["indicator_code", f"indicator_name_{lang}", "unit", "threshold", "area_code",
                         f"area_name_{lang}", "period", "value"]].copy()
        hdr = dict(zip(TEMPLATE_COLUMNS, template_headers(lang)))
        preview.columns = [hdr["indicator_code"], t("col_indicator", lang), hdr["unit"], hdr["threshold"],
                           hdr["area_code"], t("col_area", lang), hdr["period"], hdr["value"]]
        st.dataframe(preview.head(200), hide_index=True, width="stretch", height=320)


# ----------------------------------------------------------------------------------------- batches
def batch_table(batches: pd.DataFrame) -> pd.DataFrame:
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


with tabs["data_tab_batches"]:
    st.subheader(c.t("batch_heading"))
    batches = common.run("batch_list")
    if batches.empty:
        st.info(c.t("batch_none"))
    else:
        table = batch_table(batches)
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


# ---------------------------------------------------------------------------------- figure history
with tabs["data_tab_history"]:
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


# ------------------------------------------------------------------------------------------ export
with tabs["data_tab_export"]:
    st.subheader(c.t("data_export_heading"))
    st.caption(c.t("data_export_help"))
    include_users = auth.is_admin(user)
    if not include_users:
        st.caption(c.t("data_export_no_users"))
    st.download_button(c.t("data_export_button"), data=lambda: export_zip(common.con(), include_users=include_users),
                       file_name=export_zip_name(common.today()), mime="application/zip", key="export_zip",
                       on_click="ignore", type="primary", icon=":material/folder_zip:")


# ---------------------------------------------------------------------------------------- accounts
if "data_tab_users" in tabs:
    with tabs["data_tab_users"]:
        st.subheader(c.t("auth_users_heading"))
        msg = st.session_state.pop("users_message", None)
        if msg:
            st.success(msg)
        users = db.run(common.con(), "users_list")

        def when(v):
            return "" if v is None or pd.isna(v) else pd.Timestamp(v).strftime("%Y-%m-%d %H:%M")
        st.dataframe(pd.DataFrame({
            c.t("auth_col_name"): users["name"],
            c.t("auth_col_role"): [auth_ui.role_label(r, lang) for r in users["role"]],
            c.t("auth_col_areas"): [" ".join(area_label(a).strip("　· ") for a in str(s).split(",") if a)
                                    if isinstance(s, str) else "" for s in users["areas"]],
            c.t("auth_col_created"): [when(v) for v in users["created_at"]],
            c.t("auth_col_failed"): users["failed_logins"],
            c.t("auth_col_locked"): [when(v) for v in users["locked_until"]],
        }), hide_index=True, width="stretch")
        ucol1, ucol2 = st.columns(2)
        with ucol1.form("add_user_form", clear_on_submit=True):
            st.markdown(f"**{c.t('auth_add_user')}**")
            new_name = st.text_input(c.t("auth_user_name"), key="new_user_name")
            new_role = st.selectbox(c.t("auth_role"), list(auth.ROLES), key="new_user_role",
                                    format_func=lambda r: auth_ui.role_label(r, lang))
            new_areas = st.multiselect(c.t("auth_areas"), list(area_rows), key="new_user_areas",
                                       format_func=area_label)
            pw1 = st.text_input(c.t("auth_password"), type="password", key="new_user_pw1")
            pw2 = st.text_input(c.t("auth_password_again"), type="password", key="new_user_pw2")
            if st.form_submit_button(c.t("auth_add_user"), icon=":material/person_add:"):
                try:
                    if pw1 != pw2:
                        raise CocreateError("auth_password_mismatch")
                    made = auth.add_user(common.con(), new_name, pw1, new_role, ",".join(new_areas))
                    st.session_state["users_message"] = c.t("auth_user_added", name=made["name"],
                                                            role=auth_ui.role_label(made["role"], lang))
                    st.rerun()
                except CocreateError as exc:
                    common.show_error(exc, lang)
        with ucol2:
            others = [n for n in users["name"] if n != user["name"]]
            if others:
                who = st.selectbox(c.t("auth_col_name"), others, key="manage_user")
                b1, b2 = st.columns(2)
                if b1.button(c.t("auth_unlock"), key="unlock_user", icon=":material/lock_open:"):
                    auth.unlock_user(common.con(), who)
                    st.session_state["users_message"] = c.t("auth_unlocked", name=who)
                    st.rerun()
                if b2.button(c.t("auth_delete"), key="delete_user", icon=":material/person_remove:"):
                    auth.delete_user(common.con(), who)
                    st.session_state["users_message"] = c.t("auth_deleted", name=who)
                    st.rerun()
