-- one row: how many figures of $area and its children are illustrative (demo, split from a city figure included) and how many in all
SELECT count(*) FILTER (WHERE o.source LIKE 'illustrative%') AS n_illustrative, count(*) AS n_total
FROM observations o JOIN areas a ON a.code = o.area_code
WHERE a.code = $area OR a.parent_code = $area
