-- one row per title x indicator x area: the status method's inputs (latest value, baseline, least-squares fit, the flags' inputs, not-applicable reason, sources) for $area, and its children when $with_children, from complete periods up to $as_of (NULL = all data); $title NULL = every title the area's city campaigns for
WITH
target_areas AS (
    SELECT code AS area_code, coalesce(parent_code, code) AS city_code, level,
           name_zh AS area_name_zh, name_en AS area_name_en
    FROM areas
    WHERE code = $area OR ($with_children AND parent_code = $area)
),
rated_items AS (
    SELECT ta.*, c.title_code, c.campaign_start, c.deadline,
           t.name_zh AS title_name_zh, t.name_en AS title_name_en, t.sort_order AS title_sort,
           t.short_zh AS title_short_zh, t.short_en AS title_short_en,
           t.indicators_in_standard, t.indicators_in_standard_source,
           t.standard_version AS standard_version_en, t.standard_version_zh,
           ti.indicator_code, ti.threshold, ti.threshold_confidence, ti.is_veto, ti.points,
           ti.standard_ref AS standard_ref_en, ti.standard_ref_zh,
           ti.notes AS threshold_note_en, ti.notes_zh AS threshold_note_zh,
           i.name_zh AS indicator_name_zh, i.name_en AS indicator_name_en,
           i.category_zh, i.category_en, i.unit, i.unit_zh, i.unit_en, i.direction, i.kind,
           i.numerator_code, i.denominator_code, i.scale, i.aggregation,
           coalesce(i.decimals, 2) AS decimals, i.lead_dept_zh, i.lead_dept_en
    FROM target_areas ta
    JOIN campaigns c ON c.area_code = ta.city_code
    JOIN titles t ON t.code = c.title_code
    JOIN title_indicators ti ON ti.title_code = c.title_code
    JOIN indicators i ON i.code = ti.indicator_code
    WHERE $title IS NULL OR c.title_code = $title
),
series AS (
    SELECT v.indicator_code, v.area_code, v.period, v.value, v.numerator, v.denominator,
           date_diff('day', DATE '2000-01-01', v.period) / 365.25 AS t_years
    FROM figures v
    WHERE v.area_code IN (SELECT area_code FROM target_areas)
      AND v.indicator_code IN (SELECT indicator_code FROM rated_items)
      AND v.areas_reported = v.areas_expected
      AND ($as_of IS NULL OR v.period <= CAST($as_of AS DATE))
),
bounds AS (
    SELECT r.title_code, r.indicator_code, r.area_code,
           max(s.period) AS latest_period,
           coalesce(max(s.period) FILTER (WHERE s.period <= r.campaign_start), min(s.period)) AS baseline_period
    FROM rated_items r JOIN series s ON s.indicator_code = r.indicator_code AND s.area_code = r.area_code
    GROUP BY r.title_code, r.indicator_code, r.area_code, r.campaign_start
),
-- the flags' inputs over the whole series: the last three values, the typical (median absolute)
-- change between consecutive values and the latest change; the rule is applied in method/flags.py
steps AS (
    SELECT indicator_code, area_code, period, value,
           value - lag(value) OVER (PARTITION BY indicator_code, area_code ORDER BY period) AS change,
           row_number() OVER (PARTITION BY indicator_code, area_code ORDER BY period DESC) AS rank_from_latest
    FROM series
),
recent AS (
    SELECT indicator_code, area_code,
           max(value) FILTER (WHERE rank_from_latest = 1) AS recent_value_1,
           max(value) FILTER (WHERE rank_from_latest = 2) AS recent_value_2,
           max(value) FILTER (WHERE rank_from_latest = 3) AS recent_value_3,
           median(abs(change)) AS typical_change,
           max(change) FILTER (WHERE rank_from_latest = 1) AS latest_change
    FROM steps
    GROUP BY indicator_code, area_code
),
-- deadline_passed compares the deadline with the as-of date, else the latest period of any series
reference AS (
    SELECT coalesce(CAST($as_of AS DATE), max(period)) AS reference_date FROM series
),
-- a row for a city applies to its districts too
not_applicable_items AS (
    SELECT r.title_code, r.indicator_code, r.area_code,
           any_value(na.reason_zh) AS not_applicable_reason_zh, any_value(na.reason_en) AS not_applicable_reason_en
    FROM rated_items r
    JOIN not_applicable na ON na.title_code = r.title_code AND na.indicator_code = r.indicator_code
     AND na.area_code IN (r.area_code, r.city_code)
    GROUP BY r.title_code, r.indicator_code, r.area_code
),
-- where the figures behind the rating came from (the indicator or its measures, in the area or
-- its districts, from the baseline to the latest period): 'illustrative' marks demo values
figure_sources AS (
    SELECT b.title_code, b.indicator_code, b.area_code,
           string_agg(DISTINCT coalesce(o.source, 'unknown'), '; ' ORDER BY coalesce(o.source, 'unknown')) AS sources
    FROM bounds b
    JOIN rated_items r ON r.title_code = b.title_code AND r.indicator_code = b.indicator_code AND r.area_code = b.area_code
    JOIN areas a ON a.code = r.area_code OR a.parent_code = r.area_code
    JOIN observations o ON o.area_code = a.code
     AND o.indicator_code IN (r.indicator_code, r.numerator_code, r.denominator_code)
     AND o.period BETWEEN b.baseline_period AND b.latest_period
    GROUP BY b.title_code, b.indicator_code, b.area_code
),
fit AS (
    SELECT b.title_code, b.indicator_code, b.area_code,
           count(*) AS n_points,
           regr_slope(s.value, s.t_years) AS slope_per_year,
           regr_intercept(s.value, s.t_years) AS intercept
    FROM bounds b JOIN series s
      ON s.indicator_code = b.indicator_code AND s.area_code = b.area_code
     AND s.period BETWEEN b.baseline_period AND b.latest_period
    GROUP BY b.title_code, b.indicator_code, b.area_code
)
SELECT r.title_code, r.indicator_code, r.area_code, r.city_code, r.level,
       r.area_name_zh, r.area_name_en, r.title_name_zh, r.title_name_en, r.title_short_zh, r.title_short_en,
       r.indicator_name_zh, r.indicator_name_en, r.category_zh, r.category_en,
       r.unit, r.unit_zh, r.unit_en, r.direction, r.kind, r.numerator_code, r.denominator_code,
       r.scale, r.aggregation, r.decimals, r.lead_dept_zh, r.lead_dept_en,
       r.threshold, r.threshold_confidence, r.is_veto, r.points,
       r.standard_ref_en, r.standard_ref_zh, r.threshold_note_en, r.threshold_note_zh,
       r.standard_version_en, r.standard_version_zh, r.indicators_in_standard, r.indicators_in_standard_source,
       r.campaign_start, r.deadline,
       b.latest_period, latest.value AS latest_value,
       latest.numerator AS latest_numerator, latest.denominator AS latest_denominator,
       b.baseline_period, base.value AS baseline_value,
       coalesce(f.n_points, 0) AS n_points, f.slope_per_year, f.intercept,
       rc.recent_value_1, rc.recent_value_2, rc.recent_value_3, rc.typical_change, rc.latest_change,
       (SELECT reference_date FROM reference) AS reference_date,
       na.not_applicable_reason_zh, na.not_applicable_reason_en,
       fs.sources
FROM rated_items r
LEFT JOIN bounds b ON b.title_code = r.title_code AND b.indicator_code = r.indicator_code AND b.area_code = r.area_code
LEFT JOIN fit f ON f.title_code = r.title_code AND f.indicator_code = r.indicator_code AND f.area_code = r.area_code
LEFT JOIN series latest ON latest.indicator_code = r.indicator_code AND latest.area_code = r.area_code AND latest.period = b.latest_period
LEFT JOIN series base ON base.indicator_code = r.indicator_code AND base.area_code = r.area_code AND base.period = b.baseline_period
LEFT JOIN recent rc ON rc.indicator_code = r.indicator_code AND rc.area_code = r.area_code
LEFT JOIN not_applicable_items na ON na.title_code = r.title_code AND na.indicator_code = r.indicator_code AND na.area_code = r.area_code
LEFT JOIN figure_sources fs ON fs.title_code = r.title_code AND fs.indicator_code = r.indicator_code AND fs.area_code = r.area_code
ORDER BY r.title_sort, r.title_code, r.indicator_code, (r.level <> 'city'), r.area_code
