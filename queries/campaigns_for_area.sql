-- one row per title the city of $area campaigns for: dates and catalog size
WITH
city AS (SELECT coalesce(parent_code, code) AS city_code FROM areas WHERE code = $area),
item_counts AS (
    SELECT title_code, count(*) AS n_indicators, count(*) FILTER (WHERE is_veto) AS n_veto
    FROM title_indicators GROUP BY title_code
)
SELECT t.code AS title_code, t.name_zh, t.name_en, t.short_zh, t.short_en, t.kind, t.is_leader,
       t.standard_version, t.standard_version AS standard_version_en, t.standard_version_zh,
       t.indicators_in_standard, t.indicators_in_standard_source, t.sort_order, c.campaign_start, c.deadline,
       coalesce(n.n_indicators, 0) AS n_indicators, coalesce(n.n_veto, 0) AS n_veto
FROM campaigns c
JOIN city ON c.area_code = city.city_code
JOIN titles t ON t.code = c.title_code
LEFT JOIN item_counts n ON n.title_code = t.code
ORDER BY t.kind <> 'title', t.is_leader DESC, t.sort_order, t.code
