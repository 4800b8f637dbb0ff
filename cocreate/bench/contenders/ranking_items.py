"""Contenders of `ranking_items`: per as-of date x title x indicator x district of a city, the latest
complete figure up to the date (titles the city campaigns for, benchmarks, city-only indicators and
items not applicable to the district left out)."""
from __future__ import annotations

import pandas as pd

NAME = "ranking_items"
KEYS = ("as_of", "area_code", "title_code", "indicator_code")
COLUMNS = ("as_of", "area_code", "area_name_zh", "area_name_en", "title_code", "title_short_zh", "title_short_en",
           "indicator_code", "indicator_name_zh", "indicator_name_en", "threshold", "is_veto", "points", "direction",
           "value_period", "value")

# per date one grouped pass over the districts' complete figures; not-applicable rows of the city or the
# district removed with an anti join
SQL = """
WITH
dates AS (SELECT DISTINCT CAST(unnest($as_of_dates) AS DATE) AS as_of),
districts AS (SELECT code AS area_code, name_zh AS area_name_zh, name_en AS area_name_en
              FROM areas WHERE parent_code = $city),
items AS (
    SELECT ti.title_code, t.short_zh AS title_short_zh, t.short_en AS title_short_en,
           ti.indicator_code, i.name_zh AS indicator_name_zh, i.name_en AS indicator_name_en,
           ti.threshold, ti.is_veto, ti.points, i.direction
    FROM campaigns c
    JOIN titles t ON t.code = c.title_code
    JOIN title_indicators ti ON ti.title_code = c.title_code
    JOIN indicators i ON i.code = ti.indicator_code
    WHERE c.area_code = $city AND t.kind <> 'benchmark' AND i.aggregation <> 'city_only'
      AND ($title IS NULL OR c.title_code = $title)
),
latest AS (
    SELECT d.as_of, f.indicator_code, f.area_code, max(f.period) AS value_period,
           arg_max(f.value, f.period) AS value
    FROM figures f JOIN dates d ON f.period <= d.as_of
    WHERE f.area_code IN (SELECT area_code FROM districts)
      AND f.indicator_code IN (SELECT indicator_code FROM items)
      AND f.areas_reported = f.areas_expected
    GROUP BY ALL
)
SELECT d.as_of, a.area_code, a.area_name_zh, a.area_name_en, i.title_code, i.title_short_zh, i.title_short_en,
       i.indicator_code, i.indicator_name_zh, i.indicator_name_en, i.threshold, i.is_veto, i.points, i.direction,
       l.value_period, l.value
FROM dates d CROSS JOIN items i CROSS JOIN districts a
LEFT JOIN latest l ON l.as_of = d.as_of AND l.indicator_code = i.indicator_code AND l.area_code = a.area_code
WHERE NOT EXISTS (SELECT 1 FROM not_applicable na
                  WHERE na.title_code = i.title_code AND na.indicator_code = i.indicator_code
                    AND na.area_code IN (a.area_code, $city))
ORDER BY d.as_of, a.area_code, i.title_code, i.indicator_code
"""


def by_pandas(fr, city: str, as_of_dates, title=None) -> pd.DataFrame:
    items = fr.city_items(city)
    items = items[(items["title_kind"] != "benchmark") & (items["aggregation"] != "city_only")]
    if title is not None:
        items = items[items["title_code"] == title]
    d = fr.areas.loc[fr.areas["parent_code"] == city, ["code", "name_zh", "name_en"]].set_axis(
        ["area_code", "area_name_zh", "area_name_en"], axis=1)
    f = fr.figures_of(d["area_code"])
    f = f[f["indicator_code"].isin(items["indicator_code"]) & (f["areas_reported"] == f["areas_expected"])]
    f = f.sort_values("period")
    parts = []
    for day in sorted({pd.Timestamp(x) for x in as_of_dates}):
        last = f[f["period"] <= day].dropna(subset=["value"]).drop_duplicates(["indicator_code", "area_code"],
                                                                                 keep="last")
        periods = f[f["period"] <= day].groupby(["indicator_code", "area_code"])["period"].max()
        last = last.drop(columns="period").merge(periods.rename("value_period").reset_index(),
                                                 on=["indicator_code", "area_code"], how="right")
        parts.append(last.assign(as_of=day))
    latest = pd.concat(parts, ignore_index=True)[["as_of", "indicator_code", "area_code", "value_period", "value"]]
    grid = (pd.DataFrame({"as_of": sorted({pd.Timestamp(x) for x in as_of_dates})})
            .merge(items, how="cross").merge(d, how="cross"))
    na = fr.not_applicable
    na_rows = pd.concat([
        na[na["area_code"].isin(d["area_code"])][["title_code", "indicator_code", "area_code"]],
        na[na["area_code"] == city][["title_code", "indicator_code"]].merge(d[["area_code"]], how="cross"),
    ]).drop_duplicates().assign(_na=True)
    grid = grid.merge(na_rows, on=["title_code", "indicator_code", "area_code"], how="left")
    grid = grid[grid["_na"].isna()].merge(latest, on=["as_of", "indicator_code", "area_code"], how="left")
    return grid.sort_values(["as_of", "area_code", "title_code", "indicator_code"], ignore_index=True)[list(COLUMNS)]
