"""The twelve monitored public-service areas as one chart a leader reads at a glance: one row per area,
its items counted by status (the status colours and words of charts.py), then the items with a figure
but no national figure and those with no figure yet, each segment labelled with its count."""
from __future__ import annotations

import plotly.graph_objects as go
import pandas as pd

from cocreate.method.services import NO_BENCHMARK, NOT_TRACKED
from cocreate.method.status import STATUSES
from cocreate.present.charts import STATUS_COLOURS, _layout
from cocreate.present.i18n import pick, status_word, t

# not a status: an item with no national figure is tracked but not judged; a missing figure is a hole
SEGMENT_COLOURS = {**STATUS_COLOURS, NO_BENCHMARK: "#E5E7EB", NOT_TRACKED: "#FFFFFF"}


def segment_word(segment: str, lang: str) -> str:
    return t(f"svc_segment_{segment}", lang) if segment in (NO_BENCHMARK, NOT_TRACKED) else status_word(segment, lang)


def service_areas_chart(overview: pd.DataFrame, *, lang: str, title: str, font: int | None = None) -> go.Figure:
    """Stacked horizontal bars, one row per monitored area (the catalog's order, top to bottom): how many
    of its items sit in each status, then no national figure, then not tracked. The row label carries
    the area's coverage ('公共文化 5/5')."""
    o = overview.sort_values("service_sort")
    labels = [f"{pick(r, 'service_name', lang)}  {r['n_tracked']}/{r['n_items']}" for r in o.to_dict("records")]
    fig = go.Figure()
    for seg in (*STATUSES, NO_BENCHMARK, NOT_TRACKED):
        col = f"n_{seg}"
        values = o[col].to_numpy()
        if not values.any():
            continue   # a segment no area has would only crowd the legend
        word = segment_word(seg, lang)
        fig.add_trace(go.Bar(
            y=labels, x=values, orientation="h", name=word,
            marker=dict(color=SEGMENT_COLOURS[seg], line=dict(color="#9CA3AF", width=1 if seg == NOT_TRACKED else 0)),
            text=[str(v) if v else "" for v in values], textposition="inside", insidetextanchor="middle",
            textfont=dict(color="#1f2a37" if seg in ("on_track", "needs_acceleration", NO_BENCHMARK, NOT_TRACKED,
                                                      "insufficient_data") else "white"),
            hovertemplate="%{y} · " + word + ": %{x}<extra></extra>"))
    fig.update_layout(barmode="stack", legend=dict(traceorder="normal"), bargap=0.25)
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title_text=t("svc_axis_items", lang), dtick=1)
    fig = _layout(fig, title, height=max(380, 150 + 38 * len(o)))
    if font:
        fig.update_layout(font=dict(size=font))
    return fig
