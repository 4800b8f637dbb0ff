"""SQL of the figures refresh by difference, its second half (cocreate/store/figures.py): the dirty city
roll-ups worked out again from the districts' leaf figures already in `figures` (figures_sql.py holds the
first half: the touched keys, the dirty leaves and their rows). Fixed statements, no values in the text."""

DELETE_ROLLUPS = """
DELETE FROM figures f USING _fig_dr d
WHERE f.is_rollup AND f.indicator_code = d.indicator_code AND f.area_code = d.area_code AND f.period = d.period
"""
# The districts' leaf figures of the dirty roll-ups' indicators, cities and period range: grouping
# these and keeping the dirty keys after is cheaper than a 3-key join before.
KIDS = """
CREATE OR REPLACE TEMP TABLE _fig_kids AS
SELECT p.parent_code AS city_code, f.area_code, f.indicator_code, f.period, f.value, f.numerator,
       f.denominator, coalesce(f.source, 'unknown') AS source, i.aggregation, i.scale, i.weight_code
FROM figures f
JOIN _fig_parent p ON p.area_code = f.area_code
JOIN (SELECT DISTINCT area_code FROM _fig_dr) dc ON dc.area_code = p.parent_code
JOIN (SELECT DISTINCT indicator_code FROM _fig_dr) di ON di.indicator_code = f.indicator_code
JOIN _fig_ind i ON i.code = f.indicator_code
WHERE NOT f.is_rollup AND i.aggregation <> 'city_only' AND f.period BETWEEN $first AND $last
"""
# Dirty roll-ups from the districts' leaf figures already in the table (no need to work out the
# siblings again); a weighted mean reads its weights as of the period, as the macro does.
INSERT_ROLLUPS = """
INSERT INTO figures ({columns})
WITH
expected AS (SELECT parent_code AS city_code, count(*) AS n_children FROM _fig_parent GROUP BY parent_code),
-- _fig_kids is read in place (a CTE over it read three times was copied first); the
-- aggregation and scale join after the grouping (no string any_value over every child row)
weights AS (
    SELECT o.indicator_code AS measure_code, o.area_code, o.period, o.value FROM observations o
    WHERE o.indicator_code IN (SELECT weight_code FROM _fig_ind WHERE aggregation = 'weighted_mean')
      AND o.area_code IN (SELECT area_code FROM _fig_kids WHERE aggregation = 'weighted_mean')
),
weighted_exact AS (
    SELECT k.*, w.value AS weight
    FROM (SELECT * FROM _fig_kids WHERE aggregation = 'weighted_mean') k LEFT JOIN weights w
      ON k.weight_code = w.measure_code AND k.area_code = w.area_code AND k.period = w.period
),
weighted_missing AS (SELECT * FROM weighted_exact WHERE weight IS NULL),
weighted AS (
    SELECT * FROM weighted_exact WHERE weight IS NOT NULL
    UNION ALL
    SELECT k.* EXCLUDE (weight), w.value AS weight
    FROM weighted_missing k ASOF LEFT JOIN (
        SELECT w.* FROM weights w
        SEMI JOIN (SELECT DISTINCT weight_code, area_code FROM weighted_missing) m
          ON m.weight_code = w.measure_code AND m.area_code = w.area_code
        WHERE w.period <= (SELECT max(period) FROM weighted_missing)) w
      ON k.weight_code = w.measure_code AND k.area_code = w.area_code AND k.period >= w.period
),
sums AS (
    SELECT city_code, indicator_code, period,
           sum(value) AS sum_value, sum(value * weight) AS sum_weighted, sum(weight) AS sum_weight,
           sum(numerator) AS numerator, sum(denominator) AS denominator, count(*) AS areas_reported,
           min(source) AS min_source, max(source) AS max_source
    FROM (SELECT *, NULL::DOUBLE AS weight FROM _fig_kids WHERE aggregation <> 'weighted_mean'
          UNION ALL SELECT * FROM weighted)
    GROUP BY city_code, indicator_code, period
),
rolled_up AS (
    SELECT s.city_code AS area_code, s.indicator_code, s.period,
           CASE i.aggregation
               WHEN 'sum' THEN s.sum_value
               WHEN 'weighted_mean' THEN s.sum_weighted / nullif(s.sum_weight, 0)
               WHEN 'ratio_of_sums' THEN s.numerator / nullif(s.denominator, 0) * i.scale
           END AS value, s.numerator, s.denominator, s.areas_reported,
           s.min_source, s.max_source
    FROM sums s JOIN _fig_ind i ON i.code = s.indicator_code
),
listed AS (       -- the roll-ups whose districts' sources differ or hold lists: split, union, sort, join
    SELECT city_code, indicator_code, period, string_agg(DISTINCT source, '; ' ORDER BY source) AS source
    FROM (SELECT k.city_code, k.indicator_code, k.period, unnest(string_split(k.source, '; ')) AS source
          FROM _fig_kids k
          SEMI JOIN (SELECT city_code, indicator_code, period FROM sums
                     WHERE min_source <> max_source OR strpos(min_source, ';') > 0) m
            ON m.city_code = k.city_code AND m.indicator_code = k.indicator_code AND m.period = k.period)
    GROUP BY city_code, indicator_code, period
)
SELECT r.area_code, r.indicator_code, r.period, r.value, r.numerator, r.denominator,
       r.areas_reported, e.n_children, true, coalesce(l.source, r.min_source)
FROM rolled_up r JOIN expected e ON e.city_code = r.area_code
LEFT JOIN listed l ON l.city_code = r.area_code AND l.indicator_code = r.indicator_code AND l.period = r.period
SEMI JOIN _fig_dr d ON d.area_code = r.area_code AND d.indicator_code = r.indicator_code AND d.period = r.period
WHERE r.value IS NOT NULL
ORDER BY 1
"""
