-- one row per year x kind with field results for the city, latest first, actual before mock
WITH area AS (
    SELECT coalesce(nullif(parent_code, ''), code) AS city_code FROM areas WHERE code = $area
)
SELECT f.year, f.kind, count(*) AS n_points, sum(f.items_checked) AS items_checked,
       sum(f.items_passed) AS items_passed
FROM field_results AS f
JOIN area ON f.area_code = area.city_code
GROUP BY f.year, f.kind
ORDER BY f.year DESC, CASE f.kind WHEN 'actual' THEN 0 ELSE 1 END
