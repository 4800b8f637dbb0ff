-- one row per title x indicator the map of city $city can colour its districts by: the items of the titles the city campaigns for whose indicator is worked out per district (not city_only), with has_data = some district's latest complete figure up to $as_of (NULL = all) has a value (the district rows title_progress.sql would rate with a latest value)
WITH
districts AS (
    SELECT code AS area_code FROM areas WHERE parent_code = $city
),
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
complete AS (
    SELECT v.indicator_code, v.area_code, v.period, v.value
    FROM figures v
    WHERE v.area_code IN (SELECT area_code FROM districts)
      AND v.indicator_code IN (SELECT indicator_code FROM items)
      AND (v.areas_reported = v.areas_expected) IS TRUE
      AND ($as_of IS NULL OR v.period <= CAST($as_of AS DATE))
),
latest AS (
    SELECT indicator_code, area_code, max(period) AS period FROM complete GROUP BY indicator_code, area_code
),
with_data AS (
    SELECT DISTINCT c.indicator_code
    FROM latest l JOIN complete c ON c.indicator_code = l.indicator_code AND c.area_code = l.area_code
     AND c.period = l.period
    WHERE c.value IS NOT NULL
)
SELECT it.title_code, it.title_name_zh, it.title_name_en, it.indicator_code, it.indicator_name_zh,
       it.indicator_name_en, wd.indicator_code IS NOT NULL AS has_data
FROM items it
LEFT JOIN with_data wd ON wd.indicator_code = it.indicator_code
ORDER BY it.title_sort, it.title_code, it.indicator_code
