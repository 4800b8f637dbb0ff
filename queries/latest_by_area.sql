-- one row per area in $areas: the latest complete figure of $indicator up to $as_of (NULL = all)
WITH
picked AS (
    SELECT code AS area_code FROM areas WHERE list_contains($areas, code)
),
complete AS (
    SELECT v.* FROM figures v JOIN picked p ON p.area_code = v.area_code
    WHERE v.indicator_code = $indicator
      AND v.areas_reported = v.areas_expected
      AND ($as_of IS NULL OR v.period <= CAST($as_of AS DATE))
),
latest AS (
    SELECT area_code, max(period) AS period FROM complete GROUP BY area_code
)
SELECT a.code AS area_code, a.name_zh AS area_name_zh, a.name_en AS area_name_en, a.level,
       l.period, c.value, c.numerator, c.denominator
FROM areas a
LEFT JOIN latest l ON l.area_code = a.code
LEFT JOIN complete c ON c.area_code = l.area_code AND c.period = l.period
WHERE list_contains($areas, a.code)
ORDER BY a.level <> 'city', c.value DESC NULLS LAST
