"""Glue of the public page /report (随手拍): the browser's random client id behind a cookie (the hourly
limit counts its hash, never an IP address), and the receipt lookup with its complaint form. Nothing
shown here carries the photo or its location (cocreate.points.citizen.lookup never returns them)."""
from __future__ import annotations

import json

import streamlit as st

from cocreate.errors import CocreateError
from cocreate.points import citizen
from cocreate.present.i18n import fmt_date, t
from webui import common

COOKIE = "cocreate_reporter"
_CLIENT = "_cit_client"
COOKIE_DAYS = 30


def client_id() -> str:
    """This browser's random id: kept in session state and in a cookie (a reload keeps it)."""
    cid = st.session_state.get(_CLIENT)
    if cid:
        return cid
    try:
        cookie = st.context.cookies.get(COOKIE)
    except Exception:   # no request (AppTest)
        cookie = None
    if cookie and 16 <= len(cookie) <= 64 and cookie.replace("-", "").replace("_", "").isalnum():
        cid = cookie
    else:
        cid = citizen.new_client_id()
        # URL-safe base64 only; json.dumps quotes it as a JavaScript string (see webui/session_cookie.py)
        st.html("<script>document.cookie = " + json.dumps(COOKIE + "=") + " + " + json.dumps(cid)
                + " + '; Path=/; Max-Age=" + str(COOKIE_DAYS * 86400) + "; SameSite=Strict'"
                " + (location.protocol === 'https:' ? '; Secure' : '');</script>",
                unsafe_allow_javascript=True)
    st.session_state[_CLIENT] = cid
    return cid


def place_text(row: dict, lang: str) -> str:
    if isinstance(row.get("point_name"), str):
        return row["point_name_en"] if lang == "en" and isinstance(row.get("point_name_en"), str) else row["point_name"]
    return row.get("address") or "—"


def lookup_section(lang: str) -> None:
    """A receipt number in, its state out (and a complaint about the handling)."""
    with st.form("cit_lookup_form", border=False):
        typed = st.text_input(t("cit_lookup_label", lang), placeholder=t("cit_lookup_help", lang), max_chars=30,
                              key="cit_receipt_in")
        if st.form_submit_button(t("cit_lookup_button", lang), type="primary", width="stretch"):
            st.session_state["_cit_looked"] = citizen.normal_receipt(typed)
    receipt = st.session_state.get("_cit_looked")
    if not receipt:
        return
    try:
        row = citizen.lookup(common.con(), receipt)
    except CocreateError as exc:
        common.show_error(exc, lang)
        return
    if row is None:
        st.warning(t("cit_unknown_receipt", lang, receipt=receipt))
        return
    state = row["status"]
    box = {"received": st.info, "accepted": st.success, "declined": st.warning}[state]
    text = t("cit_state_line", lang, receipt=row["receipt"], date=fmt_date(row["submitted_at"], lang),
             place=place_text(row, lang))
    if state == "accepted":
        detail = t("cit_state_accepted_text", lang, id=row["problem_id"],
                   status=t("prob_status_" + (row["problem_status"] or "open"), lang),
                   deadline=fmt_date(row["problem_deadline"], lang) if row["problem_deadline"] else "—")
    elif state == "declined":
        detail = t("cit_state_declined_text", lang, reason=row["reason"] or "—")
    else:
        detail = t("cit_state_received_text", lang)
    box(f"**{t('cit_state_' + state, lang)}** · {text}  \n{detail}")
    if row["complaints"]:
        st.caption(t("cit_complaints_so_far", lang, n=int(row["complaints"])))
    if done := st.session_state.pop("_cit_complained", None):
        st.success(done)
    with st.form("cit_complaint_form", clear_on_submit=True):
        st.markdown(f"**{t('cit_complaint_heading', lang)}**")
        words = st.text_area(t("cit_complaint_text", lang), max_chars=citizen.MAX_TEXT, key="cit_complaint_in")
        if st.form_submit_button(t("cit_complaint_button", lang), width="stretch"):
            try:
                n = citizen.complain(common.con(), client_id(), row["receipt"], words)
            except CocreateError as exc:
                common.show_error(exc, lang)
            else:
                st.session_state["_cit_complained"] = t("cit_complaint_ok", lang, n=n)
                st.rerun()
