"""The PostgreSQL connection object: a psycopg pool behind DuckDB's connection interface
(cursor(), execute(), register(), close()). Cursors are cocreate.store.pg.PgCursor."""
from __future__ import annotations

import os

import pandas as pd
import psycopg
from psycopg.types.numeric import FloatLoader
from psycopg_pool import ConnectionPool, PoolTimeout

from cocreate.errors import CocreateError
from cocreate.store import pg_frames
from cocreate.store.pg import PgCursor, safe_target


# Session settings for the app's questions (aggregations over a city's figures): no JIT (its
# compile time is longer than these queries), sorts in memory. Skipped where a compatible server
# does not know a setting.
SESSION_SETTINGS = {"jit": "off", "work_mem": os.environ.get("COCREATE_PG_WORK_MEM", "32MB")}


def _configure(conn) -> None:
    # NUMERIC (sums of bigints, averages) as float, as DuckDB's DOUBLE / HUGEINT reach pandas
    conn.adapters.register_loader("numeric", FloatLoader)
    for name, value in SESSION_SETTINGS.items():
        try:
            conn.execute("SELECT set_config(%s, %s, false)", [name, value])
        except psycopg.Error:
            pass


class PgConnection:
    """The app's one connection object on PostgreSQL: a pool of sessions behind DuckDB's interface."""

    backend = "postgres"

    def __init__(self, url: str, read_only: bool = False, pool_max: int | None = None):
        self.url, self.read_only = url, read_only
        options = "-c default_transaction_read_only=on" if read_only else ""
        size = pool_max or int(os.environ.get("COCREATE_PG_POOL_MAX", "10"))
        self._pool = ConnectionPool(url, min_size=1, max_size=max(1, size), open=False,
                                    kwargs={"autocommit": True, "options": options, "connect_timeout": 10},
                                    configure=_configure, check=ConnectionPool.check_connection,
                                    name="cocreate", timeout=60)
        self._main: PgCursor | None = None
        self._columns: dict[str, list[tuple[str, str]]] = {}
        try:
            self._pool.open(wait=True, timeout=15)
        except PoolTimeout as exc:
            self._pool.close()
            detail = ""
            try:
                psycopg.connect(url, connect_timeout=5).close()
            except psycopg.Error as err:
                detail = str(err).strip()
            raise CocreateError("pg_unreachable", detail or str(exc), target=safe_target(url)) from exc

    def cursor(self) -> PgCursor:
        return PgCursor(self, self._pool.getconn())

    def _main_cursor(self) -> PgCursor:
        if self._main is None:
            self._main = self.cursor()
        return self._main

    def execute(self, sql: str, params=None) -> PgCursor:
        return self._main_cursor().execute(sql, params)

    def executemany(self, sql: str, seq) -> PgCursor:
        return self._main_cursor().executemany(sql, seq)

    def sql(self, statement: str, params=None) -> PgCursor:
        return self._main_cursor().execute(statement, params)

    def register(self, name: str, frame: pd.DataFrame) -> PgCursor:
        return self._main_cursor().register(name, frame)

    def unregister(self, name: str) -> PgCursor:
        return self._main_cursor().unregister(name)

    def copy_frame(self, table: str, frame: pd.DataFrame) -> int:
        return self._main_cursor().copy_frame(table, frame)

    def column_types(self, cur: PgCursor, table: str) -> list[tuple[str, str]]:
        """(name, PostgreSQL type) of a table of the current schema (cached: the schema is fixed while
        the app runs; build-db clears it)."""
        if table not in self._columns:
            rows = cur._raw.execute(
                "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
                "WHERE a.attrelid = to_regclass(%s) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
                [pg_frames.quote_ident(table)]).fetchall()
            if not rows:
                return []
            self._columns[table] = rows
        return self._columns[table]

    def forget_columns(self) -> None:
        self._columns.clear()

    def close(self) -> None:
        if self._main is not None:
            self._main.close()
            self._main = None
        self._pool.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
