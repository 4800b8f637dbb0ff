-- one row per source: the distinct sources of the figures stored for $area and its districts up to $as_of (NULL = all), for the stamp on exported pictures
SELECT DISTINCT coalesce(o.source, 'unknown') AS source
FROM observations o
JOIN areas a ON a.code = o.area_code
WHERE (a.code = $area OR a.parent_code = $area)
  AND ($as_of IS NULL OR o.period <= CAST($as_of AS DATE))
ORDER BY source
