-- one row per public-service item (an indicator with a service_area) x area ($area and its children): the twelve monitored areas' order and names, the item's latest complete figure up to $as_of (NULL = all data) and the sources of the observations behind that figure (the item or its measures, in the area or its districts, at that period)
WITH
picked AS (
    SELECT code AS area_code, name_zh AS area_name_zh, name_en AS area_name_en, level
    FROM areas
    WHERE code = $area OR parent_code = $area
),
items AS (
    SELECT i.code AS indicator_code, i.name_zh AS indicator_name_zh, i.name_en AS indicator_name_en,
           i.unit, i.unit_zh, i.unit_en, i.direction, i.kind, i.numerator_code, i.denominator_code, i.aggregation,
           coalesce(i.decimals, 2) AS decimals, i.notes AS indicator_notes,
           s.code AS service_area, s.sort_order AS service_sort, s.name_zh AS service_name_zh, s.name_en AS service_name_en
    FROM indicators i
    JOIN service_areas s ON s.code = i.service_area
),
complete AS (
    SELECT v.indicator_code, v.area_code, v.period, v.value
    FROM figures v
    WHERE v.area_code IN (SELECT area_code FROM picked)
      AND v.indicator_code IN (SELECT indicator_code FROM items)
      AND v.areas_reported = v.areas_expected
      AND ($as_of IS NULL OR v.period <= CAST($as_of AS DATE))
),
latest AS (
    SELECT indicator_code, area_code, max(period) AS period
    FROM complete
    GROUP BY indicator_code, area_code
),
measures AS (
    SELECT indicator_code, indicator_code AS measure_code FROM items
    UNION SELECT indicator_code, numerator_code FROM items WHERE numerator_code IS NOT NULL
    UNION SELECT indicator_code, denominator_code FROM items WHERE denominator_code IS NOT NULL
),
figure_sources AS (
    SELECT l.indicator_code, l.area_code,
           string_agg(DISTINCT coalesce(o.source, 'unknown'), '; ' ORDER BY coalesce(o.source, 'unknown')) AS sources
    FROM latest l
    JOIN measures m ON m.indicator_code = l.indicator_code
    JOIN areas a ON a.code = l.area_code OR a.parent_code = l.area_code
    JOIN observations o ON o.indicator_code = m.measure_code AND o.area_code = a.code AND o.period = l.period
    GROUP BY l.indicator_code, l.area_code
)
SELECT i.service_area, i.service_sort, i.service_name_zh, i.service_name_en,
       i.indicator_code, i.indicator_name_zh, i.indicator_name_en, i.unit, i.unit_zh, i.unit_en,
       i.direction, i.kind, i.aggregation, i.decimals, i.indicator_notes,
       p.area_code, p.area_name_zh, p.area_name_en, p.level,
       l.period, c.value, fs.sources
FROM items i
CROSS JOIN picked p
LEFT JOIN latest l ON l.indicator_code = i.indicator_code AND l.area_code = p.area_code
LEFT JOIN complete c ON c.indicator_code = l.indicator_code AND c.area_code = l.area_code AND c.period = l.period
LEFT JOIN figure_sources fs ON fs.indicator_code = i.indicator_code AND fs.area_code = p.area_code
ORDER BY i.service_sort, i.indicator_code, p.level <> 'city', p.area_code
