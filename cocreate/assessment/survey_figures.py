"""Questionnaire results as indicator figures. Where a question is tied to an indicator
(`questionnaire_questions.indicator_code`), the pooled rate of the questions tied to it in a round
(all positive answers / all answers, every group, as the questionnaire page pools a measure) IS that
indicator's figure for the period holding the survey date (the indicator's frequency: a year as its
January, a quarter as its first month, a month); of several rounds in one period the latest survey
counts. The figures go through the observation write path (`cocreate.store.batches.write_figures`):
one batch, every replaced value kept in observation_history, `figures` refreshed, in the caller's
transaction. The questionnaire import and the demo build both call `write_survey_figures`.

    survey_figures(rounds) -> observations frame (pure)
    write_survey_figures(cur, touched, user_name, file_name, sha256) -> ImportResult | None
"""
from __future__ import annotations

import pandas as pd

from cocreate.errors import CocreateError
from cocreate.intake.observations import ImportResult
from cocreate.store import db
from cocreate.store.batches import write_figures

SOURCE = "questionnaire"   # the source of a figure whose rounds name none (or different ones)
_STEP = {"month": 1, "quarter": 3, "year": 12}


def period_of(date, frequency: str | None) -> pd.Timestamp:
    """The first day of the period of `frequency` that holds `date` (a year: its January)."""
    d = pd.Timestamp(date)
    step = _STEP.get(str(frequency or "month"), 1)
    return pd.Timestamp(year=d.year, month=(d.month - 1) // step * step + 1, day=1)


def survey_figures(rounds: pd.DataFrame) -> pd.DataFrame:
    """One row per city x indicator x period from the rounds of `questionnaire_indicator_rounds`:
    indicator_code, area_code, period, value (% = 100 * n_positive / answers), source, note, plus
    round, survey_date, respondents, answers, n_questions (the survey a page names). A question tied
    to an indicator that is not `city_only` is refused (CocreateError survey_fig_not_city_only)."""
    cols = ["indicator_code", "area_code", "period", "value", "source", "note", "round", "survey_date",
            "respondents", "answers", "n_questions"]
    if rounds.empty:
        return pd.DataFrame(columns=cols)
    rolled = sorted(set(rounds.loc[rounds["aggregation"] != "city_only", "indicator_code"]))
    if rolled:   # a city's survey cannot be the figure of an indicator its districts' figures add up to
        raise CocreateError("survey_fig_not_city_only", ", ".join(rolled), indicators=", ".join(rolled))
    f = rounds.copy()
    f["survey_date"] = pd.to_datetime(f["survey_date"])
    f["period"] = [period_of(d, fr) for d, fr in zip(f["survey_date"], f["frequency"])]
    f = f.sort_values(["survey_date", "round"]).drop_duplicates(["indicator_code", "area_code", "period"], keep="last")
    f["value"] = 100.0 * f["n_positive"].astype(float) / f["answers"].astype(float)
    f["source"] = [s if isinstance(s, str) and s else SOURCE for s in f["source"]]
    f["respondents"] = f["respondents"].astype(int)
    f["answers"] = f["answers"].astype(int)
    f["n_questions"] = f["n_questions"].astype(int)
    f["note"] = [f"问卷调查 questionnaire {r} · {d:%Y-%m-%d} · n={n}"
                 for r, d, n in zip(f["round"], f["survey_date"], f["respondents"])]
    return f[cols].sort_values(["area_code", "indicator_code", "period"]).reset_index(drop=True)


def rounds_on(cur, area: str | None) -> pd.DataFrame:
    """`questionnaire_indicator_rounds` on the caller's cursor (so it sees the transaction's own writes)."""
    return cur.execute(db.query_text("questionnaire_indicator_rounds"), {"area": area}).df()


def write_survey_figures(cur, touched: pd.DataFrame | None, user_name: str, file_name: str,
                         sha256: str | None = None) -> ImportResult | None:
    """Write, inside the caller's transaction, the figures of the periods the `touched` rounds
    (area_code, round; None = every round stored) fall in, worked out from every round stored (a
    re-import of an earlier round of a period leaves the later round's figure). None when no touched
    question is tied to an indicator. When no figure changes, nothing is written (batch_id None)."""
    areas = [None] if touched is None else sorted(set(touched["area_code"]))
    rounds = pd.concat([rounds_on(cur, a) for a in areas], ignore_index=True)
    figures = survey_figures(rounds)
    if touched is not None and len(figures):
        keys = rounds.merge(touched[["area_code", "round"]].drop_duplicates(), on=["area_code", "round"])
        keys["period"] = [period_of(d, fr) for d, fr in zip(keys["survey_date"], keys["frequency"])]
        figures = figures.merge(keys[["area_code", "indicator_code", "period"]].drop_duplicates(),
                                on=["area_code", "indicator_code", "period"])
    if figures.empty:
        return None
    valid = figures[["indicator_code", "area_code", "period", "value", "source", "note"]].copy()
    valid["period"] = pd.to_datetime(valid["period"]).astype("datetime64[s]")   # as the import reads it
    result = ImportResult(file_name=file_name, sha256=sha256 or "", rows_read=len(valid), rows_accepted=len(valid))
    write_figures(cur, valid, result, user_name, count_only=True)
    if result.rows_inserted or result.rows_replaced:   # a re-import that changes no figure records no batch
        result.batch_id = write_figures(cur, valid, result, user_name)
    result.ok = True
    return result
