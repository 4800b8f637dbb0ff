-- one row per title x indicator that department $department leads (indicators.lead_dept_zh/en = its name), among the titles its city campaigns for
WITH
dept AS (SELECT code, name_zh, name_en, area_code FROM departments WHERE code = $department),
led AS (
    SELECT i.code AS indicator_code, i.name_zh, i.name_en, i.unit_zh, i.unit_en, i.direction, i.kind
    FROM indicators i JOIN dept ON i.lead_dept_zh = dept.name_zh OR i.lead_dept_en = dept.name_en
    WHERE i.kind <> 'measure'
)
SELECT c.title_code, t.short_zh AS title_short_zh, t.short_en AS title_short_en, t.sort_order AS title_sort,
       led.indicator_code, led.name_zh, led.name_en, led.unit_zh, led.unit_en, led.direction,
       ti.threshold, ti.threshold_confidence, ti.is_veto
FROM led
JOIN title_indicators ti ON ti.indicator_code = led.indicator_code
JOIN campaigns c ON c.title_code = ti.title_code AND c.area_code = (SELECT area_code FROM dept)
JOIN titles t ON t.code = c.title_code
ORDER BY t.sort_order, c.title_code, led.indicator_code
