"""The one gateway to the store: open, apply schema, run named queries with bound parameters.

The store is the embedded DuckDB file (one office, one process: the default) or, when
COCREATE_DATABASE_URL (or --db) is a postgresql:// URL, a PostgreSQL server shared by several app
replicas (cocreate.store.pg: the same DuckDB SQL, translated; the same cursor interface)."""
from __future__ import annotations

import contextlib
import functools
import os
import re
import sys
from pathlib import Path

import duckdb
import pandas as pd

from cocreate import DEFAULT_DB_PATH, QUERIES_DIR
from cocreate.errors import CocreateError, DatabaseMissing, QueryError
from cocreate.store import file_open, filestore
from cocreate.store.engine import is_postgres  # noqa: F401  (callers ask db.is_postgres)
from cocreate.store.schema_files import apply_file_schema, schema_digest, stored_schema_digest

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def _error_types() -> tuple[type[BaseException], ...]:
    """What a failing statement raises on either engine. psycopg is looked up, not imported: only the
    PostgreSQL backend (which imports it first) can raise its errors, and importing it cost every
    DuckDB page's cold start about 0.1 s."""
    psycopg = sys.modules.get("psycopg")
    return (duckdb.Error,) if psycopg is None else (duckdb.Error, psycopg.Error)


def __getattr__(name: str):   # db.DB_ERRORS, worked out when an except clause reads it
    if name == "DB_ERRORS":
        return _error_types()
    raise AttributeError(name)


def is_url(target) -> bool:
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


def database_url() -> str | None:
    """COCREATE_DATABASE_URL when it names a PostgreSQL server, else None (the DuckDB file)."""
    url = (os.environ.get("COCREATE_DATABASE_URL") or "").strip()
    return url or None


def target(path=None) -> str:
    """Where the store is: an explicit --db (file path or postgresql:// URL), else
    $COCREATE_DATABASE_URL, else the DuckDB file ($COCREATE_DB or data/cocreate.duckdb)."""
    if path is not None and str(path) != "":
        return str(path)
    return database_url() or str(db_path())


def db_path(path: str | os.PathLike | None = None) -> Path:
    """The database file: explicit path, else $COCREATE_DB, else data/cocreate.duckdb."""
    return Path(path or os.environ.get("COCREATE_DB") or DEFAULT_DB_PATH)


def connect(path=None, read_only: bool = False, create: bool = False):
    """Open the store for the caller alone (a command, a build, a test); with create=True a missing
    one is made and the schema applied. A file another process holds is waited for, bounded
    (file_open.open_file). A postgresql:// target (argument or COCREATE_DATABASE_URL) opens the
    PostgreSQL backend. The app and the write commands use open_store instead."""
    where = target(path)
    if is_url(where):
        from cocreate.store import pg_schema
        return pg_schema.connect(where, read_only=read_only, create=create)
    p = db_path(path)
    if not p.exists() and not create:
        raise DatabaseMissing("db_missing", str(p), path=str(p))
    filestore.close_idle(p)   # this process's own idle open would clash with another mode
    con = file_open.open_file(p, read_only=read_only)
    if not read_only and stored_schema_digest(con) != schema_digest():
        apply_schema(con)   # a store made by this version skips it: 60-110 ms of every cold start
    return con


def open_store(path=None, create: bool = False):
    """The connection object of the app and of commands that write: on the DuckDB file a FileStore
    (holds the file only while a cursor works, so other processes read and write in between); on
    PostgreSQL the pooled connection."""
    where = target(path)
    if is_url(where):
        from cocreate.store import pg_schema
        return pg_schema.connect(where, create=create)
    return filestore.FileStore(db_path(path), create=create)


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables and (re)create the views: the file's (schema_files.py) or the server's."""
    if is_postgres(con):
        from cocreate.store import pg_schema
        return pg_schema.apply_schema(con)
    apply_file_schema(con)


@functools.cache
def query_text(name: str) -> str:
    """The SQL text of queries/<name>.sql."""
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise QueryError("query_unknown", name, name=name)
    path = QUERIES_DIR / f"{name}.sql"
    if not path.exists():
        raise QueryError("query_unknown", name, name=name)
    return path.read_text(encoding="utf-8")


def query_params(name: str) -> set[str]:
    """Names of the $parameters a query uses."""
    return set(_PARAM.findall(_strip_comments(query_text(name))))


def _strip_comments(sql: str) -> str:
    return "\n".join(line.split("--", 1)[0] for line in sql.splitlines())


def run(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Run queries/<name>.sql with bound parameters on a fresh cursor; return a DataFrame.

    Every $parameter of the query must be given (None binds NULL); extra ones are an error,
    so a typo cannot silently drop a filter.
    """
    needed = query_params(name)
    missing, extra = needed - params.keys(), params.keys() - needed
    if missing or extra:
        raise QueryError("query_params", f"{name}: missing {sorted(missing)}, unexpected {sorted(extra)}",
                         name=name)
    cur = con.cursor()
    try:
        if is_postgres(cur):
            return cur.select_df(query_text(name), params)
        return cur.execute(query_text(name), params).df()
    except _error_types() as exc:
        raise QueryError("query_failed", f"{name}: {exc}", name=name) from exc
    finally:
        cur.close()


_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def quote_ident(name: str) -> str:
    """A table or column name for a statement: identifiers cannot be bound as parameters, so only
    plain names (letters, digits, underscore) pass, double-quoted; anything else is refused."""
    if not isinstance(name, str) or not _IDENT.fullmatch(name):
        raise QueryError("query_failed", f"refused identifier {name!r}", name=str(name))
    return '"' + name + '"'


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    """(name, type) of a table's columns, from DuckDB's catalog with the table name bound.
    Runs on the caller's connection or cursor (inside its transaction, if any). On PostgreSQL the
    types are given with DuckDB's names (VARCHAR, DOUBLE...), so manifests read the same."""
    if is_postgres(con):
        from cocreate.store import pg_types
        return pg_types.table_columns(con, table)
    return [(r[0], r[1]) for r in con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
        "ORDER BY ordinal_position", [table]).fetchall()]


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params=None):
    """One value from a fixed internal statement (no user text in `sql`)."""
    cur = con.cursor()
    try:
        row = cur.execute(sql, params or []).fetchone()
        return None if row is None else row[0]
    finally:
        cur.close()


def data_version(con: duckdb.DuckDBPyConnection) -> int:
    """Counter bumped by every committed change of data; caches key on it."""
    v = scalar(con, "SELECT value FROM meta WHERE key = 'data_version'")
    return int(v) if v is not None else 0


def bump_data_version(con: duckdb.DuckDBPyConnection) -> int:
    """Increment the data version inside the caller's transaction."""
    con.execute(
        "INSERT INTO meta VALUES ('data_version', '1') ON CONFLICT (key) DO UPDATE "
        "SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS VARCHAR)"
    )
    return data_version(con)


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection, error_key: str = "write_failed"):
    """One transaction on a fresh cursor: committed when the block ends, rolled back on any error,
    so readers see all of a change or none. Project errors pass through; any other failure becomes
    CocreateError(error_key) with the detail kept for the log."""
    cur = con.cursor()
    try:
        try:
            cur.execute("BEGIN TRANSACTION")   # on PostgreSQL: waits for the write lock (see store/pg.py)
            yield cur
            cur.execute("COMMIT")
        except Exception as exc:
            try:
                cur.execute("ROLLBACK")
            except _error_types():
                pass
            if isinstance(exc, CocreateError):
                raise
            if is_busy(exc):
                raise CocreateError("pg_busy", str(exc)) from exc
            raise CocreateError(error_key, str(exc)) from exc
    finally:
        cur.close()


def is_busy(exc: BaseException) -> bool:
    """A write that lost a race on the server (lock wait too long, serialization failure, deadlock):
    nothing was written and the same action may simply be tried again."""
    code = getattr(getattr(exc, "diag", None), "sqlstate", None) or getattr(exc, "sqlstate", None)
    return code in ("55P03", "40001", "40P01")


def begin_snapshot(cur) -> None:
    """Start a read-only transaction that sees one consistent state (exports). DuckDB: a plain
    transaction; PostgreSQL: REPEATABLE READ, without the write lock (readers never wait for writers)."""
    if is_postgres(cur):
        cur._raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    elif isinstance(cur, filestore.FileCursor):
        cur.begin_read()    # a read-only open: other processes keep reading meanwhile
    else:
        cur.execute("BEGIN TRANSACTION")


def table_names(con) -> list[str]:
    """The store's tables (not temporary ones), by name."""
    if is_postgres(con):
        from cocreate.store import pg_schema
        return pg_schema.table_names(con)
    cur = con.cursor()
    try:
        rows = cur.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' "
                           "AND NOT temporary ORDER BY table_name").fetchall()
    finally:
        cur.close()
    return [r[0] for r in rows]


def put_file(con, folder: str, name: str, data: bytes) -> None:
    """PostgreSQL: keep a content-addressed file (a photo) in the store itself; a second copy of
    the same bytes is one row."""
    cur = con.cursor()
    try:
        cur.execute("INSERT INTO stored_files (folder, name, data) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    [folder, name, data])
    finally:
        cur.close()


def get_file(con, folder: str, name: str) -> bytes | None:
    """PostgreSQL: the bytes of a file put_file kept, or None."""
    row = None
    cur = con.cursor()
    try:
        row = cur.execute("SELECT data FROM stored_files WHERE folder = ? AND name = ?", [folder, name]).fetchone()
    finally:
        cur.close()
    return None if row is None else bytes(row[0])
