-- one row per score weight (the year's components, then the cycle's years)
SELECT component, weight, source, confidence, name_zh, name_en, source_zh
FROM score_weights
ORDER BY CASE WHEN component LIKE 'year%' THEN 1 ELSE 0 END, component
