-- one row for the citizen's report with receipt number $receipt (none if unknown): what the public page may show, never the photo's location
WITH
complaints AS (
    SELECT receipt, count(*) AS complaints
    FROM citizen_complaints
    WHERE receipt = $receipt
    GROUP BY receipt
)
SELECT cr.receipt, cr.submitted_at, cr.area_code, cr.point_code, ip.name_zh AS point_name, ip.name_en AS point_name_en,
       cr.address, cr.status, cr.problem_id, p.status AS problem_status, p.deadline AS problem_deadline,
       cr.reason, cr.decided_at, coalesce(c.complaints, 0) AS complaints
FROM citizen_reports cr
LEFT JOIN inspection_points ip ON ip.code = cr.point_code
LEFT JOIN problems p ON p.problem_id = cr.problem_id
LEFT JOIN complaints c ON c.receipt = cr.receipt
WHERE cr.receipt = $receipt
