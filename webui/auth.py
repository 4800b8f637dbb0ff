"""Login in the app: a form, the signed-in user in session state, idle expiry, role checks.

Viewing stays open unless COCREATE_OPEN_VIEWING=0; changing data needs a login. The session keeps
only the user name and the time of the last action; the role and areas are read from the users
table on every run, so a change by an administrator takes effect at once.
"""
from __future__ import annotations

import datetime as dt

import streamlit as st

from cocreate import auth, web_sessions
from cocreate.errors import CocreateError
from cocreate.present.i18n import t
from webui import common, session_cookie

_USER, _SEEN, _NOTICE = "auth_user", "auth_seen", "auth_notice"


def _now() -> dt.datetime:
    return auth.china_now()


def current_user() -> dict | None:
    """The signed-in user (name, role, areas; never the hash), or None. Idle sessions expire."""
    session_cookie.write_pending()
    name = st.session_state.get(_USER)
    if not name:   # a reload: the cookie's server-side session signs the user back in
        name = session_cookie.resume(common.con())
        if not name:
            return None
        st.session_state[_USER], st.session_state[_SEEN] = name, _now()
    seen = st.session_state.get(_SEEN)
    now = _now()
    if seen is None or now - seen > dt.timedelta(hours=auth.SESSION_IDLE_HOURS):
        logout(notice=("auth_session_expired", {"hours": auth.SESSION_IDLE_HOURS}))
        return None
    if now - seen >= dt.timedelta(minutes=1) and not session_cookie.still_valid(common.con()):
        logout()   # signed out in another tab (same cookie), or the session ended on the server
        return None
    user = auth.get_user(common.con(), name)
    if user is None:  # deleted meanwhile
        logout()
        return None
    st.session_state[_SEEN] = now
    return user


def sign_in(con, name: str) -> None:
    """Keep `name` signed in: in this tab's state, and behind a cookie so a reload keeps it."""
    st.session_state[_USER] = name
    st.session_state[_SEEN] = _now()
    session_cookie.remember(web_sessions.create(con, name))


def logout(notice=None) -> None:
    """Sign out: the server-side session is deleted and the cookie cleared."""
    token = session_cookie.token()
    if token:
        web_sessions.end(common.con(), token)
        session_cookie.forget()
    for k in (_USER, _SEEN):
        st.session_state.pop(k, None)
    if notice:
        st.session_state[_NOTICE] = notice


def role_label(role: str, lang: str) -> str:
    return t(f"auth_role_{role}", lang)


def login_form(lang: str, key: str = "login") -> dict | None:
    """A login form; returns the user once signed in (and reruns so the page shows it)."""
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        st.warning(t(notice[0], lang, **notice[1]))
    con = common.con()
    if auth.count_users(con) == 0:
        st.info(t("office_no_accounts", lang))
        return None
    with st.form(key=f"{key}_form", clear_on_submit=False, border=True, width=420):
        st.markdown(f"**{t('auth_login_heading', lang)}**")
        name = st.text_input(t("auth_user_name", lang), key=f"{key}_name", autocomplete="username")
        password = st.text_input(t("auth_password", lang), type="password", key=f"{key}_password",
                                 autocomplete="current-password")
        submitted = st.form_submit_button(t("auth_login_button", lang), type="primary",
                                          icon=":material/login:", key=f"{key}_submit")
    if submitted:
        try:
            user = auth.authenticate(con, name.strip(), password)
        except CocreateError as exc:
            common.show_error(exc, lang)
            return None
        sign_in(con, user["name"])
        st.session_state.pop(f"{key}_password", None)
        st.rerun()
    return None


def sidebar_status(lang: str, user: dict | None) -> None:
    """Who is signed in, with a log-out button (in the sidebar)."""
    if not user:
        return
    st.sidebar.caption(t("auth_logged_in_as", lang, name=user["name"], role=role_label(user["role"], lang)))
    if st.sidebar.button(t("auth_logout_button", lang), key="auth_logout", icon=":material/logout:"):
        logout()
        st.rerun()


def require_role(*roles: str, lang: str, what: str = "", key: str = "login") -> dict | None:
    """The user when signed in with one of `roles`; else explain and offer the login form, return None."""
    user = current_user()
    if user and user["role"] in roles:
        return user
    if user:
        st.warning(t("auth_admin_only", lang, name=user["name"]) if roles == ("admin",)
                   else t("auth_no_import", lang, name=user["name"]))
        return None
    if what:
        st.info(what)
    login_form(lang, key=key)
    return None


def gate_viewing(lang: str, public_page: bool = False) -> dict | None:
    """For app.py: when COCREATE_OPEN_VIEWING=0, show only the login until someone signs in. With
    public_page=True nobody is stopped here: app.py calls again once it knows the page is not public."""
    if auth.open_viewing():
        return current_user()
    user = current_user()
    if user is None and not public_page:
        from webui import first_admin
        if first_admin.setup_form(lang):   # the first administrator's one-time link
            st.stop()
        st.info(t("data_open_viewing_off", lang))
        login_form(lang, key="gate")
        st.stop()
    return user
