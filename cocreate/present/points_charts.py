"""Charts of the map of points (/points, issue 21 item 5): frames in, plotly figures out.

The map draws the points over the district boundaries. Offline by default (no tile server is
reachable): the boundaries are SVG shapes on equal-scale axes, as the district map draws them, in
GCJ-02 (the datum of the Amap boundaries), so the ledger's WGS-84 points are converted to GCJ-02
before drawing. A deployment may give a raster tile URL (`tile_url`, e.g. 天地图 with its key); the
tiles' datum then decides what is drawn: `wgs84` (天地图, CGCS2000 ≈ WGS-84: the points as stored,
the boundaries converted back) or `gcj02` (Amap-style tiles: everything in GCJ-02).
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from cocreate.points import geo
from cocreate.points.hotspots import STATES
from cocreate.present.charts import _layout
from cocreate.present.district_charts import _rings, feature_label_point
from cocreate.present.i18n import pick, t

# Okabe-Ito; a state is always a word (legend, hover) + a colour + a symbol
STATE_COLOURS = {"overdue": "#D55E00", "open": "#E69F00", "repeat": "#CC79A7", "clear": "#009E73"}
STATE_SYMBOLS = {"overdue": "diamond", "open": "circle", "repeat": "triangle-up", "clear": "circle-open"}
BOUNDARY_FILL, BOUNDARY_LINE, LABEL_INK = "#F3F4F6", "#9CA3AF", "#6B7280"
HEAT_SCALE = "Oranges"
HEAT_CELL_WIDTH = 100   # px: a weekday column of the heat chart at most this wide (a wide screen keeps it)


def marker_size(n) -> np.ndarray:
    """Marker diameter (px) for n problems found in the period: 8 with none, growing with the
    square root (area ~ count), at most 30."""
    return np.minimum(8 + 5 * np.sqrt(np.asarray(n, dtype=float)), 30)


def to_map_datum(lat: pd.Series, lon: pd.Series, datum: str = "gcj02") -> tuple[list, list]:
    """The ledger's WGS-84 points in the datum drawn (gcj02: converted; wgs84: as stored)."""
    if datum == "wgs84":
        return list(lat.astype(float)), list(lon.astype(float))
    pairs = [geo.wgs84_to_gcj02(float(a), float(o)) for a, o in zip(lat, lon)]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def _boundary_xy(geojson: dict | None, datum: str):
    """One (name, xs, ys, label point) per district, in the datum drawn (the GeoJSON is GCJ-02)."""
    for f in (geojson or {}).get("features", []):
        xs, ys = [], []
        for ring in _rings(f["geometry"]):
            for lon, lat in ring:
                if datum == "wgs84":
                    lat, lon = geo.gcj02_to_wgs84(lat, lon)
                xs.append(lon)
                ys.append(lat)
            xs.append(None)
            ys.append(None)
        lx, ly = feature_label_point(f["geometry"])
        if datum == "wgs84":
            ly, lx = geo.gcj02_to_wgs84(ly, lx)
        yield f, xs, ys, (lx, ly)


def _span(values, pad: float = 0.12, least: float = 0.03):
    """An axis range around the points (the boundaries around them stay drawn, cut at the edge),
    None without points (the whole of the shapes)."""
    vals = [v for v in values if v is not None]
    if not vals:
        return None
    lo, hi = min(vals), max(vals)
    extra = max((hi - lo) * pad, least)
    return [lo - extra, hi + extra]


def points_map(frame: pd.DataFrame, geojson: dict | None, *, lang: str, title: str, district_names: dict,
               tile_url: str = "", tile_datum: str = "wgs84", height: int = 640) -> go.Figure:
    """Points coloured by `state` (STATES), sized by `found_period`, hover `hover`, over the districts.

    `frame`: point_code, lat, lon (WGS-84, the ledger's), state, found_period, hover.
    `district_names`: area code -> the name shown on its shape."""
    datum = tile_datum if tile_url else "gcj02"
    fig = go.Figure()
    lats, lons = to_map_datum(frame["lat"], frame["lon"], datum) if len(frame) else ([], [])
    f = frame.assign(_y=lats, _x=lons)
    shapes = list(_boundary_xy(geojson, datum))
    if tile_url:
        for feat, xs, ys, _ in shapes:
            fig.add_trace(go.Scattermap(lon=xs, lat=ys, mode="lines", line=dict(color="#374151", width=1.5),
                                        hoverinfo="skip", showlegend=False))
    else:
        for feat, xs, ys, _ in shapes:
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=BOUNDARY_FILL,
                                     line=dict(color=BOUNDARY_LINE, width=1), hoverinfo="skip", showlegend=False))
        if shapes:
            fig.add_trace(go.Scatter(
                x=[p[0] for _, _, _, p in shapes], y=[p[1] for _, _, _, p in shapes], mode="text",
                text=[district_names.get(str(feat["id"]), str(feat["id"])) for feat, _, _, _ in shapes],
                textfont=dict(size=12, color=LABEL_INK), hoverinfo="skip", showlegend=False))
    for state in reversed(STATES):           # clear first, overdue last: the urgent ones on top
        g = f[f["state"] == state]
        name = t(f"pm_state_{state}", lang) + f" ({len(g)})"
        marker = dict(size=marker_size(g["found_period"]), color=STATE_COLOURS[state],
                      line=dict(color="white" if state != "clear" else STATE_COLOURS[state], width=1),
                      opacity=0.9)
        common = dict(mode="markers", name=name, customdata=g["point_code"], hovertext=g["hover"],
                      hoverinfo="text", showlegend=True)
        if g.empty:   # an empty state keeps its legend entry ("Open (0)"): the four words are always shown
            g = pd.DataFrame({"_x": [None], "_y": [None], "found_period": [0]})
            marker["size"] = marker_size([0])
        if tile_url:
            fig.add_trace(go.Scattermap(lon=g["_x"], lat=g["_y"], marker=dict(size=marker["size"], color=marker["color"]),
                                        **common))
        else:
            fig.add_trace(go.Scatter(x=g["_x"], y=g["_y"], marker=dict(symbol=STATE_SYMBOLS[state], **marker), **common))
    ys_all = [y for _, _, ys, _ in shapes for y in ys if y is not None] + list(lats)
    mid_lat = sum(ys_all) / len(ys_all) if ys_all else 35.0
    if tile_url:
        xs_all = [x for _, xs, _, _ in shapes for x in xs if x is not None] + list(lons)
        centre = dict(lat=mid_lat, lon=sum(xs_all) / len(xs_all) if xs_all else 105.0)
        fig.update_layout(map=dict(style="white-bg", center=centre, zoom=9.5, layers=[
            dict(sourcetype="raster", source=[tile_url], below="traces")]))
    else:
        fig.update_xaxes(visible=False, showgrid=False, range=_span(lons))
        fig.update_yaxes(visible=False, showgrid=False, scaleanchor="x", range=_span(lats),
                         scaleratio=1 / math.cos(math.radians(mid_lat)))
    fig.update_layout(hovermode="closest", margin=dict(l=10, r=10, t=60, b=56),
                      legend=dict(orientation="h", yanchor="top", y=-0.01, xanchor="left", x=0, traceorder="reversed",
                                  itemsizing="constant"))
    return _layout(fig, title, height=height)


def heat_chart(matrix: pd.DataFrame, *, lang: str, title: str, type_names: dict) -> go.Figure:
    """Point type (rows) x weekday (columns, Monday first) of `hotspots.heat_matrix`, counts in the cells."""
    days = [t(f"pm_weekday_{d}", lang) for d in matrix.columns]
    rows = [type_names.get(p, p) for p in matrix.index]
    z = matrix.to_numpy()
    fig = go.Figure(go.Heatmap(
        z=z, x=days, y=rows, colorscale=HEAT_SCALE, zmin=0, xgap=2, ygap=2, showscale=False,
        text=z, texttemplate="%{text}", hovertemplate="%{y} · %{x}: %{z}<extra></extra>"))
    fig.update_yaxes(autorange="reversed", showgrid=False, ticks="")
    fig.update_xaxes(side="top", showline=False, ticks="")
    fig.update_layout(margin=dict(l=10, r=10, t=90, b=10), width=heat_width(rows, len(days)))
    return _layout(fig, title, height=120 + 44 * max(len(rows), 1))


def heat_width(rows: list[str], columns: int) -> int:
    """The heat chart's width in px: its row labels (a CJK character ~15 px, another ~8 px at the
    template's font), margins, and HEAT_CELL_WIDTH per column. The page draws it at this width, or the
    column's when narrower (common.chart width="content"), so at 1920 px the cells stay near 100 x 44."""
    label = max((sum(15 if ord(ch) > 0x2E80 else 8 for ch in str(r)) for r in rows), default=0)
    return 10 + label + 12 + HEAT_CELL_WIDTH * max(columns, 1) + 10


def state_word(state: str, lang: str) -> str:
    return t(f"pm_state_{state}", lang)


def type_name(names: dict, code, lang: str) -> str:
    row = names.get(code)
    return pick(row, "name", lang) if row else str(code)
