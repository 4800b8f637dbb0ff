"""Task board: the five fixes (定部门、定领导、定任务、定进度、定责任) for the sidebar area's city, with
filters, overdue derived from the due date, a department's own view, checklist closing (销号)
with history, in-app editing, and CSV/XLSX import and export."""
import pandas as pd
import streamlit as st

from cocreate.campaign import board
from cocreate.intake import tasks as task_intake
from cocreate.present import task_tables
from cocreate.campaign import timeline
from cocreate.errors import CocreateError
from cocreate.present.i18n import fmt_date, fmt_number, pick
from cocreate.campaign import task_flags as flags
from webui import common, task_actions, task_flags
from webui.status_display import WRAP_ROW_HEIGHT

c = common.ctx()
lang = c.lang
today = common.today()         # writes (closing dates) are checked against today
as_of = task_flags.as_of(c)    # what the board shows: every task's state on the sidebar's date
city_row = common.run("areas").set_index("code").loc[c.city_code].to_dict()
city_name = pick(city_row, "name", lang)
common.page_header(c, c.t("task_heading", area=city_name), c.t("task_five_fixes", as_of=fmt_date(as_of, lang)))
task_flags.states_caption(c)

try:
    tasks = task_flags.city_tasks(c)
    departments = common.run("department_list", area=c.city_code)
    campaigns = common.run("campaigns_for_area", area=c.city_code)
    indicators = common.run("indicators")
except Exception as exc:
    common.show_error(exc, lang)
    st.stop()

dep_names = {r["code"]: pick(r, "name", lang) for r in departments.to_dict("records")}
campaigns = campaigns[campaigns["kind"] == "title"]
title_names = {r["title_code"]: pick(r, "short", lang) for r in campaigns.to_dict("records")}
ind_names = {r["code"]: pick(r, "name", lang) for r in indicators.to_dict("records")}


if msg := st.session_state.pop("_task_flash", None):
    st.success(msg)

if tasks.empty:
    st.info(c.t("task_no_city_tasks", area=city_name))

# ---- headline counts
counts = timeline.state_counts(tasks)
soon = timeline.filter_tasks(tasks, due_within_days=30, as_of=as_of)
m1, m2, m3, m4, m5 = st.columns(5)
m1.metric(c.t("task_metric_total"), len(tasks), border=True)
m2.metric(c.t("task_metric_overdue"), counts["overdue"], border=True)
m3.metric(c.t("task_metric_due_soon"), len(soon), border=True)
m4.metric(c.t("task_metric_done"), counts["done"], border=True)
m5.metric(c.t("task_metric_closed_unmet"), flags.count_flagged(tasks), border=True,
          help=c.t("task_metric_closed_unmet_help"))

tab_board, tab_mine, tab_close, tab_edit, tab_io, tab_hist = st.tabs([
    c.t("task_tab_board"), c.t("task_tab_mine"), c.t("task_tab_close"), c.t("task_tab_edit"), c.t("task_tab_io"),
    c.t("task_tab_history")])

# ---- the board: filters, the five fixes, by department
with tab_board:
    f1, f2, f3, f4 = st.columns([3, 2, 2, 2])
    dep_options = [d for d in departments["code"] if d in set(tasks["department_code"])]
    sel_deps = f1.multiselect(c.t("task_filter_department"), dep_options, format_func=dep_names.get,
                              key="task_f_dep", placeholder=c.t("task_filter_placeholder"))
    sel_titles = f2.multiselect(c.t("task_filter_title"), list(title_names), format_func=title_names.get,
                                key="task_f_title", placeholder=c.t("task_filter_placeholder"))
    sel_states = f3.multiselect(c.t("task_filter_state"), list(timeline.STATES),
                                format_func=lambda s: c.t(f"task_state_{s}"), key="task_f_state",
                                placeholder=c.t("task_filter_placeholder"))
    due_opts = [None, 7, 30, 90]
    within = f4.selectbox(c.t("task_filter_due"), due_opts, key="task_f_due",
                          format_func=lambda n: c.t("task_due_any") if n is None else c.t("task_due_within", n=n))
    shown = timeline.filter_tasks(tasks, departments=sel_deps, titles=sel_titles, states=sel_states,
                                  due_within_days=within, as_of=as_of)
    st.caption(c.t("task_shown", n=len(shown), total=len(tasks), overdue=int((shown["state"] == "overdue").sum())))
    if shown.empty:
        st.info(c.t("task_no_tasks"))
    else:
        table = task_tables.task_table(shown, lang, ind_names)
        st.dataframe(task_tables.style_states(table, c.t("task_col_state"), task_tables.shown_states(shown)),
                     hide_index=True,
                     width="stretch", height=min(720, 40 + WRAP_ROW_HEIGHT * len(table)), key="task_board_table",
                     row_height=WRAP_ROW_HEIGHT,   # a long department or task wraps instead of being cut at 1280 px
                     column_config={c.t("task_col_id"): st.column_config.TextColumn(width=88),   # LZ-SAN-01 on one line
                                    c.t("task_col_department"): st.column_config.TextColumn(width=150 if lang == "en" else 110),
                                    c.t("task_col_task"): st.column_config.TextColumn(width=280),
                                    c.t("task_col_due"): st.column_config.DateColumn(  # 定进度（完成时限）: a long header
                                        format="YYYY-MM-DD", width="small" if lang == "en" else 140),
                                    c.t("task_col_state"): st.column_config.TextColumn(width=200 if lang == "en" else 165),
                                    c.t("task_col_closed"): st.column_config.DateColumn(format="YYYY-MM-DD")})
        common.download_csv(task_tables.export_frame(shown, lang), f"tasks_{c.city_code}", lang, key="dl_tasks")
    with st.expander(c.t("task_by_department"), expanded=False):
        st.dataframe(task_tables.department_summary(shown, lang), hide_index=True, width="stretch",
                     key="task_dep_summary")

# ---- a department's own view: my tasks and the indicators I lead
with tab_mine:
    dep_codes = departments["code"].tolist()
    default_dep = dep_options[0] if dep_options else dep_codes[0]
    dep = common.url_widget(st.selectbox, c.t("task_my_department"), dep_codes, "dept", default_dep,
                            format_func=dep_names.get)
    mine = tasks[tasks["department_code"] == dep]
    name = dep_names.get(dep, dep)
    st.markdown(f"**{c.t('task_my_tasks', dept=name)}** · "
                + c.t("task_shown", n=len(mine), total=len(mine), overdue=int((mine["state"] == "overdue").sum())))
    if len(mine):
        mt = task_tables.task_table(mine, lang, ind_names)
        keep = [c.t(k) for k in ("task_col_id", "task_col_state", "task_col_due", "task_col_task", "task_col_title",
                                 "task_col_indicators")]
        st.dataframe(task_tables.style_states(mt[keep], c.t("task_col_state"), task_tables.shown_states(mine)),
                     hide_index=True,
                     width="stretch", key="task_mine_table", row_height=WRAP_ROW_HEIGHT,
                     column_config={c.t("task_col_due"): st.column_config.DateColumn(format="YYYY-MM-DD"),
                                    c.t("task_col_state"): st.column_config.TextColumn(width=200),
                                    c.t("task_col_task"): st.column_config.TextColumn(width=280)})
        common.download_csv(task_tables.export_frame(mine, lang), f"tasks_{dep}", lang, key="dl_mine")
    st.markdown(f"**{c.t('task_my_indicators', dept=name)}**")
    led = common.run("department_indicators", department=dep)
    if led.empty:
        st.caption(c.t("task_no_led_indicators"))
    else:
        try:
            rated = common.progress(c.city_code, None, c.as_of)
            rated = rated[rated["area_code"] == c.city_code]
        except Exception as exc:
            common.show_error(exc, lang)
            rated = pd.DataFrame(columns=["title_code", "indicator_code", "status", "flags", "latest_value",
                                          "decimals", "sources"])
        led = led.merge(rated[["title_code", "indicator_code", "status", "flags", "latest_value", "decimals", "sources"]],
                        on=["title_code", "indicator_code"], how="left")
        led["status"] = led["status"].fillna("insufficient_data")
        dec = [int(d) if pd.notna(d) else 2 for d in led["decimals"]]
        lt = pd.DataFrame({
            c.t("col_title"): [pick(r, "title_short", lang) for r in led.to_dict("records")],
            c.t("col_indicator"): [pick(r, "name", lang) for r in led.to_dict("records")],
            c.t("task_col_latest"): [fmt_number(v, d, lang, big=False) for v, d in zip(led["latest_value"], dec)],
            c.t("task_col_threshold"): [fmt_number(v, d, lang, big=False) for v, d in zip(led["threshold"], dec)],
            c.t("col_unit"): [pick(r, "unit", lang) for r in led.to_dict("records")],
            c.t("task_col_status_ind"): [common.status_badge(s, lang, f) for s, f in zip(led["status"], led["flags"])],
        })
        st.dataframe(common.style_status(lt, c.t("task_col_status_ind"), led["status"]), hide_index=True,
                     width="stretch", key="task_led_table")
        common.download_csv(led.rename(columns={"sources": "source"}), f"indicators_{dep}", lang, key="dl_led")

may_edit, user_name, allowed, who_msg = task_actions.who_may_edit(lang)

# ---- checklist closing (销号)
with tab_close:
    st.caption(c.t("task_close_help"))
    open_tasks = tasks[tasks["status"] != "done"].sort_values(["is_overdue", "due_date"], ascending=[False, True])
    if not may_edit:
        task_actions.login_here("task_login_close", lang)
    elif open_tasks.empty:
        st.info(c.t("task_nothing_to_close"))
    else:
        st.caption(who_msg)
        labels = {r["task_id"]: f"{r['task_id']} · {pick(r, 'task', lang)} · {task_tables.state_text(r, lang)}"
                  for r in open_tasks.to_dict("records")}
        with st.form("task_close_form", clear_on_submit=True):
            tid = st.selectbox(c.t("task_close_select"), list(labels), format_func=labels.get, key="task_close_id")
            d1, d2 = st.columns([1, 3])
            closed_on = d1.date_input(c.t("task_close_date"), value=today, max_value=today, format="YYYY-MM-DD",
                                      key="task_close_date")
            evidence = d2.text_input(c.t("task_close_evidence"), key="task_close_evidence", max_chars=500)
            note = st.text_input(c.t("task_close_note"), key="task_close_note", max_chars=500)
            if st.form_submit_button(c.t("task_close_button"), type="primary"):
                try:
                    board.close_task(common.con(), tid, closed_on, evidence, user=user_name, note=note,
                                        today=today, lang_field=lang, allowed_areas=allowed)
                except CocreateError as exc:
                    common.show_error(exc, lang)
                else:
                    task_actions.flash(c.t("task_closed_ok", code=tid))
                    st.rerun()

# ---- editing in the app
with tab_edit:
    st.caption(c.t("task_editor_help"))
    if not may_edit:
        task_actions.login_here("task_login_edit", lang)
    else:
        st.caption(who_msg)
        sfx = lang
        cols = board.editor_columns(lang)
        base = shown[cols].copy()
        for col in ("due_date", "closed_date"):
            base[col] = pd.to_datetime(base[col]).dt.date
        base = base.reset_index(drop=True)
        edited = st.data_editor(
            base, key=f"task_editor_{c.city_code}_{common.version()}", num_rows="add", hide_index=True,
            width="stretch", height=min(560, 40 + 35 * (len(base) + 1)), disabled=["task_id"],
            column_config={
                "task_id": st.column_config.TextColumn(c.t("task_col_id")),
                "department_code": st.column_config.SelectboxColumn(
                    c.t("task_col_department"), options=list(dep_names), format_func=dep_names.get, required=True,
                    width="medium"),
                "title_code": st.column_config.SelectboxColumn(
                    c.t("task_col_title"), options=list(title_names), format_func=title_names.get, required=True),
                f"leader_{sfx}": st.column_config.TextColumn(c.t("task_col_leader"), max_chars=500),
                f"task_{sfx}": st.column_config.TextColumn(c.t("task_col_task"), max_chars=500, width="large",
                                                           required=True),
                "due_date": st.column_config.DateColumn(c.t("task_col_due"), format="YYYY-MM-DD", required=True),
                f"responsible_{sfx}": st.column_config.TextColumn(c.t("task_col_responsible"), max_chars=500),
                "status": st.column_config.SelectboxColumn(
                    c.t("task_col_state"), options=list(timeline.TASK_STATUSES),
                    format_func=lambda s: c.t(f"task_state_{s}"), required=True, default="not_started"),
                "indicator_codes": st.column_config.TextColumn(c.t("task_col_indicators")),
                "closed_date": st.column_config.DateColumn(c.t("task_col_closed"), format="YYYY-MM-DD"),
                f"evidence_{sfx}": st.column_config.TextColumn(c.t("task_col_evidence"), max_chars=500),
            })
        if st.button(c.t("task_save_button"), type="primary", key="task_save"):
            changed = board.editor_changes(base, edited, tasks, lang)
            if changed.empty:
                st.info(c.t("task_no_changes"))
            else:
                def save_edits():
                    refs = task_intake.load_refs(common.con(), allowed)
                    clean, problems = task_intake.validate_tasks(changed, refs, today)
                    if problems:
                        raise task_intake.TaskImportRejected("task_edit_rejected", problems, n=len(problems),
                                                          rows=len({p.line for p in problems}))
                    return board.apply_tasks(common.con(), clean, refs, user_name, action="edit")
                task_actions.write_and_report(save_edits, lang)

# ---- import and export
with tab_io:
    export = task_tables.export_frame(tasks, lang)
    e1, e2, _ = st.columns([1, 1, 3])
    with e1:
        common.download_csv(export, f"tasks_{c.city_code}_{as_of.isoformat()}", lang, key="dl_tasks_all")
    with e2:
        st.download_button(c.t("task_export_xlsx"), data=lambda: task_tables.to_xlsx_bytes(export),
                           file_name=f"tasks_{c.city_code}_{as_of.isoformat()}.xlsx", key="dl_tasks_xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           on_click="ignore", icon=":material/table:")
    st.divider()
    st.caption(c.t("task_import_help"))
    if not may_edit:
        task_actions.login_here("task_login_io", lang)
    else:
        st.caption(who_msg)
        up = st.file_uploader(c.t("task_import_label"), type=["csv", "xlsx"], key="task_upload")
        if up is not None and st.button(c.t("task_import_button"), type="primary", key="task_import"):
            task_actions.write_and_report(lambda: task_intake.import_tasks(
                common.con(), up.getvalue(), up.name, user=user_name, today=today, allowed_areas=allowed), lang)

# ---- history of changes
with tab_hist:
    hist = common.run("task_history_log", area=c.city_code, task=None)
    if hist.empty:
        st.caption(c.t("task_no_history"))
    else:
        def word(s):
            return c.t(f"task_state_{s}") if isinstance(s, str) and s else "—"
        ht = pd.DataFrame({
            c.t("task_hist_when"): pd.to_datetime(hist["changed_at"]).dt.strftime("%Y-%m-%d %H:%M"),
            c.t("task_hist_who"): [u if isinstance(u, str) and u else c.t("task_user_none") for u in hist["user_name"]],
            c.t("task_col_id"): hist["task_id"],
            c.t("task_col_task"): [pick(r, "task", lang) for r in hist.to_dict("records")],
            c.t("task_hist_action"): [c.t(f"task_action_{a}") for a in hist["action"]],
            c.t("task_hist_old"): [word(s) for s in hist["old_status"]],
            c.t("task_hist_new"): [word(s) for s in hist["new_status"]],
            c.t("task_hist_note"): hist["note"].fillna(""),
        })
        st.dataframe(ht, hide_index=True, width="stretch", key="task_hist_table")
        common.download_csv(hist, f"task_history_{c.city_code}", lang, key="dl_task_hist")
