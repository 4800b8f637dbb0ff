-- one row per campaign (title x city) that may carry tasks: its start and inspection dates
SELECT c.title_code, c.area_code, c.campaign_start, c.deadline
FROM campaigns c
ORDER BY c.area_code, c.title_code
