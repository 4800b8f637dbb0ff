"""Questionnaire tracker, pure: rates (awareness 知晓率, participation 参与率, satisfaction 满意率,
support 支持率) per question and group with their sample size and a 95 % Wilson interval, the trend
across rounds, and the weakest questions first."""
from __future__ import annotations

import math

import pandas as pd

Z95 = 1.959963984540054
MEASURES = ("awareness", "participation", "satisfaction", "support")


def wilson(positive: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of a share (0-1): unlike p ± z·se it stays within 0-1 and behaves for
    small samples and shares near 0 or 1. n = 0 gives (nan, nan)."""
    if n <= 0:
        return float("nan"), float("nan")
    p = positive / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def _with_rates(frame: pd.DataFrame) -> pd.DataFrame:
    f = frame.copy()
    f["rate_pct"] = 100.0 * f["n_positive"] / f["sample_size"]
    bounds = [wilson(int(x), int(n)) for x, n in zip(f["n_positive"], f["sample_size"])]
    f["low_pct"] = [100.0 * lo for lo, _ in bounds]
    f["high_pct"] = [100.0 * hi for _, hi in bounds]
    return f


def group_rates(results: pd.DataFrame) -> pd.DataFrame:
    """One row per round x question x group: rate_pct, low_pct, high_pct (95 % Wilson), sample_size."""
    return _with_rates(results)


def question_rates(results: pd.DataFrame) -> pd.DataFrame:
    """One row per round x question, groups pooled (all positive answers / all respondents: the
    groups count as sampled, not reweighted to the population)."""
    keys = ["round", "survey_date", "question_code"]
    extra = [c for c in ("measure", "text_zh", "text_en", "target_pct", "question_order") if c in results]
    g = results.groupby(keys, as_index=False, dropna=False).agg(
        sample_size=("sample_size", "sum"), n_positive=("n_positive", "sum"), n_groups=("group_code", "nunique"))
    if extra:
        g = g.merge(results.drop_duplicates("question_code")[["question_code", *extra]], on="question_code", how="left")
    return _with_rates(g)


def latest_round(results: pd.DataFrame) -> str | None:
    """The round with the latest survey date."""
    if results.empty:
        return None
    return str(results.sort_values(["survey_date", "round"]).iloc[-1]["round"])


def weakest_first(results: pd.DataFrame, round_: str | None = None) -> pd.DataFrame:
    """The questions of one round (default: the latest), lowest rate first, with the gap to the
    question's target (points, positive while short) and the change since the previous round."""
    q = question_rates(results)
    if q.empty:
        return q
    round_ = round_ or latest_round(results)
    order = q.drop_duplicates("round").sort_values(["survey_date", "round"])["round"].tolist()
    now = q[q["round"] == round_].copy()
    i = order.index(round_)
    if i > 0:
        before = q[q["round"] == order[i - 1]].set_index("question_code")["rate_pct"]
        now["change_pts"] = now["rate_pct"] - now["question_code"].map(before)
    else:
        now["change_pts"] = float("nan")
    if "target_pct" in now:
        now["gap_pts"] = now["target_pct"] - now["rate_pct"]
    return now.sort_values(["rate_pct", "question_code"]).reset_index(drop=True)


def measure_rates(results: pd.DataFrame) -> pd.DataFrame:
    """One row per round x measure (awareness...): the pooled rate over its questions and groups.
    No interval: one respondent answers several questions, so answers are not independent draws."""
    g = results.groupby(["round", "survey_date", "measure"], as_index=False).agg(
        answers=("sample_size", "sum"), n_positive=("n_positive", "sum"))
    g["rate_pct"] = 100.0 * g["n_positive"] / g["answers"]
    return g.sort_values(["survey_date", "measure"]).reset_index(drop=True)
