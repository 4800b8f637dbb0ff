-- one row per citizen's report (随手拍) whose district is $area or one of its districts, newest first, with its problem's state and its complaints counted (office only: it holds the photo's EXIF location)
WITH
scope AS (
    SELECT code FROM areas WHERE code = $area OR parent_code = $area
),
complaints AS (
    SELECT receipt, count(*) AS complaints, max(filed_at) AS last_complaint
    FROM citizen_complaints
    GROUP BY receipt
)
SELECT cr.receipt, cr.submitted_at, cr.area_code, cr.point_code, ip.name_zh AS point_name, ip.name_en AS point_name_en,
       cr.address, cr.text, cr.photo, cr.photo_lat, cr.photo_lon, cr.status, cr.problem_id,
       p.status AS problem_status, cr.reason, cr.decided_at, cr.decided_by,
       coalesce(c.complaints, 0) AS complaints, c.last_complaint
FROM citizen_reports cr
LEFT JOIN inspection_points ip ON ip.code = cr.point_code
LEFT JOIN problems p ON p.problem_id = cr.problem_id
LEFT JOIN complaints c ON c.receipt = cr.receipt
WHERE cr.area_code IN (SELECT code FROM scope)
ORDER BY cr.submitted_at DESC, cr.receipt
