-- one row per city with notice settings: the city of $area (a district gives its city); none when not set
WITH
city AS (SELECT coalesce(parent_code, code) AS city_code FROM areas WHERE code = $area)
SELECT s.area_code, s.basis_zh, s.basis_en, s.cc_zh, s.cc_en, s.issued_by_zh, s.issued_by_en,
       s.contact_zh, s.contact_en, s.reply_days, s.demo
FROM notice_settings s
WHERE s.area_code IN (SELECT city_code FROM city)
