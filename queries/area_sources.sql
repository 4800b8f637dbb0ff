-- one row per source: the distinct sources of the figures stored for $area and its districts up to $as_of (NULL = all), for the stamp on exported pictures.
-- The areas as a list of codes: PostgreSQL reads their rows from its index on observations by area (which carries the source)
SELECT DISTINCT coalesce(o.source, 'unknown') AS source
FROM observations o
WHERE o.area_code IN (SELECT code FROM areas WHERE code = $area OR parent_code = $area)
  AND ($as_of IS NULL OR o.period <= CAST($as_of AS DATE))
ORDER BY source
