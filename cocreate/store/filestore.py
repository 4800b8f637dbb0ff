"""The DuckDB file held only for a unit of work, so other processes get in between.

DuckDB lets one process open a file for writing or several for reading, never both. `FileStore` is
the app's (and the write commands') connection object: it has DuckDB's interface (cursor(),
execute()), but holds the file only while a cursor works. A cursor takes the file when its first
statement runs: read-only for a read (other processes may read at the same time), read-write for a
transaction or a write statement; it gives the file back when it commits, rolls back or is closed.
Within the process every cursor shares one open file (`_Shared`): readers share a read-only open; a
writer waits until the process's readers are done, reopens read-write for its transaction, and
readers meanwhile share that. An idle read-only open is kept for LINGER seconds (a page run's queries
share it: an open costs ~12 ms and a close ~3 ms on the demo file); a read-write open is closed as
soon as it is idle (DuckDB writes the change into the file as it closes).
An open that finds another process holding the file waits, bounded (cocreate.store.file_open).
"""
from __future__ import annotations

import re
from pathlib import Path

import duckdb

from cocreate.errors import CocreateError, DatabaseMissing
from cocreate.store.file_share import close_idle, shared  # noqa: F401  (db.connect calls close_idle)

_READ = re.compile(r"(select|with|from|values|describe|show|explain|summarize|table|pragma)\b", re.I)
_BEGIN = re.compile(r"(begin|start\s+transaction)\b", re.I)
_END = re.compile(r"(commit|rollback|abort|end)\b", re.I)
_COMMENTS = re.compile(r"^(\s+|--[^\n]*\n?|/\*.*?\*/|\()*", re.S)


def statement_kind(sql: str) -> str:
    """begin, end (commit/rollback), read or write, from the statement's first word."""
    text = _COMMENTS.sub("", sql or "", count=1)
    if _BEGIN.match(text):
        return "begin"
    if _END.match(text):
        return "end"
    return "read" if _READ.match(text) else "write"


class FileCursor:
    """DuckDB's cursor interface; takes the file at its first statement, gives it back at commit,
    rollback or close (see the module text)."""

    backend = "duckdb"

    def __init__(self, store: "FileStore"):
        self._store, self._shared = store, store._shared
        self._cur = None
        self._mode: str | None = None
        self._thread: int | None = None
        self._in_tx = False
        self._frames: dict = {}

    def _need(self, mode: str) -> None:
        if self._cur is not None and (mode == "read" or self._mode == "write"):
            return
        if self._cur is not None:             # a read cursor about to write: read-write from here on
            if self._in_tx:
                raise CocreateError("write_failed", "a write inside a read snapshot")
            self._drop()
        self._shared.lease(self, mode)
        for name, frame in self._frames.items():
            self._cur.register(name, frame)

    def _drop(self) -> None:
        cur, self._cur, self._in_tx = self._cur, None, False
        if cur is not None:
            try:
                cur.close()
            except duckdb.Error:
                pass
            self._shared.release(self)

    def execute(self, sql: str, params=None) -> "FileCursor":
        kind = statement_kind(sql)
        if kind == "end":
            if self._cur is not None:
                try:
                    self._cur.execute(sql)
                finally:
                    self._drop()
            return self
        self._need("read" if kind == "read" else "write")
        if kind == "begin":
            self._in_tx = True
        try:
            self._run(sql, params)
        except duckdb.Error as exc:
            if kind != "read" or self._in_tx or "read-only" not in str(exc):
                raise
            self._need("write")               # a write the first word did not show (WITH ... INSERT)
            self._run(sql, params)
        return self

    def _run(self, sql, params) -> None:
        if params is None:
            self._cur.execute(sql)
        else:
            self._cur.execute(sql, params)

    def executemany(self, sql: str, seq) -> "FileCursor":
        self._need("read" if statement_kind(sql) == "read" else "write")
        self._cur.executemany(sql, seq)
        return self

    def begin_read(self) -> None:
        """A read-only transaction: one consistent state for several statements (exports)."""
        self._need("read")
        self._cur.execute("BEGIN TRANSACTION")
        self._in_tx = True

    def register(self, name: str, frame) -> "FileCursor":
        self._frames[name] = frame
        if self._cur is not None:
            self._cur.register(name, frame)
        return self

    def unregister(self, name: str) -> "FileCursor":
        self._frames.pop(name, None)
        if self._cur is not None:
            self._cur.unregister(name)
        return self

    def cursor(self) -> "FileCursor":
        return self._store.cursor()

    def close(self) -> None:
        self._frames.clear()
        self._drop()

    def __getattr__(self, name):             # fetchone, fetchall, df, description, ...
        if name.startswith("_") or "_cur" not in self.__dict__:
            raise AttributeError(name)
        if self.__dict__["_cur"] is None:
            self._need("read")
        value = getattr(self.__dict__["_cur"], name)
        if not callable(value):
            return value

        def call(*args, **kwargs):           # keeps this cursor (and its open) alive while it runs:
            return getattr(self._cur, name)(*args, **kwargs)   # `store.execute(...).fetchall()`
        return call

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self._drop()
        except Exception:
            pass


class FileStore:
    """The app's connection object on the DuckDB file (see the module text). Opening it checks the
    schema; a store of an older version gets it applied through a short read-write open."""

    backend = "duckdb"

    def __init__(self, path, create: bool = False):
        self.path = Path(path)
        if not self.path.exists() and not create:
            raise DatabaseMissing("db_missing", str(self.path), path=str(self.path))
        self._shared = shared(self.path)
        self._ensure_schema()

    def _ensure_schema(self) -> None:
        from cocreate.store import db
        if self.path.exists():
            with self.cursor() as cur:
                row = cur.execute("SELECT comment FROM duckdb_tables() WHERE schema_name = 'main' "
                                  "AND table_name = 'meta'").fetchone()
            if row is not None and row[0] == db.schema_digest():
                return
        with self.cursor() as cur:
            cur._need("write")
            db.apply_schema(cur)

    @property
    def opens(self) -> int:
        return self._shared.opens

    def cursor(self) -> FileCursor:
        return FileCursor(self)

    def execute(self, sql: str, params=None) -> FileCursor:
        return self.cursor().execute(sql, params)

    def close(self) -> None:
        """Give the file back now if nothing holds it (a command's last step)."""
        self._shared.close_idle()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
