-- one row per problems import (newest first)
SELECT batch_id, loaded_at, user_name, file_name, rows_inserted, rows_updated, rows_unchanged
FROM problem_batches
ORDER BY batch_id DESC
