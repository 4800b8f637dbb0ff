-- one row per department of the city of $area ($area NULL = every city), with how many tasks and indicators it owns
WITH
city AS (SELECT coalesce(parent_code, code) AS city_code FROM areas WHERE code = $area),
city_departments AS (
    SELECT d.* FROM departments d
    WHERE $area IS NULL OR d.area_code IN (SELECT city_code FROM city)
),
task_counts AS (
    SELECT department_code, count(*) AS n_tasks FROM tasks GROUP BY department_code
),
led AS (
    SELECT cd.code, count(i.code) AS n_indicators_led
    FROM city_departments cd
    LEFT JOIN indicators i ON i.lead_dept_zh = cd.name_zh OR i.lead_dept_en = cd.name_en
    GROUP BY cd.code
)
SELECT cd.code, cd.name_zh, cd.name_en, cd.area_code, cd.kind, cd.sort_order,
       coalesce(tc.n_tasks, 0) AS n_tasks, coalesce(led.n_indicators_led, 0) AS n_indicators_led
FROM city_departments cd
LEFT JOIN task_counts tc ON tc.department_code = cd.code
LEFT JOIN led ON led.code = cd.code
ORDER BY cd.area_code, coalesce(cd.sort_order, 9999), cd.code
