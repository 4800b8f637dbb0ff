-- one row per indicator x title for the indicators that serve two or more titles: the threshold each title sets
WITH
multi AS (
    SELECT indicator_code FROM title_indicators ti JOIN titles t ON t.code = ti.title_code
    WHERE t.kind = 'title'
    GROUP BY indicator_code HAVING count(*) >= 2
)
SELECT ti.indicator_code, i.name_zh AS indicator_name_zh, i.name_en AS indicator_name_en,
       i.unit_zh, i.unit_en, i.direction, ti.title_code, t.short_zh, t.short_en, t.sort_order,
       ti.threshold, ti.threshold_confidence, ti.is_veto
FROM title_indicators ti
JOIN multi m USING (indicator_code)
JOIN indicators i ON i.code = ti.indicator_code
JOIN titles t ON t.code = ti.title_code
WHERE t.kind = 'title'
ORDER BY ti.indicator_code, t.sort_order
