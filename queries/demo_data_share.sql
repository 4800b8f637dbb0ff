-- one row: how many figures of $area and its children are illustrative (demo, split from a city figure included) and how many in all.
-- The areas as a list of codes: PostgreSQL reads their rows from its index on observations by area (which carries the source)
SELECT count(*) FILTER (WHERE o.source LIKE 'illustrative%') AS n_illustrative, count(*) AS n_total
FROM observations o
WHERE o.area_code IN (SELECT code FROM areas WHERE code = $area OR parent_code = $area)
