-- one row per milestone of each campaign of the city of $area, with the title's names, in date order
WITH
city AS (SELECT coalesce(parent_code, code) AS city_code FROM areas WHERE code = $area),
campaign_milestones AS (
    SELECT m.title_code, m.area_code, m.milestone_code, m.name_zh, m.name_en, m.date, m.notes
    FROM milestones m JOIN city ON m.area_code = city.city_code
)
SELECT cm.*, t.name_zh AS title_name_zh, t.name_en AS title_name_en,
       t.short_zh AS title_short_zh, t.short_en AS title_short_en, t.sort_order AS title_sort
FROM campaign_milestones cm
JOIN titles t ON t.code = cm.title_code
ORDER BY cm.date, t.sort_order, cm.title_code
