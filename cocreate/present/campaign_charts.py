"""Campaign charts: the Gantt of every campaign's four stages, with today, milestones and overdue
tasks. DataFrame in, plotly Figure out; the template, fonts and layout are cocreate.present.charts'."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from cocreate.present.charts import INK, STATUS_COLOURS, _layout, axis_line
from cocreate.present.i18n import fmt_date, pick, t

# Stages read as a sequence: a light-to-dark blue ramp (distinct from the status colours).
STAGE_COLOURS = {
    "startup": "#C6DBEF",
    "implementation": "#6BAED6",
    "self_inspection": "#2171B5",
    "inspection_prep": "#08306B",
}
STAGE_TEXT = {"startup": INK, "implementation": INK, "self_inspection": "white", "inspection_prep": "white"}
MILESTONE_STYLE = {   # symbol, size, fill, outline
    "mobilisation": ("circle", 10, "white", "#4B5563"),
    "self_assessment": ("triangle-up", 12, "#F0E442", INK),
    "provincial_check": ("diamond", 13, "#CC79A7", INK),
    "national_inspection": ("star", 18, "#E69F00", INK),
}
TODAY_COLOUR = "#C0392B"
OVERDUE_COLOUR = STATUS_COLOURS["off_track"]


def _ms(d) -> float:
    return pd.Timestamp(d).timestamp() * 1000


def _iso(d) -> str:
    return pd.Timestamp(d).date().isoformat()


def gantt_chart(stages: pd.DataFrame, milestones: pd.DataFrame, *, lang: str, title: str, today: dt.date,
                overdue: pd.DataFrame | None = None, highlight: str | None = None,
                line_key: str = "tl_today") -> go.Figure:
    """One row per campaign (title), four stage bars, milestone markers, overdue tasks and a today line.

    `stages`: rows of stage_timeline.sql; `milestones`: rows of milestone_timeline.sql;
    `overdue`: tasks (derive_status) with state 'overdue' (title_code, due_date, task text);
    `highlight`: a title code drawn in bold on the axis; `line_key`: the label of the vertical line
    drawn at `today` (tl_as_of_line when the page's as-of date is not today).
    """
    fig = go.Figure()
    order = list(dict.fromkeys(stages["title_code"]))
    first = stages.drop_duplicates("title_code").set_index("title_code")
    labels = {}
    for code in order:
        name = pick(first.loc[code].to_dict(), "title_short", lang)
        labels[code] = f"<b>{name}</b>" if code == highlight else name
    for stage_code in dict.fromkeys(stages.sort_values("stage_no")["stage_code"]):
        s = stages[stages["stage_code"] == stage_code]
        name = pick(s.iloc[0].to_dict(), "name", lang)
        starts, ends = pd.to_datetime(s["start_date"]), pd.to_datetime(s["end_date"]) + pd.Timedelta(days=1)
        dates = [f"{fmt_date(a, lang)} – {fmt_date(b - pd.Timedelta(days=1), lang)}" for a, b in zip(starts, ends)]
        fig.add_trace(go.Bar(
            y=[labels[c] for c in s["title_code"]], x=[(b - a).total_seconds() * 1000 for a, b in zip(starts, ends)],
            base=[_iso(a) for a in starts], orientation="h", name=name,
            marker=dict(color=STAGE_COLOURS.get(stage_code, "#9CA3AF"), line=dict(color="white", width=1)),
            customdata=dates, width=0.55,
            hovertemplate="%{y} · " + name + "<br>%{customdata}<extra></extra>"))
    if milestones is not None and len(milestones):
        ms = milestones[milestones["title_code"].isin(order)]
        for code, (symbol, size, fill, line) in MILESTONE_STYLE.items():
            m = ms[ms["milestone_code"] == code]
            if not len(m):
                continue
            name = pick(m.iloc[0].to_dict(), "name", lang)
            fig.add_trace(go.Scatter(
                x=[_iso(d) for d in m["date"]], y=[labels[c] for c in m["title_code"]], mode="markers", name=name,
                marker=dict(symbol=symbol, size=size, color=fill, line=dict(color=line, width=1.5)),
                customdata=[fmt_date(d, lang) for d in m["date"]],
                hovertemplate="%{y} · " + name + "<br>%{customdata}<extra></extra>"))
    if overdue is not None and len(overdue):
        od = overdue[overdue["title_code"].isin(order)].copy()
        if len(od):
            od["due"] = pd.to_datetime(od["due_date"]).dt.date
            texts = []
            grouped = []
            for (code, due), g in od.groupby(["title_code", "due"], sort=True):
                names = [pick(r, "task", lang) for r in g[[c for c in ("task_zh", "task_en") if c in g]].to_dict("records")]
                grouped.append((code, due, len(g)))
                texts.append(f"{fmt_date(due, lang)} · {t('tl_hover_overdue', lang, n=len(g))}<br>"
                             + "<br>".join(n[:40] for n in names[:5]))
            fig.add_trace(go.Scatter(
                x=[_iso(d) for _, d, _ in grouped], y=[labels[c] for c, _, _ in grouped], mode="markers",
                name=t("tl_overdue_marker", lang),
                marker=dict(symbol="x", size=[10 + 2 * min(n, 4) for _, _, n in grouped], color=OVERDUE_COLOUR,
                            line=dict(color="white", width=1)),
                text=texts, hovertemplate="%{y}<br>%{text}<extra></extra>"))
    axis_line(fig, "vline", _ms(today), line=dict(color=TODAY_COLOUR, width=2, dash="dash"),
                  annotation_text=t(line_key, lang, date=fmt_date(today, lang)), annotation_position="top",
                  annotation_font_color=TODAY_COLOUR)
    lo = pd.to_datetime(stages["start_date"]).min() - pd.Timedelta(days=45)
    hi = pd.to_datetime(stages["end_date"]).max() + pd.Timedelta(days=60)
    fig.update_xaxes(type="date", range=[_iso(lo), _iso(hi)], showgrid=True, gridcolor="#EEF0F3",
                     dtick="M6", tickformat="%Y-%m", title_text=None)
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=[labels[c] for c in order],
                     showgrid=False, title_text=None)
    fig.update_layout(barmode="overlay", bargap=0.35, hovermode="closest",
                      legend=dict(orientation="h", yanchor="top", y=-0.08, xanchor="left", x=0, traceorder="normal"),
                      # room under the plot for the legend's three rows, so the footer stamp goes below them
                      margin=dict(l=20, r=30, t=90, b=120))
    return _layout(fig, title, height=max(440, 310 + 62 * len(order)))
