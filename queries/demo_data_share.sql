-- one row: how many figures in the store are illustrative (demo, split from a city figure included) and how many in all
SELECT count(*) FILTER (WHERE source LIKE 'illustrative%') AS n_illustrative, count(*) AS n_total
FROM observations
