-- one row per check item of point type $point_type (its category and the category's days to put right), in order
SELECT k.category, k.check_zh, k.check_en, c.name_zh, c.name_en, c.deadline_days AS days, k.sort_order
FROM point_type_checks k JOIN problem_categories c ON c.code = k.category
WHERE k.point_type = $point_type
ORDER BY k.sort_order, k.category
