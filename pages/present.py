"""Presentation mode: big slides for a projector, stepped through with ← / → (buttons or keys);
the slide number lives in the URL (?slide=N) and the deck downloads as PPTX. app.py opens this page
with the sidebar closed (FULL_SCREEN), so a slide fills a 1920 x 1080 screen. Wall mode (?wall=1, or
?wall=N for N >= 5 seconds a slide): the slides advance by themselves, every 20 s by default, round
and round."""
import time

import streamlit as st

from cocreate.present.charts import status_matrix_chart, trend_chart
from cocreate.present.deck import (build_deck, days_text, facts, fit_trend_range, projector, select_titles,
                           worst_indicators)
from cocreate.errors import CocreateError
from cocreate.present.honesty import coverage_text, flags_why, split_sources
from cocreate.present.i18n import fmt_date, pick
from cocreate.method.progress import behind_ratings, title_summary
from cocreate.method.status import STATUSES
from webui import common

c = common.ctx()
lang = c.lang
KEY = "pr_slide"
WALL_DEFAULT_S = 20
# a screen without the sidebar: less white space above the slide
st.html("""<style>div[data-testid="stMainBlockContainer"] {padding-top: 4rem; padding-bottom: 1rem;}</style>""")

try:
    campaigns = common.run("campaigns_for_area", area=c.area)
    titles = select_titles(campaigns)
    rated = common.progress(c.area, None, c.as_of)
except Exception as exc:
    common.show_error(exc, lang)
    st.stop()

if titles.empty:
    common.page_header(c, c.t("pr_heading"))
    st.info(c.t("pr_no_campaign", area=c.area_name()))
    st.stop()

rated = rated[(rated["area_code"] == c.area) & rated["title_code"].isin(titles["title_code"])]
summary = title_summary(rated) if len(rated) else rated
by_title = {r["title_code"]: r for r in summary.to_dict("records")} if len(rated) else {}
slides = ["matrix"] + titles["title_code"].tolist()
n = len(slides)

# the slide index: the URL seeds it once per session, the buttons (and ← / → keys) move it
if KEY not in st.session_state:
    raw = st.query_params.get("slide", "1")
    st.session_state[KEY] = int(raw) - 1 if raw.isdigit() else 0
st.session_state["pr_n"] = n
st.session_state[KEY] = min(max(int(st.session_state[KEY]), 0), n - 1)


def _go(delta: int) -> None:
    st.session_state[KEY] = min(max(st.session_state[KEY] + delta, 0), st.session_state.get("pr_n", 1) - 1)
    st.session_state["pr_wall_at"] = time.monotonic()  # on a wall, a slide chosen by hand gets its full time




def wall_seconds(raw) -> int | None:
    """?wall=… : None (no wall mode) unless digits; a value under 5 s means the default."""
    raw = str(raw or "")
    if not raw.isdigit() or int(raw) == 0:
        return None
    return int(raw) if int(raw) >= 5 else WALL_DEFAULT_S


wall = wall_seconds(st.query_params.get("wall"))
if wall:
    st.session_state.setdefault("pr_wall_at", time.monotonic())

    @st.fragment(run_every=wall)
    def _wall_tick() -> None:
        # runs with every full run too: only advance when a whole interval has passed since the last move
        if time.monotonic() - st.session_state["pr_wall_at"] >= wall - 0.5:
            st.session_state["pr_wall_at"] = time.monotonic()
            st.session_state[KEY] = (st.session_state[KEY] + 1) % st.session_state.get("pr_n", 1)
            st.rerun(scope="app")
    _wall_tick()

i = st.session_state[KEY]
if st.query_params.get("slide") != str(i + 1):
    st.query_params["slide"] = str(i + 1)

nav = st.container(horizontal=True, vertical_alignment="center")
with nav:
    st.button(c.t("pr_prev"), icon=":material/arrow_back:", key="pr_prev", on_click=_go, args=(-1,),
              disabled=i == 0, shortcut="Left")
    st.markdown(f"**{c.t('pr_counter', i=i + 1, n=n)}**")
    st.button(c.t("pr_next"), icon=":material/arrow_forward:", key="pr_next", on_click=_go, args=(1,),
              disabled=i >= n - 1, shortcut="Right", type="primary")
    st.space("stretch")

    def _deck() -> bytes:
        try:
            return build_deck(common.con(), c.area, lang, None, as_of=c.as_of, today=common.today())
        except CocreateError:
            raise
        except Exception as exc:  # kaleido/chromium or python-pptx missing: say so in words
            raise CocreateError("pr_deck_failed", str(exc), reason=str(exc)[:120]) from exc

    st.download_button(c.t("pr_download"), data=_deck, file_name=f"deck_{c.area}_{lang}.pptx",
                       mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                       key="pr_download", on_click="ignore", icon=":material/slideshow:")

slide = slides[i]
if slide == "matrix":
    heading = c.t("overview_heading", area=c.area_name())
    common.page_header(c, heading)
    if len(rated):
        n_behind = len(behind_ratings(rated, titles["title_code"]))
        st.markdown("### " + c.t("pr_matrix_words", n=len(titles), k=len(rated), met=int((rated["status"] == "met").sum()),
                                 behind=n_behind))
        rows = summary[summary["title_code"].isin(titles["title_code"])]
        fig = projector(status_matrix_chart(rows, titles, lang=lang, title=""), font=22,
                        height=max(420, 140 + 80 * len(rows)))
        fig.update_traces(textfont_size=24)
        common.chart(fig, heading, lang, key="pr_matrix", sources=split_sources(rated["sources"].dropna()))
    else:
        st.info(c.t("no_data"))
else:
    tr = titles[titles["title_code"] == slide].iloc[0].to_dict()
    heading = f"{pick(tr, 'name', lang)} · {c.area_name()}"
    common.page_header(c, heading)
    s = by_title.get(slide)
    if s is None:
        st.info(c.t("no_data"))
        st.stop()
    st.markdown("### " + c.t("pr_title_sub", met=s["n_met"], n=s["n_indicators"],
                             date=fmt_date(tr["deadline"], lang), when=days_text(tr["deadline"], common.today(), lang)))
    st.markdown("#### " + coverage_text(s, lang))
    st.markdown("#### " + " ".join(common.status_md(x, lang, int(s[f"n_{x}"])) for x in STATUSES if s[f"n_{x}"]))
    if s["n_veto_failing"]:
        failing = rated[(rated["title_code"] == slide) & rated["is_veto"].astype(bool) & (rated["status"] != "met")]
        st.error(c.t("veto_warning", items="、".join(pick(r, "indicator_name", lang) for r in failing.to_dict("records"))))
    worst = worst_indicators(rated, slide, 1)
    if worst.empty:
        st.success("### " + c.t("pr_all_met"))
    else:
        row = worst.iloc[0].to_dict()
        f = facts(row, common.units_lookup(), lang)
        st.markdown("### " + c.t("pr_worst_words", indicator=f["name"]))
        col_chart, col_facts = st.columns([3, 1], vertical_alignment="center")
        with col_chart:
            series = common.run("indicator_series", indicator=row["indicator_code"], areas=[c.area], as_of=c.as_of)
            if series.empty:
                st.info(c.t("no_data"))
            else:
                title = c.t("trend_heading", indicator=f["name"]) + " · " + c.area_name()
                fig = projector(trend_chart(series, indicator=row, rated=row, lang=lang, title=""),
                                font=20, height=540)
                fit_trend_range(fig, series, row)
                common.chart(fig, title, lang, key=f"pr_trend_{slide}", sources=split_sources(series["source"].dropna()))
        with col_facts:
            # label + big value as text (st.metric cuts long values such as "not at the current trend")
            st.markdown("### " + common.status_md(f["status"], lang) + " " + common.flags_md(row.get("flags"), lang),
                        help="\n\n".join(flags_why(row, lang)) or None)
            shown = [(c.t("col_value") + f" ({f['period']})", f["value"]),
                     (c.t("col_threshold") + f" · {f['confidence']}", f["threshold"])]
            if f["gap_units"]:
                shown.append((c.t("col_gap_units"), f["gap_units"]))
            elif f["gap"]:
                shown.append((c.t("col_gap"), f["gap"]))
            shown.append((c.t("col_projected"), f["projected"]))
            for label, value in shown:
                st.caption(label)
                st.markdown("### " + value.replace("*", "\\*"))
