"""The moderation queue of citizens' reports (随手拍) on the rectification page: counts for everyone; the
reports themselves (text, photo, the photo's EXIF location) only to a signed-in clerk or administrator,
who accepts one (a problem at a ledger point, through cocreate.points.citizen.accept) or declines it with
a reason; the citizens' complaints listed."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from cocreate.errors import CocreateError
from cocreate.points import citizen, field
from cocreate.present.i18n import fmt_date, pick, t
from cocreate.problems import store
from webui import common
from webui import rectification_actions as act
from webui.citizen_public import place_text


def shown(area: str) -> tuple[bool, pd.DataFrame]:
    """(whether the page shows the section, the area's queue): on with public reports, or while any exist."""
    queue = common.run("citizen_queue", area=area)
    return citizen.enabled() or len(queue) > 0, queue


def _table(queue: pd.DataFrame, areas: dict, lang: str) -> pd.DataFrame:
    rows = queue.to_dict("records")
    return pd.DataFrame({
        t("cit_col_receipt", lang): queue["receipt"],
        t("cit_col_submitted", lang): [pd.Timestamp(r["submitted_at"]).strftime("%Y-%m-%d %H:%M") for r in rows],
        t("cit_col_district", lang): [pick(areas[r["area_code"]], "name", lang) if r["area_code"] in areas
                                      else r["area_code"] for r in rows],
        t("cit_col_place", lang): [place_text(r, lang) for r in rows],
        t("cit_col_text", lang): queue["text"],
        t("cit_col_state", lang): [t(f"cit_m_{s}", lang) for s in queue["status"]],
        t("cit_col_problem", lang): queue["problem_id"].fillna(""),
        t("cit_col_reason", lang): queue["reason"].fillna(""),
        t("cit_col_complaints", lang): queue["complaints"].astype(int),
    })


def _decide(r: dict, user: dict, cats: dict, lang: str, today) -> None:
    """One pending report: its photo (the office sees the location), accept at a point, or decline."""
    con = common.con()
    a, b = st.columns([2, 3])
    with a:
        if isinstance(r["photo"], str):
            try:
                a.image(store.read_photo(con, r["photo"]), width=220)
            except CocreateError as exc:
                common.show_error(exc, lang)
        if pd.notna(r["photo_lat"]):
            a.caption(t("cit_photo_gps", lang, lat=f"{r['photo_lat']:.5f}", lon=f"{r['photo_lon']:.5f}"))
        else:
            a.caption(t("cit_photo_no_gps", lang))
    with b:
        b.markdown(f"**{place_text(r, lang)}**  \n{r['text']}")
        points = citizen.public_points(con)
        points = field.nearest(points[points["area_code"] == r["area_code"]],
                               *((r["photo_lat"], r["photo_lon"]) if pd.notna(r["photo_lat"]) else (None, None)))
        codes = points["point_code"].tolist()
        if isinstance(r["point_code"], str) and r["point_code"] in codes:   # the citizen's own pick first
            codes.remove(r["point_code"])
            codes.insert(0, r["point_code"])
        names = dict(zip(points["point_code"], points["name_en" if lang == "en" else "name"].fillna(points["name"])))
        if not codes:   # no ledger point in the district: nothing to accept at, say what to do
            st.info(t("cit_accept_no_points", lang))
        else:
            _accept_form(r, user, codes, names, cats, lang, today)
        with st.form(f"cit_decline_{r['receipt']}"):
            st.markdown(f"**{t('cit_decline_heading', lang)}**")
            reason = st.text_input(t("cit_decline_reason", lang), max_chars=citizen.MAX_TEXT, key="cit_dec_reason")
            if st.form_submit_button(t("cit_decline_button", lang)):
                try:
                    citizen.decline(con, user, r["receipt"], reason)
                except CocreateError as exc:
                    common.show_error(exc, lang)
                else:
                    act.flash(t("cit_declined_ok", lang, receipt=r["receipt"]))
                    st.rerun()


def _accept_form(r: dict, user: dict, codes: list, names: dict, cats: dict, lang: str, today) -> None:
    """Accept at one of the district's ledger points: the report becomes a problem there."""
    con = common.con()
    with st.form(f"cit_accept_{r['receipt']}"):
        st.markdown(f"**{t('cit_accept_heading', lang)}**")
        point = st.selectbox(t("cit_accept_point", lang), codes, key="cit_acc_point",
                             format_func=lambda p: f"{names[p]} · {p}")
        category = st.selectbox(t("cit_accept_category", lang), list(cats), key="cit_acc_cat",
                                format_func=lambda k: t("pt_field_category_days", lang, name=pick(cats[k], "name", lang),
                                                        days=int(cats[k]["days"])))
        if st.form_submit_button(t("cit_accept_button", lang), type="primary"):
            try:
                got = citizen.accept(con, user, r["receipt"], point, category, today=today)
            except CocreateError as exc:
                common.show_error(exc, lang)
            else:
                act.flash(t("cit_accepted_ok", lang, receipt=r["receipt"], id=got["problem_id"],
                            deadline=fmt_date(got["deadline"], lang)))
                st.rerun()


def section(area: str, queue: pd.DataFrame, areas: dict, cats: dict, lang: str, today) -> None:
    st.caption(t("cit_queue_caption", lang))
    counts = queue["status"].value_counts() if len(queue) else pd.Series(dtype=int)
    counts["complaints"] = int(queue["complaints"].sum()) if len(queue) else 0
    for col, key in zip(st.columns(4), ("received", "accepted", "declined", "complaints")):
        col.metric(t(f"cit_m_{key}", lang), int(counts.get(key, 0)), border=True)
    user = act.current_user()
    if user is None:
        act.login_here(lang, "cit_login_queue")
        return
    if queue.empty:
        st.info(t("cit_queue_empty", lang))
        return
    pending = {r["receipt"]: r for r in queue[queue["status"] == "received"].to_dict("records")}
    if pending:
        pick_ = st.selectbox(t("cit_pending_pick", lang), list(pending), key="cit_pending",
                             format_func=lambda p: t("cit_pending_label", lang, receipt=p,
                                                     date=fmt_date(pending[p]["submitted_at"], lang),
                                                     place=place_text(pending[p], lang)))
        _decide(pending[pick_], user, cats, lang, today)
    else:
        st.info(t("cit_none_pending", lang))
    st.markdown(f"**{t('cit_all_heading', lang)}**")
    st.dataframe(_table(queue, areas, lang), hide_index=True, width="stretch", key="cit_queue_table")
    st.markdown(f"**{t('cit_complaints_heading', lang)}**")
    complaints = common.run("citizen_complaints", area=area)
    if complaints.empty:
        st.caption(t("cit_no_complaints", lang))
    else:
        st.dataframe(pd.DataFrame({
            t("cit_col_receipt", lang): complaints["receipt"],
            t("cit_col_filed", lang): [pd.Timestamp(x).strftime("%Y-%m-%d %H:%M") for x in complaints["filed_at"]],
            t("cit_col_complaint", lang): complaints["text"],
            t("cit_col_state", lang): [t(f"cit_m_{s}", lang) for s in complaints["status"]],
            t("cit_col_problem", lang): complaints["problem_id"].fillna(""),
        }), hide_index=True, width="stretch", key="cit_complaints_table")
