-- one row per material-review criterion of the area's city, with its owning department
WITH area AS (
    SELECT coalesce(nullif(parent_code, ''), code) AS city_code FROM areas WHERE code = $area
)
SELECT c.code, c.area_code, c.name_zh, c.name_en, c.component, c.department_code,
       d.name_zh AS department_name_zh, d.name_en AS department_name_en, c.documents_due, c.evidence_months,
       c.documents_zh, c.documents_en
FROM evaluation_criteria AS c
JOIN area ON c.area_code = area.city_code
LEFT JOIN departments AS d ON d.code = c.department_code
ORDER BY c.code
