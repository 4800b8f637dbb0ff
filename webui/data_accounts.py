"""Data page, the accounts tab (administrators): list, add, unlock and delete logins."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from cocreate import auth
from cocreate.errors import CocreateError
from cocreate.store import db
from webui import auth as auth_ui
from webui import common


def accounts_tab(v) -> None:
    """Logins with role, areas and lockout; forms to add one, unlock or delete another."""
    c, lang, user, area_rows, area_label = v.c, v.c.lang, v.user, v.area_rows, v.area_label
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
