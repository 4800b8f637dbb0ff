"""The schema of the embedded file: which files make it, their digest, applying them (db re-exports
these; PostgreSQL applies the same files translated: pg_schema.py)."""
from __future__ import annotations

import functools
import re
from pathlib import Path

import duckdb

from cocreate.store import source_counts
from cocreate.store.series import fill_if_missing

_HERE = Path(__file__).parent


def schema_files() -> list[Path]:
    return [path for pattern in ("schema.sql", "schema_*.sql", "views.sql", "views_*.sql")
            for path in sorted(_HERE.glob(pattern))]


@functools.cache
def schema_digest() -> str:
    """A digest of the schema and view files (hex), kept as the meta table's comment by apply_schema."""
    import hashlib
    h = hashlib.sha256()
    for path in schema_files():
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def stored_schema_digest(con) -> str | None:
    # kept as the meta table's comment, not a row: it describes this file, not the data (exports and
    # copy-db to PostgreSQL carry rows only)
    row = con.execute("SELECT comment FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = 'meta'"
                      ).fetchone()
    return row[0] if row else None


def apply_file_schema(con: duckdb.DuckDBPyConnection) -> None:
    """The DuckDB file: create tables if missing (schema.sql, then each feature's schema_*.sql) and
    (re)create the derived views (views.sql, then views_*.sql); note the schema's digest in meta."""
    for path in schema_files():
        con.execute(path.read_text(encoding="utf-8"))
    fill_if_missing(con)   # a store older than figure_series: its series worked out once
    source_counts.fill_if_missing(con)   # ... or than observation_sources: counted once
    # COMMENT takes no parameters; the digest is hex digits only (checked), so it is safe as a literal
    digest = schema_digest()
    if not re.fullmatch(r"[0-9a-f]{64}", digest):
        raise ValueError("schema digest is not hex")
    con.execute("COMMENT ON TABLE meta IS '" + digest + "'")
