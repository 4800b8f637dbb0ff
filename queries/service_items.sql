-- one row per public-service item (an indicator with a service_area) x area ($area and its children): the twelve monitored areas' order and names, the item's latest complete figure up to $as_of (NULL = all data) with its sources as kept with it (figures.source, glossary "figure_sources")
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
    SELECT v.indicator_code, v.area_code, v.period, v.value, v.source
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
)
SELECT i.service_area, i.service_sort, i.service_name_zh, i.service_name_en,
       i.indicator_code, i.indicator_name_zh, i.indicator_name_en, i.unit, i.unit_zh, i.unit_en,
       i.direction, i.kind, i.aggregation, i.decimals, i.indicator_notes,
       p.area_code, p.area_name_zh, p.area_name_en, p.level,
       l.period, c.value, c.source AS sources
FROM items i
CROSS JOIN picked p
LEFT JOIN latest l ON l.indicator_code = i.indicator_code AND l.area_code = p.area_code
LEFT JOIN complete c ON c.indicator_code = l.indicator_code AND c.area_code = l.area_code AND c.period = l.period
ORDER BY i.service_sort, i.indicator_code, p.level <> 'city', p.area_code
