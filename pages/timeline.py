"""Campaign timeline: every campaign's four stages for the sidebar area's city (Gantt with today,
milestones and overdue tasks), the countdown to the next inspection, and for one title the
readiness of each stage and the tasks due in it."""
import pandas as pd
import streamlit as st

from cocreate.present import task_tables
from cocreate.campaign import task_flags as flags, timeline
from cocreate.present.campaign_charts import gantt_chart
from cocreate.present.i18n import fmt_date, pick
from webui import common, task_flags
from webui.status_display import WRAP_ROW_HEIGHT

c = common.ctx()
lang = c.lang
today = task_flags.as_of(c)   # the page's one date: tasks, stages, countdown and indicators all on the sidebar's date
city_row = common.run("areas").set_index("code").loc[c.city_code].to_dict()
city_name = pick(city_row, "name", lang)
common.page_header(c, c.t("tl_heading", area=city_name), c.t("tl_caption"))
task_flags.states_caption(c)

try:
    stages = common.run("stage_timeline", area=c.city_code)
    milestones = common.run("milestone_timeline", area=c.city_code)
    tasks = task_flags.board_tasks(c)   # every title's tasks in their state (the Gantt's overdue); flagged below
except Exception as exc:
    common.show_error(exc, lang)
    st.stop()

if stages.empty:
    st.info(c.t("tl_no_stages", area=city_name))
    st.stop()

title_rows = stages.drop_duplicates("title_code")
codes = title_rows["title_code"].tolist()
names = {r["title_code"]: pick(r, "title_name", lang) for r in title_rows.to_dict("records")}
shorts = {r["title_code"]: pick(r, "title_short", lang) for r in title_rows.to_dict("records")}

left, _ = st.columns([2, 3])
with left:
    title = common.url_widget(st.selectbox, c.t("tl_choose_title"), codes, "title", codes[0], format_func=names.get)

t_stages = stages[stages["title_code"] == title]
t_milestones = milestones[milestones["title_code"] == title]
try:
    rated = common.progress(c.city_code, title, c.as_of)
except Exception as exc:
    common.show_error(exc, lang)
    rated = pd.DataFrame(columns=["indicator_code", "status", "area_code"])
rated = rated[rated["area_code"] == c.city_code] if len(rated) else rated
t_tasks = flags.flag_tasks(tasks[tasks["title_code"] == title], rated)   # judged on the title's rated rows: one read

# ---- headline numbers: countdown, next milestone, current stage, readiness
nxt = timeline.next_inspection(milestones, today)
nxt_any = timeline.next_inspection(milestones, today, codes=tuple(milestones["milestone_code"].unique()))
cur = timeline.current_stage(t_stages, today)
ready, n_rated = timeline.title_readiness(rated)
m1, m2, m3, m4 = st.columns(4, border=True)
with m1:
    if nxt:
        st.metric(c.t("tl_countdown_label"), c.t("tl_countdown_value", days=nxt["days"]),
                  help=c.t("tl_countdown_help", title=shorts.get(nxt["title_code"], nxt["title_code"]),
                           date=fmt_date(nxt["date"], lang)))
        st.caption(f"{shorts.get(nxt['title_code'], nxt['title_code'])} · {fmt_date(nxt['date'], lang)}")
    else:
        st.metric(c.t("tl_countdown_label"), c.t("tl_no_upcoming"))
with m2:
    if nxt_any:
        st.metric(c.t("tl_next_milestone_label"), c.t("tl_countdown_value", days=nxt_any["days"]))
        st.caption(f"{shorts.get(nxt_any['title_code'], '')} · {pick(nxt_any, 'name', lang)} · "
                   f"{fmt_date(nxt_any['date'], lang)}")
    else:
        st.metric(c.t("tl_next_milestone_label"), c.t("tl_no_upcoming"))
with m3:
    if cur:   # the stage number as the figure, its name and dates below (long names do not fit a metric)
        label = c.t("tl_stage_of", n=int(cur["stage_no"]), total=len(t_stages))
        when = f"{pick(cur, 'name', lang)} · {fmt_date(cur['start_date'], lang)} – {fmt_date(cur['end_date'], lang)}"
    else:
        first_start = pd.Timestamp(t_stages["start_date"].min()).date()
        label = c.t("tl_before_start") if today < first_start else c.t("tl_after_end")
        when = ""
    st.metric(c.t("tl_current_stage_label", title=shorts[title]), label)
    st.caption(when or " ")
with m4:
    st.metric(c.t("tl_ready_label"), c.t("tl_ready_value", ready=ready, n=n_rated),
              help=c.t("tl_readiness_note", as_of=fmt_date(c.as_of, lang) if c.as_of else "—"))
    st.progress(ready / n_rated if n_rated else 0.0)

# ---- the Gantt
heading = c.t("tl_gantt_title", area=city_name)
overdue = tasks[tasks["state"] == "overdue"]
fig = gantt_chart(stages, milestones, lang=lang, title=heading, today=today, overdue=overdue, highlight=title,
                  line_key="tl_today" if today == common.today() else "tl_as_of_line")
common.chart(fig, heading, lang, key="tl_gantt")

# ---- readiness by stage for the selected title
st.subheader(c.t("tl_readiness_heading", title=names[title]))
st.caption(c.t("tl_readiness_note", as_of=fmt_date(c.as_of, lang) if c.as_of else "—"))
readiness = timeline.stage_readiness(t_stages, t_tasks, rated, today)
table = pd.DataFrame({
    c.t("tl_col_stage"): [pick(r, "name", lang) for r in readiness.to_dict("records")],
    c.t("tl_col_dates"): [f"{fmt_date(a, lang)} – {fmt_date(b, lang)}"
                          for a, b in zip(readiness["start_date"], readiness["end_date"])],
    c.t("tl_col_phase"): [c.t(f"tl_phase_{p}") for p in readiness["phase"]],
    c.t("tl_col_tasks"): readiness["n_tasks"],
    c.t("tl_col_done"): readiness["n_done"],
    c.t("tl_col_overdue"): readiness["n_overdue"],
    c.t("tl_col_ready"): [f"{a}/{b}" if b else "—" for a, b in zip(readiness["n_ready"], readiness["n_indicators"])],
    c.t("tl_col_share"): readiness["share_ready"] * 100,
})
small = {k: st.column_config.NumberColumn(width="small") for k in
         (c.t("tl_col_tasks"), c.t("tl_col_done"), c.t("tl_col_overdue"))}
st.dataframe(table, hide_index=True, width="stretch", key="tl_readiness", column_config={
    **small, c.t("tl_col_phase"): st.column_config.TextColumn(width="small"),
    c.t("tl_col_share"): st.column_config.ProgressColumn(c.t("tl_col_share"), min_value=0.0, max_value=100.0,
                                                          format="%.0f%%"),
})
export = readiness.assign(title_code=title, area_code=c.city_code)
common.download_csv(export, f"stage_readiness_{c.city_code}_{title}", lang, key="dl_tl_readiness")

# ---- tasks due in a stage, then the milestones
st.subheader(c.t("tl_stage_tasks_heading"))
stage_nos = readiness["stage_no"].tolist()
default_no = cur["stage_no"] if cur else stage_nos[0]
stage_label = {r["stage_no"]: f"{pick(r, 'name', lang)} ({r['n_tasks']})" for r in readiness.to_dict("records")}
stage_no = st.segmented_control(c.t("tl_choose_stage"), stage_nos, default=default_no, key="tl_stage",
                                format_func=stage_label.get) or default_no
srow = readiness[readiness["stage_no"] == stage_no].iloc[0]
due = [pd.Timestamp(d).date() for d in t_tasks["due_date"]]
in_stage = t_tasks[[srow["start_date"] <= d <= srow["end_date"] for d in due]] if len(t_tasks) else t_tasks
if in_stage.empty:
    st.caption(c.t("tl_no_stage_tasks"))
else:
    ind_names = {r["code"]: pick(r, "name", lang) for r in common.run("indicators").to_dict("records")}
    tt = task_tables.task_table(in_stage, lang, ind_names)
    keep = [c.t(k) for k in ("task_col_id", "task_col_state", "task_col_due", "task_col_department",
                             "task_col_task", "task_col_indicators")]
    st.dataframe(task_tables.style_states(tt[keep], c.t("task_col_state"), task_tables.shown_states(in_stage)),
                 hide_index=True, width="stretch", key="tl_stage_tasks", row_height=WRAP_ROW_HEIGHT,
                 column_config={c.t("task_col_due"): st.column_config.DateColumn(format="YYYY-MM-DD"),
                                c.t("task_col_state"): st.column_config.TextColumn(width=200),
                                c.t("task_col_department"): st.column_config.TextColumn(width=150),
                                c.t("task_col_task"): st.column_config.TextColumn(width=260)})
st.page_link("pages/tasks.py", label=c.t("nav_tasks") + " →",
             query_params={"lang": lang, "area": c.area, **({"as_of": c.as_of.isoformat()} if c.as_of else {})})

st.subheader(c.t("tl_milestones_heading"))
ms = t_milestones.sort_values("date")
days = [(pd.Timestamp(d).date() - today).days for d in ms["date"]]
is_today = today == common.today()   # days are counted from the as-of date; the words say which
days_col = c.t("tl_col_days") if is_today else c.t("tl_col_days_as_of", date=fmt_date(today, lang))
same_day = c.t("tl_days_today") if is_today else c.t("tl_days_same_day")
left, _ = st.columns([3, 2])
left.dataframe(pd.DataFrame({
    c.t("tl_col_milestone"): [pick(r, "name", lang) for r in ms.to_dict("records")],
    c.t("tl_col_date"): [fmt_date(d, lang) for d in ms["date"]],
    days_col: [c.t("tl_days_ahead", n=n) if n > 0 else same_day if n == 0 else c.t("tl_days_ago", n=-n) for n in days],
}), hide_index=True, width="stretch", key="tl_milestones")
