"""What goes on the meeting deck's slides (and the presentation page): the data of an area, the
worst indicators per title, the words of one indicator (value, threshold with its confidence mark,
status, flags, projected date, gap), trend figures restyled for a slide and stamped with their area,
date and source. Nothing here draws PPTX or imports streamlit."""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import pandas as pd

from cocreate.clock import CHINA_TZ, china_today  # noqa: F401  (re-exported for the deck)
from cocreate.store import db
from cocreate.present.charts import add_stamp, trend_chart
from cocreate.errors import CocreateError
from cocreate.present.honesty import flags_text, split_sources, stamp_text, threshold_mark
from cocreate.present.i18n import pick, status_word, t
from cocreate.method.progress import BEHIND, check_area, check_title, title_progress, title_summary  # noqa: F401
from cocreate.present.tables import progress_display, sort_by_severity

MAX_IMAGES = 18          # trend images per deck (3 each for 6 titles): ~0.3 s each, a deck in ~10 s
WORST_PER_TITLE = 3
BEHIND_ROWS_PER_SLIDE = 9


# ---------------------------------------------------------------- data (shared with the page)

@dataclass
class DeckData:
    area: dict
    titles: pd.DataFrame          # campaigns_for_area rows of the titles in the deck
    rated: pd.DataFrame           # rated title_progress rows for the area itself
    summary: pd.DataFrame         # title_summary of `rated`
    units: dict                   # indicator/measure code -> catalog row (gap in real units)
    latest_period: dt.date | None
    demo: bool
    today: dt.date
    as_of: dt.date | None = None
    city: dict = field(default_factory=dict)        # the city's catalog row (its demo note)
    demo_counts: tuple = (0, 0)                     # illustrative values of the city and its districts, all values
    series: dict = field(default_factory=dict)  # indicator code -> indicator_series frame


def load(con, area: str, title: str | None = None, as_of=None, today: dt.date | None = None) -> DeckData:
    """Everything the deck needs for an area (and one title, if given), from the named queries."""
    area = str(area)
    check_area(con, area)
    check_title(con, title)
    areas = db.run(con, "areas")
    area_row = areas[areas["code"] == area].iloc[0].to_dict()
    campaigns = db.run(con, "campaigns_for_area", area=area)
    titles = select_titles(campaigns, title)
    if title and titles.empty:
        raise CocreateError("pr_title_not_campaigned", title, title=title, area=area)
    rated = title_progress(con, area, title, as_of)
    rated = rated[(rated["area_code"] == area) & rated["title_code"].isin(titles["title_code"])]
    summary = title_summary(rated) if len(rated) else pd.DataFrame()
    bounds = db.run(con, "latest_period", area=area)
    latest = bounds["latest_period"].iloc[0] if len(bounds) else None
    latest = None if latest is None or pd.isna(latest) else pd.Timestamp(latest).date()
    if as_of is not None and latest is not None:
        latest = min(latest, pd.Timestamp(as_of).date())
    parent = area_row.get("parent_code")
    share = db.run(con, "demo_data_share", area=parent if isinstance(parent, str) and parent else area)
    city_row = areas[areas["code"] == (parent if isinstance(parent, str) and parent else area)].iloc[0].to_dict()
    demo_counts = (int(share["n_illustrative"].iloc[0]), int(share["n_total"].iloc[0])) if len(share) else (0, 0)
    units = {r["code"]: r for r in db.run(con, "indicators").to_dict("records")}
    return DeckData(area=area_row, titles=titles, rated=rated, summary=summary, units=units,
                    latest_period=latest, demo=demo_counts[0] > 0, city=city_row,
                    demo_counts=demo_counts, today=today or china_today(),
                    as_of=pd.Timestamp(as_of).date() if as_of is not None else None)


def select_titles(campaigns: pd.DataFrame, title: str | None = None) -> pd.DataFrame:
    """The titles a deck covers: the one asked for, else every title (not benchmark) campaigned for."""
    if title:
        return campaigns[campaigns["title_code"] == title].reset_index(drop=True)
    return campaigns[campaigns["kind"] == "title"].reset_index(drop=True)


def worst_indicators(rated: pd.DataFrame, title_code: str, n: int = WORST_PER_TITLE) -> pd.DataFrame:
    """A title's indicators not met, worst first (deteriorating, off track, ...), at most n."""
    rows = rated[(rated["title_code"] == title_code) & ~rated["status"].isin(["met", "not_applicable"])
                 & rated["latest_value"].notna()]
    return sort_by_severity(rows).head(n)  # (an indicator with no figure at all has no trend to show)


def days_text(deadline, today: dt.date, lang: str) -> str:
    d = pd.Timestamp(deadline).date()
    days = (d - today).days
    return t("card_days", lang, days=days) if days >= 0 else t("card_days_past", lang, days=-days)


def _trim(text: str) -> str:
    """'≥ 36.00' -> '≥ 36' (thresholds read as the standard prints them)."""
    head, sep, tail = text.rpartition(" ")
    num = tail if sep else text
    if "." in num and num.replace(",", "").replace(".", "").isdigit():
        num = num.rstrip("0").rstrip(".")
    return f"{head} {num}" if sep else num


def facts(row: dict, units: dict, lang: str) -> dict:
    """The words of one indicator: value, threshold, status, projected date, gap (in real units)."""
    disp = progress_display(pd.DataFrame([row]), lang, units).iloc[0]
    unit = pick(row, "unit", lang)
    unit_sp = "" if not unit else (unit if unit in ("%", "‰") else " " + unit)
    value = disp[t("col_value", lang)]
    mark = threshold_mark(row)
    thr_text = disp[t("col_threshold", lang)]
    thr = _trim(thr_text[:-len(mark)].rstrip() if mark and thr_text.endswith(mark) else thr_text)
    if row.get("direction") != "yes_no":
        value, thr = value + unit_sp, thr + unit_sp
    if mark:  # the confidence mark follows the unit: '≥ 60% △'
        thr = f"{thr} {mark}"
    gap = disp[t("col_gap", lang)]
    return {
        "name": pick(row, "indicator_name", lang) + (" ★" if row.get("is_veto") else ""),
        "value": value,
        "threshold": thr,
        "period": disp[t("col_period", lang)],
        "status": row["status"],
        "status_word": status_word(row["status"], lang),
        "projected": disp[t("col_projected", lang)],
        "gap": "" if gap == "—" or row.get("direction") == "yes_no" else gap + unit_sp,
        "gap_units": disp[t("col_gap_units", lang)],
        "dept": pick(row, "lead_dept", lang),
        "flags": flags_text(row.get("flags"), lang),
        "confidence": disp[t("col_confidence", lang)],
    }


LEGEND_Y = 0.14   # the legend's distance under the plot, as a share of the plot's height


def projector(fig, *, font: int = 20, height: int | None = None, title: str | None = None):
    """Restyle a chart for a projector or a slide: bigger text, thicker lines, tighter margins."""
    top = 70 if title else 46
    total = height or fig.layout.height or 450
    # the legend sits 14 % of the plot's height below it: the bottom margin must hold that and one
    # legend row at every height, or the footer stamp added under the margin runs into the legend
    legend_row = int(1.5 * (font - 3)) + 10
    bottom = max(80, math.ceil((LEGEND_Y * (total - top) + legend_row) / (1 + LEGEND_Y)))
    fig.update_layout(font=dict(size=font), title=dict(text=title, font=dict(size=font + 4)) if title is not None else None,
                      legend=dict(font=dict(size=font - 3), y=-LEGEND_Y),
                      margin=dict(l=70, r=24, t=top, b=bottom))
    if height:
        fig.update_layout(height=height)
    fig.update_annotations(font_size=font - 2)
    fig.update_xaxes(tickfont=dict(size=font - 2))
    fig.update_yaxes(tickfont=dict(size=font - 2), title_font=dict(size=font - 2))
    return fig


def trend_figure(con, data: DeckData, row: dict, lang: str, title: str | None = None, font: int = 20,
                 height: int | None = None):
    """The trend chart of one rated indicator row, styled for a slide (series cached on `data`)."""
    code = row["indicator_code"]
    if code not in data.series:
        data.series[code] = db.run(con, "indicator_series", indicator=code, areas=[data.area["code"]],
                                   as_of=data.as_of)
    series = data.series[code]
    if series.empty:
        return None
    fig = trend_chart(series, indicator=row, rated=row, lang=lang, title=title or "")
    fig = fit_trend_range(projector(fig, font=font, height=height, title=title), series, row)
    return add_stamp(fig, picture_stamp(data, series, lang), size=max(12, font - 6))


def picture_stamp(data: "DeckData", series: pd.DataFrame, lang: str) -> str:
    """The footer of a deck picture: area, the data's date, the series' sources, the demo label."""
    sources = split_sources(series["source"]) if "source" in series else None
    return stamp_text(pick(data.area, "name", lang), data.latest_period, sources, lang)


def fit_trend_range(fig, series: pd.DataFrame, row: dict):
    """Time axis from the first figure to just past the inspection date (plotly's autorange runs
    years beyond it), with the inspection label on the inner side of its line so it is not cut."""
    deadline = row.get("deadline")
    if deadline is None or pd.isna(deadline) or series.empty:
        return fig
    end = max(pd.Timestamp(deadline), pd.Timestamp(series["period"].max())) + pd.DateOffset(months=4)
    start = pd.Timestamp(series["period"].min()) - pd.DateOffset(months=2)
    fig.update_xaxes(range=[start, end])
    dl_ms = pd.Timestamp(deadline).timestamp() * 1000
    for ann in fig.layout.annotations:
        if ann.x is not None and isinstance(ann.x, (int, float)) and abs(ann.x - dl_ms) < 1:
            ann.xanchor = "right"
    return fig


def allocate_images(counts: list[int], cap: int = MAX_IMAGES) -> list[int]:
    """How many trend images each title gets: round-robin over the titles' worst indicators, so
    the cap never leaves a title without its worst one while titles remain."""
    out = [0] * len(counts)
    left = cap
    while left > 0:
        moved = False
        for i, n in enumerate(counts):
            if left > 0 and out[i] < n:
                out[i] += 1
                left -= 1
                moved = True
        if not moved:
            break
    return out


def behind_across_titles(data: DeckData, lang: str) -> list[dict]:
    """One row per indicator behind in any title, worst status first, with each title's threshold."""
    r = data.rated[data.rated["status"].isin(BEHIND)]
    if r.empty:
        return []
    short = {x["title_code"]: pick(x, "short", lang) for x in data.titles.to_dict("records")}
    rows = []
    for code, g in sort_by_severity(r).groupby("indicator_code", sort=False):
        first = g.iloc[0].to_dict()  # the worst rating of this indicator
        titles = []
        for x in g.to_dict("records"):
            thr = facts(x, data.units, lang)["threshold"]
            titles.append(f"{short.get(x['title_code'], x['title_code'])} {thr}")
        f = facts(first, data.units, lang)
        f["titles"] = " · ".join(titles)
        rows.append(f)
    return rows

