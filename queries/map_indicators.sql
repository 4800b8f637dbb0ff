-- one row per title x indicator the map of city $city can colour its districts by: the items of the titles the city campaigns for whose indicator is worked out per district (not city_only), with has_data = some district's latest complete figure up to $as_of (NULL = all) has a value (the district rows title_progress.sql would rate with a latest value).
-- The latest complete figure of a district series as of D is figure_series' row of the series' latest period <= D
-- (schema_figures.sql): per series a min/max lookup on PostgreSQL's index (area_code, indicator_code, period), not a
-- scan of figures (issue 19)
WITH
items AS (
    SELECT c.title_code, t.name_zh AS title_name_zh, t.name_en AS title_name_en, t.sort_order AS title_sort,
           ti.indicator_code, i.name_zh AS indicator_name_zh, i.name_en AS indicator_name_en
    FROM campaigns c
    JOIN titles t ON t.code = c.title_code
    JOIN title_indicators ti ON ti.title_code = c.title_code
    JOIN indicators i ON i.code = ti.indicator_code
    WHERE c.area_code = $city
      AND coalesce(i.aggregation, '') <> 'city_only'
),
latest AS (
    SELECT d.code AS area_code, it.indicator_code, m.period
    FROM (SELECT DISTINCT indicator_code FROM items) it
    CROSS JOIN (SELECT code FROM areas WHERE parent_code = $city) d,
    LATERAL (SELECT max(s.period) AS period FROM figure_series s
             WHERE s.area_code = d.code AND s.indicator_code = it.indicator_code
               AND s.period <= coalesce(CAST($as_of AS DATE), DATE '9999-12-31')) m   -- a bound of the index range
),
with_data AS (
    SELECT DISTINCT l.indicator_code
    FROM latest l
    JOIN figure_series s ON s.area_code = l.area_code AND s.indicator_code = l.indicator_code AND s.period = l.period
    WHERE s.value IS NOT NULL
)
SELECT it.title_code, it.title_name_zh, it.title_name_en, it.indicator_code, it.indicator_name_zh,
       it.indicator_name_en, wd.indicator_code IS NOT NULL AS has_data
FROM items it
LEFT JOIN with_data wd ON wd.indicator_code = it.indicator_code
ORDER BY it.title_sort, it.title_code, it.indicator_code
