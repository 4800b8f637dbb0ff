-- one row per value a figure (indicator x area x period) has held: the current one, then each replaced one, newest first
WITH
current_value AS (
    SELECT o.value, o.source, o.note, o.batch_id, o.loaded_at AS since, NULL::INTEGER AS replaced_by_batch,
           'current' AS state
    FROM observations o
    WHERE o.indicator_code = $indicator AND o.area_code = $area AND o.period = $period
),
replaced AS (
    SELECT h.old_value AS value, h.old_source AS source, h.old_note AS note, h.old_batch_id AS batch_id,
           ob.loaded_at AS since, h.replaced_by_batch, 'replaced' AS state
    FROM observation_history h
    LEFT JOIN import_batches ob ON ob.batch_id = h.old_batch_id
    WHERE h.indicator_code = $indicator AND h.area_code = $area AND h.period = $period
),
all_values AS (
    SELECT * FROM current_value UNION ALL SELECT * FROM replaced
)
SELECT v.state, v.value, v.batch_id, v.since, b.user_name, b.file_name, b.status AS batch_status,
       v.source, v.note, v.replaced_by_batch, rb.loaded_at AS replaced_at, rb.status AS replaced_by_status
FROM all_values v
LEFT JOIN import_batches b ON b.batch_id = v.batch_id
LEFT JOIN import_batches rb ON rb.batch_id = v.replaced_by_batch
ORDER BY v.state = 'current' DESC, coalesce(rb.loaded_at, v.since) DESC NULLS LAST, v.batch_id DESC NULLS LAST
