"""A batch of figures written to the store, and undone: the write half of the observation import.

`load_frame` writes validated figures in ONE transaction (readers see old or new, never half):
the batch row, the replaced values kept in observation_history, the figures they change worked
out (cocreate.store.figures), the data version bumped. `rollback_batch` undoes a whole batch the
same way. The reading and the row rules live in cocreate.intake.observations.
"""
from __future__ import annotations


import duckdb
import pandas as pd

from cocreate.clock import china_now
from cocreate.errors import CocreateError, PermissionDenied
from cocreate.store import db
from cocreate.store.figures import refresh_figures

# One join finds what a file changes (new figures, and stored ones whose value, source or note differ);
# history, the write and the figures refresh then read that small table, not observations again. The
# period is compared as a DATE (the frame's is a timestamp): the file's periods then bound the scan.
_CHANGES_SQL = """
CREATE TEMP TABLE _changes AS
SELECT i.indicator_code, i.area_code, CAST(i.period AS DATE) AS period, i.value, i.source, i.note,
       o.indicator_code IS NOT NULL AS existed, o.value AS old_value, o.source AS old_source,
       o.note AS old_note, o.batch_id AS old_batch_id
FROM _incoming i
LEFT JOIN observations o
  ON o.indicator_code = i.indicator_code AND o.area_code = i.area_code AND o.period = CAST(i.period AS DATE)
WHERE o.indicator_code IS NULL OR o.value IS DISTINCT FROM i.value
   OR o.source IS DISTINCT FROM i.source OR o.note IS DISTINCT FROM i.note
"""
_HISTORY_SQL = """
INSERT INTO observation_history (indicator_code, area_code, period, old_value, old_source, old_note,
                                 old_batch_id, new_value, replaced_by_batch, replaced_at)
SELECT indicator_code, area_code, period, old_value, old_source, old_note, old_batch_id, value, $batch, $now
FROM _changes WHERE existed
"""
# Changed figures are updated in place (the key, and so its index entry, stays); new ones inserted.
_UPDATE_SQL = """
UPDATE observations AS o SET value = c.value, source = c.source, note = c.note, loaded_at = $now, batch_id = $batch
FROM _changes c
WHERE c.existed AND o.indicator_code = c.indicator_code AND o.area_code = c.area_code AND o.period = c.period
"""
_INSERT_SQL = """
INSERT INTO observations (indicator_code, area_code, period, value, source, note, loaded_at, batch_id)
SELECT indicator_code, area_code, period, value, source, note, $now, $batch FROM _changes WHERE NOT existed
"""


def record_batch(cur, table: str, summary, user: str, file_name: str, sha256: str = ""):
    """Number and record one upload's batch (problems, points): the next batch_id of `table`, the time
    (China), who, which file, and what it inserted, updated and left unchanged (`summary`, whose
    batch_id is set). Inside the caller's transaction; returns (batch_id, time)."""
    now = china_now()
    name = db.quote_ident(table)
    batch = int(cur.execute("SELECT coalesce(max(batch_id), 0) + 1 FROM " + name).fetchone()[0])
    cur.execute("INSERT INTO " + name + " VALUES ($b, $now, $user, $file, $sha, $ins, $upd, $same)",
                {"b": batch, "now": now, "user": user, "file": file_name, "sha": sha256, "ins": summary.inserted,
                 "upd": summary.updated, "same": summary.unchanged})
    summary.batch_id = batch
    return batch, now


def write_figures(cur, valid: pd.DataFrame, result, user_name: str, count_only: bool = False) -> int | None:
    """The write of `load_frame` on the caller's cursor and INSIDE the caller's transaction (for a
    writer that changes other tables in the same transaction, e.g. a questionnaire import whose
    results are an indicator's figures): the batch row, the replaced values kept in
    observation_history, the figures they change worked out, the data version bumped. Sets the
    result's inserted/replaced/unchanged counts; returns the new batch id (None with count_only: then
    nothing is written and the caller rolls back). A batch is recorded even when no value changes."""
    cur.register("_incoming", valid)
    try:
        cur.execute("DROP TABLE IF EXISTS _changes")  # portable: no CREATE OR REPLACE on PostgreSQL
        cur.execute(_CHANGES_SQL)
        inserted, replaced = cur.execute(
            "SELECT count(*) FILTER (WHERE NOT existed), count(*) FILTER (WHERE existed) FROM _changes").fetchone()
        result.rows_inserted, result.rows_replaced = int(inserted), int(replaced)
        result.rows_unchanged = len(valid) - result.rows_inserted - result.rows_replaced
        if count_only:
            return None
        now = china_now()
        batch = int(cur.execute("SELECT coalesce(max(batch_id), 0) + 1 FROM import_batches").fetchone()[0])
        cur.execute(
            "INSERT INTO import_batches (batch_id, loaded_at, user_name, file_name, file_sha256, "
            "rows_accepted, rows_replaced, status, note) VALUES ($batch, $now, $user, $file, $sha, "
            "$accepted, $replaced, 'active', $note)",
            {"batch": batch, "now": now, "user": user_name, "file": result.file_name, "sha": result.sha256,
             "accepted": result.rows_accepted, "replaced": result.rows_replaced,
             "note": f"{result.rows_inserted} new, {result.rows_unchanged} unchanged, "
                     f"{result.rows_skipped_empty} empty skipped"})
        cur.execute(_HISTORY_SQL, {"batch": batch, "now": now})
        cur.execute(_UPDATE_SQL, {"batch": batch, "now": now})
        cur.execute(_INSERT_SQL, {"batch": batch, "now": now})
        refresh_figures(cur, keys="_changes")
        db.bump_data_version(cur)
        return batch
    finally:
        try:
            cur.execute("DROP TABLE IF EXISTS _changes")
            cur.unregister("_incoming")
        except db.DB_ERRORS:   # after a failed statement the transaction is aborted: the caller's rollback ends it
            pass


def load_frame(con, valid: pd.DataFrame, result, user_name: str, dry_run: bool = False) -> None:
    """Load validated figures in ONE transaction on a cursor of `con` (readers see old or new, never
    half); record the batch and the replaced values; work out the figures they change; bump the data
    version. Set-based: the frame is read by DuckDB as it is (no row loop), joined once."""
    cur = con.cursor()
    try:
        cur.execute("BEGIN TRANSACTION")
        try:
            batch = write_figures(cur, valid, result, user_name, count_only=dry_run)
            cur.execute("ROLLBACK" if dry_run else "COMMIT")
            result.batch_id = batch
        except Exception as exc:
            try:
                cur.execute("ROLLBACK")
            except db.DB_ERRORS:
                pass
            if isinstance(exc, duckdb.TransactionException) or "conflict" in str(exc).lower() \
                    or db.is_busy(exc):
                raise CocreateError("import_conflict", str(exc)) from exc
            if isinstance(exc, db.DB_ERRORS):
                raise CocreateError("import_failed", str(exc)) from exc
            raise
    finally:
        cur.close()


# --------------------------------------------------------------------------- rollback

def rollback_batch(con, batch_id: int, user: dict | None = None) -> dict:
    """Undo a whole batch in one transaction: restore the values it replaced (from history) and delete
    the figures it added. Refused while a later active batch has replaced any of its figures.
    Only admins (or the command line) may roll back."""
    if user is not None and user.get("role") != "admin":
        raise PermissionDenied("auth_admin_only", user.get("name", ""), name=user.get("name", ""))
    who = (user or {}).get("name") or "cli"
    with db.transaction(con, "import_failed") as cur:
        row = cur.execute("SELECT status FROM import_batches WHERE batch_id = ?", [int(batch_id)]).fetchone()
        if row is None:
            raise CocreateError("batch_unknown", str(batch_id), batch=batch_id)
        if row[0] != "active":
            raise CocreateError("batch_already_rolled_back", str(batch_id), batch=batch_id)
        later = cur.execute(
            "SELECT min(h.replaced_by_batch) FROM observation_history h "
            "JOIN import_batches b ON b.batch_id = h.replaced_by_batch "
            "WHERE h.old_batch_id = $b AND b.status = 'active' AND h.replaced_by_batch > $b",
            {"b": int(batch_id)}).fetchone()[0]
        if later is not None:
            raise CocreateError("batch_superseded", str(batch_id), batch=batch_id, later=int(later))
        cur.execute("DROP TABLE IF EXISTS _rollback_keys")
        cur.execute(  # the keys the rollback rewrites: their figures are worked out again below
            "CREATE TEMP TABLE _rollback_keys AS SELECT indicator_code, area_code, period "
            "FROM observations WHERE batch_id = $b UNION SELECT indicator_code, area_code, period "
            "FROM observation_history WHERE replaced_by_batch = $b", {"b": int(batch_id)})
        restored = cur.execute(
            "SELECT count(*) FROM observation_history WHERE replaced_by_batch = ?", [int(batch_id)]
        ).fetchone()[0]
        cur.execute(
            "UPDATE observations AS o SET value = h.old_value, source = h.old_source, note = h.old_note, "
            "batch_id = h.old_batch_id, loaded_at = ob.loaded_at "
            "FROM observation_history h LEFT JOIN import_batches ob ON ob.batch_id = h.old_batch_id "
            "WHERE h.replaced_by_batch = $b AND o.batch_id = $b AND o.indicator_code = h.indicator_code "
            "AND o.area_code = h.area_code AND o.period = h.period", {"b": int(batch_id)})
        deleted = cur.execute("SELECT count(*) FROM observations WHERE batch_id = ?", [int(batch_id)]
                              ).fetchone()[0]
        cur.execute("DELETE FROM observations WHERE batch_id = ?", [int(batch_id)])
        cur.execute("UPDATE import_batches SET status = 'rolled_back', rolled_back_at = $now, "
                    "rolled_back_by = $who WHERE batch_id = $b",
                    {"now": china_now(), "who": who, "b": int(batch_id)})
        refresh_figures(cur, keys="_rollback_keys")
        cur.execute("DROP TABLE _rollback_keys")
        db.bump_data_version(cur)
    return {"batch_id": int(batch_id), "restored": int(restored), "deleted": int(deleted), "by": who}
