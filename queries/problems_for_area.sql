-- one row per problem whose point lies in $area or one of its districts ($area NULL = every problem)
WITH
scope AS (
    SELECT code FROM areas WHERE $area IS NULL OR code = $area OR parent_code = $area
)
SELECT p.problem_id, p.area_code, p.unit_code, p.point_code, p.point_type, p.point_name, p.category,
       p.description, p.found_date, p.deadline, p.status, p.rectified_date, p.verified_date, p.source,
       p.photo, p.illustrative, p.updated_at, p.updated_by
FROM problems p
WHERE p.area_code IN (SELECT code FROM scope)
ORDER BY p.found_date, p.problem_id
