-- one row per reference value (best practice, plan target, national average) for the indicators of $title
SELECT r.indicator_code, r.reference_code, r.label_zh, r.label_en, r.value, coalesce(r.qualifier, '') AS qualifier,
       r.year, r.kind, r.source, r.confidence, r.note
FROM benchmark_references r
WHERE r.indicator_code IN (SELECT indicator_code FROM title_indicators WHERE title_code = $title)
ORDER BY r.indicator_code, r.value DESC
