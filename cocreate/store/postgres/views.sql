-- PostgreSQL form of ../views.sql (kept by hand: a DuckDB table macro and ASOF JOIN have no
-- translation). Same rows, same columns, same rules: see ../views.sql for what each step means.
-- ASOF JOIN "the latest measure at or before the period" becomes an ordered window pass for ratio
-- denominators, and a LATERAL probe of the primary key for the few weighted means.
-- Queries do not call the function: cocreate.store.dialect writes its body into each query in
-- place of the call (as DuckDB expands a macro), so the planner sees the real area list; the
-- function and the view serve ad-hoc SQL. CTE names carry iv_ so they never meet a query's own.
DROP VIEW IF EXISTS indicator_values;
DROP FUNCTION IF EXISTS indicator_values_for(text[]) CASCADE;

CREATE FUNCTION indicator_values_for(area_codes text[])
RETURNS TABLE (indicator_code varchar, area_code varchar, period date, value double precision,
               numerator double precision, denominator double precision,
               areas_reported bigint, areas_expected bigint, is_rollup boolean)
LANGUAGE sql STABLE ROWS 100000 AS $fn$
WITH
iv_wanted AS (
    SELECT code FROM areas WHERE code = ANY(area_codes) OR parent_code = ANY(area_codes)
),
iv_obs AS (
    -- only the columns used; the area list as an array so the (area_code, period) index can serve
    SELECT o.indicator_code, o.area_code, o.period, o.value FROM observations o
    WHERE o.area_code = ANY(ARRAY(SELECT code FROM iv_wanted))
),
iv_ind AS (
    SELECT code, kind, numerator_code, denominator_code, coalesce(scale, 1) AS scale,
           aggregation, weight_code
    FROM indicators
),
iv_child AS (
    SELECT code AS area_code, parent_code AS city_code FROM areas
    WHERE parent_code IS NOT NULL AND parent_code = ANY(area_codes)
),
iv_expected AS (
    SELECT city_code, count(*) AS n_children FROM iv_child GROUP BY city_code
),
iv_own_value AS (
    SELECT o.indicator_code, o.area_code, o.period, o.value,
           CAST(NULL AS double precision) AS numerator, CAST(NULL AS double precision) AS denominator
    FROM iv_obs o JOIN iv_ind ON iv_ind.code = o.indicator_code
    WHERE iv_ind.kind IN ('value', 'measure')
),
iv_ratio_numerator AS (
    SELECT iv_ind.code AS indicator_code, iv_ind.denominator_code, iv_ind.scale,
           o.area_code, o.period, o.value AS numerator
    FROM iv_ind JOIN iv_obs o ON o.indicator_code = iv_ind.numerator_code
    WHERE iv_ind.kind = 'ratio'
),
-- ASOF JOIN (the denominator at or before the period) as one ordered pass: numerators and
-- denominator figures in one sequence per (denominator, area); a figure opens a group that the
-- numerators after it (same period included: figures sort first) belong to.
iv_asof_seq AS (
    SELECT n.denominator_code AS measure_code, n.area_code, n.period, 1 AS is_numerator,
           n.indicator_code, n.scale, n.numerator, CAST(NULL AS double precision) AS measure_value
    FROM iv_ratio_numerator n
    UNION ALL
    SELECT o.indicator_code, o.area_code, o.period, 0, NULL, NULL, NULL, o.value
    FROM iv_obs o
    WHERE o.indicator_code IN (SELECT denominator_code FROM iv_ind WHERE kind = 'ratio')
),
iv_asof_grouped AS (
    SELECT s.*, count(s.measure_value) OVER (PARTITION BY s.measure_code, s.area_code
                                              ORDER BY s.period, s.is_numerator ROWS UNBOUNDED PRECEDING) AS grp
    FROM iv_asof_seq s
),
iv_asof_filled AS (
    SELECT g.*, max(g.measure_value) OVER (PARTITION BY g.measure_code, g.area_code, g.grp) AS denominator
    FROM iv_asof_grouped g
),
iv_own_ratio AS (
    SELECT f.indicator_code, f.area_code, f.period,
           f.numerator / nullif(f.denominator, 0) * f.scale AS value,
           f.numerator, f.denominator
    FROM iv_asof_filled f
    WHERE f.is_numerator = 1 AND f.grp > 0
),
iv_leaf AS (
    SELECT l.*, iv_ind.aggregation, iv_ind.weight_code, iv_ind.scale
    FROM (SELECT * FROM iv_own_value UNION ALL SELECT * FROM iv_own_ratio) l
    JOIN iv_ind ON iv_ind.code = l.indicator_code
    WHERE l.value IS NOT NULL
),
iv_leaf_weighted AS (
    -- the weight at or before the period, looked up only for the weighted means' rows
    SELECT l.*, w.value AS weight
    FROM iv_leaf l
    LEFT JOIN LATERAL (
        SELECT m.value FROM observations m
        WHERE m.indicator_code = l.weight_code AND m.area_code = l.area_code AND m.period <= l.period
        ORDER BY m.period DESC LIMIT 1
    ) w ON true
    WHERE l.aggregation = 'weighted_mean'
    UNION ALL
    SELECT l.*, CAST(NULL AS double precision) FROM iv_leaf l WHERE l.aggregation <> 'weighted_mean'
),
iv_rolled_up AS (
    SELECT l.indicator_code, c.city_code AS area_code, l.period,
           CASE min(l.aggregation)
               WHEN 'sum' THEN sum(l.value)
               WHEN 'weighted_mean' THEN sum(l.value * l.weight) / nullif(sum(l.weight), 0)
               WHEN 'ratio_of_sums' THEN sum(l.numerator) / nullif(sum(l.denominator), 0) * min(l.scale)
           END AS value,
           sum(l.numerator) AS numerator,
           sum(l.denominator) AS denominator,
           count(*) AS areas_reported
    FROM iv_leaf_weighted l JOIN iv_child c ON c.area_code = l.area_code
    WHERE l.aggregation <> 'city_only'
    GROUP BY l.indicator_code, c.city_code, l.period
)
SELECT indicator_code, area_code, period, value, numerator, denominator,
       CAST(1 AS bigint) AS areas_reported, CAST(1 AS bigint) AS areas_expected, false AS is_rollup
FROM iv_leaf
WHERE area_code = ANY(area_codes)
  AND (aggregation = 'city_only' OR area_code NOT IN (SELECT parent_code FROM areas WHERE parent_code IS NOT NULL))
UNION ALL
SELECT r.indicator_code, r.area_code, r.period, r.value, r.numerator, r.denominator,
       r.areas_reported, e.n_children, true
FROM iv_rolled_up r JOIN iv_expected e ON e.city_code = r.area_code
WHERE r.value IS NOT NULL
$fn$;

CREATE VIEW indicator_values AS
SELECT * FROM indicator_values_for((SELECT array_agg(code)::text[] FROM areas));
