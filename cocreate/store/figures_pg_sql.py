"""SQL of the figures refresh by difference on PostgreSQL (cocreate/store/figures_pg.py): the DuckDB
per-key refresh (figures_sql.py) in the server's dialect. Fixed statements with %(name)s parameters,
no values in the text; temp tables _fig_* (ON COMMIT DROP, and dropped at the end) on the writer's
transaction. "As of" reads (a ratio's denominator, a weighted mean's weight, a measure's next stored
period) are LATERAL probes of the observations' primary key (indicator_code, area_code, period)
ordered by period with LIMIT 1; figures are read and deleted through figures_by_area
(area_code, indicator_code, period), the dirty keys kept in that order so the probes read its pages in
turn."""
from __future__ import annotations

from cocreate.store.sources_sql import pg_both_sources

TEMP_TABLES = ("_fig_t", "_fig_dl", "_fig_dr")

# The touched keys given as a table (the importer's _changes, a rollback's keys, a registered frame).
TOUCHED_FROM_KEYS = """
CREATE TEMP TABLE _fig_t ON COMMIT DROP AS
SELECT DISTINCT CAST(indicator_code AS varchar) AS indicator_code, CAST(area_code AS varchar) AS area_code,
       CAST(period AS date) AS period
FROM {keys}
"""
# ... or by lists (NULL = any): the observations there now, and the value/measure leaf figures there
# before the write (an observation deleted since still has its old figure).
TOUCHED_FROM_LISTS = """
CREATE TEMP TABLE _fig_t ON COMMIT DROP AS
SELECT indicator_code, area_code, period FROM observations
WHERE (CAST(%(inds)s AS text[]) IS NULL OR indicator_code = ANY(%(inds)s))
  AND (CAST(%(areas)s AS text[]) IS NULL OR area_code = ANY(%(areas)s))
  AND (CAST(%(periods)s AS date[]) IS NULL OR period = ANY(%(periods)s))
UNION
SELECT f.indicator_code, f.area_code, f.period FROM figures f JOIN indicators i ON i.code = f.indicator_code
WHERE NOT f.is_rollup AND i.kind IN ('value', 'measure')
  AND (CAST(%(inds)s AS text[]) IS NULL OR f.indicator_code = ANY(%(inds)s))
  AND (CAST(%(areas)s AS text[]) IS NULL OR f.area_code = ANY(%(areas)s))
  AND (CAST(%(periods)s AS date[]) IS NULL OR f.period = ANY(%(periods)s))
"""

# Dirty leaf figures: a value/measure at its key; a ratio whose numerator is touched, at that key; an
# indicator reading a touched measure as of the period (a ratio's denominator, a weighted mean's
# weight) at every period from the key's until the measure's next stored period where it has a
# figure (its own observation, a ratio: its numerator's).
DIRTY_LEAVES = """
CREATE TEMP TABLE _fig_dl ON COMMIT DROP AS
WITH read_as_of AS (
    SELECT i.code AS indicator_code, t.indicator_code AS measure_code, t.area_code, t.period
    FROM _fig_t t JOIN indicators i ON i.kind = 'ratio' AND i.denominator_code = t.indicator_code
    UNION
    SELECT i.code, t.indicator_code, t.area_code, t.period
    FROM _fig_t t JOIN indicators i ON i.aggregation = 'weighted_mean' AND i.weight_code = t.indicator_code
)
SELECT t.indicator_code, t.area_code, t.period
FROM _fig_t t JOIN indicators i ON i.code = t.indicator_code AND i.kind IN ('value', 'measure')
UNION
SELECT i.code, t.area_code, t.period
FROM _fig_t t JOIN indicators i ON i.kind = 'ratio' AND i.numerator_code = t.indicator_code
UNION
SELECT r.indicator_code, r.area_code, o.period
FROM read_as_of r JOIN indicators i ON i.code = r.indicator_code
LEFT JOIN LATERAL (SELECT n.period FROM observations n
                   WHERE n.indicator_code = r.measure_code AND n.area_code = r.area_code AND n.period > r.period
                   ORDER BY n.period LIMIT 1) nx ON true
JOIN observations o
  ON o.indicator_code = CASE WHEN i.kind = 'ratio' THEN i.numerator_code ELSE i.code END
 AND o.area_code = r.area_code AND o.period >= r.period AND (nx.period IS NULL OR o.period < nx.period)
ORDER BY 2, 1, 3
"""

# Dirty roll-ups: the city of every dirty district leaf (not city_only), same period.
DIRTY_ROLLUPS = """
CREATE TEMP TABLE _fig_dr ON COMMIT DROP AS
SELECT DISTINCT d.indicator_code, a.parent_code AS area_code, d.period
FROM _fig_dl d JOIN areas a ON a.code = d.area_code AND a.parent_code IS NOT NULL
JOIN indicators i ON i.code = d.indicator_code AND i.aggregation <> 'city_only'
ORDER BY 2, 1, 3
"""

DELETE_LEAVES = """
DELETE FROM figures f USING _fig_dl d
WHERE NOT f.is_rollup AND f.area_code = d.area_code AND f.indicator_code = d.indicator_code AND f.period = d.period
"""

# The dirty leaves worked out from observations, as indicator_values_for: shown where the indicator is
# city_only or the area has no districts; a ratio needs a denominator at or before its period.
INSERT_LEAVES = """
INSERT INTO figures (area_code, indicator_code, period, value, numerator, denominator, areas_reported,
                     areas_expected, is_rollup, source)
SELECT l.area_code, l.indicator_code, l.period, l.value, l.numerator, l.denominator, 1, 1, false, l.source
FROM (
    SELECT d.area_code, d.indicator_code, d.period, i.aggregation, o.value,
           CAST(NULL AS double precision) AS numerator, CAST(NULL AS double precision) AS denominator,
           coalesce(o.source, 'unknown') AS source
    FROM _fig_dl d JOIN indicators i ON i.code = d.indicator_code AND i.kind IN ('value', 'measure')
    JOIN observations o ON o.indicator_code = d.indicator_code AND o.area_code = d.area_code AND o.period = d.period
    UNION ALL
    SELECT d.area_code, d.indicator_code, d.period, i.aggregation,
           n.value / nullif(den.value, 0) * coalesce(i.scale, 1), n.value, den.value,
           {both}
    FROM _fig_dl d JOIN indicators i ON i.code = d.indicator_code AND i.kind = 'ratio'
    JOIN observations n ON n.indicator_code = i.numerator_code AND n.area_code = d.area_code AND n.period = d.period
    JOIN LATERAL (SELECT m.value, coalesce(m.source, 'unknown') AS source FROM observations m
                  WHERE m.indicator_code = i.denominator_code AND m.area_code = d.area_code AND m.period <= d.period
                  ORDER BY m.period DESC LIMIT 1) den ON true
) l
WHERE l.value IS NOT NULL
  AND (l.aggregation = 'city_only' OR NOT EXISTS (SELECT 1 FROM areas c WHERE c.parent_code = l.area_code))
ORDER BY l.area_code, l.indicator_code, l.period
""".replace("{both}", pg_both_sources("coalesce(n.source, 'unknown')", "den.source"))

DELETE_ROLLUPS = """
DELETE FROM figures f USING _fig_dr d
WHERE f.is_rollup AND f.area_code = d.area_code AND f.indicator_code = d.indicator_code AND f.period = d.period
"""

# The dirty roll-ups from their districts' leaf figures now in the table (a weighted mean reads each
# district's weight as of the period); sources: one list unless the districts' differ or hold lists,
# then split, united, sorted (byte order), joined.
INSERT_ROLLUPS = """
INSERT INTO figures (area_code, indicator_code, period, value, numerator, denominator, areas_reported,
                     areas_expected, is_rollup, source)
WITH kids AS (
    SELECT r.area_code AS city_code, r.indicator_code, r.period, i.aggregation, coalesce(i.scale, 1) AS scale,
           f.value, f.numerator, f.denominator, coalesce(f.source, 'unknown') AS source, w.weight
    FROM _fig_dr r JOIN indicators i ON i.code = r.indicator_code
    JOIN areas a ON a.parent_code = r.area_code
    JOIN figures f ON f.area_code = a.code AND f.indicator_code = r.indicator_code AND f.period = r.period
                  AND NOT f.is_rollup
    LEFT JOIN LATERAL (SELECT m.value AS weight FROM observations m
                       WHERE i.aggregation = 'weighted_mean' AND m.indicator_code = i.weight_code
                         AND m.area_code = f.area_code AND m.period <= f.period
                       ORDER BY m.period DESC LIMIT 1) w ON true
),
sums AS (
    SELECT city_code, indicator_code, period, min(aggregation) AS aggregation, min(scale) AS scale,
           sum(value) AS sum_value, sum(value * weight) AS sum_weighted, sum(weight) AS sum_weight,
           sum(numerator) AS numerator, sum(denominator) AS denominator, count(*) AS areas_reported,
           min(source) AS min_source, max(source) AS max_source, string_agg(source, '; ') AS all_sources
    FROM kids GROUP BY city_code, indicator_code, period
),
expected AS (
    SELECT parent_code AS city_code, count(*) AS n_children FROM areas
    WHERE parent_code IN (SELECT DISTINCT area_code FROM _fig_dr) GROUP BY parent_code
),
rolled_up AS (
    SELECT s.*, CASE s.aggregation
                    WHEN 'sum' THEN s.sum_value
                    WHEN 'weighted_mean' THEN s.sum_weighted / nullif(s.sum_weight, 0)
                    WHEN 'ratio_of_sums' THEN s.numerator / nullif(s.denominator, 0) * s.scale
                END AS value
    FROM sums s
)
SELECT r.city_code, r.indicator_code, r.period, r.value, r.numerator, r.denominator, r.areas_reported,
       e.n_children, true,
       CASE WHEN r.min_source = r.max_source AND strpos(r.min_source, ';') = 0 THEN r.min_source
            ELSE (SELECT string_agg(DISTINCT x COLLATE "C", '; ' ORDER BY x COLLATE "C")
                  FROM unnest(string_to_array(r.all_sources, '; ')) x) END
FROM rolled_up r JOIN expected e ON e.city_code = r.city_code
WHERE r.value IS NOT NULL
ORDER BY r.city_code, r.indicator_code, r.period
"""
