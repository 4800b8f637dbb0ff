"""Assessment charts: DataFrame in, plotly Figure out, with cocreate.present.charts' template and colours."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from cocreate.present.charts import INK, SERIES_COLOURS, STATUS_COLOURS, THRESHOLD_COLOUR, _layout
from cocreate.present.i18n import fmt_number, pick, t

# Okabe-Ito: a kind or a state is always written next to its colour.
KIND_COLOURS = {"actual": SERIES_COLOURS[0], "mock": SERIES_COLOURS[1], "projected": "#999999"}
STATE_COLOURS = {"missing": STATUS_COLOURS["off_track"], "partial": STATUS_COLOURS["needs_acceleration"],
                 "ready": STATUS_COLOURS["on_track"], "checked": STATUS_COLOURS["met"]}
YEAR_COLOURS = [SERIES_COLOURS[4], SERIES_COLOURS[0], SERIES_COLOURS[2], SERIES_COLOURS[3]]


def cycle_stack_chart(years: pd.DataFrame, moved: pd.DataFrame | None, *, passing_line: float, lang: str,
                      title: str) -> go.Figure:
    """One column per scenario (now, what-if), stacked by the years' weighted scores, with the
    passing line; each segment says its year, kind and points."""
    scenarios = [(t("score_now", lang), years)] + ([(t("score_whatif", lang), moved)] if moved is not None else [])
    # the total goes in the category label: above the bar it would collide with the passing line's label
    labels = [f"{name} · {fmt_number(float(f['weighted'].sum()), 2, lang, big=False)}" for name, f in scenarios]
    fig = go.Figure()
    for i, r in enumerate(years.to_dict("records")):
        ys, texts = [], []
        for _, frame in scenarios:
            row = frame[frame["year"] == r["year"]].iloc[0]
            ys.append(row["weighted"])
            texts.append(f"{int(r['year'])} · {t('score_kind_' + r['kind'], lang)} · "
                         f"{fmt_number(row['weighted'], 2, lang, big=False)}")
        colour = YEAR_COLOURS[i % len(YEAR_COLOURS)]
        projected = r["kind"] == "projected"
        fig.add_trace(go.Bar(x=labels, y=ys, name=f"{int(r['year'])} ({t('score_kind_' + r['kind'], lang)}, "
                                                  f"× {r['weight']:g})",
                             text=texts, textposition="inside", insidetextanchor="middle",
                             textfont=dict(color=INK if projected else "white", size=15),
                             marker=dict(color="white" if projected else colour, line=dict(color=colour, width=2),
                                         pattern=dict(shape="/", fgcolor=colour, solidity=0.15) if projected else None),
                             hovertemplate="%{text}<extra></extra>"))
    fig.add_hline(y=float(passing_line), line=dict(color=THRESHOLD_COLOUR, width=2, dash="dash"),
                  annotation_text=t("score_passing_line_label", lang, value=fmt_number(passing_line, 1, lang, big=False)),
                  annotation_position="top left", annotation_font_color=THRESHOLD_COLOUR)
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title_text=t("score_axis_points", lang), range=[0, 105])
    return _layout(fig, title)


def point_type_loss_chart(losses: pd.DataFrame, names: dict, *, lang: str, title: str) -> go.Figure:
    """Field points lost per point type, most costly first, with each type's score rate."""
    d = losses.sort_values("field_points_lost", ascending=False)
    labels = [names.get(c, c) for c in d["point_type"]]
    text = [t("score_loss_bar_text", lang, pts=fmt_number(p, 2, lang, big=False), rate=fmt_number(r, 1, lang, big=False))
            for p, r in zip(d["field_points_lost"], d["rate_pct"])]
    fig = go.Figure(go.Bar(y=labels, x=d["field_points_lost"], orientation="h", text=text, textposition="auto",
                           marker_color=STATUS_COLOURS["off_track"], hovertemplate="%{y}: %{text}<extra></extra>"))
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(title_text=t("score_axis_field_points_lost", lang))
    return _layout(fig, title, height=max(320, 80 + 40 * len(d)))


def rate_bar_chart(rates: pd.DataFrame, label_col: str, *, lang: str, title: str, overall: float | None = None) -> go.Figure:
    """Score rate (%) per district or point type, lowest first, with the overall rate as a line."""
    d = rates.sort_values("rate_pct")
    fig = go.Figure(go.Bar(y=d[label_col], x=d["rate_pct"], orientation="h", marker_color=SERIES_COLOURS[0],
                           text=[f"{fmt_number(v, 1, lang, big=False)}%" for v in d["rate_pct"]], textposition="auto",
                           hovertemplate="%{y}: %{x:.1f}%<extra></extra>"))
    if overall is not None:
        fig.add_vline(x=overall, line=dict(color=THRESHOLD_COLOUR, width=2, dash="dash"),
                      annotation_text=t("score_overall_rate", lang, value=fmt_number(overall, 1, lang, big=False)),
                      annotation_font_color=THRESHOLD_COLOUR)
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(title_text=t("score_axis_rate", lang), range=[0, 100])
    return _layout(fig, title, height=max(320, 80 + 40 * len(d)))


def questionnaire_chart(weakest: pd.DataFrame, *, lang: str, title: str) -> go.Figure:
    """Rate per question with its 95 % Wilson interval as error bars, weakest first, targets as marks."""
    d = weakest
    labels = [pick(r, "text", lang) for r in d.to_dict("records")]
    fig = go.Figure(go.Bar(
        y=labels, x=d["rate_pct"], orientation="h", name=t("quest_rate", lang), marker_color=SERIES_COLOURS[0],
        error_x=dict(type="data", symmetric=False, array=d["high_pct"] - d["rate_pct"],
                     arrayminus=d["rate_pct"] - d["low_pct"], color=SERIES_COLOURS[7], thickness=1.5),
        text=[f"{fmt_number(v, 1, lang, big=False)}%" for v in d["rate_pct"]], textposition="inside",
        insidetextanchor="start", textfont=dict(color="white"), hovertemplate="%{y}: %{x:.1f}%<extra></extra>"))
    if "target_pct" in d:
        fig.add_trace(go.Scatter(y=labels, x=d["target_pct"], mode="markers", name=t("quest_target", lang),
                                 marker=dict(symbol="line-ns-open", size=22, color=THRESHOLD_COLOUR, line=dict(width=3))))
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(title_text=t("quest_axis_rate", lang), range=[0, 100])
    return _layout(fig, title, height=max(360, 90 + 42 * len(d)))


def questionnaire_trend_chart(measures: pd.DataFrame, *, lang: str, title: str) -> go.Figure:
    """The four rates (awareness, participation, satisfaction, support) across rounds."""
    fig = go.Figure()
    for i, (m, g) in enumerate(measures.groupby("measure", sort=False)):
        g = g.sort_values("survey_date")
        fig.add_trace(go.Scatter(x=g["round"], y=g["rate_pct"], mode="lines+markers+text", name=t(f"quest_measure_{m}", lang),
                                 text=[fmt_number(v, 1, lang, big=False) for v in g["rate_pct"]], textposition="top center",
                                 line=dict(width=3, color=SERIES_COLOURS[i % len(SERIES_COLOURS)])))
    fig.update_yaxes(title_text=t("quest_axis_rate", lang))
    fig.update_xaxes(title_text=t("quest_round", lang), type="category")
    return _layout(fig, title)


def readiness_chart(ready: pd.DataFrame, *, lang: str, title: str) -> go.Figure:
    """Share of the due documents in hand per criterion, worst first, coloured and labelled by state."""
    d = ready
    labels = [pick(r, "name", lang) for r in d.to_dict("records")]
    text = [f"{int(v)}/{int(due)} · {t('ready_state_' + s, lang)}"
            for v, due, s in zip(d["n_valid"], d["documents_due"], d["state"])]
    fig = go.Figure(go.Bar(y=labels, x=d["ready_pct"], orientation="h", text=text,
                           textposition=["outside" if v < 35 else "inside" for v in d["ready_pct"]],
                           cliponaxis=False, marker_color=[STATE_COLOURS[s] for s in d["state"]],
                           hovertemplate="%{y}: %{text}<extra></extra>"))
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(title_text=t("ready_axis_pct", lang), range=[0, 105])
    return _layout(fig, title, height=max(360, 90 + 40 * len(d)))
