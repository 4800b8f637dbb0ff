"""Contenders of `latest_by_area`: per area of a list, the latest complete figure of one indicator up to
an as-of date (NULL = all), the area's names and level; a city first, then by value, largest first."""
from __future__ import annotations

import numpy as np
import pandas as pd

NAME = "latest_by_area"
KEYS = ("area_code",)
COLUMNS = ("area_code", "area_name_zh", "area_name_en", "level", "period", "value", "numerator", "denominator")

# one grouped pass over the indicator's complete figures of those areas; arg_max_null: the values at the
# latest period even where one is NULL (the app joins the latest row back)
SQL = """
SELECT a.code AS area_code, a.name_zh AS area_name_zh, a.name_en AS area_name_en, a.level,
       l.period, l.value, l.numerator, l.denominator
FROM areas a
LEFT JOIN (
    SELECT area_code, max(period) AS period, arg_max_null(value, period) AS value,
           arg_max_null(numerator, period) AS numerator, arg_max_null(denominator, period) AS denominator
    FROM figures
    WHERE indicator_code = $indicator AND list_contains($areas, area_code)
      AND areas_reported = areas_expected AND ($as_of IS NULL OR period <= CAST($as_of AS DATE))
    GROUP BY area_code
) l ON l.area_code = a.code
WHERE list_contains($areas, a.code)
ORDER BY a.level <> 'city', l.value DESC NULLS LAST
"""


def by_pandas(fr, indicator: str, areas, as_of=None) -> pd.DataFrame:
    f = fr.figures_of(areas)
    f = f[(f["indicator_code"] == indicator) & (f["areas_reported"] == f["areas_expected"])]
    if as_of is not None:
        f = f[f["period"] <= pd.Timestamp(as_of)]
    last = f.sort_values("period").drop_duplicates("area_code", keep="last")
    a = fr.areas[fr.areas["code"].isin(list(areas))][["code", "name_zh", "name_en", "level"]]
    a = a.rename(columns={"code": "area_code", "name_zh": "area_name_zh", "name_en": "area_name_en"})
    out = a.merge(last[["area_code", "period", "value", "numerator", "denominator"]], on="area_code", how="left")
    out["_city"] = np.where(out["level"] == "city", 0, 1)
    return out.sort_values(["_city", "value"], ascending=[True, False], na_position="last",
                           ignore_index=True)[list(COLUMNS)]
