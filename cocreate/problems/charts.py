"""Chart of the rectification page: each ranked unit's rectification rate, red and black lists marked
in words and colour (red list = honour, as offices print it)."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from cocreate.present.charts import _layout
from cocreate.present.i18n import t

LIST_COLOURS = {"red": "#D55E00", "black": "#374151", "": "#56B4E9"}


def unit_rate_chart(report: pd.DataFrame, names: dict, lang: str, title: str) -> go.Figure:
    ranked = report[report["rank"].notna()].iloc[::-1]
    labels = [f"{int(r['rank'])}. {names.get(r['unit_code'], r['unit_code'])}" for r in ranked.to_dict("records")]
    words = {"red": t("prob_list_red", lang), "black": t("prob_list_black", lang), "": ""}
    fig = go.Figure(go.Bar(
        x=ranked["rate_pct"], y=labels, orientation="h",
        marker_color=[LIST_COLOURS[x] for x in ranked["list"]],
        text=[f"{v:.1f}% {words[x]}".strip() for v, x in zip(ranked["rate_pct"], ranked["list"])],
        textposition="outside", cliponaxis=False,
        customdata=ranked[["due", "rectified", "overdue_open"]].values,
        hovertemplate="%{y}<br>%{x:.1f}%<br>" + t("prob_th_due", lang) + " %{customdata[0]} · "
                      + t("prob_th_rectified", lang) + " %{customdata[1]} · " + t("prob_th_overdue_open", lang)
                      + " %{customdata[2]}<extra></extra>"))
    fig.update_xaxes(range=[0, 118], title=t("prob_th_rate", lang) + " (%)")
    return _layout(fig, title, height=max(320, 40 + 34 * len(ranked)))
