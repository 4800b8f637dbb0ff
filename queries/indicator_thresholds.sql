-- one row per title that uses indicator $indicator: its threshold, confidence and veto flag
SELECT ti.title_code, t.name_zh, t.name_en, t.short_zh, t.short_en, t.kind, t.sort_order,
       ti.threshold, ti.threshold_confidence, ti.is_veto, ti.points, ti.standard_ref, ti.notes,
       ti.standard_ref AS standard_ref_en, ti.standard_ref_zh, ti.notes AS threshold_note_en, ti.notes_zh AS threshold_note_zh,
       t.standard_version AS standard_version_en, t.standard_version_zh
FROM title_indicators ti JOIN titles t ON t.code = ti.title_code
WHERE ti.indicator_code = $indicator
ORDER BY t.kind <> 'title', t.sort_order
