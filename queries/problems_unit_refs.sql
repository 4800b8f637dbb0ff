-- one row per code a problem's unit_code may take anywhere: every area and every department, with its city
SELECT a.code AS unit_code, coalesce(a.parent_code, a.code) AS city_code, 'area' AS unit_kind FROM areas a
UNION ALL
SELECT d.code, d.area_code, 'department' FROM departments d
ORDER BY unit_code
