-- one row per area x period: the figure of indicator $indicator for the areas in $areas (a list of codes) up to $as_of (NULL = all), with completeness of city roll-ups and the figure's sources as kept with it (figures.source, glossary "figure_sources")
WITH
picked AS (
    SELECT code AS area_code, name_zh AS area_name_zh, name_en AS area_name_en, level
    FROM areas WHERE list_contains($areas, code)
)
SELECT v.indicator_code, v.area_code, p.area_name_zh, p.area_name_en, p.level, v.period, v.value,
       v.numerator, v.denominator, v.areas_reported, v.areas_expected,
       v.areas_reported = v.areas_expected AS is_complete, v.source
FROM figures v JOIN picked p ON p.area_code = v.area_code
WHERE v.indicator_code = $indicator
  AND ($as_of IS NULL OR v.period <= CAST($as_of AS DATE))
ORDER BY v.area_code, v.period
