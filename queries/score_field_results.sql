-- one row per inspected point of the city's field results for one year and kind
WITH area AS (
    SELECT coalesce(nullif(parent_code, ''), code) AS city_code FROM areas WHERE code = $area
),
points AS (
    SELECT f.*
    FROM field_results AS f
    JOIN area ON f.area_code = area.city_code
    WHERE f.year = $year AND f.kind = $kind
)
SELECT p.year, p.kind, p.district_code, d.name_zh AS district_name_zh, d.name_en AS district_name_en,
       p.point_type, t.name_zh AS point_type_name_zh, t.name_en AS point_type_name_en, t.sort_order,
       p.point_name, p.items_checked, p.items_passed, p.inspected_on, p.source
FROM points AS p
LEFT JOIN areas AS d ON d.code = p.district_code
LEFT JOIN point_types AS t ON t.code = p.point_type
ORDER BY p.district_code, t.sort_order, p.point_name
