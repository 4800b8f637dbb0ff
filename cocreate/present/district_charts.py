"""Charts of the services / rankings / map pages: DataFrame in, plotly Figure out.
Uses the shared template, status colours and fonts of cocreate.present.charts."""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from cocreate.present.charts import (DEADLINE_COLOUR, SERIES_COLOURS, STATUS_COLOURS, STATUS_SYMBOLS, THRESHOLD_COLOUR,
                     _layout, axis_line)
from cocreate.present.i18n import decimals_of, fmt_auto, fmt_number, fmt_pct, pick, status_word, t

REFERENCE_COLOUR = "#0072B2"      # best-practice / plan reference lines (blue, dotted)
PUBLISHED_COLOUR = "#6B7280"      # published statistics: grey, dotted, square markers
CITY_COLOUR = "#1f2a37"
VETO_COLOUR = "#882255"
NO_DATA_FILL = "#E5E7EB"
MAP_SCALE = "Blues"


def _fmt(v, decimals, lang):
    return fmt_number(v, decimals, lang, big=False)


def services_trend_chart(series: pd.DataFrame, *, indicator: dict, threshold: float | None,
                         references: pd.DataFrame | None, lang: str, title: str) -> go.Figure:
    """One public-service metric over time: the city (thick, dark) and every district (thin),
    incomplete city periods as open grey circles, the benchmark (red dashed) and the reference
    values of the source documents (blue dotted)."""
    unit = pick(indicator, "unit", lang)
    decimals = decimals_of(indicator)
    fig = go.Figure()
    s = series.sort_values("period")
    districts = s[s["level"] != "city"]
    for i, (code, g) in enumerate(districts.groupby("area_code", sort=True)):
        name = pick(g.iloc[0], "area_name", lang)
        fig.add_trace(go.Scatter(
            x=g["period"].to_numpy(), y=g["value"].to_numpy(), mode="lines", name=name,
            line=dict(width=1.6, color=SERIES_COLOURS[(i + 1) % len(SERIES_COLOURS)]), opacity=0.75,
            hovertemplate=name + " %{x|%Y-%m}: %{y:,." + str(decimals) + "f} " + unit + "<extra></extra>"))
    city = s[s["level"] == "city"]
    if len(city):
        name = pick(city.iloc[0], "area_name", lang)
        done = city[city["is_complete"].astype(bool)]
        fig.add_trace(go.Scatter(
            x=done["period"].to_numpy(), y=done["value"].to_numpy(), mode="lines+markers", name=name,
            line=dict(width=4, color=CITY_COLOUR), marker=dict(size=6),
            hovertemplate=name + " %{x|%Y-%m}: %{y:,." + str(decimals) + "f} " + unit + "<extra></extra>"))
        partial = city[~city["is_complete"].astype(bool)]
        if len(partial):
            text = [t("sv_reported_of", lang, n=int(r), m=int(e))
                    for r, e in zip(partial["areas_reported"], partial["areas_expected"])]
            fig.add_trace(go.Scatter(
                x=partial["period"].to_numpy(), y=partial["value"].to_numpy(), mode="markers", name=t("incomplete_period", lang),
                marker=dict(size=11, symbol="circle-open", color="#9CA3AF", line=dict(width=2)),
                text=text, hovertemplate=name + " %{x|%Y-%m}: %{y:,." + str(decimals) + "f} · %{text}<extra></extra>"))
    if threshold is not None and not pd.isna(threshold):
        axis_line(fig, "hline", float(threshold), line=dict(color=THRESHOLD_COLOUR, width=2, dash="dash"),
                      annotation_text=t("sv_benchmark_line", lang, value=_fmt(threshold, decimals, lang)),
                      annotation_position="top left", annotation_font_color=THRESHOLD_COLOUR)
    if references is not None:
        for _, r in references.iterrows():
            axis_line(fig, "hline", float(r["value"]), line=dict(color=REFERENCE_COLOUR, width=1.5, dash="dot"),
                          annotation_text=pick(r, "label", lang), annotation_position="bottom right",
                          annotation_font_color=REFERENCE_COLOUR, annotation_font_size=12)
    fig.update_yaxes(title_text=t("axis_value", lang, unit=unit))
    _layout(fig, title, height=560)
    fig.update_layout(legend=dict(font=dict(size=12), orientation="h", yanchor="top", y=-0.08, x=0),
                      margin=dict(b=110))
    return fig


def score_bar_chart(ranked: pd.DataFrame, *, lang: str, title: str) -> go.Figure:
    """This period's composite score per district, best at the top; the bar text carries rank,
    score, arrow and a veto mark in words (never colour alone)."""
    d = ranked.sort_values(["rank", "area_code"])
    names = [pick(r, "area_name", lang) for r in d.to_dict("records")]
    texts, colours = [], []
    for r in d.to_dict("records"):
        label = t("rk_bar_text", lang, rank=int(r["rank"]), score=fmt_pct(r["score"], lang),
                  arrow=r.get("arrow", ""))
        if r["veto_failing"]:
            label += " · " + t("rk_veto_mark", lang)
        texts.append(label)
        colours.append(VETO_COLOUR if r["veto_failing"] else SERIES_COLOURS[0])
    fig = go.Figure(go.Bar(
        y=names, x=[s * 100 for s in d["score"]], orientation="h", text=texts, textposition="auto",
        marker=dict(color=colours, pattern=dict(shape=["x" if v else "" for v in d["veto_failing"]])),
        hovertemplate="%{y}: %{x:.1f}%<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title_text=t("rk_axis_score", lang), range=[0, 100], ticksuffix="%")
    return _layout(fig, title, height=max(320, 90 + 40 * len(d)))


def rank_history_chart(history: pd.DataFrame, *, period_order: list, lang: str, title: str) -> go.Figure:
    """Each district's rank over the periods (1 at the top)."""
    fig = go.Figure()
    n = int(history["n_districts"].max()) if len(history) else 1
    pos = {p: i for i, p in enumerate(period_order)}
    for i, (code, g) in enumerate(history.groupby("area_code", sort=True)):
        g = g.assign(_p=g["period"].map(pos)).sort_values("_p")
        name = pick(g.iloc[0], "area_name", lang)
        fig.add_trace(go.Scatter(
            x=g["period"].to_numpy(), y=g["rank"].to_numpy(), mode="lines+markers", name=name,
            line=dict(width=2, color=SERIES_COLOURS[i % len(SERIES_COLOURS)]), marker=dict(size=7),
            hovertemplate=name + " %{x}: " + t("rk_rank_hover", lang) + "<extra></extra>"))
    fig.update_yaxes(autorange=False, range=[n + 0.5, 0.5], dtick=1, title_text=t("rk_axis_rank", lang))
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=period_order)
    _layout(fig, title, height=520)
    fig.update_layout(legend=dict(font=dict(size=12), orientation="h", yanchor="top", y=-0.12, x=0),
                      margin=dict(b=110))
    return fig


def _rings(geometry: dict):
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    for poly in polys:
        for ring in poly[:1]:   # outer rings only: holes are filled by their own districts
            yield ring


def _ring_area_centroid(ring):
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        f = x0 * y1 - x1 * y0
        a += f
        cx += (x0 + x1) * f
        cy += (y0 + y1) * f
    if a == 0:
        return 0.0, ring[0][0], ring[0][1]
    return abs(a / 2), cx / (3 * a), cy / (3 * a)


def feature_label_point(geometry: dict) -> tuple[float, float]:
    """(lon, lat) of the centroid of a feature's largest ring, where its label goes."""
    best = max((_ring_area_centroid(r) for r in _rings(geometry)), key=lambda x: x[0])
    return best[1], best[2]


def district_map(frame: pd.DataFrame, geojson: dict | None, *, lang: str, title: str, colour_title: str,
                 higher_is_better: bool = True, cmin: float | None = None, cmax: float | None = None) -> go.Figure:
    """Districts coloured by `colour_value` (darker = better), labelled with `label`, hover `hover`.

    `frame`: one row per district with area_code, area_name_zh/en, lat, lon, colour_value, label,
    hover. Drawn as filled polygons on plain equal-scale axes (SVG): no tile server, no WebGL, no
    base-map download, so it renders offline on any browser and in the PNG export. Districts
    without a stored boundary are drawn as a circle at their centroid.
    """
    fig = go.Figure()
    vals = pd.to_numeric(frame["colour_value"], errors="coerce")
    lo = float(vals.min()) if cmin is None and vals.notna().any() else (cmin if cmin is not None else 0.0)
    hi = float(vals.max()) if cmax is None and vals.notna().any() else (cmax if cmax is not None else 1.0)
    span = (hi - lo) or 1.0
    scale = MAP_SCALE if higher_is_better else MAP_SCALE + "_r"

    def colour(v):
        if v is None or pd.isna(v):
            return NO_DATA_FILL
        frac = min(max((float(v) - lo) / span, 0.0), 1.0)
        return sample_colorscale(scale, [0.12 + 0.88 * frac])[0]

    features = {f["id"]: f for f in (geojson or {}).get("features", [])}
    label_x, label_y, label_text, label_hover, label_dark = [], [], [], [], []
    marker_rows = []
    lats = []
    for r in frame.to_dict("records"):
        fc = colour(r.get("colour_value"))
        f = features.get(r["area_code"])
        if f is None:
            marker_rows.append((r, fc))
            continue
        xs, ys = [], []
        for ring in _rings(f["geometry"]):
            xs += [p[0] for p in ring] + [None]
            ys += [p[1] for p in ring] + [None]
        lats += [y for y in ys if y is not None]
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines", fill="toself", fillcolor=fc, line=dict(color="white", width=1.2),
            hoveron="fills", hoverinfo="text", text=r["hover"], name=pick(r, "area_name", lang),
            showlegend=False))
        lx, ly = feature_label_point(f["geometry"])
        label_x.append(lx)
        label_y.append(ly)
        size = sum(_ring_area_centroid(ring)[0] for ring in _rings(f["geometry"]))
        label_text.append((r["label"], size, r.get("short_label") or r["label"].split("<br>")[0]))
        label_hover.append(r["hover"])
        v = r.get("colour_value")
        label_dark.append(v is None or pd.isna(v) or (float(v) - lo) / span < 0.55 if higher_is_better
                          else v is None or pd.isna(v) or (float(v) - lo) / span > 0.45)
    if label_x:
        # small (central) districts get only a short name, so labels do not pile up; hover has it all
        total = sum(sz for _, sz, _ in label_text) or 1.0
        label_text = [full if sz / total >= 0.03 else short for full, sz, short in label_text]
        fig.add_trace(go.Scatter(
            x=label_x, y=label_y, mode="text", text=label_text, hovertext=label_hover, hoverinfo="text",
            textfont=dict(size=12, color=["#111827" if dk else "white" for dk in label_dark]), showlegend=False))
    if marker_rows:
        fig.add_trace(go.Scatter(
            x=[r["lon"] for r, _ in marker_rows], y=[r["lat"] for r, _ in marker_rows], mode="markers+text",
            marker=dict(size=26, color=[c for _, c in marker_rows], line=dict(color=DEADLINE_COLOUR, width=1.5)),
            text=[r["label"] for r, _ in marker_rows], textposition="bottom center",
            hovertext=[r["hover"] for r, _ in marker_rows], hoverinfo="text", showlegend=False,
            textfont=dict(size=12, color="#111827")))
        lats += [r["lat"] for r, _ in marker_rows]
    # the colour bar: an invisible marker trace carrying the scale
    fig.add_trace(go.Scatter(
        x=[None], y=[None], mode="markers", showlegend=False, hoverinfo="skip",
        marker=dict(colorscale=[[0, sample_colorscale(scale, [0.12])[0]], [1, sample_colorscale(scale, [1.0])[0]]],
                    cmin=lo, cmax=hi, color=[lo], showscale=True,
                    colorbar=dict(title=dict(text=colour_title, side="right"), thickness=14, len=0.8))))
    mid_lat = sum(lats) / len(lats) if lats else 35.0
    fig.update_xaxes(visible=False, showgrid=False)
    fig.update_yaxes(visible=False, showgrid=False, scaleanchor="x", scaleratio=1 / math.cos(math.radians(mid_lat)))
    fig.update_layout(hovermode="closest", margin=dict(l=10, r=10, t=70, b=10))
    return _layout(fig, title, height=620)


def published_chart(pub: pd.DataFrame, *, lang: str, title: str) -> go.Figure:
    """Published statistics of one series (one line per area), deliberately unlike the campaign
    charts: grey/blue dotted lines, open square markers, yearly axis; never joined to campaign data."""
    fig = go.Figure()
    decimals = 2
    unit = pick(pub.iloc[0], "unit", lang) if len(pub) else ""
    if len(pub) and pub["year"].nunique() == 1:   # a one-year series (the census): bars by area
        d = pub.sort_values("value", ascending=False)
        names = [pick(r, "area_name", lang) for r in d.to_dict("records")]
        marks = ["" if c == "published" else (" (D)" if c == "derived" else " (?)") for c in d["confidence"]]
        text = [f"{q}{fmt_auto(v, lang, big=True)}{m}" for q, v, m in zip(d["qualifier"].fillna(""), d["value"], marks)]
        fig.add_trace(go.Bar(x=names, y=d["value"], text=text, textposition="outside", name=str(int(d["year"].iloc[0])),
                             marker=dict(color="white", line=dict(color=PUBLISHED_COLOUR, width=2), pattern=dict(shape="/", fgcolor=PUBLISHED_COLOUR)),
                             hovertemplate="%{x}: %{text} " + unit + "<extra></extra>"))
        fig.update_yaxes(title_text=t("axis_value", lang, unit=unit))
        fig.update_layout(plot_bgcolor="#FAFAF7", showlegend=False)
        return _layout(fig, title + f" ({int(d['year'].iloc[0])})", height=400)
    styles = ["dot", "dashdot", "longdash", "dash"]
    for i, (code, g) in enumerate(pub.groupby("area_code", sort=False)):
        g = g.sort_values("year")
        name = pick(g.iloc[0], "area_name", lang)
        marks = ["" if c == "published" else (" (D)" if c == "derived" else " (?)") for c in g["confidence"]]
        text = [f"{q}{fmt_auto(v, lang)}{m}" for q, v, m in zip(g["qualifier"].fillna(""), g["value"], marks)]
        fig.add_trace(go.Scatter(
            x=g["year"], y=g["value"], mode="lines+markers+text" if len(g) <= 8 else "lines+markers", name=name,
            line=dict(color=PUBLISHED_COLOUR if i == 0 else SERIES_COLOURS[(i + 3) % len(SERIES_COLOURS)],
                      width=2, dash=styles[i % len(styles)]),
            marker=dict(symbol=["square-open" if c == "published" else "x-thin-open" for c in g["confidence"]],
                        size=10, line=dict(width=2)),
            text=text, textposition="top center", textfont=dict(size=11, color=PUBLISHED_COLOUR),
            hovertemplate=name + " %{x}: %{text} " + unit + "<extra></extra>"))
    fig.update_xaxes(dtick=1, tickformat="d", title_text=t("pub_axis_year", lang))
    fig.update_yaxes(title_text=t("axis_value", lang, unit=unit))
    fig.update_layout(plot_bgcolor="#FAFAF7")
    return _layout(fig, title, height=400)
