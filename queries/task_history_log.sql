-- one row per recorded change of a task of the city of $area (newest first); $task NULL = every task
WITH
city AS (SELECT coalesce(parent_code, code) AS city_code FROM areas WHERE code = $area),
city_tasks AS (
    SELECT task_id, task_zh, task_en, department_code FROM tasks
    WHERE area_code IN (SELECT city_code FROM city) AND ($task IS NULL OR task_id = $task)
)
SELECT h.task_id, ct.task_zh, ct.task_en, ct.department_code, h.changed_at, h.user_name, h.action,
       h.old_status, h.new_status, h.note
FROM task_history h JOIN city_tasks ct ON ct.task_id = h.task_id
ORDER BY h.changed_at DESC, h.task_id
