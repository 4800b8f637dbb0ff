-- one row per responsible unit of the city of $area (a district or a department) with its own group robot URL
WITH
city AS (SELECT coalesce(parent_code, code) AS city_code FROM areas WHERE code = $area),
units AS (
    SELECT a.code AS unit_code FROM areas a WHERE a.parent_code IN (SELECT city_code FROM city)
    UNION ALL
    SELECT d.code AS unit_code FROM departments d WHERE d.area_code IN (SELECT city_code FROM city)
)
SELECT r.unit_code, trim(r.robot_url) AS robot_url
FROM unit_robots r
WHERE r.unit_code IN (SELECT unit_code FROM units)
  AND r.robot_url IS NOT NULL AND trim(r.robot_url) <> ''
ORDER BY r.unit_code
