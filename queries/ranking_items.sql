-- one row per as-of date x title x indicator x district: the latest figure of a complete period up to each date of $as_of_dates (a list) for each district of $city (the figure the status method reads: title_progress.sql), for every item of the titles the city campaigns for ($title NULL = all; benchmark pseudo-titles, city-only indicators and items not applicable to the district (data/catalog/not_applicable.csv) left out)
WITH
dates AS (
    SELECT DISTINCT CAST(unnest($as_of_dates) AS DATE) AS as_of
),
districts AS (
    SELECT code AS area_code, name_zh AS area_name_zh, name_en AS area_name_en
    FROM areas
    WHERE parent_code = $city
),
items AS (
    SELECT ti.title_code, t.short_zh AS title_short_zh, t.short_en AS title_short_en,
           ti.indicator_code, i.name_zh AS indicator_name_zh, i.name_en AS indicator_name_en,
           ti.threshold, ti.is_veto, ti.points, i.direction
    FROM campaigns c
    JOIN titles t ON t.code = c.title_code
    JOIN title_indicators ti ON ti.title_code = c.title_code
    JOIN indicators i ON i.code = ti.indicator_code
    WHERE c.area_code = $city
      AND t.kind <> 'benchmark'
      AND i.aggregation <> 'city_only'
      AND ($title IS NULL OR c.title_code = $title)
),
-- a row for the city applies to its districts too (as in title_progress.sql)
not_applicable_items AS (
    SELECT DISTINCT na.title_code, na.indicator_code, a.area_code
    FROM not_applicable na
    JOIN districts a ON na.area_code IN (a.area_code, $city)
),
-- the figure of each date is one row of its series as kept at write time (figure_series: complete periods
-- only): the one whose period is on or before the date and whose next period is after it. Each series is read
-- once, as one range of PostgreSQL's index (area_code, indicator_code, period) up to the last date, keeping the
-- rows that stand for some date (the next period after the first date): ~13 rows for a year of monthly dates
-- (issue 19: a range per date and series, filtered by next_period, read ~110 rows for each of them). Kept
-- (MATERIALIZED) so that PostgreSQL reads the ranges by series, not the table against the dates
ranges AS MATERIALIZED (
    SELECT s.indicator_code, s.area_code, s.period, s.next_period, s.value
    FROM figure_series s
    WHERE s.area_code IN (SELECT area_code FROM districts)
      AND s.indicator_code IN (SELECT indicator_code FROM items)
      AND s.period <= (SELECT max(as_of) FROM dates)
      AND (s.next_period IS NULL OR s.next_period > (SELECT min(as_of) FROM dates))
),
latest AS (
    SELECT d.as_of, s.indicator_code, s.area_code, s.period, s.value
    FROM ranges s
    JOIN dates d ON s.period <= d.as_of AND (s.next_period IS NULL OR s.next_period > d.as_of)
)
SELECT d.as_of, a.area_code, a.area_name_zh, a.area_name_en,
       i.title_code, i.title_short_zh, i.title_short_en, i.indicator_code, i.indicator_name_zh,
       i.indicator_name_en, i.threshold, i.is_veto, i.points, i.direction,
       l.period AS value_period, l.value
FROM dates d
CROSS JOIN items i
CROSS JOIN districts a
LEFT JOIN latest l ON l.as_of = d.as_of AND l.indicator_code = i.indicator_code AND l.area_code = a.area_code
LEFT JOIN not_applicable_items na ON na.title_code = i.title_code AND na.indicator_code = i.indicator_code
 AND na.area_code = a.area_code
WHERE na.area_code IS NULL
ORDER BY d.as_of, a.area_code, i.title_code, i.indicator_code
