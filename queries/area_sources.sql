-- one row per source: the distinct sources of the figures stored for $area and its districts up to $as_of (NULL = all), for the stamp on exported pictures.
-- From the source counts kept at write time (observation_sources: per area, period and source), not every observation
-- of the city; the areas as a list of codes, which PostgreSQL's index on those counts by area serves
SELECT DISTINCT coalesce(s.source, 'unknown') AS source
FROM observation_sources s
WHERE s.area_code IN (SELECT code FROM areas WHERE code = $area OR parent_code = $area)
  AND ($as_of IS NULL OR s.period <= CAST($as_of AS DATE))
ORDER BY source
