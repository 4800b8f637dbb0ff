-- one row per year x kind x component of the city's assessment scores (actual and mock)
WITH area AS (
    SELECT coalesce(nullif(parent_code, ''), code) AS city_code FROM areas WHERE code = $area
)
SELECT s.area_code, s.year, s.kind, s.component, s.score, s.assessed_on, s.source, s.note
FROM assessment_scores AS s
JOIN area ON s.area_code = area.city_code
ORDER BY s.year, s.kind, s.component
