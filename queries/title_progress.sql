-- one row per title x indicator x area: the status method's inputs (latest value, baseline, least-squares fit, the flags' inputs, not-applicable reason, sources) for $area, and its children when $with_children, from complete periods up to $as_of (NULL = all data); $title NULL = every title the area's city campaigns for; $indicator NULL = every indicator of those titles (else that one only: the map rates one indicator)
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
    WHERE ($title IS NULL OR c.title_code = $title)
      AND ($indicator IS NULL OR ti.indicator_code = $indicator)
),
-- the series as kept at write time (figure_series, cocreate/store/series.py: complete figures only):
-- the latest figure on or before $as_of is one row per series (period <= $as_of < its next period),
-- with the flags' inputs over the whole series up to it: the last three values, the typical (median
-- absolute) change and the latest change (rule: method/flags.py)
recent AS (
    SELECT s.indicator_code, s.area_code, s.period AS latest_period,
           s.numerator AS latest_numerator, s.denominator AS latest_denominator,
           s.value AS recent_value_1, s.value_before_1 AS recent_value_2, s.value_before_2 AS recent_value_3,
           s.typical_change, s.change AS latest_change, s.first_period
    FROM figure_series s
    WHERE s.area_code IN (SELECT area_code FROM target_areas)
      AND s.indicator_code IN (SELECT indicator_code FROM rated_items)
      AND ($indicator IS NULL OR s.indicator_code = $indicator)  -- the same rows; DuckDB reads the map's one indicator only
      AND s.period <= coalesce(CAST($as_of AS DATE), DATE '9999-12-31')
      -- the latest row's next period counts as the end of time: one expression PostgreSQL's index
      -- figure_series_by_area_until holds, so only the rows current on $as_of are read (a parallel scan of a
      -- province's 4.3M rows before: issue 19)
      AND coalesce(s.next_period, DATE '9999-12-31') > coalesce(CAST($as_of AS DATE), DATE '9999-12-30')
),
-- deadline_passed compares the deadline with the as-of date, else the latest period of any series
reference AS (
    SELECT coalesce(CAST($as_of AS DATE), max(latest_period)) AS reference_date FROM recent
),
-- the fit depends on the campaign start only (titles with one start share it): the baseline is the last
-- period on or before the start (else the first; never after the latest), the row of figure_series
-- holding that date; the line is fitted from the baseline to the latest
starts AS (
    SELECT DISTINCT r.indicator_code, r.area_code, r.campaign_start,
           greatest(rc.first_period, least(CAST(r.campaign_start AS DATE), rc.latest_period)) AS baseline_date
    FROM rated_items r JOIN recent rc ON rc.indicator_code = r.indicator_code AND rc.area_code = r.area_code
),
-- the baseline row: the one holding the baseline date; kept (MATERIALIZED) before the window's rows are
-- read, so each window reads its key range (PostgreSQL otherwise looked the baseline up again for each
-- of the window's rows: 2 s on the city tier)
bounds AS MATERIALIZED (
    SELECT k.campaign_start, k.indicator_code, k.area_code, b.period AS baseline_period, b.value AS baseline_value,
           rc.latest_period
    FROM starts k
    JOIN recent rc ON rc.indicator_code = k.indicator_code AND rc.area_code = k.area_code
    JOIN figure_series b ON b.indicator_code = k.indicator_code AND b.area_code = k.area_code
     AND b.period <= k.baseline_date AND (b.next_period IS NULL OR b.next_period > k.baseline_date)
    WHERE b.area_code IN (SELECT area_code FROM target_areas)  -- the same rows; DuckDB reads only these areas' rows by it
      AND ($indicator IS NULL OR b.indicator_code = $indicator)
),
-- the fit over the window's points, its sums taken in period order: the same numbers whatever the plan
-- or the number of threads (running sums kept per series and subtracted gave slopes of 1e-10 for flat
-- windows, 0 here: issue 19 in BENCHMARKS.md)
fit AS (
    SELECT b.campaign_start, b.indicator_code, b.area_code, b.baseline_period, any_value(b.baseline_value) AS baseline_value,
           count(*) AS n_points,
           regr_slope(s.value, date_diff('day', DATE '2000-01-01', s.period) / 365.25 ORDER BY s.period) AS slope_per_year,
           regr_intercept(s.value, date_diff('day', DATE '2000-01-01', s.period) / 365.25 ORDER BY s.period) AS intercept
    FROM bounds b JOIN figure_series s
      ON s.indicator_code = b.indicator_code AND s.area_code = b.area_code
     AND s.period >= b.baseline_period AND s.period <= b.latest_period
    WHERE s.area_code IN (SELECT area_code FROM target_areas)  -- (as in bounds)
      AND ($indicator IS NULL OR s.indicator_code = $indicator)
    GROUP BY b.campaign_start, b.indicator_code, b.area_code, b.baseline_period
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
-- where the figures behind the rating came from: the union of the sources kept with the complete figures
-- the line is fitted over (figures.source, glossary "figure_sources": a ratio's names its denominator's
-- too, a city's its districts'), the window's rows read at their keys. Each window's distinct lists
-- first, then split, united and sorted byte-wise (COLLATE "C": the same order on both engines, whatever
-- the server's locale); 'illustrative' marks demo values. Observations are not read.
window_lists AS (
    SELECT DISTINCT b.campaign_start, b.indicator_code, b.area_code, coalesce(v.source, 'unknown') AS source
    FROM bounds b JOIN figures v
      ON v.indicator_code = b.indicator_code AND v.area_code = b.area_code
     AND v.period >= b.baseline_period AND v.period <= b.latest_period
    WHERE v.area_code IN (SELECT area_code FROM target_areas)  -- (as in bounds)
      AND ($indicator IS NULL OR v.indicator_code = $indicator)  -- the same rows; DuckDB reads the map's one indicator only
      AND v.areas_reported = v.areas_expected
),
figure_sources AS (
    SELECT campaign_start, indicator_code, area_code,
           string_agg(DISTINCT source COLLATE "C", '; ' ORDER BY source COLLATE "C") AS sources
    FROM (SELECT campaign_start, indicator_code, area_code, regexp_split_to_table(source, '; ') AS source
          FROM window_lists) x
    GROUP BY campaign_start, indicator_code, area_code
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
       rc.latest_period, rc.recent_value_1 AS latest_value,
       rc.latest_numerator, rc.latest_denominator,
       f.baseline_period, f.baseline_value,
       coalesce(f.n_points, 0) AS n_points, f.slope_per_year, f.intercept,
       rc.recent_value_1, rc.recent_value_2, rc.recent_value_3, rc.typical_change, rc.latest_change,
       (SELECT reference_date FROM reference) AS reference_date,
       na.not_applicable_reason_zh, na.not_applicable_reason_en,
       fs.sources
FROM rated_items r
LEFT JOIN fit f ON f.campaign_start = r.campaign_start AND f.indicator_code = r.indicator_code AND f.area_code = r.area_code
LEFT JOIN recent rc ON rc.indicator_code = r.indicator_code AND rc.area_code = r.area_code
LEFT JOIN not_applicable_items na ON na.title_code = r.title_code AND na.indicator_code = r.indicator_code AND na.area_code = r.area_code
LEFT JOIN figure_sources fs ON fs.campaign_start = r.campaign_start AND fs.indicator_code = r.indicator_code AND fs.area_code = r.area_code
ORDER BY r.title_sort, r.title_code, r.indicator_code, (r.level <> 'city'), r.area_code
