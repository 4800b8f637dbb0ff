-- one row per task of the city of $area ($area NULL = every city), with its department's and title's names; overdue is derived in cocreate.campaign, not here
WITH
city AS (SELECT coalesce(parent_code, code) AS city_code FROM areas WHERE code = $area),
city_tasks AS (
    SELECT tk.* FROM tasks tk
    WHERE $area IS NULL OR tk.area_code IN (SELECT city_code FROM city)
)
SELECT ct.task_id, ct.area_code, ct.title_code, ct.department_code,
       d.name_zh AS department_name_zh, d.name_en AS department_name_en, d.kind AS department_kind,
       t.short_zh AS title_short_zh, t.short_en AS title_short_en, t.sort_order AS title_sort,
       ct.leader_zh, ct.leader_en, ct.task_zh, ct.task_en, ct.responsible_zh, ct.responsible_en,
       ct.due_date, ct.status, ct.indicator_codes, ct.closed_date, ct.evidence_zh, ct.evidence_en,
       ct.source, ct.updated_at, ct.updated_by
FROM city_tasks ct
LEFT JOIN departments d ON d.code = ct.department_code
LEFT JOIN titles t ON t.code = ct.title_code
ORDER BY coalesce(d.sort_order, 9999), ct.department_code, ct.due_date, ct.task_id
