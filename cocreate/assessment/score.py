"""Civilized City score projection, pure: a year's score from its components, the cycle's weighted
total, the trend projection of missing years, the what-if, and the points each point type costs.

Weights are data (score_weights: `material, field, questionnaire` for the year, `year1..yearN` for
the cycle); nothing here hard-codes them. No I/O, no streamlit.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

COMPONENTS = ("material", "field", "questionnaire")
KINDS = ("actual", "mock", "projected")          # most to least certain
REPORT_COLUMNS = ("year", "material", "field", "questionnaire", "year_score", "weight", "weighted", "kind")
# `weighted` is printed with 3 decimals so the cycle total (summed from unrounded values) always
# equals the sum of the printed year rows within 0.01 (three rows x 0.0005 at most).
WEIGHTED_DECIMALS = 3


def component_weights(weights: pd.DataFrame) -> dict[str, float]:
    """{material: 0.4, field: 0.4, questionnaire: 0.2} from the score_weights rows."""
    w = dict(zip(weights["component"], weights["weight"].astype(float)))
    missing = [c for c in COMPONENTS if c not in w]
    if missing:
        raise ValueError(f"score_weights lacks {missing}")
    return {c: w[c] for c in COMPONENTS}


def year_weights(weights: pd.DataFrame, start: int, end: int) -> dict[int, float]:
    """{2024: 0.15, 2025: 0.25, 2026: 0.60}: cycle year i takes the weight of component `year<i>`."""
    w = dict(zip(weights["component"], weights["weight"].astype(float)))
    years = list(range(int(start), int(end) + 1))
    missing = [f"year{i}" for i in range(1, len(years) + 1) if f"year{i}" not in w]
    if missing:
        raise ValueError(f"score_weights lacks {missing} for a {len(years)}-year cycle")
    return {y: w[f"year{i}"] for i, y in enumerate(years, start=1)}


def year_score(components: dict, cweights: dict[str, float]) -> float:
    """sum(component x its weight); NaN when any component is unknown."""
    vals = [components.get(c) for c in COMPONENTS]
    if any(v is None or (isinstance(v, float) and math.isnan(v)) for v in vals):
        return float("nan")
    return float(sum(float(v) * cweights[c] for c, v in zip(COMPONENTS, vals)))


def chosen_results(scores: pd.DataFrame) -> pd.DataFrame:
    """One score per year x component: an actual result wins over a mock one."""
    if scores.empty:
        return pd.DataFrame(columns=["year", "component", "score", "kind"])
    s = scores[["year", "component", "score", "kind"]].copy()
    s["year"] = s["year"].astype(int)
    s["_rank"] = s["kind"].map({k: i for i, k in enumerate(KINDS)})
    s = s.sort_values(["year", "component", "_rank"]).drop_duplicates(["year", "component"])
    return s.drop(columns="_rank").reset_index(drop=True)


def trend_value(years: list[int], values: list[float], target: int) -> float:
    """Least-squares line through (year, value) at `target`, clipped to 0-100; one point is carried
    forward; none gives NaN."""
    if not years:
        return float("nan")
    if len(set(years)) == 1:
        return float(np.clip(np.mean(values), 0, 100))
    slope, intercept = np.polyfit(np.asarray(years, float), np.asarray(values, float), 1)
    return float(np.clip(intercept + slope * target, 0, 100))


def cycle_scores(scores: pd.DataFrame, weights: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """One row per year of the cycle, unrounded: year, the components, year_score, weight, weighted,
    kind (actual / mock / projected: the least certain of its components) and, per component,
    `<component>_kind`. Years without a result take each component's trend over the years with
    one (mock results count)."""
    cw = component_weights(weights)
    yw = year_weights(weights, start, end)
    chosen = chosen_results(scores)
    rows = []
    for year in yw:
        row = {"year": year}
        kinds = []
        for comp in COMPONENTS:
            have = chosen[(chosen["component"] == comp) & (chosen["year"] == year)]
            if len(have):
                row[comp], kind = float(have["score"].iloc[0]), have["kind"].iloc[0]
            else:
                known = chosen[chosen["component"] == comp]
                row[comp] = trend_value(known["year"].tolist(), known["score"].astype(float).tolist(), year)
                kind = "projected"
            row[f"{comp}_kind"] = kind
            kinds.append(kind)
        row["year_score"] = year_score(row, cw)
        row["weight"] = yw[year]
        row["weighted"] = row["year_score"] * yw[year]
        row["kind"] = max(kinds, key=KINDS.index)
        rows.append(row)
    return pd.DataFrame(rows)


def cycle_total(years: pd.DataFrame) -> float:
    """The weighted cycle total: the sum of the years' weighted scores (NaN if one is unknown)."""
    return float(years["weighted"].sum(min_count=len(years))) if len(years) else float("nan")


def report_frame(years: pd.DataFrame) -> pd.DataFrame:
    """The fixed `score` report: one row per year, then the `cycle` row (weight = sum of the year
    weights, weighted = the cycle total from unrounded values, kind = the least certain year's)."""
    out = years[list(REPORT_COLUMNS)].copy()
    for col in (*COMPONENTS, "year_score"):
        out[col] = out[col].round(2)
    out["weight"] = out["weight"].round(4)
    out["weighted"] = out["weighted"].round(WEIGHTED_DECIMALS)
    out["year"] = out["year"].astype(int).astype(str)
    cycle = {"year": "cycle", "material": None, "field": None, "questionnaire": None, "year_score": None,
             "weight": round(float(years["weight"].sum()), 4),
             "weighted": round(cycle_total(years), WEIGHTED_DECIMALS),
             "kind": max(years["kind"], key=KINDS.index) if len(years) else ""}
    return pd.concat([out.astype(object), pd.DataFrame([cycle])], ignore_index=True)


def what_if(years: pd.DataFrame, weights: pd.DataFrame, year: int, moves: dict[str, float]) -> pd.DataFrame:
    """The cycle with components of one year moved by `moves` points ({"field": 3}), each kept within
    0-100. The other years stay as they are (projections are not re-fitted), so the total moves by
    exactly the sum of move x component weight x year weight unless a component hits 0 or 100."""
    cw = component_weights(weights)
    out = years.copy()
    i = out.index[out["year"] == int(year)]
    for comp, delta in moves.items():
        out.loc[i, comp] = (out.loc[i, comp] + float(delta)).clip(0, 100)
    out["year_score"] = [year_score(r, cw) for r in out.to_dict("records")]
    out["weighted"] = out["year_score"] * out["weight"]
    return out


def passing_distance(total: float, passing_line: float) -> float:
    """Points still missing to the passing line (positive while short, 0 or less once passed)."""
    return float(passing_line) - float(total)


def field_rates(field: pd.DataFrame, by: str) -> pd.DataFrame:
    """Score rate (items passed / items checked, %) per `by` (point_type or district_code)."""
    g = field.groupby(by, as_index=False)[["items_checked", "items_passed"]].sum()
    g["rate_pct"] = 100.0 * g["items_passed"] / g["items_checked"]
    return g.sort_values("rate_pct").reset_index(drop=True)


def point_type_losses(field: pd.DataFrame, field_weight: float, year_weight: float | None) -> pd.DataFrame:
    """Points each point type costs: the field score is 100 x passed / checked over all points, so a
    type's failed items cost 100 x failed / all checked field points (the losses add up to 100 - the
    field score), x the field weight in the year score, x the year's weight in the cycle."""
    g = field.groupby("point_type", as_index=False)[["items_checked", "items_passed"]].sum()
    total = float(g["items_checked"].sum())
    g["items_failed"] = g["items_checked"] - g["items_passed"]
    g["rate_pct"] = 100.0 * g["items_passed"] / g["items_checked"]
    g["field_points_lost"] = 100.0 * g["items_failed"] / total if total else float("nan")
    g["year_points_lost"] = g["field_points_lost"] * float(field_weight)
    g["cycle_points_lost"] = g["year_points_lost"] * (float(year_weight) if year_weight is not None else float("nan"))
    return g.sort_values(["field_points_lost", "point_type"], ascending=[False, True]).reset_index(drop=True)
