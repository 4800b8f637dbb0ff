-- one row per catalog entry the problems pages name: point types, problem categories, escalation levels
SELECT 'point_type' AS catalog, code, name_zh, name_en, NULL::INTEGER AS days, sort_order FROM point_types
UNION ALL
SELECT 'category', code, name_zh, name_en, deadline_days, sort_order FROM problem_categories
UNION ALL
SELECT 'escalation', code, name_zh, name_en, days_overdue, sort_order FROM escalation_levels
ORDER BY catalog, sort_order, code
