"""Chart builders: DataFrame in, plotly Figure out. The one place for colours, fonts and layout."""
from __future__ import annotations

import re

import threading
import warnings

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly import shapeannotation

from cocreate.present.i18n import decimals_of, fmt_date, fmt_number, pick, status_word, t
from cocreate.method.status import STATUSES, EPOCH, DAYS_PER_YEAR

# Okabe-Ito, colour-blind safe; every status also carries its word, never colour alone.
STATUS_COLOURS = {
    "met": "#009E73",
    "on_track": "#56B4E9",
    "needs_acceleration": "#E69F00",
    "off_track": "#D55E00",
    "deteriorating": "#882255",
    "insufficient_data": "#999999",
    "not_applicable": "#D1D5DB",  # not rated: a pale grey with dark ink, its word says why
}
STATUS_SYMBOLS = {"met": "✔", "on_track": "↗", "needs_acceleration": "⚠", "off_track": "✖",
                  "deteriorating": "↘", "insufficient_data": "?", "not_applicable": "–"}
SERIES_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
                  "#000000", "#882255", "#44AA99", "#117733", "#999933", "#AA4499", "#332288"]
INK = "#1f2a37"
THRESHOLD_COLOUR = "#C0392B"
DEADLINE_COLOUR = "#6B7280"
FONT_FAMILY = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
TEMPLATE_NAME = "cocreate"
PNG_WIDTH, PNG_HEIGHT, PNG_SCALE = 1600, 900, 2

pio.templates[TEMPLATE_NAME] = go.layout.Template(
    layout=go.Layout(
        font=dict(family=FONT_FAMILY, size=15, color=INK),
        title=dict(font=dict(size=20), x=0.01, xanchor="left"),
        colorway=SERIES_COLOURS,
        paper_bgcolor="white",
        plot_bgcolor="white",
        xaxis=dict(showgrid=False, linecolor="#9CA3AF", ticks="outside", tickcolor="#9CA3AF"),
        yaxis=dict(gridcolor="#E5E7EB", zerolinecolor="#D1D5DB"),
        # Legend under the plot: above it, it collides with the title on narrow screens.
        legend=dict(orientation="h", yanchor="top", y=-0.12, xanchor="left", x=0),
        margin=dict(l=60, r=30, t=70, b=90),
        hoverlabel=dict(font=dict(family=FONT_FAMILY)),
    )
)


def _layout(fig: go.Figure, title: str, height: int = 460) -> go.Figure:
    fig.update_layout(template=TEMPLATE_NAME, title=dict(text=title), height=height)
    return fig


def axis_line(fig: go.Figure, kind: str, value, **kwargs) -> go.Figure:
    """fig.add_hline(y=value, ...) / fig.add_vline(x=value, ...) (kind "hline" / "vline") for a figure
    without subplots: the same line and label (plotly's own helpers make them), added once; plotly's
    add_hline re-validates every shape and label already on the figure, each time."""
    if kind == "hline":
        shape = dict(type="line", x0=0, x1=1, y0=value, y1=value)
    else:
        shape = dict(type="line", x0=value, x1=value, y0=0, y1=1)
    shape_kwargs, label_kwargs = shapeannotation.split_dict_by_key_prefix(kwargs, "annotation_")
    label = shapeannotation.axis_spanning_shape_annotation(None, kind, shape, label_kwargs)
    spans = "xref" if kind == "hline" else "yref"  # the line spans that axis's whole domain
    shape = {"xref": "x", "yref": "y", **shape, **shape_kwargs}
    shape[spans] += " domain"
    fig.add_shape(**shape)
    if label is not None:
        label = {"xref": "x", "yref": shape_kwargs.get("yref", "y"), **label}
        label[spans] += " domain"
        fig.add_annotation(**label)
    return fig


STAMP_FONT_SIZE = 12
STAMP_NAME = "cocreate_stamp"


def add_stamp(fig: go.Figure, text: str, size: int = STAMP_FONT_SIZE) -> go.Figure:
    """Write the footer stamp (area, as-of date, source, demo label) into the figure itself, so the
    browser's camera button, the server PNG and the deck picture all carry it. Idempotent."""
    if not text:
        return fig
    text = _wrap_stamp(text)
    room = size + 14 + (text.count("<br>")) * (size + 4)
    annotations = fig.layout.annotations or ()
    margin_b = fig.layout.margin.b if fig.layout.margin.b is not None else 90
    if any(a.name == STAMP_NAME for a in annotations):  # stamped before: the new text replaces it
        fig.layout.annotations = [a for a in annotations if a.name != STAMP_NAME]
    else:
        margin_b += room  # the figure grows by the stamp's room: the plot keeps its size
        fig.update_layout(height=(fig.layout.height or 450) + room)
    fig.update_layout(margin=dict(b=margin_b))
    fig.add_annotation(name=STAMP_NAME, text=text, showarrow=False, xref="paper", yref="paper", x=0, y=0,
                       xanchor="left", yanchor="bottom", yshift=-(margin_b - 4), align="left",
                       font=dict(size=size, color="#4B5563"))
    return fig


STAMP_LINE_CHARS = 110   # a longer stamp is cut off at a narrow figure's edge, and its demo label with it


def _wrap_stamp(text: str) -> str:
    """Break a long stamp into lines at its '; ' and ' · ' joints (a CJK character counts double)."""
    def width(part: str) -> int:
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in part)
    lines, line = [], ""
    for piece in re.split(r"(?<=; )|(?<= · )", text):
        if line and width(line) + width(piece) > STAMP_LINE_CHARS:
            lines.append(line.rstrip())
            line = ""
        line += piece
    lines.append(line.rstrip())
    return "<br>".join(x for x in lines if x)


def _threshold_label(value, decimals: int, lang: str, confidence) -> str:
    """'标准 36' for a checked threshold, '标准 60（△ 假定值）' otherwise: the line says how sure it is."""
    from cocreate.present.honesty import CONFIDENCE_MARKS, confidence_label
    text = fmt_number(value, decimals, lang, big=False)
    if confidence in CONFIDENCE_MARKS and confidence != "seen":
        return t("threshold_line_conf", lang, value=text, confidence=confidence_label(confidence, lang))
    return t("threshold_line", lang, value=text)


def _marks(rows: pd.DataFrame) -> str:
    """The confidence marks of thresholds that are not checked figures (' △'), for line labels."""
    from cocreate.present.honesty import CONFIDENCE_MARKS
    if "threshold_confidence" not in rows:
        return ""
    marks = sorted({CONFIDENCE_MARKS[c] for c in rows["threshold_confidence"] if c in CONFIDENCE_MARKS and c != "seen"})
    return (" " + "".join(marks)) if marks else ""


# Plotly is given numpy arrays, not pandas Series: the same figure, without converting a Series
# value by value (a date Series costs ~20 ms per trace).


def trend_chart(series: pd.DataFrame, *, indicator: dict, rated: dict | None, lang: str,
                title: str) -> go.Figure:
    """Observed series with threshold line, campaign start, deadline and the trend projection.

    `series`: rows of indicator_series.sql for one area; `rated`: one rated title_progress row.
    """
    unit = pick(indicator, "unit", lang)
    decimals = decimals_of(indicator)
    fig = go.Figure()
    s = series.sort_values("period")
    complete = s[s["is_complete"]] if "is_complete" in s else s
    incomplete = s[~s["is_complete"]] if "is_complete" in s else s.iloc[0:0]
    fig.add_trace(go.Scatter(
        x=complete["period"].to_numpy(), y=complete["value"].to_numpy(), mode="lines+markers", name=t("observed", lang),
        line=dict(color=SERIES_COLOURS[0], width=3), marker=dict(size=5),
        hovertemplate="%{x|%Y-%m}: %{y:,." + str(decimals) + "f} " + unit + "<extra></extra>"))
    if len(incomplete):
        fig.add_trace(go.Scatter(
            x=incomplete["period"].to_numpy(), y=incomplete["value"].to_numpy(), mode="markers", name=t("incomplete_period", lang),
            marker=dict(size=9, symbol="circle-open", color="#9CA3AF")))
    if rated:
        thr = rated.get("threshold")
        deadline = rated.get("deadline")
        if thr is not None and indicator.get("direction") != "yes_no":
            axis_line(fig, "hline", float(thr), line=dict(color=THRESHOLD_COLOUR, width=2, dash="dash"),
                          annotation_text=_threshold_label(thr, decimals, lang, rated.get("threshold_confidence")),
                          annotation_position="top left", annotation_font_color=THRESHOLD_COLOUR)
        if deadline is not None:
            d = pd.Timestamp(deadline)
            axis_line(fig, "vline", d.timestamp() * 1000, line=dict(color=DEADLINE_COLOUR, width=2, dash="dot"),
                          annotation_text=t("deadline_line", lang, date=fmt_date(d.date(), lang)),
                          annotation_position="top right", annotation_font_color=DEADLINE_COLOUR)
        start = rated.get("campaign_start")
        if start is not None:
            axis_line(fig, "vline", pd.Timestamp(start).timestamp() * 1000, line=dict(color="#D1D5DB", width=1),
                          annotation_text=t("campaign_start_line", lang), annotation_position="bottom right",
                          annotation_font_color="#6B7280")
        slope, intercept = rated.get("slope_per_year"), rated.get("intercept")
        base, latest = rated.get("baseline_period"), rated.get("latest_period")
        if slope is not None and intercept is not None and pd.notna(slope) and base is not None and deadline is not None:
            end = max(pd.Timestamp(deadline), pd.Timestamp(latest))
            xs = [pd.Timestamp(base), end]
            ys = [intercept + slope * ((x.date() - EPOCH).days / DAYS_PER_YEAR) for x in xs]
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name=t("projection", lang),
                                     line=dict(color=SERIES_COLOURS[1], width=2, dash="dash")))
    fig.update_yaxes(title_text=t("axis_value", lang, unit=unit))
    if indicator.get("direction") == "yes_no":  # two states, not a scale around a constant 0
        fig.update_yaxes(range=[-0.2, 1.2], tickvals=[0, 1], ticktext=[t("no", lang), t("yes", lang)])
    fig.update_xaxes(title_text=None)
    return _layout(fig, title)


def compare_chart(series: pd.DataFrame, *, indicator: dict, lang: str, title: str,
                  thresholds: pd.DataFrame | None = None) -> go.Figure:
    """One line per area for one indicator, with each title's threshold as a dashed line."""
    unit = pick(indicator, "unit", lang)
    decimals = decimals_of(indicator)
    fig = go.Figure()
    for i, (code, g) in enumerate(series.groupby("area_code", sort=False)):
        g = g.sort_values("period")
        name = pick(g.iloc[0], "area_name", lang)
        is_city = g.iloc[0].get("level") == "city"
        fig.add_trace(go.Scatter(
            x=g["period"].to_numpy(), y=g["value"].to_numpy(), mode="lines", name=name,
            line=dict(width=4 if is_city else 2, color=SERIES_COLOURS[i % len(SERIES_COLOURS)]),
            hovertemplate=name + " %{x|%Y-%m}: %{y:,." + str(decimals) + "f}<extra></extra>"))
    if thresholds is not None and indicator.get("direction") != "yes_no" and len(thresholds):
        # titles sharing a threshold share one line and one label, so labels never overprint
        for value, group in thresholds.groupby("threshold", sort=True):
            names = " / ".join(pick(r, "short", lang) for r in group.to_dict("records"))
            axis_line(fig, "hline", float(value), line=dict(color=THRESHOLD_COLOUR, width=1, dash="dash"),
                          annotation_text=f"{names} {fmt_number(value, decimals, lang, big=False)}" + _marks(group),
                          annotation_position="top left", annotation_font_color=THRESHOLD_COLOUR)
    fig.update_yaxes(title_text=t("axis_value", lang, unit=unit))
    return _layout(fig, title)


def district_bar_chart(rated: pd.DataFrame, *, indicator: dict, lang: str, title: str) -> go.Figure:
    """Latest value per district as horizontal bars coloured (and labelled) by status, threshold line."""
    unit = pick(indicator, "unit", lang)
    decimals = decimals_of(indicator)
    shown = [c for c in ("latest_value", "status", "threshold", "threshold_confidence", "area_name_zh", "area_name_en",
                         "title_short_zh", "title_short_en")
             if c in rated]
    d = rated[shown].dropna(subset=["latest_value"])
    ascending = indicator.get("direction") == "down"
    d = d.sort_values("latest_value", ascending=not ascending)
    names = [pick(r, "area_name", lang) for r in d[[c for c in ("area_name_zh", "area_name_en") if c in d]].to_dict("records")]
    words = [f"{fmt_number(v, decimals, lang, big=False)} · {status_word(s, lang)}"
             for v, s in zip(d["latest_value"], d["status"])]
    fig = go.Figure(go.Bar(
        y=names, x=d["latest_value"].to_numpy(), orientation="h", text=words, textposition="auto",
        marker_color=[STATUS_COLOURS.get(s, "#999") for s in d["status"]],
        hovertemplate="%{y}: %{x:,." + str(decimals) + "f} " + unit + "<extra></extra>"))
    thr = d["threshold"].iloc[0] if len(d) else None
    if thr is not None and indicator.get("direction") != "yes_no":
        axis_line(fig, "vline", float(thr), line=dict(color=THRESHOLD_COLOUR, width=2, dash="dash"),
                      # the bars' statuses are judged against this line: it names its standard
                      annotation_text=(f"{pick(d.iloc[0], 'title_short', lang)} · " if pick(d.iloc[0], "title_short", lang) else "")
                      + _threshold_label(thr, decimals, lang, d["threshold_confidence"].iloc[0]
                                         if "threshold_confidence" in d else None),
                      annotation_font_color=THRESHOLD_COLOUR)
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title_text=t("axis_value", lang, unit=unit))
    return _layout(fig, title, height=max(320, 60 + 42 * len(d)))


def status_matrix_chart(rollup: pd.DataFrame, titles: pd.DataFrame, *, lang: str, title: str) -> go.Figure:
    """Stacked horizontal bars: per title, how many indicators sit in each status."""
    names = {r["title_code"]: pick(r, "short", lang) for r in titles.to_dict("records")}
    r = rollup.copy()
    r["name"] = r["title_code"].map(names)
    fig = go.Figure()
    for s in STATUSES:
        col = f"n_{s}"
        fig.add_trace(go.Bar(
            y=r["name"].to_numpy(), x=r[col].to_numpy(), orientation="h", name=status_word(s, lang),
            marker_color=STATUS_COLOURS[s], text=[str(v) if v else "" for v in r[col]],
            textposition="inside", insidetextanchor="middle",
            hovertemplate="%{y} · " + status_word(s, lang) + ": %{x}<extra></extra>"))
    fig.update_layout(barmode="stack", legend=dict(traceorder="normal"))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title_text=None)
    return _layout(fig, title, height=max(300, 120 + 55 * len(r)))


_KALEIDO_LOCK = threading.Lock()
_kaleido_started = False


def _ensure_kaleido() -> None:
    """Start kaleido's browser once per process: ~2 s the first time, ~0.25 s per image after
    (without it every image starts its own chromium, ~10 s)."""
    global _kaleido_started
    with _KALEIDO_LOCK:
        if not _kaleido_started:
            import kaleido
            kaleido.start_sync_server(mathjax=False)
            _kaleido_started = True


def to_png(fig: go.Figure, width: int = PNG_WIDTH, height: int | None = None, scale: int = PNG_SCALE) -> bytes:
    """Render a figure to PNG with kaleido (Debian chromium), at presentation resolution."""
    _ensure_kaleido()
    h = height or int(fig.layout.height or PNG_HEIGHT)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "kopts ignored when using a server"
        return fig.to_image(format="png", width=width, height=h, scale=scale)


def png_filename(title: str) -> str:
    """A safe file name from a chart title (Chinese kept, punctuation dropped)."""
    keep = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in title).strip("_")
    while "__" in keep:
        keep = keep.replace("__", "_")
    return (keep or "chart")[:80] + ".png"
