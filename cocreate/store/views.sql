-- Derived views, re-created on every connect-with-schema so a code change reaches old files.
-- indicator_values_for(area_codes): one row per indicator (or measure) x area x period for the
-- areas listed, the figure as the product reads it. Leaf areas carry their own figure (ratios computed from their raw
-- measures, the denominator taken as of the period); a city's figure for any indicator
-- whose aggregation is not city_only is ALWAYS rolled up from its children, never read
-- from a city-level row. areas_reported < areas_expected marks an incomplete period.
-- Queries call the macro with the areas they need: only those areas' (and, for a city, its
-- children's) observations are read, so a city's question costs the same in a city-sized store
-- and in a nation-sized one. indicator_values (below) is the same for every area.
CREATE OR REPLACE MACRO indicator_values_for(area_codes) AS TABLE
WITH
wanted AS (
    SELECT code FROM areas WHERE list_contains(area_codes, code) OR list_contains(area_codes, parent_code)
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
    WHERE parent_code IS NOT NULL AND list_contains(area_codes, parent_code)
),
expected AS (
    SELECT city_code, count(*) AS n_children FROM child GROUP BY city_code
),
measure_obs AS (
    SELECT indicator_code AS measure_code, area_code, period, value FROM obs
),
own_value AS (
    SELECT o.indicator_code, o.area_code, o.period, o.value,
           NULL::DOUBLE AS numerator, NULL::DOUBLE AS denominator
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
    FROM ratio_numerator n ASOF JOIN measure_obs d
      ON n.denominator_code = d.measure_code AND n.area_code = d.area_code AND n.period >= d.period
),
leaf AS (
    SELECT l.*, ind.aggregation, ind.weight_code, ind.scale
    FROM (SELECT * FROM own_value UNION ALL SELECT * FROM own_ratio) l
    JOIN ind ON ind.code = l.indicator_code
    WHERE l.value IS NOT NULL
),
leaf_weighted AS (
    SELECT l.*, w.value AS weight
    FROM leaf l ASOF LEFT JOIN measure_obs w
      ON l.weight_code = w.measure_code AND l.area_code = w.area_code AND l.period >= w.period
),
rolled_up AS (
    SELECT l.indicator_code, c.city_code AS area_code, l.period,
           CASE any_value(l.aggregation)
               WHEN 'sum' THEN sum(l.value)
               WHEN 'weighted_mean' THEN sum(l.value * l.weight) / nullif(sum(l.weight), 0)
               WHEN 'ratio_of_sums' THEN sum(l.numerator) / nullif(sum(l.denominator), 0) * any_value(l.scale)
           END AS value,
           sum(l.numerator) AS numerator,
           sum(l.denominator) AS denominator,
           count(*) AS areas_reported
    FROM leaf_weighted l JOIN child c ON c.area_code = l.area_code
    WHERE l.aggregation <> 'city_only'
    GROUP BY l.indicator_code, c.city_code, l.period
)
SELECT indicator_code, area_code, period, value, numerator, denominator,
       1 AS areas_reported, 1 AS areas_expected, false AS is_rollup
FROM leaf
WHERE list_contains(area_codes, area_code)
  AND (aggregation = 'city_only' OR area_code NOT IN (SELECT parent_code FROM areas WHERE parent_code IS NOT NULL))
UNION ALL
SELECT r.indicator_code, r.area_code, r.period, r.value, r.numerator, r.denominator,
       r.areas_reported, e.n_children, true
FROM rolled_up r JOIN expected e ON e.city_code = r.area_code
WHERE r.value IS NOT NULL;

CREATE OR REPLACE VIEW indicator_values AS
SELECT * FROM indicator_values_for((SELECT list(code) FROM areas));
