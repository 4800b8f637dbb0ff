-- one row per title x indicator x area: the status method's inputs (latest value, baseline, least-squares fit) for $area, and its children when $with_children, from complete periods up to $as_of (NULL = all data); $title NULL = every title the area's city campaigns for
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
           ti.indicator_code, ti.threshold, ti.threshold_confidence, ti.is_veto, ti.points,
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
       r.campaign_start, r.deadline,
       b.latest_period, latest.value AS latest_value,
       latest.numerator AS latest_numerator, latest.denominator AS latest_denominator,
       b.baseline_period, base.value AS baseline_value,
       coalesce(f.n_points, 0) AS n_points, f.slope_per_year, f.intercept
FROM rated_items r
LEFT JOIN bounds b ON b.title_code = r.title_code AND b.indicator_code = r.indicator_code AND b.area_code = r.area_code
LEFT JOIN fit f ON f.title_code = r.title_code AND f.indicator_code = r.indicator_code AND f.area_code = r.area_code
LEFT JOIN series latest ON latest.indicator_code = r.indicator_code AND latest.area_code = r.area_code AND latest.period = b.latest_period
LEFT JOIN series base ON base.indicator_code = r.indicator_code AND base.area_code = r.area_code AND base.period = b.baseline_period
ORDER BY r.title_sort, r.title_code, r.indicator_code, (r.level <> 'city'), r.area_code
