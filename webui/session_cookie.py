"""The sign-in cookie (issue 21 item 2): a reload keeps the user signed in.

The cookie holds only a random token; the server keeps its hash (cocreate/web_sessions.py) and
the 8-hour idle rule. Streamlit gives no way to set a response header, so the cookie is written by
a one-line script in the page (st.html with JavaScript): it cannot be HttpOnly (a script that sets
it can also read it); it is SameSite=Strict, Path=/, and Secure when the page is served over https.
It is read back from the request's headers (st.context.cookies) on the next page load.
"""
from __future__ import annotations

import json

import streamlit as st

from cocreate import web_sessions

_TOKEN, _PENDING, _DEAD = "auth_token", "auth_cookie_pending", "auth_cookie_dead"


def cookie_token() -> str | None:
    try:
        return st.context.cookies.get(web_sessions.COOKIE_NAME)
    except Exception:   # no request (AppTest, a bare script run)
        return None


def token() -> str | None:
    """This browser's session token: the one made at sign-in here, else the cookie's."""
    return st.session_state.get(_TOKEN) or cookie_token()


def resume(con) -> str | None:
    """The user name the cookie's session belongs to, else None (a dead cookie is looked up once)."""
    cookie = cookie_token()
    if not cookie or st.session_state.get(_DEAD) == cookie:
        return None
    name = web_sessions.resume(con, cookie)
    if name:
        st.session_state[_TOKEN] = cookie
    else:
        st.session_state[_DEAD] = cookie
    return name


def still_valid(con) -> bool:
    """Whether this tab's session is still on the server (and note the visit for the idle rule).
    A sign-in kept from before sessions existed (no token) counts as valid."""
    tok = st.session_state.get(_TOKEN)
    return tok is None or web_sessions.resume(con, tok) is not None


def remember(new_token: str) -> None:
    """After a sign-in: keep the token and write the cookie on the next run (this run reruns at once)."""
    st.session_state[_TOKEN] = new_token
    st.session_state[_PENDING] = new_token


def forget() -> None:
    """After a sign-out or expiry: clear the cookie on the next run."""
    st.session_state.pop(_TOKEN, None)
    st.session_state[_PENDING] = ""


def write_pending() -> None:
    """Write (or clear) the cookie if a sign-in or sign-out asked for it. Call once per run."""
    value = st.session_state.pop(_PENDING, None)
    if value is None:
        return
    age = web_sessions.MAX_HOURS * 3600 if value else 0
    # json.dumps quotes the token (URL-safe base64 anyway) as a JavaScript string
    st.html("<script>document.cookie = " + json.dumps(web_sessions.COOKIE_NAME + "=") + " + "
            + json.dumps(value) + " + '; Path=/; Max-Age=" + str(age) + "; SameSite=Strict'"
            " + (location.protocol === 'https:' ? '; Secure' : '');</script>",
            unsafe_allow_javascript=True)
