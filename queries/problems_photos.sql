-- one row per photo kept for problem $problem (oldest first)
SELECT problem_id, stored_name, original_name, mime, size_bytes, kind, role, uploaded_at, uploaded_by
FROM problem_photos
WHERE problem_id = $problem
ORDER BY uploaded_at, stored_name
