-- one row per stage of each campaign of the city of $area (the area itself when it is a city), with the title's names and the campaign's dates
WITH
city AS (SELECT coalesce(parent_code, code) AS city_code FROM areas WHERE code = $area),
campaign_stages AS (
    SELECT s.title_code, s.area_code, s.stage_no, s.stage_code, s.name_zh, s.name_en,
           s.start_date, s.end_date, s.notes
    FROM stages s JOIN city ON s.area_code = city.city_code
)
SELECT cs.*, t.name_zh AS title_name_zh, t.name_en AS title_name_en,
       t.short_zh AS title_short_zh, t.short_en AS title_short_en, t.is_leader, t.sort_order AS title_sort,
       c.campaign_start, c.deadline
FROM campaign_stages cs
JOIN titles t ON t.code = cs.title_code
LEFT JOIN campaigns c ON c.title_code = cs.title_code AND c.area_code = cs.area_code
ORDER BY t.is_leader DESC, t.sort_order, cs.title_code, cs.stage_no
