-- one row per district (or county) of a city with a campaign: where a ledger point may lie
WITH
cities AS (SELECT DISTINCT area_code FROM campaigns)
SELECT a.code AS area_code, a.parent_code AS city_code
FROM areas a
WHERE a.parent_code IN (SELECT area_code FROM cities)
ORDER BY a.code
