-- one row per round x question x group of the city's questionnaires, with the catalog's texts
WITH area AS (
    SELECT coalesce(nullif(parent_code, ''), code) AS city_code FROM areas WHERE code = $area
),
answers AS (
    SELECT r.* FROM questionnaire_results AS r JOIN area ON r.area_code = area.city_code
)
SELECT a.round, a.survey_date, a.question_code, q.measure, q.indicator_code, q.text_zh, q.text_en, q.target_pct,
       q.sort_order AS question_order, a.group_code, g.name_zh AS group_name_zh, g.name_en AS group_name_en,
       g.sort_order AS group_order, a.sample_size, a.n_positive, a.source
FROM answers AS a
LEFT JOIN questionnaire_questions AS q ON q.code = a.question_code
LEFT JOIN questionnaire_groups AS g ON g.code = a.group_code
ORDER BY a.survey_date, a.round, q.sort_order, g.sort_order
