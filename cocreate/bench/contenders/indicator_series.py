"""Contenders of `indicator_series`: every figure of one indicator for a list of areas up to an as-of date,
with completeness and the sources of the observations behind it (the indicator or its measures, in the
area or its districts, at that period)."""
from __future__ import annotations

import pandas as pd

NAME = "indicator_series"
KEYS = ("area_code", "period")
COLUMNS = ("indicator_code", "area_code", "area_name_zh", "area_name_en", "level", "period", "value", "numerator",
           "denominator", "areas_reported", "areas_expected", "is_complete", "source")

# the sources read only the indicator's measures in those areas and their districts, up to the as-of date
SQL = """
WITH
measures AS (
    SELECT unnest([code, numerator_code, denominator_code]) AS code FROM indicators WHERE code = $indicator
),
behind AS (
    SELECT p.code AS area_code, a.code AS source_area
    FROM areas p JOIN areas a ON a.code = p.code OR a.parent_code = p.code
    WHERE list_contains($areas, p.code)
),
src AS (
    SELECT b.area_code, o.period,
           string_agg(DISTINCT coalesce(o.source, 'unknown'), '; ' ORDER BY coalesce(o.source, 'unknown')) AS source
    FROM observations o JOIN behind b ON b.source_area = o.area_code
    WHERE o.indicator_code IN (SELECT code FROM measures WHERE code IS NOT NULL)
      AND ($as_of IS NULL OR o.period <= CAST($as_of AS DATE))
    GROUP BY b.area_code, o.period
)
SELECT f.indicator_code, f.area_code, a.name_zh AS area_name_zh, a.name_en AS area_name_en, a.level, f.period,
       f.value, f.numerator, f.denominator, f.areas_reported, f.areas_expected,
       f.areas_reported = f.areas_expected AS is_complete, s.source
FROM figures f
JOIN areas a ON a.code = f.area_code
LEFT JOIN src s ON s.area_code = f.area_code AND s.period = f.period
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
    ind = fr.indicators.set_index("code").loc[indicator]
    measures = [c for c in (indicator, ind["numerator_code"], ind["denominator_code"]) if isinstance(c, str)]
    ar = fr.areas
    behind = pd.concat([pd.DataFrame({"area_code": areas, "source_area": areas}),
                        ar.loc[ar["parent_code"].isin(areas), ["parent_code", "code"]].set_axis(
                            ["area_code", "source_area"], axis=1)], ignore_index=True)
    o = fr.observations_of(behind["source_area"].unique())
    o = o[o["indicator_code"].isin(measures)]
    if as_of is not None:
        o = o[o["period"] <= pd.Timestamp(as_of)]
    o = o.merge(behind, left_on="area_code", right_on="source_area", suffixes=("_o", ""))
    o["source"] = o["source"].fillna("unknown")
    src = (o.drop_duplicates(["area_code", "period", "source"]).sort_values("source")
           .groupby(["area_code", "period"], sort=False)["source"].agg("; ".join).reset_index())
    names = ar[["code", "name_zh", "name_en", "level"]].rename(
        columns={"code": "area_code", "name_zh": "area_name_zh", "name_en": "area_name_en"})
    out = f.merge(names, on="area_code").merge(src, on=["area_code", "period"], how="left")
    out["is_complete"] = out["areas_reported"] == out["areas_expected"]
    return out.sort_values(["area_code", "period"], ignore_index=True)[list(COLUMNS)]
