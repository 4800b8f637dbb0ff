-- one row per stored problem: its id and the fields an import compares
SELECT problem_id, area_code, unit_code, point_code, point_type, point_name, category, description,
       found_date, deadline, status, rectified_date, verified_date, source, photo, illustrative, batch_id
FROM problems
ORDER BY problem_id
