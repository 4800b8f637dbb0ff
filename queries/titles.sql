-- one row per title in the catalog (campaigned or not), leader first
SELECT t.code, t.name_zh, t.name_en, t.short_zh, t.short_en, t.kind, t.is_leader,
       t.standard_version, t.standard_version_zh, t.indicators_in_standard, t.indicators_in_standard_source,
       t.sort_order, t.notes,
       (SELECT count(*) FROM title_indicators ti WHERE ti.title_code = t.code) AS n_indicators
FROM titles t
ORDER BY t.kind <> 'title', t.is_leader DESC, t.sort_order, t.code
