"""Widget values kept in the page's URL (?key=code), so a link opens the same view in either language;
and the switch out of Streamlit's old multipage mode that app.py makes before any widget."""
from __future__ import annotations

import datetime as dt

import streamlit as st


def url_widget(widget, label: str, options: list, key: str, default, **kwargs):
    """A choice widget whose value is kept in the URL as ?key=<code> (not the shown label, which
    is what bind="query-params" would store), so a link opens the same view in either language.
    The URL seeds the value on a session's first run; an invalid code falls back to the default."""
    if st.session_state.get(key) not in options:
        raw = st.query_params.get(key)
        st.session_state[key] = raw if raw in options else default
    value = widget(label, options, key=key, persist_state="session", **kwargs)
    if value is None:  # a segmented control can be clicked off: keep the last choice
        value = default
    _set_url(key, value)
    return value


def url_date(container, label: str, key: str, default: dt.date, min_value, max_value, **kwargs):
    """A date input kept in the URL as ?key=YYYY-MM-DD."""
    current = st.session_state.get(key)
    if not isinstance(current, dt.date) or not (min_value <= current <= max_value):
        try:
            raw = dt.date.fromisoformat(st.query_params.get(key, ""))
        except ValueError:
            raw = None
        st.session_state[key] = raw if raw and min_value <= raw <= max_value else default
    value = container.date_input(label, min_value=min_value, max_value=max_value, key=key,
                                 persist_state="session", format="YYYY-MM-DD", **kwargs)
    _set_url(key, value.isoformat() if value else "")
    return value


def _set_url(key: str, value) -> None:
    text = "" if value is None else str(value)
    if st.query_params.get(key) != text:
        st.query_params[key] = text


def leave_old_multipage_mode() -> None:
    """Streamlit treats a `pages/` folder as the old multipage mode until st.navigation has run
    once in the process. Widgets made in that first run get other ids and lose their values, and
    a first request straight to a page URL would skip app.py. So before any widget: switch the
    flag off and rerun, and app.py (sidebar, navigation) always runs first."""
    from streamlit.runtime.pages_manager import PagesManager
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
