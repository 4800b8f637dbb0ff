-- one row per recorded change of problem $problem (oldest first)
SELECT h.problem_id, h.changed_at, h.user_name, h.action, h.old_status, h.new_status, h.via, h.batch_id, h.note
FROM problem_history h
WHERE h.problem_id = $problem
ORDER BY h.changed_at, h.action
