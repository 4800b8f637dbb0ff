-- one row per possible responsible unit of the city of $area: its districts (area codes) and its departments
WITH
city AS (SELECT coalesce(parent_code, code) AS city_code FROM areas WHERE code = $area),
district_units AS (
    SELECT a.code AS unit_code, a.name_zh, a.name_en, 'district' AS unit_kind, a.parent_code AS city_code
    FROM areas a WHERE a.parent_code IN (SELECT city_code FROM city)
),
department_units AS (
    SELECT d.code AS unit_code, d.name_zh, d.name_en, 'department' AS unit_kind, d.area_code AS city_code
    FROM departments d WHERE d.area_code IN (SELECT city_code FROM city)
)
SELECT * FROM district_units
UNION ALL
SELECT * FROM department_units
ORDER BY unit_kind DESC, unit_code
