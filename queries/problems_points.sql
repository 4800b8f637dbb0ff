-- one row per inspection point in $area or its districts, with how many problems it has had
WITH
scope AS (SELECT code FROM areas WHERE code = $area OR parent_code = $area),
counts AS (SELECT point_code, count(*) AS n_problems, max(found_date) AS last_found FROM problems GROUP BY point_code)
SELECT ip.code, ip.name_zh, ip.name_en, ip.point_type, ip.area_code, ip.lat, ip.lon,
       coalesce(c.n_problems, 0) AS n_problems, c.last_found
FROM inspection_points ip LEFT JOIN counts c ON c.point_code = ip.code
WHERE ip.area_code IN (SELECT code FROM scope)
ORDER BY n_problems DESC, ip.code
