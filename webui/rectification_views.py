"""Display tables of the rectification page (frames with headers in the user's language)."""
from __future__ import annotations

import pandas as pd

from cocreate.present.i18n import pick, t

TREND = {"up": "prob_trend_up", "down": "prob_trend_down", "same": "prob_trend_same", "new": "prob_trend_new"}


def name_of(names: dict, code, lang: str) -> str:
    row = names.get(code)
    return pick(row, "name", lang) if row else str(code)


def ranking_table(rep: pd.DataFrame, names: dict, lang: str, key: str = "unit_code") -> pd.DataFrame:
    """The ranking as shown: rank, unit, list and the two rates first (what a narrow screen keeps)."""
    def ints(col):  # a dash where there is no figure, never "None"
        return ["—" if pd.isna(v) else str(int(v)) for v in rep[col]]

    def pct(col):
        return ["—" if pd.isna(v) else f"{float(v):.1f}" for v in rep[col]]
    return pd.DataFrame({
        t("prob_th_rank", lang): ints("rank"),
        t("prob_th_unit" if key == "unit_code" else "prob_th_district", lang):
            [name_of(names, u, lang) for u in rep[key]],
        t("prob_th_list", lang): [t(f"prob_list_{x}", lang) if x else "" for x in rep["list"]],
        t("prob_th_rate", lang): pct("rate_pct"),
        t("prob_th_on_time_pct", lang): pct("on_time_pct"),
        t("prob_th_trend", lang): [t(TREND[x], lang) if x else "" for x in rep["trend"]],
        t("prob_th_found", lang): rep["found"], t("prob_th_due", lang): rep["due"],
        t("prob_th_rectified", lang): rep["rectified"], t("prob_th_on_time", lang): rep["rectified_on_time"],
        t("prob_th_overdue_open", lang): rep["overdue_open"],
        t("prob_th_oldest", lang): ints("oldest_overdue_days"),
        t("prob_th_repeat", lang): pct("repeat_pct"),
    })


# the ranking's 13 columns whole at 1280 px: narrow number columns, the unit's name wrapping onto
# lines of its own; in English the longer headers shown shorter (the full header as the tooltip)
_RANK_WIDTHS = {"prob_th_rank": 42, "prob_th_unit": 150, "prob_th_district": 150, "prob_th_list": 70,
                "prob_th_rate": 62, "prob_th_on_time_pct": 78, "prob_th_trend": 66, "prob_th_found": 58,
                "prob_th_due": 45, "prob_th_rectified": 70, "prob_th_on_time": 65, "prob_th_overdue_open": 70,
                "prob_th_oldest": 75, "prob_th_repeat": 75}
_RANK_SHORT_EN = {"prob_th_rate": "Rate %", "prob_th_on_time_pct": "On time %", "prob_th_oldest": "Oldest (d)",
                  "prob_th_repeat": "Repeat %"}
# in Chinese: a unit name on one line, each header whole (最长逾期 with its unit in the tooltip)
_RANK_WIDTHS_ZH = {"prob_th_unit": 120, "prob_th_district": 100, "prob_th_list": 58, "prob_th_on_time_pct": 62,
                   "prob_th_found": 50, "prob_th_due": 62, "prob_th_rectified": 62, "prob_th_on_time": 75,
                   "prob_th_overdue_open": 75, "prob_th_oldest": 75, "prob_th_repeat": 62}
_RANK_SHORT_ZH = {"prob_th_oldest": "最长逾期"}


def ranking_config(lang: str) -> dict:
    """column_config of ranking_table (keys: the headers ranking_table writes)."""
    import streamlit as st
    out = {}
    for key, width in _RANK_WIDTHS.items():
        label = (_RANK_SHORT_EN if lang == "en" else _RANK_SHORT_ZH).get(key)
        if lang != "en":
            width = _RANK_WIDTHS_ZH.get(key, width)
        out[t(key, lang)] = st.column_config.Column(label=label, width=width, help=t(key, lang) if label else None)
    return out


def wrapped(lang: str) -> dict:
    """st.dataframe arguments of the overdue and hotspot tables: in English the unit, point, category and
    escalation wrap in narrower columns so every column shows whole at 1280 px."""
    if lang != "en":
        return {}
    import streamlit as st
    text = st.column_config.TextColumn
    widths = {"prob_th_unit": 150, "prob_th_point": 150, "prob_th_category": 150, "prob_th_level": 150}
    return {"row_height": 68, "column_config": {t(k, lang): text(width=w) for k, w in widths.items()}}


def escalation_table(esc: pd.DataFrame, names: dict, cats: dict, levels: dict, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("prob_th_id", lang): esc["problem_id"],
        t("prob_th_unit", lang): [name_of(names, u, lang) for u in esc["unit_code"]],
        t("prob_th_point", lang): esc["point_name"],
        t("prob_th_category", lang): [name_of(cats, c, lang) for c in esc["category"]],
        t("prob_th_deadline", lang): esc["deadline"].dt.date,
        t("prob_th_days_overdue", lang): esc["days_overdue"],
        t("prob_th_level", lang): [name_of(levels, x, lang) if x else t("prob_level_none", lang) for x in esc["level"]],
    })


def hotspot_table(hot: pd.DataFrame, points: dict, names: dict, cats: dict, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("prob_th_point", lang): [points.get(p, p) for p in hot["point_code"]],
        t("prob_th_category", lang): [name_of(cats, c, lang) for c in hot["category"]],
        t("prob_th_problems", lang): hot["problems"], t("prob_th_repeats", lang): hot["repeats"],
        t("prob_th_last_found", lang): pd.to_datetime(hot["last_found"]).dt.date,
        t("prob_th_unit", lang): [name_of(names, u, lang) for u in hot["unit_code"]],
    })


def history_table(hist: pd.DataFrame, lang: str) -> pd.DataFrame:
    def status(s):
        return t(f"prob_status_{s}", lang) if isinstance(s, str) and s else "—"
    return pd.DataFrame({
        t("prob_th_when", lang): pd.to_datetime(hist["changed_at"]).dt.strftime("%Y-%m-%d %H:%M"),
        t("prob_th_who", lang): hist["user_name"].fillna(""),
        t("prob_th_action", lang): [t(f"prob_action_{a}", lang) for a in hist["action"]],
        t("prob_th_status", lang): [f"{status(o)} → {status(n)}" for o, n in zip(hist["old_status"], hist["new_status"])],
        t("prob_th_via", lang): [t("prob_via_page", lang) if v == "page" else (v or "") for v in hist["via"]],
        t("prob_th_note", lang): hist["note"].fillna(""),
    })


def problem_label(r: dict, cats: dict, lang: str, overdue: bool) -> str:
    mark = "⚠ " if overdue else ""
    return f"{mark}{r['problem_id']} · {r['point_name']} · {name_of(cats, r['category'], lang)} · " \
           f"{t('prob_status_' + r['status'], lang)}"


def template_csv(lang: str) -> bytes:
    """An empty import file with the fixed headers (zh or en) and one example row."""
    from cocreate.problems.intake import LAYOUT
    header = [c.zh if lang == "zh" else c.name for c in LAYOUT.columns]
    example_by_name = {"problem_id": "WH261005-001", "area_code": "420106", "unit_code": "420106",
                       "point_type": "market", "point_name": "武昌区积玉桥农贸市场", "category": "littering",
                       "description": "地面有散落垃圾", "found_date": "2026-10-05", "deadline": "2026-10-08",
                       "status": "open", "source": "暗访"}   # by name: a column added to LAYOUT stays empty here
    example = [example_by_name.get(c.name, "") for c in LAYOUT.columns]
    from cocreate.safe_cells import frame_csv
    return frame_csv(pd.DataFrame([example], columns=header), lineterminator="\n").encode("utf-8-sig")
