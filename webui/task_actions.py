"""Task board page, its writes: who may edit, the login prompt, and running a write with its
refusal report or success message (shown after the rerun)."""
from __future__ import annotations

import streamlit as st

from cocreate.errors import CocreateError, ImportRejected
from cocreate.present.i18n import error_text, t
from cocreate.present.intake_words import problems_frame
from cocreate.present.task_tables import saved_summary
from webui import common


def who_may_edit(lang: str):
    """(may edit, user name, allowed city codes or None for all, message to show).
    Viewing is open; editing, closing and importing need a clerk or admin login (webui.auth)."""
    try:
        from webui import auth as webauth
    except ImportError:  # pragma: no cover - the login module ships with the app
        # TODO(#4): without webui/auth.py editing stays open and changes are recorded with user None.
        return True, None, None, t("task_login_missing_module", lang)
    user = webauth.current_user()
    if not user or user.get("role") not in ("clerk", "admin"):
        return False, None, None, t("task_login_required", lang)
    allowed = None
    if user.get("role") != "admin":
        from cocreate.intake.observations import allowed_areas
        allowed = allowed_areas(common.con(), user)
    return True, user.get("name"), allowed, t("task_editing_as", lang, name=user.get("name"),
                                                 role=webauth.role_label(user.get("role"), lang))


def login_here(key: str, lang: str) -> None:
    """Explain why editing is locked and offer the login form (one per tab, distinct keys)."""
    st.info(t("task_login_required", lang))
    try:
        from webui import auth as webauth
    except ImportError:  # pragma: no cover
        return
    webauth.login_form(lang, key=key)


def show_rejection(exc: Exception, lang: str) -> None:
    st.error(error_text(exc, lang))
    problems = getattr(exc, "problems", None) or []
    if problems:
        st.dataframe(problems_frame(problems, lang), hide_index=True, width="stretch")


def flash(message: str) -> None:
    st.session_state["_task_flash"] = message


def write_and_report(change, lang: str) -> None:
    """Run a write; a refused file or edit shows its rows, any other error a sentence; on success
    the summary shows after the rerun."""
    try:
        res = change()
    except ImportRejected as exc:
        show_rejection(exc, lang)
    except CocreateError as exc:
        common.show_error(exc, lang)
    else:
        flash(saved_summary(res, lang))
        st.rerun()
