-- one row per observation (indicator x area) of the period $period, for the indicators $indicators and the areas $areas: the figures a grid template shows beside its cells as the last period's
WITH
wanted AS (
    SELECT o.indicator_code, o.area_code, o.value
    FROM observations o
    WHERE o.period = $period
      AND list_contains($indicators, o.indicator_code)
      AND list_contains($areas, o.area_code)
)
SELECT indicator_code, area_code, value
FROM wanted
ORDER BY indicator_code, area_code
