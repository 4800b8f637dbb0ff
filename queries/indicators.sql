-- one row per indicator or measure in the catalog, with how many titles it serves
SELECT i.*,
       (SELECT count(*) FROM title_indicators ti WHERE ti.indicator_code = i.code) AS n_titles
FROM indicators i
ORDER BY i.kind = 'measure', i.category_en, i.code
