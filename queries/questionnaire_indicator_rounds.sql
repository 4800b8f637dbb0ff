-- one row per city x indicator x questionnaire round: the pooled answers of the questions tied to the indicator ($area: a city or a district of it; NULL = every city)
WITH cities AS (
    SELECT DISTINCT coalesce(nullif(parent_code, ''), code) AS city_code
    FROM areas
    WHERE $area IS NULL OR code = $area
),
tied AS (
    SELECT code AS question_code, indicator_code
    FROM questionnaire_questions
    WHERE indicator_code IS NOT NULL AND indicator_code <> ''
),
answers AS (
    SELECT r.area_code, t.indicator_code, r.round, r.survey_date, r.question_code, r.sample_size, r.n_positive,
           r.source
    FROM questionnaire_results AS r
    JOIN tied AS t ON t.question_code = r.question_code
    JOIN cities AS c ON c.city_code = r.area_code
),
per_question AS (
    SELECT area_code, indicator_code, round, question_code, sum(sample_size) AS respondents
    FROM answers
    GROUP BY area_code, indicator_code, round, question_code
),
pooled AS (
    SELECT area_code, indicator_code, round, max(survey_date) AS survey_date, sum(sample_size) AS answers,
           sum(n_positive) AS n_positive, count(DISTINCT question_code) AS n_questions,
           min(source) AS source_min, max(source) AS source_max
    FROM answers
    GROUP BY area_code, indicator_code, round
),
titles_used AS (
    SELECT c.area_code, ti.indicator_code, string_agg(t.short_zh, '、' ORDER BY t.sort_order) AS titles_zh,
           string_agg(t.short_en, ', ' ORDER BY t.sort_order) AS titles_en
    FROM title_indicators AS ti
    JOIN campaigns AS c ON c.title_code = ti.title_code
    JOIN titles AS t ON t.code = ti.title_code
    GROUP BY c.area_code, ti.indicator_code
),
respondents AS (
    SELECT area_code, indicator_code, round, max(respondents) AS respondents
    FROM per_question
    GROUP BY area_code, indicator_code, round
)
SELECT p.area_code, p.indicator_code, i.frequency, i.aggregation, i.name_zh AS indicator_name_zh, i.name_en AS indicator_name_en,
       p.round, p.survey_date, p.answers, p.n_positive, p.n_questions, r.respondents,
       CASE WHEN p.source_min = p.source_max THEN p.source_min END AS source, u.titles_zh, u.titles_en
FROM pooled AS p
JOIN respondents AS r
  ON r.area_code = p.area_code AND r.indicator_code = p.indicator_code AND r.round = p.round
JOIN indicators AS i ON i.code = p.indicator_code
LEFT JOIN titles_used AS u ON u.area_code = p.area_code AND u.indicator_code = p.indicator_code
ORDER BY p.area_code, p.indicator_code, p.survey_date, p.round
