-- one row per complaint (投诉) about a citizen's report whose district is $area or one of its districts, newest first
WITH
scope AS (
    SELECT code FROM areas WHERE code = $area OR parent_code = $area
)
SELECT cc.receipt, cc.filed_at, cc.text, cr.status, cr.problem_id, cr.area_code
FROM citizen_complaints cc
JOIN citizen_reports cr ON cr.receipt = cc.receipt
WHERE cr.area_code IN (SELECT code FROM scope)
ORDER BY cc.filed_at DESC, cc.receipt
