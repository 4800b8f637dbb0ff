-- one row: the latest period with any figure for $area or its children (the default as-of date)
SELECT max(o.period) AS latest_period, min(o.period) AS first_period
FROM observations o JOIN areas a ON a.code = o.area_code
WHERE a.code = $area OR a.parent_code = $area
