-- one row per document uploaded for a material-review criterion of the area's city
WITH area AS (
    SELECT coalesce(nullif(parent_code, ''), code) AS city_code FROM areas WHERE code = $area
)
SELECT m.doc_id, m.criterion_code, m.file_name, m.file_type, m.size_bytes, m.width_px, m.height_px,
       m.doc_date, m.uploaded_at, m.uploaded_by, m.flags, m.checked_on, m.source
FROM material_documents AS m
JOIN area ON m.area_code = area.city_code
ORDER BY m.criterion_code, m.doc_date, m.doc_id
