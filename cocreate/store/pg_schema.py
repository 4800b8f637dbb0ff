"""The schema on PostgreSQL: the same schema*.sql files translated by sqlglot, views from
postgres/<name> where a hand-kept form exists (views.sql: the table macro), else translated, then
postgres/extra.sql (indexes, stored files, the applied-schema hash).

Replicas starting together apply it once: the text's hash is kept in cocreate_schema and the
whole script runs in one transaction under the write lock."""
from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path

import psycopg
import psycopg.sql

from cocreate.errors import CocreateError, DatabaseMissing
from cocreate.store import dialect, source_counts
from cocreate.store.pg import PgCursor, safe_target
from cocreate.store.pg_connection import PgConnection

_HERE = Path(__file__).parent
_PG = _HERE / "postgres"
# Tables only PostgreSQL has: never exported, so an export reads the same on both engines.
PG_ONLY_TABLES = {"stored_files", "cocreate_schema"}
_CREATE_TABLE = re.compile(r"CREATE TABLE IF NOT EXISTS\s+\"?(\w+)", re.I)


@functools.cache
def statements() -> tuple[str, ...]:
    out: list[str] = []
    for path in sorted(_HERE.glob("schema.sql")) + sorted(_HERE.glob("schema_*.sql")):
        out += dialect.translate_script(path.read_text(encoding="utf-8"))
    for path in sorted(_HERE.glob("views.sql")) + sorted(_HERE.glob("views_*.sql")):
        own = _PG / path.name
        if own.exists():
            out += _split(own.read_text(encoding="utf-8"))
        else:
            out += dialect.translate_script(path.read_text(encoding="utf-8"))
    out += _split((_PG / "extra.sql").read_text(encoding="utf-8"))
    return tuple(out)


def _split(script: str) -> list[str]:
    """Statements of a hand-kept file: `;` at a line end, except inside $fn$ ... $fn$ bodies."""
    out, buf, in_body = [], [], False
    for line in script.splitlines():
        if line.lstrip().startswith("--") and not in_body:
            continue
        buf.append(line)
        in_body ^= line.count("$fn$") % 2 == 1
        if not in_body and line.rstrip().endswith(";"):
            out.append("\n".join(buf).strip().rstrip(";"))
            buf = []
    if "".join(buf).strip():
        out.append("\n".join(buf).strip())
    return out


def schema_hash() -> str:
    return hashlib.sha256("\n;\n".join(statements()).encode("utf-8")).hexdigest()


def table_names_in_schema() -> list[str]:
    """The tables the schema files create (what build-db drops and re-creates)."""
    names = []
    for st in statements():
        m = _CREATE_TABLE.match(st)
        if m and m.group(1) not in PG_ONLY_TABLES and m.group(1) not in names:
            names.append(m.group(1))
    return names


def present(cur: PgCursor) -> bool:
    return cur._raw.execute("SELECT to_regclass('meta') IS NOT NULL").fetchone()[0]


def applied_hash(cur: PgCursor) -> str | None:
    if not cur._raw.execute("SELECT to_regclass('cocreate_schema') IS NOT NULL").fetchone()[0]:
        return None
    row = cur._raw.execute("SELECT sha256 FROM cocreate_schema WHERE id = 1").fetchone()
    return row[0] if row else None


def _run_all(cur: PgCursor) -> None:
    for st in statements():
        cur._raw.execute(st)
    cur._raw.execute("INSERT INTO cocreate_schema (id, sha256) VALUES (1, %s) ON CONFLICT (id) DO UPDATE "
                     "SET sha256 = excluded.sha256, applied_at = now()", [schema_hash()])


def check_collation(cur: PgCursor) -> None:
    """Text must sort by code point, as in DuckDB (codes, names in reports): a C-collated database."""
    coll = cur._raw.execute("SELECT datcollate FROM pg_database WHERE datname = current_database()").fetchone()[0]
    if coll not in ("C", "POSIX", "C.UTF-8", "C.utf8", "ucs_basic"):
        raise CocreateError("pg_collation", coll, collation=coll)


def apply_schema(con: PgConnection) -> None:
    """Create missing tables and (re)create the views, once per schema text."""
    cur = con.cursor()
    try:
        if applied_hash(cur) == schema_hash():
            return
        cur.execute("BEGIN")
        cur.lock_now()
        if applied_hash(cur) != schema_hash():   # another replica may have done it while we waited
            _run_all(cur)
            from cocreate.store.series import fill_if_missing   # a store older than figure_series
            fill_if_missing(cur)
            source_counts.fill_if_missing(cur)   # a store older than observation_sources
        cur.execute("COMMIT")
        con.forget_columns()
    finally:
        cur.close()


def reset_schema(cur: PgCursor) -> None:
    """Inside the caller's write transaction: drop every table of the schema and create them again
    empty (build-db). Files stored for photos are kept (content-addressed, harmless)."""
    cur.lock_now()
    check_collation(cur)
    cur._raw.execute("DROP VIEW IF EXISTS indicator_values CASCADE")
    for name in table_names_in_schema():
        # a table name cannot be bound: composed as a psycopg identifier, never pasted into the text
        cur._raw.execute(psycopg.sql.SQL("DROP TABLE IF EXISTS {} CASCADE").format(psycopg.sql.Identifier(name)))
    _run_all(cur)
    cur._owner.forget_columns()


def connect(url: str, read_only: bool = False, create: bool = False) -> PgConnection:
    con = PgConnection(url, read_only=read_only)
    try:
        cur = con.cursor()
        try:
            built = present(cur)
        finally:
            cur.close()
        if not built and not create:
            raise DatabaseMissing("pg_not_built", safe_target(url), target=safe_target(url))
        if not read_only:
            apply_schema(con)
    except (CocreateError, psycopg.Error):
        con.close()
        raise
    return con


def table_names(con) -> list[str]:
    """The store's tables (current schema, not temporary, not PostgreSQL-only), by name."""
    cur = con.cursor()
    try:
        rows = cur._raw.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
            "AND table_type = 'BASE TABLE' ORDER BY table_name").fetchall()
    finally:
        cur.close()
    return [r[0] for r in rows if r[0] not in PG_ONLY_TABLES]
