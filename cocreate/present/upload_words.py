"""The words of the feature uploads that keep their intake with their feature (CONVENTIONS: problems,
points, assessment results): their refusals and summaries in the user's language. The intake modules
return `Problem`s and summaries of counts; the page and the command line word them here. (Observation
and task uploads: cocreate/present/intake_words.py.)"""
from __future__ import annotations

import pandas as pd

from cocreate.present.i18n import t
from cocreate.problems.intake import HEADER_ZH as PROBLEMS_HEADER_ZH


# ------------------------------------------------------------------------------ problems (问题整改) files

def _params(p, lang: str) -> dict:
    # a param may be a (中文, English) pair, resolved here so one refusal renders in either language
    return {k: (v[0] if lang == "zh" else v[1]) if isinstance(v, tuple) else v for k, v in p.params.items()}


def problems_column_label(p, lang: str) -> str:
    if not p.column:
        return ""
    return p.header or (PROBLEMS_HEADER_ZH.get(p.column, p.column) if lang == "zh" else p.column)


def problems_problem_text(p, lang: str) -> str:
    return t(p.key, lang, **_params(p, lang))


def problems_line_text(p, lang: str) -> str:
    """A problems file's refusal as a line: "第 3 行，“地区代码”列：…" / "Line 3, column area_code: …"."""
    col = problems_column_label(p, lang)
    if lang == "zh":
        return f"第 {p.line} 行" + (f"，“{col}”列" if col else "") + f"：{problems_problem_text(p, lang)}"
    return f"Line {p.line}" + (f", column {col}" if col else "") + f": {problems_problem_text(p, lang)}"


def problems_problems_frame(problems: list, lang: str) -> pd.DataFrame:
    """A problems file's refusal report as a table: line, column, reason."""
    return pd.DataFrame({
        t("prob_col_line", lang): [p.line for p in problems],
        t("prob_col_column", lang): [problems_column_label(p, lang) for p in problems],
        t("prob_col_reason", lang): [problems_problem_text(p, lang) for p in problems],
    })


def problems_summary(s, lang: str) -> str:
    """A problems import's outcome (problems/intake.py `ImportSummary`) as one sentence."""
    key = "prob_imp_dry_run_ok" if s.dry_run else "prob_imp_done"
    return t(key, lang, file=s.file_name, rows=s.rows, inserted=s.inserted, updated=s.updated,
             unchanged=s.unchanged, batch=s.batch_id or "—")


# ------------------------------------------------------------------------------ point ledger (点位台账)

def points_summary(s, lang: str) -> str:
    """A point-ledger import's outcome (points/intake.py `ImportSummary`) as one sentence."""
    key = "pt_imp_dry_run_ok" if s.dry_run else "pt_imp_done"
    return t(key, lang, file=s.file_name, rows=s.rows, inserted=s.inserted, updated=s.updated,
             unchanged=s.unchanged, batch=s.batch_id or "—")


# ------------------------------------------------------------------------------ assessment results

def results_summary(s, lang: str = "zh") -> str:
    """An assessment results import's outcome (assessment/intake.py `ImportSummary`), with the indicator
    figures its questionnaire answers became, when any."""
    key = "score_imp_dry_run_ok" if s.dry_run else "score_imp_done"
    text = t(key, lang, file=s.file_name, kind=t(f"score_layout_{s.kind}", lang), rows=s.rows,
             replaced=s.replaced, batch=s.batch_id or "—")
    f = s.figures
    if f is not None:
        text += " " + (t("survey_fig_written", lang, n=f.rows_accepted, new=f.rows_inserted,
                         changed=f.rows_replaced, batch=f.batch_id) if f.batch_id is not None
                       else t("survey_fig_unchanged", lang, n=f.rows_accepted))
    return text


def results_problem_text(p, lang: str) -> str:
    """'Line 3, column score (得分): ...' in the user's language."""
    col = p.header or p.column
    where = (f"第 {p.line} 行" + (f"，{col} 列" if col else "")) if lang == "zh" else \
        (f"Line {p.line}" + (f", column {col}" if col else ""))
    return f"{where}{'：' if lang == 'zh' else ': '}{t(p.key, lang, **p.params)}"


def results_problems_frame(problems: list, lang: str) -> pd.DataFrame:
    return pd.DataFrame({t("import_col_line", lang): [p.line for p in problems],
                         t("import_col_column", lang): [p.header or p.column for p in problems],
                         t("import_col_problem", lang): [t(p.key, lang, **p.params) for p in problems]})
