"""The words of an upload, in the user's language. cocreate/intake/ returns codes and numbers: a refusal
reason is a `Problem` (line, column, translation key, parameters), an import an `ImportResult` (counts);
this module turns them into the sentences the Data page, the task editor and the command line show."""
from __future__ import annotations

import pandas as pd

from cocreate.intake.reading import Problem
from cocreate.present.i18n import t


def _param(value, lang: str):
    """A parameter as the sentence shows it: a reason inside a reason (a grid cell's, intake/grid.py
    `name_cells`) worded in the same language; a (中文, English) pair resolved; anything else as it is."""
    if isinstance(value, Problem):
        return problem_text(value, lang)
    if isinstance(value, tuple):
        return value[0] if lang == "zh" else value[1]
    return value


def problem_text(p: Problem, lang: str = "zh") -> str:
    """The reason of one refusal, e.g. "“abc” is not a number."."""
    return t(p.key, lang, **{k: _param(v, lang) for k, v in p.params.items()})


def column_label(p: Problem, lang: str = "zh") -> str:
    """The column a refusal names: "E (数值)" with the Excel letter, else the header as written (or the
    layout's Chinese header / canonical name when the file had none); "" for the whole row or file."""
    if not p.column:
        return ""
    name = p.header or ((p.zh_name or p.column) if lang == "zh" else p.column)
    return f"{p.letter} ({name})" if p.letter else name


def line_text(p: Problem, lang: str = "zh") -> str:
    """One refusal as a line: "第 3 行，E (数值) 列：…" / "Line 3, column E (value): …"."""
    col = column_label(p, lang)
    if lang == "zh":
        where = f"第 {p.line} 行" + ((f"，{col} 列" if p.letter else f"，“{col}”列") if col else "")
        return f"{where}：{problem_text(p, lang)}"
    where = f"Line {p.line}" + (f", column {col}" if col else "")
    return f"{where}: {problem_text(p, lang)}"


def problems_frame(problems: list[Problem], lang: str = "zh") -> pd.DataFrame:
    """A refusal report as a table in the user's language: line, column, problem."""
    return pd.DataFrame({
        t("import_col_line", lang): [p.line for p in problems],
        t("import_col_column", lang): [column_label(p, lang) for p in problems],
        t("import_col_problem", lang): [problem_text(p, lang) for p in problems],
    })


def import_summary(result, lang: str = "zh") -> str:
    """An observation import's outcome (intake/observations.py `ImportResult`) as one sentence."""
    key = "import_dry_run_ok" if result.dry_run else "import_done"
    return t(key, lang, file=result.file_name, batch=result.batch_id or "—", accepted=result.rows_accepted,
             inserted=result.rows_inserted, replaced=result.rows_replaced, unchanged=result.rows_unchanged,
             skipped=result.rows_skipped_empty)


def import_report(result, lang: str = "zh", limit: int | None = None) -> str:
    """A refused import's per-row report as text lines (for the command line): the sentence, then one
    line per problem (the first `limit`, and how many more)."""
    problems = result.problems
    lines = [t("import_rejected", lang, file=result.file_name, n=len(problems), rows=len({p.line for p in problems}))]
    shown = problems if limit is None else problems[:limit]
    lines += ["  " + line_text(p, lang) for p in shown]
    if limit is not None and len(problems) > limit:
        lines.append("  " + t("import_more_problems", lang, n=len(problems) - limit))
    return "\n".join(lines)
