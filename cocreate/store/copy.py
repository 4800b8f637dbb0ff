"""Copy a DuckDB store into a PostgreSQL server: how a city office's file joins the province's
shared store, and how the benchmark puts a province-sized store on both engines.

Every table of the file goes over by name in Arrow batches (COPY, CSV written by Arrow), in ONE
server transaction under the write lock: the server's tables are dropped and created from the
schema first, so a failed copy changes nothing and other replicas see the old store until commit; then
VACUUM (ANALYZE) of the whole server database."""
from __future__ import annotations

import time

import pyarrow as pa

from cocreate.store import db, pg_frames, pg_schema, source_counts

BATCH_ROWS = 250_000


def copy_store(source, target_url: str, progress=None) -> dict[str, int]:
    """Rows copied per table, from the DuckDB file `source` into the server at `target_url`."""
    if not db.is_url(target_url):
        raise ValueError("the target of copy-db is a postgresql:// URL")
    src = db.connect(source, read_only=True)
    dst = db.connect(target_url, create=True)
    counts: dict[str, int] = {}
    try:
        cur = dst.cursor()
        try:
            cur.execute("BEGIN")
            pg_schema.reset_schema(cur)
            wanted = set(pg_schema.table_names_in_schema())
            for table in db.table_names(src):
                if table not in wanted:
                    continue   # a table this version's schema does not have
                started = time.perf_counter()
                have = {name for name, _ in db.table_columns(cur, table)}
                cols = [name for name, _ in db.table_columns(src, table) if name in have]
                counts[table] = _copy_table(src, cur, table, cols)
                if progress:
                    progress(table, counts[table], time.perf_counter() - started)
            source_counts.fill_if_missing(cur)   # a file made before observation_sources: counted on the server
            cur.execute("COMMIT")
        finally:
            cur.close()
        cur = dst.cursor()
        try:
            # fresh statistics for the planner after a bulk load, and the visibility map set (VACUUM): without it
            # the pages' index-only reads (a city's observations by area with their source, issue 19) visit the
            # table row by row, and the planner scans the whole table instead until autovacuum comes by
            cur._raw.execute("VACUUM (ANALYZE)")
        finally:
            cur.close()
    finally:
        src.close()
        dst.close()
    return counts


def _copy_table(src, cur, table: str, cols: list[str]) -> int:
    select = "SELECT " + ", ".join(db.quote_ident(c) for c in cols) + " FROM " + db.quote_ident(table)
    reader_cur = src.cursor()
    n = 0
    try:
        reader = reader_cur.sql(select).to_arrow_reader(BATCH_ROWS)
        for batch in reader:
            n += pg_frames.copy_arrow(cur._raw, db.quote_ident(table), pa.Table.from_batches([batch]))
    finally:
        reader_cur.close()
    return n
