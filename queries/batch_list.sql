-- one row per import batch, newest first
SELECT batch_id, loaded_at, user_name, file_name, file_sha256, rows_accepted, rows_replaced,
       status, rolled_back_at, rolled_back_by, note
FROM import_batches
ORDER BY batch_id DESC
