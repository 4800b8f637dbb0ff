-- one row: how many figures of $area and its children are illustrative (demo, split from a city figure included) and how many in all.
-- From the source counts kept at write time (observation_sources: per area, period and source), not every observation
-- of the city; the areas as a list of codes, which PostgreSQL's index on those counts by area serves
SELECT CAST(coalesce(sum(s.n_observations) FILTER (WHERE s.source LIKE 'illustrative%'), 0) AS BIGINT) AS n_illustrative,
       CAST(coalesce(sum(s.n_observations), 0) AS BIGINT) AS n_total
FROM observation_sources s
WHERE s.area_code IN (SELECT code FROM areas WHERE code = $area OR parent_code = $area)
