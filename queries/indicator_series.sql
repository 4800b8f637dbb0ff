-- one row per area x period: the figure of indicator $indicator for the areas in $areas (a list of codes) up to $as_of (NULL = all), with completeness of city roll-ups and the sources of the figures behind it
WITH
picked AS (
    SELECT code AS area_code, name_zh AS area_name_zh, name_en AS area_name_en, level
    FROM areas WHERE list_contains($areas, code)
),
-- where each figure came from: the indicator or its measures, in the area or its districts
figure_sources AS (
    SELECT p.area_code, o.period,
           string_agg(DISTINCT coalesce(o.source, 'unknown'), '; ' ORDER BY coalesce(o.source, 'unknown')) AS source
    FROM picked p
    JOIN areas a ON a.code = p.area_code OR a.parent_code = p.area_code
    JOIN observations o ON o.area_code = a.code
    JOIN indicators i ON i.code = $indicator
     AND o.indicator_code IN (i.code, i.numerator_code, i.denominator_code)
    GROUP BY p.area_code, o.period
)
SELECT v.indicator_code, v.area_code, p.area_name_zh, p.area_name_en, p.level, v.period, v.value,
       v.numerator, v.denominator, v.areas_reported, v.areas_expected,
       v.areas_reported = v.areas_expected AS is_complete, fs.source
FROM figures v JOIN picked p ON p.area_code = v.area_code
LEFT JOIN figure_sources fs ON fs.area_code = v.area_code AND fs.period = v.period
WHERE v.indicator_code = $indicator
  AND ($as_of IS NULL OR v.period <= CAST($as_of AS DATE))
ORDER BY v.area_code, v.period
