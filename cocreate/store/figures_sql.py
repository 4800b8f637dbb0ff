"""SQL of the figures refresh (cocreate/store/figures.py): fixed statements, no values in the text;
temp tables _fig_* live on the writer's cursor for one refresh. Sources: store/sources_sql.py; the dirty
roll-ups worked out from the stored leaves: figures_rollup_sql.py."""

from cocreate.store.sources_sql import both_sources

COLUMNS = ("area_code, indicator_code, period, value, numerator, denominator, areas_reported, "
            "areas_expected, is_rollup, source")

IND = """
CREATE OR REPLACE TEMP TABLE _fig_ind AS
SELECT code, kind, numerator_code, denominator_code, coalesce(scale, 1) AS scale, aggregation, weight_code
FROM indicators
"""

PARENTS = """
CREATE OR REPLACE TEMP TABLE _fig_parent AS
SELECT code AS area_code, parent_code FROM areas WHERE parent_code IS NOT NULL
"""

# Touched keys from lists (None = any): the observations there now, and the leaf figures of
# values/measures there before the write (an observation deleted since still has its old figure).
TOUCHED_FROM_LISTS = """
CREATE OR REPLACE TEMP TABLE _fig_t AS
SELECT indicator_code, area_code, period FROM observations
WHERE ($inds IS NULL OR list_contains($inds, indicator_code))
  AND ($areas IS NULL OR list_contains($areas, area_code))
  AND ($periods IS NULL OR list_contains($periods, period))
UNION
SELECT f.indicator_code, f.area_code, f.period FROM figures f JOIN _fig_ind i ON i.code = f.indicator_code
WHERE NOT f.is_rollup AND i.kind IN ('value', 'measure')
  AND ($inds IS NULL OR list_contains($inds, f.indicator_code))
  AND ($areas IS NULL OR list_contains($areas, f.area_code))
  AND ($periods IS NULL OR list_contains($periods, f.period))
"""

TOUCHED_FROM_KEYS = """
CREATE OR REPLACE TEMP TABLE _fig_t AS
SELECT DISTINCT CAST(indicator_code AS VARCHAR) AS indicator_code, CAST(area_code AS VARCHAR) AS area_code,
       CAST(period AS DATE) AS period
FROM {keys}
"""

DIRTY_LEAVES = """
CREATE OR REPLACE TEMP TABLE _fig_dl AS
WITH
exact AS (
    SELECT t.indicator_code, t.area_code, t.period
    FROM _fig_t t JOIN _fig_ind i ON i.code = t.indicator_code AND i.kind IN ('value', 'measure')
    UNION ALL
    SELECT i.code, t.area_code, t.period
    FROM _fig_t t JOIN _fig_ind i ON i.kind = 'ratio' AND i.numerator_code = t.indicator_code
),
read_as_of AS (   -- an indicator reading a touched measure "as of" the period (denominator, weight)
    SELECT i.code AS indicator_code, t.indicator_code AS measure_code, t.area_code, t.period
    FROM _fig_t t JOIN _fig_ind i ON i.kind = 'ratio' AND i.denominator_code = t.indicator_code
    UNION
    SELECT i.code, t.indicator_code, t.area_code, t.period
    FROM _fig_t t JOIN _fig_ind i ON i.aggregation = 'weighted_mean' AND i.weight_code = t.indicator_code
),
until_next AS (   -- ... reads it from its period until the measure's next stored period
    -- (an ASOF join sorts its whole right side: keep it to the pairs and periods that can match)
    SELECT r.*, n.period AS next_period
    FROM read_as_of r ASOF LEFT JOIN (
        SELECT o.indicator_code, o.area_code, o.period FROM observations o
        WHERE o.indicator_code IN (SELECT measure_code FROM read_as_of)
          AND o.period > (SELECT min(period) FROM read_as_of)) n
      ON n.indicator_code = r.measure_code AND n.area_code = r.area_code AND n.period > r.period
),
later AS (        -- ... at every period in that range where the indicator has a figure (its own or its numerator's row)
    SELECT r.indicator_code, r.area_code, o.period
    FROM until_next r JOIN _fig_ind i ON i.code = r.indicator_code
    JOIN observations o
      ON o.indicator_code = CASE WHEN i.kind = 'ratio' THEN i.numerator_code ELSE i.code END
     AND o.area_code = r.area_code AND o.period >= r.period
     AND (r.next_period IS NULL OR o.period < r.next_period)
)
SELECT DISTINCT * FROM (SELECT * FROM exact UNION ALL SELECT * FROM later)
"""

DIRTY_ROLLUPS = """
CREATE OR REPLACE TEMP TABLE _fig_dr AS
SELECT DISTINCT d.indicator_code, p.parent_code AS area_code, d.period
FROM _fig_dl d JOIN _fig_parent p ON p.area_code = d.area_code
JOIN _fig_ind i ON i.code = d.indicator_code AND i.aggregation <> 'city_only'
"""

NEED = """
CREATE OR REPLACE TEMP TABLE _fig_need AS
SELECT d.indicator_code, d.area_code, d.period, i.kind, i.numerator_code, i.denominator_code
FROM _fig_dl d JOIN _fig_ind i ON i.code = d.indicator_code
"""

# The leaf rows (as the macro's `leaf_weighted`), for every key (full) or the keys in _fig_need.
LEAF = """
CREATE OR REPLACE TEMP TABLE _fig_leaf AS
WITH
own_value AS (
    {own_value}
),
ratio_numerator AS (
    {ratio_numerator}
),
as_of_obs AS (    -- measures read as of a period: denominators and weights
    SELECT o.indicator_code AS measure_code, o.area_code, o.period, o.value,
           coalesce(o.source, 'unknown') AS source FROM observations o
    WHERE o.indicator_code IN (SELECT denominator_code FROM _fig_ind WHERE kind = 'ratio'
                               UNION SELECT weight_code FROM _fig_ind WHERE weight_code IS NOT NULL)
      {as_of_areas}
),
ratio_exact AS (  -- most denominators are stored for the same period: an equi-join finds them cheaply
    SELECT n.*, d.value AS den, d.source AS den_source FROM ratio_numerator n
    LEFT JOIN (SELECT * FROM as_of_obs WHERE period IN (SELECT DISTINCT period FROM ratio_numerator)) d
      ON d.measure_code = n.denominator_code AND d.area_code = n.area_code AND d.period = n.period
),
ratio_missing AS (SELECT * FROM ratio_exact WHERE den IS NULL),
ratio_as_of AS (  -- the rest read the latest earlier one (ASOF), as the macro does for all; an ASOF
                  -- join sorts its whole right side, so only the pairs and periods that can match
    SELECT n.* EXCLUDE (den, den_source), d.value AS den, d.source AS den_source
    FROM ratio_missing n ASOF JOIN (
        SELECT d.* FROM as_of_obs d
        SEMI JOIN (SELECT DISTINCT denominator_code, area_code FROM ratio_missing) k
          ON k.denominator_code = d.measure_code AND k.area_code = d.area_code
        WHERE d.period <= (SELECT max(period) FROM ratio_missing)) d
      ON n.denominator_code = d.measure_code AND n.area_code = d.area_code AND n.period >= d.period
),
own_ratio AS (
    SELECT indicator_code, area_code, period, numerator / nullif(den, 0) * scale AS value,
           numerator, den AS denominator, {ratio_sources} AS source
    FROM (SELECT * FROM ratio_exact WHERE den IS NOT NULL UNION ALL SELECT * FROM ratio_as_of)
),
leaf AS (
    SELECT l.*, i.aggregation, i.weight_code, i.scale
    FROM (SELECT * FROM own_value UNION ALL SELECT * FROM own_ratio) l
    JOIN _fig_ind i ON i.code = l.indicator_code
    WHERE l.value IS NOT NULL
),
weight_exact AS ( -- a weight only matters to a weighted mean's roll-up; same two steps
    SELECT l.*, w.value AS weight FROM leaf l
    LEFT JOIN (SELECT * FROM as_of_obs WHERE period IN (SELECT DISTINCT period FROM leaf)) w
      ON w.measure_code = l.weight_code AND w.area_code = l.area_code AND w.period = l.period
    WHERE l.aggregation = 'weighted_mean'
),
weight_missing AS (SELECT * FROM weight_exact WHERE weight IS NULL),
weight_as_of AS (
    SELECT l.* EXCLUDE (weight), w.value AS weight
    FROM weight_missing l ASOF LEFT JOIN (
        SELECT w.* FROM as_of_obs w
        SEMI JOIN (SELECT DISTINCT weight_code, area_code FROM weight_missing) k
          ON k.weight_code = w.measure_code AND k.area_code = w.area_code
        WHERE w.period <= (SELECT max(period) FROM weight_missing)) w
      ON l.weight_code = w.measure_code AND l.area_code = w.area_code AND l.period >= w.period
)
SELECT *, NULL::DOUBLE AS weight FROM leaf WHERE aggregation <> 'weighted_mean'
UNION ALL SELECT * FROM weight_exact WHERE weight IS NOT NULL
UNION ALL SELECT * FROM weight_as_of
""".replace("{ratio_sources}", both_sources("source", "den_source"))

OWN_VALUE_ALL = """SELECT o.indicator_code, o.area_code, o.period, o.value, NULL::DOUBLE AS numerator,
           NULL::DOUBLE AS denominator, coalesce(o.source, 'unknown') AS source
    FROM observations o JOIN _fig_ind i ON i.code = o.indicator_code
    WHERE i.kind IN ('value', 'measure')"""
RATIO_NUMERATOR_ALL = """SELECT i.code AS indicator_code, i.denominator_code, i.scale, o.area_code, o.period,
           o.value AS numerator, coalesce(o.source, 'unknown') AS source
    FROM _fig_ind i JOIN observations o ON o.indicator_code = i.numerator_code
    WHERE i.kind = 'ratio'"""
OWN_VALUE_NEED = """SELECT o.indicator_code, o.area_code, o.period, o.value, NULL::DOUBLE AS numerator,
           NULL::DOUBLE AS denominator, coalesce(o.source, 'unknown') AS source
    FROM _fig_need n JOIN observations o
      ON o.indicator_code = n.indicator_code AND o.area_code = n.area_code AND o.period = n.period
    WHERE n.kind IN ('value', 'measure')"""
RATIO_NUMERATOR_NEED = """SELECT n.indicator_code, n.denominator_code, i.scale, o.area_code, o.period,
           o.value AS numerator, coalesce(o.source, 'unknown') AS source
    FROM _fig_need n JOIN _fig_ind i ON i.code = n.indicator_code
    JOIN observations o ON o.indicator_code = n.numerator_code AND o.area_code = n.area_code AND o.period = n.period
    WHERE n.kind = 'ratio'"""
AS_OF_AREAS_NEED = "AND o.area_code IN (SELECT DISTINCT area_code FROM _fig_need)"
# A rebuild of whole cities (a bulk load in parts): the cities and their districts.
SCOPE = """
CREATE OR REPLACE TEMP TABLE _fig_scope AS
SELECT code AS area_code FROM areas WHERE list_contains($cities, code) OR list_contains($cities, parent_code)
"""
AREA_SCOPE = "\n      AND o.area_code IN (SELECT area_code FROM _fig_scope)"

# Full rebuild: leaf figures that are shown (city_only anywhere; the rest where the area has no
# children) and city roll-ups (never from a city-level row).
INSERT = """
INSERT INTO figures ({columns})
WITH
expected AS (SELECT parent_code AS city_code, count(*) AS n_children FROM _fig_parent GROUP BY parent_code),
shown_leaf AS (
    SELECT l.area_code, l.indicator_code, l.period, l.value, l.numerator, l.denominator,
           1 AS areas_reported, 1 AS areas_expected, false AS is_rollup, l.source
    FROM _fig_leaf l
    WHERE (l.aggregation = 'city_only' OR l.area_code NOT IN (SELECT city_code FROM expected))
),
rolled_up AS (
    SELECT p.parent_code AS area_code, l.indicator_code, l.period,
           CASE any_value(l.aggregation)
               WHEN 'sum' THEN sum(l.value)
               WHEN 'weighted_mean' THEN sum(l.value * l.weight) / nullif(sum(l.weight), 0)
               WHEN 'ratio_of_sums' THEN sum(l.numerator) / nullif(sum(l.denominator), 0) * any_value(l.scale)
           END AS value,
           sum(l.numerator) AS numerator, sum(l.denominator) AS denominator,
           count(*) AS areas_reported, min(l.source) AS min_source, max(l.source) AS max_source
    FROM _fig_leaf l JOIN _fig_parent p ON p.area_code = l.area_code
    WHERE l.aggregation <> 'city_only'
    GROUP BY p.parent_code, l.indicator_code, l.period
),
listed AS (       -- the roll-ups whose districts' sources differ or hold lists: split, union, sort, join
    SELECT area_code, indicator_code, period, string_agg(DISTINCT source, '; ' ORDER BY source) AS source
    FROM (SELECT p.parent_code AS area_code, l.indicator_code, l.period, unnest(string_split(l.source, '; ')) AS source
          FROM _fig_leaf l JOIN _fig_parent p ON p.area_code = l.area_code
          SEMI JOIN (SELECT area_code, indicator_code, period FROM rolled_up
                     WHERE min_source <> max_source OR strpos(min_source, ';') > 0) m
            ON m.area_code = p.parent_code AND m.indicator_code = l.indicator_code AND m.period = l.period
          WHERE l.aggregation <> 'city_only')
    GROUP BY area_code, indicator_code, period
)
SELECT * FROM shown_leaf
UNION ALL
SELECT r.area_code, r.indicator_code, r.period, r.value, r.numerator, r.denominator,
       r.areas_reported, e.n_children, true, coalesce(s.source, r.min_source)
FROM rolled_up r JOIN expected e ON e.city_code = r.area_code
LEFT JOIN listed s ON s.area_code = r.area_code AND s.indicator_code = r.indicator_code AND s.period = r.period
WHERE r.value IS NOT NULL
ORDER BY 1
"""
DELETE_LEAVES = """
DELETE FROM figures f USING _fig_dl d
WHERE NOT f.is_rollup AND f.indicator_code = d.indicator_code AND f.area_code = d.area_code AND f.period = d.period
"""
INSERT_LEAVES = """
INSERT INTO figures ({columns})
SELECT l.area_code, l.indicator_code, l.period, l.value, l.numerator, l.denominator, 1, 1, false, l.source
FROM _fig_leaf l
WHERE l.aggregation = 'city_only' OR l.area_code NOT IN (SELECT parent_code FROM _fig_parent)
ORDER BY 1
"""
TEMP_TABLES = ("_fig_scope", "_fig_ind", "_fig_parent", "_fig_t", "_fig_dl", "_fig_dr", "_fig_need", "_fig_leaf", "_fig_kids")
