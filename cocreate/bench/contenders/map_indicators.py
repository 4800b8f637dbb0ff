"""Contenders of `map_indicators`: the items of the titles a city campaigns for that are worked out per
district (not city_only), with has_data = some district's latest complete figure up to the as-of date
has a value."""
from __future__ import annotations

import pandas as pd

NAME = "map_indicators"
KEYS = ("title_code", "indicator_code")
COLUMNS = ("title_code", "title_name_zh", "title_name_en", "indicator_code", "indicator_name_zh",
           "indicator_name_en", "has_data")

# one grouped pass: per indicator x district the value at its latest complete period
SQL = """
WITH
items AS (
    SELECT c.title_code, t.name_zh AS title_name_zh, t.name_en AS title_name_en, t.sort_order,
           ti.indicator_code, i.name_zh AS indicator_name_zh, i.name_en AS indicator_name_en
    FROM campaigns c
    JOIN titles t ON t.code = c.title_code
    JOIN title_indicators ti ON ti.title_code = c.title_code
    JOIN indicators i ON i.code = ti.indicator_code
    WHERE c.area_code = $city AND coalesce(i.aggregation, '') <> 'city_only'
),
last AS (
    SELECT indicator_code, arg_max_null(value, period) AS value
    FROM figures
    WHERE area_code IN (SELECT code FROM areas WHERE parent_code = $city)
      AND indicator_code IN (SELECT indicator_code FROM items)
      AND areas_reported = areas_expected AND ($as_of IS NULL OR period <= CAST($as_of AS DATE))
    GROUP BY indicator_code, area_code
)
SELECT title_code, title_name_zh, title_name_en, indicator_code, indicator_name_zh, indicator_name_en,
       indicator_code IN (SELECT indicator_code FROM last WHERE value IS NOT NULL) AS has_data
FROM items
ORDER BY sort_order, title_code, indicator_code
"""


def by_pandas(fr, city: str, as_of=None) -> pd.DataFrame:
    items = fr.city_items(city)
    items = items[items["aggregation"].fillna("") != "city_only"]
    districts = fr.areas.loc[fr.areas["parent_code"] == city, "code"].tolist()
    f = fr.figures_of(districts)
    f = f[f["indicator_code"].isin(items["indicator_code"]) & (f["areas_reported"] == f["areas_expected"])]
    if as_of is not None:
        f = f[f["period"] <= pd.Timestamp(as_of)]
    last = f.sort_values("period").drop_duplicates(["indicator_code", "area_code"], keep="last")
    with_data = set(last.loc[last["value"].notna(), "indicator_code"])
    out = items.assign(has_data=items["indicator_code"].isin(with_data))
    return out.sort_values(["title_sort", "title_code", "indicator_code"], ignore_index=True)[list(COLUMNS)]
