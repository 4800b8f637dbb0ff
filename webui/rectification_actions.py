"""The write side of the rectification page: a clerk marks a fix with proof (their units only),
an administrator verifies or returns it, and the problems file upload."""
from __future__ import annotations

import streamlit as st

from cocreate.errors import CocreateError, ImportRejected
from cocreate.present.i18n import error_text, t
from cocreate.present.upload_words import problems_problems_frame, problems_summary
from cocreate.problems import intake, store
from webui import common
from webui.rectification_views import name_of


def flash(text: str) -> None:
    st.session_state["_prob_flash"] = text


def show_flash() -> None:
    if msg := st.session_state.pop("_prob_flash", None):
        st.success(msg)


def current_user():
    from webui import auth as webauth
    user = webauth.current_user()
    return user if user and user.get("role") in ("clerk", "admin") else None


def login_here(lang: str, key: str) -> None:
    from webui import auth as webauth
    st.info(t("prob_login_needed", lang))
    webauth.login_form(lang, key=key)


def _do(change, ok_text: str, lang: str) -> None:
    try:
        change()
    except CocreateError as exc:
        common.show_error(exc, lang)
    else:
        flash(ok_text)
        st.rerun()


def actions(problem: dict, user: dict, names: dict, lang: str, today) -> None:
    """The step this user may take on this problem now."""
    from webui import auth as webauth
    st.caption(t("prob_acting_as", lang, name=user["name"], role=webauth.role_label(user["role"], lang)))
    pid, status = problem["problem_id"], problem["status"]
    con = common.con()
    if status in ("open", "returned"):
        if not store.may_act_on(con, user, problem["unit_code"]):
            st.warning(t("prob_not_your_unit_here", lang, unit=name_of(names, problem["unit_code"], lang)))
            return
        with st.form(f"prob_rectify_{pid}", clear_on_submit=True):
            st.markdown(f"**{t('prob_rectify_heading', lang)}**")
            when = st.date_input(t("prob_rectify_date", lang), value=today, max_value=today, format="YYYY-MM-DD",
                                 key="prob_rect_date")
            note = st.text_input(t("prob_rectify_note", lang), max_chars=500, key="prob_rect_note")
            after = st.file_uploader(t("prob_rectify_photo", lang), type=["jpg", "jpeg", "png", "webp"],
                                     accept_multiple_files=True, key="prob_rect_photo",
                                     max_upload_size=store.PHOTO_UPLOAD_MB)
            if st.form_submit_button(t("prob_rectify_button", lang), type="primary"):
                photos = [(f.name, f.getvalue()) for f in after or []]   # the store refuses none, in words
                _do(lambda: store.mark_rectified(con, pid, user, when, note, photos, today=today),
                    t("prob_rectified_ok", lang, id=pid), lang)
    elif status == "rectified" and user["role"] == "admin":
        st.markdown(f"**{t('prob_verify_heading', lang)}**")
        a, b = st.columns(2)
        with a.form(f"prob_verify_{pid}"):
            when = st.date_input(t("prob_verify_date", lang), value=today, max_value=today, format="YYYY-MM-DD",
                                 key="prob_ver_date")
            if st.form_submit_button(t("prob_verify_button", lang), type="primary"):
                _do(lambda: store.verify(con, pid, user, when, today=today), t("prob_verified_ok", lang, id=pid), lang)
        with b.form(f"prob_return_{pid}"):
            reason = st.text_input(t("prob_return_reason", lang), max_chars=500, key="prob_ret_reason")
            if st.form_submit_button(t("prob_return_button", lang)):
                _do(lambda: store.return_problem(con, pid, user, reason), t("prob_returned_ok", lang, id=pid), lang)
    else:
        st.caption(t("prob_nothing_to_do", lang, status=t(f"prob_status_{status}", lang)))


def upload(user: dict, lang: str, today) -> None:
    st.caption(t("prob_import_help", lang))
    up = st.file_uploader(t("prob_import_file", lang), type=["csv", "xlsx"], key="prob_upload")
    dry = st.checkbox(t("prob_import_dry", lang), key="prob_upload_dry")
    if up is None or not st.button(t("prob_import_button", lang), type="primary", key="prob_import"):
        return
    try:
        summary = intake.import_problems(common.con(), up.getvalue(), up.name, user=user, dry_run=dry, today=today)
    except ImportRejected as exc:
        st.error(error_text(exc, lang))
        if exc.problems:
            st.dataframe(problems_problems_frame(exc.problems, lang), hide_index=True, width="stretch",
                         key="prob_refusals")
    except CocreateError as exc:
        common.show_error(exc, lang)
    else:
        flash(problems_summary(summary, lang))
        st.rerun()
