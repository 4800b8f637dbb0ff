-- one row per ledger point (点位台账) in $area or one of its districts ($area NULL = every point); lat/lon WGS-84
WITH
scope AS (
    SELECT code FROM areas WHERE $area IS NULL OR code = $area OR parent_code = $area
)
SELECT ip.code AS point_code, ip.name_zh AS name, ip.name_en, ip.point_type, ip.area_code, ip.unit_code,
       ip.address, ip.lat, ip.lon, coalesce(ip.active, true) AS active, ip.datum,
       coalesce(ip.illustrative, false) AS illustrative
FROM inspection_points ip
WHERE ip.area_code IN (SELECT code FROM scope)
ORDER BY ip.code
