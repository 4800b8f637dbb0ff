"""Data page: templates, import with a per-row validation report, batches and rollback, the history
of any figure, export, and accounts (administrators). Thin: widgets -> cocreate core -> render."""
from __future__ import annotations

import hashlib
from types import SimpleNamespace

import streamlit as st

from cocreate import auth

from cocreate.errors import CocreateError, ImportRejected
from cocreate.present.i18n import error_text, fmt_number, pick, t
from cocreate.intake.observations import import_file
from cocreate.intake.template import COLUMNS as TEMPLATE_COLUMNS
from cocreate.intake.template import template_file_name
from cocreate.present.intake_words import import_summary, problems_frame
from cocreate.present.template_file import headers as template_headers
from cocreate.present.template_file import template_bytes, template_frame
from webui import auth as auth_ui
from webui import common, data_accounts, data_records, first_admin
from webui.data_grid import grid_tab

c = common.ctx()
lang = c.lang
user = auth_ui.current_user()

st.title(c.t("data_heading"))
st.caption(c.t("data_intro"))
if first_admin.setup_form(lang):   # the first administrator's one-time link (?setup=TOKEN)
    st.stop()

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
        st.success(import_summary(result, lang), icon=":material/check_circle:")
        return
    if result is not None and result.problems:
        st.error(error_text(rejected, lang), icon=":material/block:")
        report = problems_frame(result.problems, lang)
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
                        st.session_state["import_done_message"] = import_summary(final, lang)
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
    t_fmt = col3.radio(c.t("data_template_format"), ["xlsx", "csv", "grid"], key="tpl_fmt", horizontal=True,
                       format_func=lambda f: c.t(f"data_template_fmt_{f}"))
    if t_fmt == "grid":
        grid_tab(c, t_title or None, t_area)
    else:
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
            preview["value"] = preview["value"].astype(object).where(preview["value"].notna(), "")   # blank, not "None"
            hdr = dict(zip(TEMPLATE_COLUMNS, template_headers(lang)))
            preview.columns = [hdr["indicator_code"], t("col_indicator", lang), hdr["unit"], hdr["threshold"],
                               hdr["area_code"], t("col_area", lang), hdr["period"], hdr["value"]]
            st.dataframe(preview.head(200), hide_index=True, width="stretch", height=320)


# ------------------------------------------------------------------------ records and accounts
view = SimpleNamespace(c=c, user=user, area_rows=area_rows, ind_rows=ind_rows, area_label=area_label,
                       indicator_label=indicator_label)
with tabs["data_tab_batches"]:
    data_records.batches_tab(view)
with tabs["data_tab_history"]:
    data_records.history_tab(view)
with tabs["data_tab_export"]:
    data_records.export_tab(view)
if "data_tab_users" in tabs:
    with tabs["data_tab_users"]:
        data_accounts.accounts_tab(view)
