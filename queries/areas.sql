-- one row per area: the area catalog with parent names, cities first then their children
SELECT a.code, a.name_zh, a.name_en, a.level, a.parent_code,
       p.name_zh AS parent_name_zh, p.name_en AS parent_name_en,
       a.population_2020, a.elderly_60_2020, a.lat, a.lon, a.notes, a.ratio_base_zh, a.ratio_base_en,
       a.demo_note_zh, a.demo_note_en
FROM areas a LEFT JOIN areas p ON p.code = a.parent_code
ORDER BY coalesce(a.parent_code, a.code), a.parent_code IS NOT NULL, a.code
