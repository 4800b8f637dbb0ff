-- one row: the latest period with any figure for $area or its children (the default as-of date). Per area, so
-- that PostgreSQL answers each from its index on observations (area_code, period) by min/max (issue 19)
SELECT max(p.last_period) AS latest_period, min(p.first_period) AS first_period
FROM areas a,
LATERAL (SELECT max(o.period) AS last_period, min(o.period) AS first_period
         FROM observations o WHERE o.area_code = a.code) p
WHERE a.code = $area OR a.parent_code = $area
