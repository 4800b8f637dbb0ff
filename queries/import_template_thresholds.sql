-- one row per title x indicator a template covers: $title if given, else every title $city campaigns for (all titles when it campaigns for none)
WITH
campaigning AS (
    SELECT title_code FROM campaigns WHERE area_code = $city
)
SELECT ti.title_code, ti.indicator_code, ti.threshold
FROM title_indicators ti
WHERE ($title IS NOT NULL AND ti.title_code = $title)
   OR ($title IS NULL AND (ti.title_code IN (SELECT title_code FROM campaigning)
                           OR NOT EXISTS (SELECT 1 FROM campaigning)))
ORDER BY ti.title_code, ti.indicator_code
