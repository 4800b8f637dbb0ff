-- one row: the assessment cycle of the area's city (a district reads its city's)
WITH area AS (
    SELECT coalesce(nullif(parent_code, ''), code) AS city_code FROM areas WHERE code = $area
)
SELECT c.area_code, c.cycle_start_year, c.cycle_end_year, c.passing_line, c.passing_line_source,
       c.material_review_date
FROM score_cycles AS c
JOIN area ON c.area_code = area.city_code
