-- one row per respondent group of the questionnaires
SELECT code, name_zh, name_en, sort_order FROM questionnaire_groups ORDER BY sort_order, code
