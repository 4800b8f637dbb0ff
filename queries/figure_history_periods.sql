-- one row per period that has (or had) a figure for $indicator in $area, newest first
SELECT DISTINCT period
FROM (
    SELECT period FROM observations WHERE indicator_code = $indicator AND area_code = $area
    UNION ALL
    SELECT period FROM observation_history WHERE indicator_code = $indicator AND area_code = $area
) p
ORDER BY period DESC
