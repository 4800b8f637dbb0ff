-- one row per survey x title behind a figure of the city's (not from its questionnaire): the survey, its date and n, the figure it gave, the title that uses the indicator ($area: a city or a district of it)
WITH city AS (
    SELECT coalesce(nullif(parent_code, ''), code) AS city_code FROM areas WHERE code = $area
),
surveys AS (
    SELECT s.* FROM indicator_surveys AS s JOIN city ON s.area_code = city.city_code
),
titles_used AS (
    SELECT ti.indicator_code, t.code AS title_code, t.short_zh AS title_zh, t.short_en AS title_en,
           t.sort_order AS title_order
    FROM title_indicators AS ti
    JOIN titles AS t ON t.code = ti.title_code
    JOIN campaigns AS c ON c.title_code = ti.title_code
    JOIN city ON c.area_code = city.city_code
)
SELECT s.indicator_code, s.area_code, s.period, s.survey_zh, s.survey_en, s.survey_date, s.sample_size, s.source,
       i.name_zh AS indicator_name_zh, i.name_en AS indicator_name_en, i.decimals, f.value,
       u.title_code, u.title_zh, u.title_en
FROM surveys AS s
JOIN indicators AS i ON i.code = s.indicator_code
LEFT JOIN figures AS f ON f.area_code = s.area_code AND f.indicator_code = s.indicator_code AND f.period = s.period
LEFT JOIN titles_used AS u ON u.indicator_code = s.indicator_code
ORDER BY u.title_order, s.indicator_code, s.period
