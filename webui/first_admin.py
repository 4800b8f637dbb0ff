"""The setup link's form (?setup=TOKEN, see cocreate/first_admin.py): the first administrator is
created, signed in, and the link stops working."""
from __future__ import annotations

import streamlit as st

from cocreate import first_admin
from cocreate.errors import CocreateError
from cocreate.present.i18n import t
from webui import auth as auth_ui
from webui import common


def setup_form(lang: str) -> bool:
    """When the URL carries ?setup=: the form (True: the caller shows nothing else), or, for a link
    that no longer works, a sentence saying so (False: the page goes on, with its login)."""
    done = st.session_state.pop("office_setup_done", None)
    if done:
        st.success(done, icon=":material/task_alt:")
    token = st.query_params.get("setup")
    if not token:
        return False
    con = common.con()
    if not first_admin.token_valid(con, token):
        st.error(t("office_setup_invalid", lang))
        return False
    st.subheader(t("office_setup_heading", lang))
    st.caption(t("office_setup_intro", lang))
    with st.form(key="office_setup_form", border=True, width=420):
        name = st.text_input(t("auth_user_name", lang), key="office_setup_name", autocomplete="username")
        pw1 = st.text_input(t("auth_password", lang), type="password", key="office_setup_pw1",
                            autocomplete="new-password")
        pw2 = st.text_input(t("auth_password_again", lang), type="password", key="office_setup_pw2",
                            autocomplete="new-password")
        submitted = st.form_submit_button(t("office_setup_button", lang), type="primary",
                                          icon=":material/admin_panel_settings:", key="office_setup_submit")
    if submitted:
        try:
            user = first_admin.create_admin(con, token, name, pw1, pw2)
        except CocreateError as exc:
            common.show_error(exc, lang)
            return True
        for k in ("office_setup_pw1", "office_setup_pw2"):
            st.session_state.pop(k, None)
        auth_ui.sign_in(con, user["name"])
        st.session_state["office_setup_done"] = t("office_setup_done", lang, name=user["name"])
        del st.query_params["setup"]
        st.rerun()
    return True
