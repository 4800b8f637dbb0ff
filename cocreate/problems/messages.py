"""Refusal reasons of a problems file as sentences and as a table, in the user's language."""
from __future__ import annotations

import pandas as pd

from cocreate.present.i18n import t

from .intake import HEADER_ZH


def _params(p, lang: str) -> dict:
    # a param may be a (中文, English) pair, resolved here so one refusal renders in either language
    return {k: (v[0] if lang == "zh" else v[1]) if isinstance(v, tuple) else v for k, v in p.params.items()}


def column_label(p, lang: str) -> str:
    if not p.column:
        return ""
    return p.header or (HEADER_ZH.get(p.column, p.column) if lang == "zh" else p.column)


def problem_text(p, lang: str) -> str:
    return t(p.key, lang, **_params(p, lang))


def line_text(p, lang: str) -> str:
    col = column_label(p, lang)
    if lang == "zh":
        return f"第 {p.line} 行" + (f"，“{col}”列" if col else "") + f"：{problem_text(p, lang)}"
    return f"Line {p.line}" + (f", column {col}" if col else "") + f": {problem_text(p, lang)}"


def problems_frame(problems: list, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("prob_col_line", lang): [p.line for p in problems],
        t("prob_col_column", lang): [column_label(p, lang) for p in problems],
        t("prob_col_reason", lang): [problem_text(p, lang) for p in problems],
    })


def summary_text(s, lang: str) -> str:
    key = "prob_imp_dry_run_ok" if s.dry_run else "prob_imp_done"
    return t(key, lang, file=s.file_name, rows=s.rows, inserted=s.inserted, updated=s.updated,
             unchanged=s.unchanged, batch=s.batch_id or "—")
