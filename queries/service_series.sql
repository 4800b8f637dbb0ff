-- one row per indicator x area x period: the figures of the indicators of $title (the public-service benchmarks) for city $city and its children up to $as_of (NULL = all), read from the figures table, with the completeness of each city roll-up
WITH
picked_areas AS (
    SELECT code AS area_code, name_zh AS area_name_zh, name_en AS area_name_en, level
    FROM areas
    WHERE code = $city OR parent_code = $city
),
picked_indicators AS (
    SELECT indicator_code FROM title_indicators WHERE title_code = $title
)
SELECT v.indicator_code, v.area_code, a.area_name_zh, a.area_name_en, a.level, v.period, v.value,
       v.numerator, v.denominator, v.areas_reported, v.areas_expected,
       v.areas_reported = v.areas_expected AS is_complete
FROM figures v
JOIN picked_areas a ON a.area_code = v.area_code
WHERE v.indicator_code IN (SELECT indicator_code FROM picked_indicators)
  AND ($as_of IS NULL OR v.period <= CAST($as_of AS DATE))
ORDER BY v.indicator_code, a.level <> 'city', v.area_code, v.period
