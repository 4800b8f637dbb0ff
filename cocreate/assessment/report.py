"""The `score` report from the store: the cycle's years with their components and kind, then the
weighted cycle total (DESIGN.md "Civilized City evaluation")."""
from __future__ import annotations

import pandas as pd

from cocreate.store import db
from cocreate.errors import CocreateError

from . import score


def cycle_inputs(con, area: str) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    """(cycle row, weights, scores) of the area's city; a city without a cycle is an error."""
    if area not in set(db.run(con, "areas")["code"]):
        raise CocreateError("unknown_area", area, code=area)
    cycle = db.run(con, "score_cycle", area=area)
    if cycle.empty:
        raise CocreateError("score_no_cycle", area, area=area)
    return cycle.iloc[0].to_dict(), db.run(con, "score_weights"), db.run(con, "score_results", area=area)


def score_years(con, area: str) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    """(cycle row, weights, unrounded years of the cycle) for the area's city."""
    cycle, weights, scores = cycle_inputs(con, area)
    years = score.cycle_scores(scores, weights, cycle["cycle_start_year"], cycle["cycle_end_year"])
    return cycle, weights, years


def score_report(con, area: str) -> pd.DataFrame:
    """The fixed report: year, material, field, questionnaire, year_score, weight, weighted, kind."""
    _, _, years = score_years(con, area)
    return score.report_frame(years)


def report_markdown(table: pd.DataFrame, cycle: dict | None = None) -> str:
    """The report as a Markdown table, with the passing line under it when known."""
    def cell(v):
        return "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)
    cols = list(table.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in table.itertuples(index=False)]
    if cycle is not None:
        total = table["weighted"].iloc[-1]
        gap = score.passing_distance(total, cycle["passing_line"])
        lines += ["", f"passing line {cycle['passing_line']:g} ({cycle['passing_line_source']}); "
                      f"points to the line {gap:.2f} (0 or less: at or above it)"]
    return "\n".join(lines) + "\n"
