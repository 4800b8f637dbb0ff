-- one row per title x indicator threshold in the catalog: its confidence, reference and note (both languages), for the Method page
SELECT ti.title_code, t.short_zh AS title_short_zh, t.short_en AS title_short_en, t.kind, t.sort_order,
       ti.indicator_code, i.name_zh AS indicator_name_zh, i.name_en AS indicator_name_en, i.direction,
       ti.threshold, coalesce(ti.threshold_confidence, 'seen') AS threshold_confidence,
       ti.standard_ref AS standard_ref_en, ti.standard_ref_zh, ti.notes AS threshold_note_en, ti.notes_zh AS threshold_note_zh
FROM title_indicators ti
JOIN titles t ON t.code = ti.title_code
JOIN indicators i ON i.code = ti.indicator_code
ORDER BY t.kind <> 'title', t.sort_order, ti.title_code, ti.indicator_code
