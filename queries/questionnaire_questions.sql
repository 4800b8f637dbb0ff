-- one row per questionnaire question, with what it measures and its target
SELECT code, measure, text_zh, text_en, target_pct, sort_order FROM questionnaire_questions ORDER BY sort_order, code
