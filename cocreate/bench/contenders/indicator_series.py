"""Contenders of `indicator_series`: every figure of one indicator for a list of areas up to an as-of date,
with completeness and the figure's sources as kept with it (figures.source, glossary "figure_sources")."""
from __future__ import annotations

import pandas as pd

NAME = "indicator_series"
KEYS = ("area_code", "period")
COLUMNS = ("indicator_code", "area_code", "area_name_zh", "area_name_en", "level", "period", "value", "numerator",
           "denominator", "areas_reported", "areas_expected", "is_complete", "source")

# one read of the indicator's figures in those areas, their names beside them
SQL = """
SELECT f.indicator_code, f.area_code, a.name_zh AS area_name_zh, a.name_en AS area_name_en, a.level, f.period,
       f.value, f.numerator, f.denominator, f.areas_reported, f.areas_expected,
       f.areas_reported = f.areas_expected AS is_complete, f.source
FROM figures f
JOIN areas a ON a.code = f.area_code
WHERE f.indicator_code = $indicator AND list_contains($areas, f.area_code)
  AND ($as_of IS NULL OR f.period <= CAST($as_of AS DATE))
ORDER BY f.area_code, f.period
"""


def by_pandas(fr, indicator: str, areas, as_of=None) -> pd.DataFrame:
    areas = list(areas)
    f = fr.figures_of(areas)
    f = f[f["indicator_code"] == indicator]
    if as_of is not None:
        f = f[f["period"] <= pd.Timestamp(as_of)]
    names = fr.areas[["code", "name_zh", "name_en", "level"]].rename(
        columns={"code": "area_code", "name_zh": "area_name_zh", "name_en": "area_name_en"})
    out = f.merge(names, on="area_code")
    out["is_complete"] = out["areas_reported"] == out["areas_expected"]
    return out.sort_values(["area_code", "period"], ignore_index=True)[list(COLUMNS)]
