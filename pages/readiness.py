"""Material-review readiness: per criterion, the documents in hand within the 12-month evidence window
and a state (missing, partial, ready, checked), worst first; a department sees its own list; uploads
are checked for type, size, resolution ("blurry risk") and date."""
import datetime as dt

import pandas as pd
import streamlit as st

from cocreate.assessment import readiness as rd
from cocreate.assessment.charts import readiness_chart
from cocreate.errors import CocreateError
from cocreate.present.i18n import fmt_date, pick
from webui import common
from webui.status_display import WRAP_ROW_HEIGHT

c = common.ctx()
lang = c.lang
today = common.today()
city_name = pick(common.run("areas").set_index("code").loc[c.city_code].to_dict(), "name", lang)
common.page_header(c, c.t("ready_heading", area=city_name))
try:
    criteria = common.run("readiness_criteria", area=c.city_code)
    docs = common.run("readiness_documents", area=c.city_code)
    cycles = common.run("score_cycle", area=c.city_code)
except CocreateError as exc:
    common.show_error(exc, lang)
    st.stop()
if criteria.empty:
    st.info(c.t("ready_no_criteria", area=city_name))
    st.stop()
if msg := st.session_state.pop("_ready_flash", None):
    st.success(msg)
if docs["source"].astype(str).str.contains("示例数据").any():
    st.caption(":material/info: " + c.t("score_demo_note"))

review = cycles["material_review_date"].iloc[0] if len(cycles) else None
review = pd.Timestamp(review).date() if review is not None and not pd.isna(review) else dt.date(today.year, 12, 31)
months = int(criteria["evidence_months"].max())
window = rd.evidence_window(review, months)
st.caption(c.t("ready_intro", start=fmt_date(window[0], lang), end=fmt_date(window[1], lang), months=months))

# ---- a department sees its own list
dep_names = {r["department_code"]: pick(r, "department_name", lang) for r in criteria.to_dict("records")}
dep_opts = ["all", *sorted(dep_names, key=lambda d: dep_names[d])]
dep = common.url_widget(st.selectbox, c.t("ready_department"), dep_opts, "ready_dept", "all",
                        format_func=lambda d: c.t("ready_all_departments") if d == "all" else dep_names.get(d, d))
mine = criteria if dep == "all" else criteria[criteria["department_code"] == dep]
mine_docs = docs[docs["criterion_code"].isin(mine["code"])]
state = rd.readiness(mine, mine_docs, window)

cols = st.columns(len(rd.STATES))
for col, s in zip(cols, rd.STATES):
    col.metric(c.t(f"ready_state_{s}"), int((state["state"] == s).sum()), border=True)

title = c.t("ready_chart_title", area=city_name if dep == "all" else dep_names.get(dep, dep))
common.chart(readiness_chart(state, lang=lang, title=title), title, lang, key="ready_chart",
             sources=["illustrative"])
table = pd.DataFrame({
    c.t("ready_col_criterion"): [f"{r['code']} {pick(r, 'name', lang)}" for r in state.to_dict("records")],
    c.t("ready_col_department"): [dep_names.get(d, d) for d in state["department_code"]],
    c.t("ready_col_state"): [c.t(f"ready_state_{s}") for s in state["state"]],
    c.t("ready_col_valid"): [f"{int(v)}/{int(d)}" for v, d in zip(state["n_valid"], state["documents_due"])],
    c.t("ready_col_checked"): state["n_checked"].astype(int),
    c.t("ready_col_flagged"): state["n_flagged"].astype(int),
    c.t("ready_col_documents"): [pick(r, "documents", lang) for r in state.to_dict("records")],
})
# at 1280 px the long text (criterion, department, documents required) wraps so every column shows whole
text_col = st.column_config.TextColumn
st.dataframe(table, hide_index=True, width="stretch", key="ready_table", row_height=WRAP_ROW_HEIGHT,
             height=common.table_height(len(table), 900, row_px=WRAP_ROW_HEIGHT),
             column_config={c.t("ready_col_criterion"): text_col(width=190), c.t("ready_col_department"): text_col(width=160),
                            c.t("ready_col_state"): text_col(width=75), c.t("ready_col_valid"): text_col(width=80),
                            c.t("ready_col_checked"): st.column_config.NumberColumn(width=70),
                            c.t("ready_col_flagged"): st.column_config.NumberColumn(width=70),
                            c.t("ready_col_documents"): text_col(width=260)})
common.download_csv(state, f"readiness_{c.city_code}_{dep}", lang, key="ready_csv")

# ---- the documents, with what is wrong with each
st.subheader(c.t("ready_docs_heading"))
if mine_docs.empty:
    st.caption(c.t("ready_no_docs"))
else:
    flags = rd.document_flags(mine_docs, window)
    names = {r["code"]: pick(r, "name", lang) for r in criteria.to_dict("records")}
    dtable = pd.DataFrame({
        c.t("ready_col_criterion"): [f"{k} {names.get(k, '')}" for k in mine_docs["criterion_code"]],
        c.t("ready_col_file"): mine_docs["file_name"],
        c.t("ready_col_date"): [fmt_date(pd.Timestamp(d).date(), lang) for d in mine_docs["doc_date"]],
        c.t("ready_col_size"): [f"{int(w)}×{int(h)}" if pd.notna(w) else "" for w, h in
                                zip(mine_docs["width_px"], mine_docs["height_px"])],
        c.t("ready_col_flags"): ["；".join(c.t(f"ready_flag_{f}") for f in sorted(s)) or "✔" for s in flags],
        c.t("ready_col_checked_on"): ["" if pd.isna(d) else fmt_date(pd.Timestamp(d).date(), lang)
                                      for d in mine_docs["checked_on"]],
    })
    st.dataframe(dtable, hide_index=True, width="stretch", key="ready_docs_table")
    common.download_csv(mine_docs, f"readiness_documents_{c.city_code}_{dep}", lang, key="ready_docs_csv")

# ---- upload (clerks and admins) with the quality checks
st.subheader(c.t("ready_upload_heading"))
st.caption(c.t("ready_upload_help", px=rd.MIN_IMAGE_SIDE_PX, mb=rd.MAX_BYTES // (1024 * 1024)))
from webui import auth  # noqa: E402  (needs the session set up by app.py)

user = auth.require_role("clerk", "admin", lang=lang, what=c.t("ready_login_required"), key="ready_login")
if user:
    labels = {r["code"]: f"{r['code']} {pick(r, 'name', lang)}" for r in mine.to_dict("records")}
    with st.form("ready_upload_form", clear_on_submit=True):
        crit = st.selectbox(c.t("ready_col_criterion"), list(labels), format_func=labels.get, key="ready_up_crit")
        doc_date = st.date_input(c.t("ready_doc_date"), value=today, max_value=today, format="YYYY-MM-DD",
                                 key="ready_up_date")
        up = st.file_uploader(c.t("ready_file"), type=["pdf", "jpg", "jpeg", "png", "docx", "xlsx", "doc"],
                              key="ready_up_file")
        if st.form_submit_button(c.t("ready_upload_button"), type="primary") and up is not None:
            try:
                res = rd.store_document(common.con(), c.city_code, crit, up.getvalue(), up.name, doc_date, window,
                                        user.get("name"), dt.datetime.now(common.CHINA_TZ).replace(tzinfo=None))
            except CocreateError as exc:
                common.show_error(exc, lang)
            else:
                notes = "；".join(c.t(f"ready_flag_{f}") for f in res["flags"])
                st.session_state["_ready_flash"] = c.t("ready_uploaded", file=up.name) + (
                    " " + c.t("ready_uploaded_flags", flags=notes) if notes else "")
                st.rerun()
