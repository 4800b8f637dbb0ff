-- one row per published value (series x area x year) for $area and its children, beside the catalog indicators in $indicators (a list of codes; NULL = every series)
WITH
picked_areas AS (
    SELECT code AS area_code, name_zh AS area_name_zh, name_en AS area_name_en, level
    FROM areas
    WHERE code = $area OR parent_code = $area
)
SELECT p.series_code, p.indicator_code, p.series_name_zh, p.series_name_en, p.area_code,
       a.area_name_zh, a.area_name_en, a.level, p.year, p.value, coalesce(p.qualifier, '') AS qualifier,
       p.unit_zh, p.unit_en, p.statistical_base_zh, p.statistical_base_en, p.source, p.source_zh, p.confidence, p.note, p.note_zh
FROM published_figures p
JOIN picked_areas a ON a.area_code = p.area_code
WHERE $indicators IS NULL OR list_contains($indicators, p.indicator_code)
ORDER BY p.series_code, a.level <> 'city', p.area_code, p.year
