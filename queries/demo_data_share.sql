-- one row: how many figures in the store are illustrative (demo) and how many in all
SELECT count(*) FILTER (WHERE source = 'illustrative') AS n_illustrative, count(*) AS n_total
FROM observations
