"""Words that tie a survey rate to the figure it is, or tell two surveys apart (issue 18): a page that
shows a satisfaction (awareness, participation) rate names its survey, its date and n. Pure: frames in
(survey_figures rows, questionnaire results, indicator_surveys rows), sentences and tables out."""
from __future__ import annotations

import pandas as pd

from cocreate.present.i18n import fmt_date, fmt_number, pick, t


def _year(period, lang: str) -> str:
    return t("survey_year", lang, year=pd.Timestamp(period).year)


def _pct(v, lang: str) -> str:
    return fmt_number(v, 1, lang, big=False)


def measure_label(results: pd.DataFrame, round_: str, indicator_code: str, lang: str) -> str:
    """'满意率' when the questions tied to the indicator in the round are exactly one measure's
    questions (the rate the questionnaire page shows for it), else 'the 2 tied questions pooled'."""
    one = results[results["round"] == round_].drop_duplicates("question_code")
    tied = one[one["indicator_code"] == indicator_code]
    measures = set(tied["measure"])
    if len(measures) == 1:
        m = measures.pop()
        if set(one.loc[one["measure"] == m, "question_code"]) == set(tied["question_code"]):
            word = t(f"quest_measure_{m}", lang)
            return word.lower() if lang == "en" else word   # inside a sentence
    return t("survey_tied_questions", lang, k=len(tied))


def tied_caption(fig: dict, measure: str, lang: str) -> str:
    """Title page, under a figure that IS a questionnaire result."""
    return t("survey_tied_caption", lang, round=fig["round"], date=fmt_date(fig["survey_date"], lang),
             n=fmt_number(fig["respondents"], 0, lang, big=False), k=int(fig["n_questions"]), measure=measure)


def other_caption(row: dict, lang: str) -> str:
    """Title page, under a figure that comes from another survey (indicator_surveys)."""
    return t("survey_other_caption", lang, survey=pick(row, "survey", lang), date=fmt_date(row["survey_date"], lang),
             n=fmt_number(row["sample_size"], 0, lang, big=False))


def round_lines(results: pd.DataFrame, round_: str, rounds: pd.DataFrame, figures: pd.DataFrame,
                lang: str) -> list[str]:
    """Questionnaire page: for each indicator the round's answers are tied to, whether this round's rate
    IS its figure for the period (and where that figure shows), or which later round of the period is.
    `rounds`: questionnaire_indicator_rounds (with the titles of the city's campaigns using each
    indicator); `figures`: survey_figures(rounds)."""
    lines = []
    for r in rounds[rounds["round"] == round_].to_dict("records"):
        value = 100.0 * r["n_positive"] / r["answers"]
        measure = measure_label(results, round_, r["indicator_code"], lang)
        fig = figures[figures["indicator_code"] == r["indicator_code"]]
        fig = fig[fig["round"] == round_] if (fig["round"] == round_).any() else \
            fig[pd.to_datetime(fig["survey_date"]) > pd.Timestamp(r["survey_date"])].head(1)
        if fig.empty:
            continue
        common = dict(measure=measure, value=_pct(value, lang), indicator=pick(r, "indicator_name", lang),
                      title=pick(r, "titles", lang) or "—")
        f = fig.iloc[0]
        if f["round"] == round_:
            lines.append(t("survey_quest_is_figure", lang, year=_year(f["period"], lang),
                           n=fmt_number(r["respondents"], 0, lang, big=False), k=int(r["n_questions"]), **common))
        else:
            lines.append(t("survey_quest_superseded", lang, year=_year(f["period"], lang), round=f["round"],
                           date=fmt_date(f["survey_date"], lang), later=_pct(f["value"], lang), **common))
    return lines


def others_lines(surveys: pd.DataFrame, lang: str) -> list[str]:
    """Questionnaire page: the city's rates from other surveys, one line each with the title and
    indicator, the figure and its period, and the survey, its date and n."""
    latest = surveys.sort_values("period", kind="stable").drop_duplicates(["indicator_code", "title_code"],
                                                                          keep="last").sort_index()  # query's order
    return [t("survey_other_line", lang, what=" · ".join(x for x in (pick(r, "title", lang),
                                                                      pick(r, "indicator_name", lang)) if x),
              value=_pct(r["value"], lang), year=_year(r["period"], lang), survey=pick(r, "survey", lang),
              date=fmt_date(r["survey_date"], lang), n=fmt_number(r["sample_size"], 0, lang, big=False))
            for r in latest.to_dict("records")]
