"""Problems found and put right: counts by state and age, units ranked for a week / month / quarter
with trend, red and black lists, overdue problems with their escalation, repeat hotspots, a
problem's photos and history with the next step (clerk: fix with proof; admin: verify or return),
the import, and the weekly notice as a Word download."""
import pandas as pd
import streamlit as st

from cocreate.points.field import without_location
from cocreate.present.i18n import fmt_date, pick
from cocreate.problems import periods, report, store
from cocreate.problems.charts import unit_rate_chart
from cocreate.problems.notice import build_docx
from cocreate.problems.notice_data import english_names, gather_notice
from webui import citizen_queue, common
from webui import rectification_actions as act
from webui import rectification_views as views
from webui.status_display import WRAP_ROW_HEIGHT

c = common.ctx()
lang = c.lang
today = common.today()                 # actions: a fix or a check cannot be dated later than today
as_of = c.as_of or today               # the product's one as-of date (sidebar); figures follow it
common.page_header(c, c.t("prob_heading", area=c.area_name()), c.t("prob_caption"))
act.show_flash()

try:
    df = common.run("problems_for_area", area=c.area)
    # English: points by the ledger's English name where it has one (as the English notice names them)
    en_points = english_names(common.con(), c.area) if lang == "en" else {}
    names = {r["unit_code"]: r for r in common.run("problems_units", area=c.area).to_dict("records")}
    cats_all = common.run("problems_catalogs")
    areas = {r["code"]: r for r in common.run("areas").to_dict("records")}
except Exception as exc:
    common.show_error(exc, lang)
    st.stop()
cats = {r["code"]: r for r in cats_all[cats_all["catalog"] == "category"].to_dict("records")}
levels = cats_all[cats_all["catalog"] == "escalation"].rename(columns={"days": "days_overdue"})
level_rows = {r["code"]: r for r in levels.to_dict("records")}
if len(df) and df["illustrative"].any():
    st.caption(":material/info: " + c.t("prob_illustrative"))

# ---- the period: kind and which one (codes in the URL)
k1, k2, _ = st.columns([3, 4, 1])
with k1:
    kind = common.url_widget(st.segmented_control, c.t("prob_period_kind"), list(periods.KINDS), "pkind", "week",
                             format_func=lambda k: c.t(f"prob_kind_{k}"))
# the latest full periods at the as-of date (ending on it or before, never on a day not yet over)
choices = periods.recent_at(kind, {"week": 26, "month": 12, "quarter": 8}[kind], as_of, today)
by_code = {p.code: p for p in choices}
with k2:
    code = common.url_widget(st.selectbox, c.t("prob_period"), list(by_code), "period", choices[0].code,
                             format_func=lambda x: c.t("prob_period_label", code=x,
                                                       start=fmt_date(by_code[x].start, lang),
                                                       end=fmt_date(by_code[x].end, lang)))
period = by_code[code]
end_text = fmt_date(period.end, lang)
st.markdown("**" + c.t("prob_data_period", code=period.code, start=fmt_date(period.start, lang), end=end_text) + "**")

if df.empty:
    st.info(c.t("prob_no_problems"))
    st.stop()

# ---- counts by state at the period's end, and by age
counts = report.state_counts(df, period.end)
cols = st.columns(5)
for col, key in zip(cols, ("total", "open", "overdue", "rectified", "verified")):
    col.metric(c.t(f"prob_m_{key}"), counts[key], border=True, help=c.t(f"prob_m_help_{key}", date=end_text))
st.caption(c.t("prob_age_heading", date=end_text) + ("：" if lang == "zh" else ": ") + " · ".join(
    f"{c.t('prob_age_' + k)} **{v}**" for k, v in counts["age"].items()))

show_citizen, citizen_reports = citizen_queue.shown(c.area)   # 随手拍: with public reports on, or while any exist
tab_rank, tab_over, tab_hot, tab_detail, tab_import, *tab_citizen = st.tabs(
    [c.t("prob_tab_rank"), c.t("prob_tab_overdue"), c.t("prob_tab_hotspots"), c.t("prob_tab_detail"),
     c.t("prob_tab_import")] + ([c.t("cit_tab")] if show_citizen else []))

with tab_rank:
    by = common.url_widget(st.segmented_control, c.t("prob_by"), ["unit", "district"], "pby", "unit",
                           format_func=lambda b: c.t(f"prob_by_{b}"))
    key = "unit_code" if by == "unit" else "area_code"
    now = report.unit_report(df, period.start, period.end, by=by)
    prev_p = period.previous()
    rep = report.rounded(report.with_trend(now, report.unit_report(df, prev_p.start, prev_p.end, by=by), key))
    shown_names = names if by == "unit" else areas
    if rep["rank"].notna().any():
        red = [views.name_of(shown_names, u, lang) for u in rep.loc[rep["list"] == "red", key]]
        black = [views.name_of(shown_names, u, lang) for u in rep.loc[rep["list"] == "black", key]]
        sep = "、" if lang == "zh" else ", "
        r1, r2 = st.columns(2)
        k = report.list_size(int(rep["rank"].notna().sum()))   # places; tied units share one
        r1.error(f"**{c.t('prob_list_red_rule', k=k)}** · " + sep.join(red), icon=":material/military_tech:")
        r2.container(border=True).markdown(f"**{c.t('prob_list_black_rule', k=k)}** · " + sep.join(black))
        plain = {u: views.name_of(shown_names, u, lang) for u in rep[key]}
        common.chart(unit_rate_chart(rep.rename(columns={key: "unit_code"}), plain, lang,
                                     c.t("prob_rank_chart", area=c.area_name(), period=period.code)),
                     c.t("prob_rank_chart", area=c.area_name(), period=period.code), lang, key="prob_rank_chart",
                                  sources=["illustrative"])
    else:
        st.info(c.t("prob_no_ranked"))
    # English: the unit's name wraps in a narrow column so the 13 columns show whole at 1280 px
    row_px = WRAP_ROW_HEIGHT if lang == "en" else 35
    rank_height = common.table_height(len(rep), 620, row_px=row_px)
    st.dataframe(views.ranking_table(rep, shown_names, lang, key), hide_index=True, width="stretch",
                 height=rank_height, key="prob_rank_table", row_height=row_px,
                 column_config=views.ranking_config(lang))
    common.rows_note(len(rep), rank_height, lang, row_px=row_px)
    d1, d2, _ = st.columns([1, 2, 1])
    with d1:
        common.download_csv(report.rounded(now), f"problems_report_{c.area}_{period.code}", lang, key="prob_dl_rank")
    with d2:
        def notice_bytes():
            return build_docx(gather_notice(common.con(), c.area, period, lang), lang)
        st.download_button(c.t("prob_notice_button"), data=notice_bytes, key="prob_dl_notice",
                           file_name=f"notice_{c.area}_{period.code}_{lang}.docx", on_click="ignore",
                           mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                           icon=":material/description:")

with tab_over:
    thresholds = dict(zip(levels["code"], levels["days_overdue"]))
    esc = report.escalation(df, period.end, levels)
    st.caption(c.t("prob_overdue_note", date=end_text, n=len(esc), supervision=thresholds.get("supervision"),
                   talk=thresholds.get("talk")))
    if esc.empty:
        st.info(c.t("prob_no_overdue"))
    else:
        st.dataframe(views.escalation_table(esc.assign(point_name=[en_points.get(c, n) for c, n in zip(
                         esc["point_code"], esc["point_name"])]), names, cats, level_rows, lang),
                     hide_index=True, width="stretch", key="prob_overdue_table", **views.wrapped(lang))
        common.download_csv(esc.drop(columns=["closed_date"]), f"problems_overdue_{c.area}_{period.code}", lang,
                            key="prob_dl_overdue")

with tab_hot:
    start = min(period.start, period.end - pd.Timedelta(days=89))
    st.caption(c.t("prob_hot_note", start=fmt_date(start, lang), end=fmt_date(period.end, lang)))
    hot = report.hotspots(df, start, period.end)
    if hot.empty:
        st.info(c.t("prob_no_hotspots"))
    else:
        points = {**dict(zip(df["point_code"], df["point_name"])), **en_points}
        st.dataframe(views.hotspot_table(hot, points, names, cats, lang), hide_index=True, width="stretch",
                     key="prob_hot_table")

with tab_detail:
    late_day = periods.last_full_day(as_of, today)     # the one rule, at the last whole day
    overdue = report.overdue_open(report.prepare(df), late_day)
    order = df.assign(_o=~overdue, _f=pd.to_datetime(df["found_date"])).sort_values(["_o", "_f"], ascending=[True, False])
    rows = {r["problem_id"]: r for r in order.to_dict("records")}
    flags = dict(zip(df["problem_id"], overdue))
    pid = st.selectbox(c.t("prob_pick"), list(rows), key="prob_pick", help=c.t("prob_pick_help", date=fmt_date(late_day, lang)),
                       format_func=lambda p: views.problem_label(rows[p], cats, lang, flags[p]))
    r = rows[pid]
    a, b = st.columns([3, 2])
    with a:
        st.markdown(f"**{r['point_name']}** · {views.name_of(cats, r['category'], lang)}  \n"
                    f"{r['description'] or ''}  \n"
                    f"{c.t('prob_th_unit')}: {views.name_of(names, r['unit_code'], lang)} · "
                    f"{c.t('prob_th_source')}: {r['source'] or '—'}  \n"
                    f"{c.t('prob_th_found_date')}: {fmt_date(r['found_date'], lang)} · "
                    f"{c.t('prob_th_deadline')}: {fmt_date(r['deadline'], lang)} · "
                    f"{c.t('prob_th_status')}: {c.t('prob_status_' + r['status'])}")
    with b:
        st.markdown(f"**{c.t('prob_photos')}**")
        photos = common.run("problems_photos", problem=pid)
        office = act.current_user() is not None   # a clerk or an administrator signed in
        if photos.empty:
            st.caption(c.t("prob_no_photos"))
        else:   # before (as found) and after (put right) side by side
            for role, col in zip(("before", "after"), st.columns(2)):
                col.markdown(c.t(f"prob_photo_{role}"))
                mine = photos[photos["role"] == role]
                if mine.empty:
                    col.caption(c.t("prob_photo_none_yet"))
                for ph in mine.to_dict("records"):
                    try:  # only bytes whose magic says JPEG/PNG/WebP were kept; st.image draws them as <img>
                        data = store.read_photo(common.con(), ph["stored_name"])
                        if not office:   # viewing is open: a photo's EXIF location is for the office only
                            data = without_location(data)
                        col.image(data, width=140, caption=fmt_date(ph["uploaded_at"], lang))   # the day kept
                    except Exception as exc:
                        common.show_error(exc, lang)
    st.markdown(f"**{c.t('prob_history')}**")
    st.dataframe(views.history_table(common.run("problems_history_log", problem=pid), lang), hide_index=True,
                 width="stretch", key="prob_hist_table")
    user = act.current_user()
    if user is None:
        act.login_here(lang, "prob_login_detail")
    else:
        act.actions(r, user, names, lang, today)

with tab_import:
    st.download_button(c.t("prob_template"), data=views.template_csv(lang), file_name=f"problems_template_{lang}.csv",
                       mime="text/csv", key="prob_template", on_click="ignore", icon=":material/download:")
    user = act.current_user()
    if user is None:
        act.login_here(lang, "prob_login_import")
    else:
        act.upload(user, lang, today)

for tab in tab_citizen:
    with tab:
        citizen_queue.section(c.area, citizen_reports, areas, cats, lang, today)
