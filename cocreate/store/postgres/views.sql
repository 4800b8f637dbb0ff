-- PostgreSQL form of ../views.sql (kept by hand: a DuckDB table macro and ASOF JOIN have no
-- translation). Same rows, same columns, same rules: see ../views.sql for what each step means.
-- ASOF JOIN "the latest measure at or before the period" becomes a LATERAL lookup on the
-- observations primary key (indicator_code, area_code, period), one index probe per row.
DROP VIEW IF EXISTS indicator_values;
DROP FUNCTION IF EXISTS indicator_values_for(text[]) CASCADE;

CREATE FUNCTION indicator_values_for(area_codes text[])
RETURNS TABLE (indicator_code varchar, area_code varchar, period date, value double precision,
               numerator double precision, denominator double precision,
               areas_reported bigint, areas_expected bigint, is_rollup boolean)
LANGUAGE sql STABLE AS $fn$
WITH
wanted AS (
    SELECT code FROM areas WHERE code = ANY(area_codes) OR parent_code = ANY(area_codes)
),
obs AS (
    SELECT * FROM observations WHERE area_code IN (SELECT code FROM wanted)
),
ind AS (
    SELECT code, kind, numerator_code, denominator_code, coalesce(scale, 1) AS scale,
           aggregation, weight_code
    FROM indicators
),
child AS (
    SELECT code AS area_code, parent_code AS city_code FROM areas
    WHERE parent_code IS NOT NULL AND parent_code = ANY(area_codes)
),
expected AS (
    SELECT city_code, count(*) AS n_children FROM child GROUP BY city_code
),
own_value AS (
    SELECT o.indicator_code, o.area_code, o.period, o.value,
           CAST(NULL AS double precision) AS numerator, CAST(NULL AS double precision) AS denominator
    FROM obs o JOIN ind ON ind.code = o.indicator_code
    WHERE ind.kind IN ('value', 'measure')
),
ratio_numerator AS (
    SELECT ind.code AS indicator_code, ind.denominator_code, ind.scale,
           o.area_code, o.period, o.value AS numerator
    FROM ind JOIN obs o ON o.indicator_code = ind.numerator_code
    WHERE ind.kind = 'ratio'
),
own_ratio AS (
    SELECT n.indicator_code, n.area_code, n.period,
           n.numerator / nullif(d.value, 0) * n.scale AS value,
           n.numerator, d.value AS denominator
    FROM ratio_numerator n
    JOIN LATERAL (
        SELECT m.value FROM observations m
        WHERE m.indicator_code = n.denominator_code AND m.area_code = n.area_code AND m.period <= n.period
        ORDER BY m.period DESC LIMIT 1
    ) d ON true
),
leaf AS (
    SELECT l.*, ind.aggregation, ind.weight_code, ind.scale
    FROM (SELECT * FROM own_value UNION ALL SELECT * FROM own_ratio) l
    JOIN ind ON ind.code = l.indicator_code
    WHERE l.value IS NOT NULL
),
leaf_weighted AS (
    SELECT l.*, w.value AS weight
    FROM leaf l
    LEFT JOIN LATERAL (
        SELECT m.value FROM observations m
        WHERE m.indicator_code = l.weight_code AND m.area_code = l.area_code AND m.period <= l.period
        ORDER BY m.period DESC LIMIT 1
    ) w ON true
),
rolled_up AS (
    SELECT l.indicator_code, c.city_code AS area_code, l.period,
           CASE min(l.aggregation)
               WHEN 'sum' THEN sum(l.value)
               WHEN 'weighted_mean' THEN sum(l.value * l.weight) / nullif(sum(l.weight), 0)
               WHEN 'ratio_of_sums' THEN sum(l.numerator) / nullif(sum(l.denominator), 0) * min(l.scale)
           END AS value,
           sum(l.numerator) AS numerator,
           sum(l.denominator) AS denominator,
           count(*) AS areas_reported
    FROM leaf_weighted l JOIN child c ON c.area_code = l.area_code
    WHERE l.aggregation <> 'city_only'
    GROUP BY l.indicator_code, c.city_code, l.period
)
SELECT indicator_code, area_code, period, value, numerator, denominator,
       CAST(1 AS bigint) AS areas_reported, CAST(1 AS bigint) AS areas_expected, false AS is_rollup
FROM leaf
WHERE area_code = ANY(area_codes)
  AND (aggregation = 'city_only' OR area_code NOT IN (SELECT parent_code FROM areas WHERE parent_code IS NOT NULL))
UNION ALL
SELECT r.indicator_code, r.area_code, r.period, r.value, r.numerator, r.denominator,
       r.areas_reported, e.n_children, true
FROM rolled_up r JOIN expected e ON e.city_code = r.area_code
WHERE r.value IS NOT NULL
$fn$;

CREATE VIEW indicator_values AS
SELECT * FROM indicator_values_for((SELECT array_agg(code)::text[] FROM areas));
