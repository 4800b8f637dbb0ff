"""Streamlit helpers shared by every page: one cached connection, cached queries keyed on the
data version, the sidebar context (language, area, as-of date in the URL), downloads."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from cocreate.clock import CHINA_TZ, china_today  # noqa: F401  (pages use common.CHINA_TZ)
from cocreate.store import db
from cocreate.present.charts import add_stamp, png_filename, to_png
from cocreate.present.honesty import demo_text, stamp_text
from cocreate.errors import CocreateError
from cocreate.present.i18n import LANGS, error_text, fmt_date, pick, t
from webui.url_state import leave_old_multipage_mode, url_date, url_widget  # noqa: F401  (pages: common.*)
from webui.table_io import (HEADER_PX, ROW_PX, csv_bytes, download_csv, rows_note,  # noqa: F401
                            table_height)  # pages call them as common.*
from cocreate.method.progress import title_progress
from webui.status_display import (flag_counts_md, flags_md, honest_column_help, status_badge,  # noqa: F401
                                  status_md, style_status)

DEFAULT_AREA = "620100"
LANG_LABELS = {"zh": "中文", "en": "English"}


def today() -> dt.date:
    """Today in China time, whatever the server's zone."""
    return china_today()


@st.cache_resource(show_spinner=False)
def _connection(target: str):
    store = db.open_store(target)
    from cocreate import first_admin   # at the app's start: the first administrator's setup link
    first_admin.announce(store, _base_url(), lambda link, hours: "\n".join(
        t("office_setup_console", lg, link=link, hours=hours) for lg in LANGS))
    return store


def _base_url() -> str:
    """The app's address as the server knows it, for links written to the log."""
    host = st.get_option("browser.serverAddress") or "localhost"
    port = st.get_option("browser.serverPort") or st.get_option("server.port") or 8501
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"http://{host}:{port}" + (f"/{base}" if base else "")


def con():
    """The app's one connection object (each query takes its own cursor in the gateway): on the
    DuckDB file a FileStore, which holds the file only while a cursor works (read-only for reads,
    read-write for a write's transaction), so commands read and write the same file while the app
    serves; or a pool of sessions on the PostgreSQL server named by COCREATE_DATABASE_URL."""
    return _connection(db.target())


def version() -> int:
    """Current data version, read from the store once per script run (begin_run, from app.py);
    every import bumps it, so cached results expire, on every replica at its next click (nothing is
    cached on local disk). Every write in the pages is followed by st.rerun, which reads it again."""
    v = st.session_state.get("_data_version")
    return db.data_version(con()) if v is None else v


def begin_run() -> None:
    """Read the data version for this script run (app.py calls this first, on every run)."""
    st.session_state["_data_version"] = None
    st.session_state["_data_version"] = db.data_version(con())


@st.cache_data(show_spinner=False, max_entries=512)
def _run_cached(name: str, version_key: int, params: tuple) -> pd.DataFrame:
    return db.run(con(), name, **dict(params))


def run(name: str, **params) -> pd.DataFrame:
    """A named query, cached by its parameters and the data version."""
    v = version()
    return _run_cached(name, v, tuple(sorted((k, _hashable(x)) for k, x in params.items())))


def _hashable(x):
    return tuple(x) if isinstance(x, list) else x


@st.cache_data(show_spinner=False, max_entries=256)
def _progress_cached(area: str, title, as_of, with_children: bool, version_key: int,
                     indicator=None) -> pd.DataFrame:
    return title_progress(con(), area, title, as_of, with_children, indicator)


def progress(area: str, title=None, as_of=None, with_children=False, indicator=None) -> pd.DataFrame:
    """Rated title progress, cached by parameters and data version (`indicator`: that one only)."""
    return _progress_cached(str(area), title, as_of, bool(with_children), version(), indicator)


@dataclass
class Ctx:
    lang: str
    area: str
    area_row: dict
    city_code: str
    as_of: dt.date | None
    latest_period: dt.date | None

    def t(self, key: str, **params) -> str:
        return t(key, self.lang, **params)

    def area_name(self) -> str:
        return pick(self.area_row, "name", self.lang)

    @property
    def data_period(self) -> dt.date | None:
        """The latest period of indicator figures on or before the as-of date (what a page's
        indicator numbers are for; the as-of date itself may be later than the last data)."""
        if self.latest_period is None:
            return None
        if self.as_of is None or self.as_of >= self.latest_period:
            return self.latest_period
        return self.as_of.replace(day=1)

    @property
    def data_as_of(self) -> dt.date:
        """The as-of date, but not past the last day of the latest data period: rankings and the map
        label their periods by it, so no ranking is named for a month that has no figures yet."""
        day = self.as_of or today()
        if self.latest_period is None:
            return day
        month_end = (pd.Timestamp(self.latest_period) + pd.offsets.MonthEnd(0)).date()
        return min(day, month_end)


def language() -> str:
    """The language switch (in the URL as ?lang=), Chinese by default."""
    lang = url_widget(st.sidebar.segmented_control, "语言 / Language", list(LANGS), "lang", "zh",
                      format_func=LANG_LABELS.get, label_visibility="collapsed")
    return lang if lang in LANGS else "zh"


@st.cache_resource(show_spinner=False, max_entries=4)
def _area_rows(version_key: int) -> tuple[list, dict]:
    """Area codes in catalog order and code -> catalog row, once per data version (read only)."""
    areas = run("areas")
    return areas["code"].tolist(), {r["code"]: r for r in areas.to_dict("records")}


def sidebar(lang: str) -> Ctx:
    """Area and as-of pickers; values live in the URL (?area=&as_of=) so links keep the view."""
    codes, rows = _area_rows(version())

    def label(code):
        r = rows[code]
        indent = "" if r["level"] == "city" else "　· "
        return indent + pick(r, "name", lang)

    default_index = codes.index(DEFAULT_AREA) if DEFAULT_AREA in codes else 0
    area = url_widget(st.sidebar.selectbox, t("area", lang), codes, "area", codes[default_index],
                      format_func=label)
    bounds = run("latest_period", area=area)
    latest = bounds["latest_period"].iloc[0] if len(bounds) else None
    first = bounds["first_period"].iloc[0] if len(bounds) else None
    latest = None if latest is None or pd.isna(latest) else pd.Timestamp(latest).date()
    first = None if first is None or pd.isna(first) else pd.Timestamp(first).date()
    as_of = None
    if latest:
        # one as-of date for the whole product, today (China time) unless the user picks another
        as_of = url_date(st.sidebar, t("as_of", lang), "as_of", max(latest, today()), first, max(latest, today()),
                         help=t("as_of_help", lang))
    r = dict(rows[area])  # the page's own copy of the shared row
    city = r["parent_code"] if isinstance(r.get("parent_code"), str) and r.get("parent_code") else area
    c = Ctx(lang=lang, area=area, area_row=r, city_code=city, as_of=as_of, latest_period=latest)
    if c.data_period:
        st.sidebar.caption(t("as_of_data_period", lang, period=fmt_date(c.data_period, lang, month_only=True)))
    st.sidebar.caption(f"{t('today', lang)}: {fmt_date(today(), lang)}")
    return c


def ctx() -> Ctx:
    """The context app.py built for this run (see leave_old_multipage_mode)."""
    leave_old_multipage_mode()
    if "_ctx" not in st.session_state:
        st.rerun()
    return st.session_state["_ctx"]


def demo_banner(c: Ctx) -> None:
    """Say plainly that demo data is showing, for the city shown only: its own count of illustrative
    figures and its own note from the area catalog (a Wuhan page never tells Lanzhou's story)."""
    share = run("demo_data_share", area=c.city_code)
    if len(share) and int(share["n_illustrative"].iloc[0]) > 0:
        city = _area_rows(version())[1].get(c.city_code, c.area_row)
        st.caption(":material/info: " + demo_text(city, int(share["n_illustrative"].iloc[0]),
                                                  int(share["n_total"].iloc[0]), c.lang))


def log_exception(exc: Exception) -> None:
    """Full details go to the server log, never to the page."""
    import logging
    logging.getLogger("cocreate").error("page error", exc_info=exc)


def show_error(exc: Exception, lang: str) -> None:
    """A sentence in the user's language, never a traceback."""
    st.error(error_text(exc, lang))


def stamp_for(sources=None) -> str:
    """The footer stamp of this view's pictures: area, as-of date, sources (default: every source
    stored for the area) and the demo label when any figure is illustrative."""
    c = st.session_state.get("_ctx")
    if c is None:
        return ""
    if sources is None:
        sources = run("area_sources", area=c.area, as_of=c.as_of)["source"].tolist()
    return stamp_text(c.area_name(), c.data_period, sources, c.lang)


def chart(fig, title: str, lang: str, key: str, sources=None, select: bool = False, width="stretch"):
    """Draw a figure with a camera button at scale 3 and a server-rendered PNG download; the figure
    carries the footer stamp, so both the browser's PNG and the server's have it. `select`: a click
    on a point selects it; the selection event is returned (else None). `width="content"`: the
    figure's own layout width, at most the column's (a chart that must not stretch on wide screens)."""
    add_stamp(fig, stamp_for(sources))
    filename = png_filename(title)
    picked = st.plotly_chart(fig, width=width, key=key, config={
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "scale": 3, "filename": filename[:-4]},
    }, **({"on_select": "rerun", "selection_mode": "points"} if select else {}))

    def render() -> bytes:
        try:
            own = {"width": int(fig.layout.width)} if fig.layout.width else {}   # a chart drawn at its own width
            return to_png(fig, scale=3 if (fig.layout.height or 500) < 700 else 2, **own)
        except Exception as exc:  # kaleido/chromium missing: the camera button still works
            raise CocreateError("png_unavailable", str(exc), reason=str(exc)[:120]) from exc

    st.download_button(t("download_png", lang), data=render, file_name=filename, mime="image/png",
                       key=f"{key}_png", on_click="ignore", icon=":material/image:")
    return picked if select else None


@st.cache_resource(show_spinner=False, max_entries=4)
def _units(version_key: int) -> dict:
    return {r["code"]: r for r in run("indicators").to_dict("records")}


def units_lookup() -> dict:
    """Indicator/measure code -> catalog row (for unit names of gaps in real units); one dict per
    data version, shared by every session: read it, never change it."""
    return _units(version())


def page_header(c: Ctx, heading: str, caption: str | None = None) -> None:
    """Page title, the demo-data notice and an optional caption."""
    st.title(heading)
    if caption:
        st.caption(caption)
    demo_banner(c)
