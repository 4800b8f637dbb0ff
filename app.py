"""Entry point: language, area and as-of pickers in the sidebar, then the chosen page."""
from pathlib import Path
from urllib.parse import urlparse

import streamlit as st

from cocreate.auth import open_viewing
from cocreate.points.citizen import enabled as public_reports
from cocreate.present.i18n import t
from webui import common

# Pages made for a phone first (/field, /report): one centred column, the sidebar closed (it would cover the page).
PHONE_FIRST = ("field", "report")
# Pages anyone may open without a login even when viewing needs one (COCREATE_OPEN_VIEWING=0).
PUBLIC = ("report",)
# Pages for a projector or a wall screen (/present): wide, the sidebar closed so the slide fills the screen.
FULL_SCREEN = ("present",)
_path = urlparse(st.context.url or "").path.rstrip("/").rsplit("/", 1)[-1]
_phone = _path in PHONE_FIRST
st.set_page_config(page_title="创建进度看板 · Co-creation dashboard", page_icon="🏙️",
                   layout="centered" if _phone else "wide",
                   initial_sidebar_state="collapsed" if _phone or _path in FULL_SCREEN else "expanded")

if not _phone:
    # at 1280 wide Streamlit's 5rem side padding leaves tables ~820 px beside the sidebar: 1.5rem gives
    # them ~110 px more, so a table's last column shows whole instead of cut at the edge (issue 22)
    st.html("""<style>@media (min-width: 800px) {div[data-testid="stMainBlockContainer"]
               {padding-left: 1.5rem; padding-right: 1.5rem;}}</style>""")

HERE = Path(__file__).parent
# (file, url path, translation key, icon, group key); pages whose file is absent are skipped.
PAGES = [
    ("pages/overview.py", "overview", "nav_overview", ":material/dashboard:", "group_progress"),
    ("pages/title.py", "title", "nav_title", ":material/military_tech:", "group_progress"),
    ("pages/explorer.py", "explorer", "nav_explorer", ":material/query_stats:", "group_progress"),
    ("pages/services.py", "services", "nav_services", ":material/volunteer_activism:", "group_districts"),
    ("pages/rankings.py", "rankings", "nav_rankings", ":material/leaderboard:", "group_districts"),
    ("pages/map.py", "map", "nav_map", ":material/map:", "group_districts"),
    ("pages/timeline.py", "timeline", "nav_timeline", ":material/calendar_month:", "group_campaign"),
    ("pages/tasks.py", "tasks", "nav_tasks", ":material/checklist:", "group_campaign"),
    ("pages/rectification.py", "rectification", "prob_nav", ":material/report:", "group_campaign"),
    ("pages/points.py", "points", "pm_nav", ":material/location_on:", "group_campaign"),
    ("pages/field.py", "field", "pt_nav", ":material/add_a_photo:", "group_campaign"),
    ("pages/present.py", "present", "nav_present", ":material/slideshow:", "group_campaign"),
    ("pages/score.py", "score", "score_nav", ":material/scoreboard:", "group_assessment"),
    ("pages/readiness.py", "readiness", "ready_nav", ":material/folder_check:", "group_assessment"),
    ("pages/questionnaire.py", "questionnaire", "quest_nav", ":material/ballot:", "group_assessment"),
    ("pages/data.py", "data", "nav_data", ":material/database:", "group_data"),
    ("pages/method.py", "method", "nav_method", ":material/menu_book:", "group_data"),
]
if public_reports():   # citizens' reports (随手拍) are off unless COCREATE_PUBLIC_REPORTS=1
    PAGES.insert(next(i for i, p in enumerate(PAGES) if p[1] == "field") + 1,
                 ("pages/report.py", "report", "cit_nav", ":material/campaign:", "group_campaign"))

common.leave_old_multipage_mode()
lang = common.language()
try:
    common.begin_run()
    st.session_state["_ctx"] = common.sidebar(lang)
except Exception as exc:  # a missing or broken database: say so in words, stop here
    common.show_error(exc, lang)
    st.stop()

from webui import auth  # noqa: E402  (after set_page_config)

# Viewing is open unless COCREATE_OPEN_VIEWING=0; changing data always needs a login. A public page
# (/report) opens without one: then no menu is shown, and any other page asks for the login.
user = auth.gate_viewing(lang, public_page=True)
auth.sidebar_status(lang, user)
anonymous_closed = user is None and not open_viewing()

groups: dict[str, list] = {}
for file, url, key, icon, group in PAGES:
    if (HERE / file).exists():
        groups.setdefault(t(group, lang), []).append(
            st.Page(file, title=t(key, lang), icon=icon, url_path=url, default=(url == "overview")))
# expanded=True: every page is listed, so Streamlit shows no English "View N more" / "View less" button.
page = st.navigation(groups, position="hidden" if anonymous_closed else "sidebar", expanded=True)
if anonymous_closed and page.url_path not in PUBLIC:
    auth.gate_viewing(lang)   # the login (or the first administrator's link), then stop
try:
    page.run()
except Exception as exc:  # st.stop / st.rerun are not Exceptions, so they pass through
    common.log_exception(exc)
    common.show_error(exc, lang)
