"""The PostgreSQL backend: a connection object the rest of the code uses as it uses DuckDB's.

`PgConnection` (cocreate.store.pg_connection) holds a psycopg connection pool; `cursor()` lends one
pooled session until `close()`, as a DuckDB cursor is its own connection with its own transaction.
A cursor (here) takes DuckDB SQL
(translated by cocreate.store.dialect), `$name` / `?` parameters, `register(name, frame)` (a temp
table filled by COPY) and answers `fetchone` / `fetchall` / `df()` like DuckDB, including the one-row
count DuckDB returns for INSERT / UPDATE / DELETE.

Every write transaction (`BEGIN`) takes the store's write lock (a transaction-level advisory lock):
writes from every replica apply one after another, and one that waits longer than
COCREATE_PG_LOCK_TIMEOUT (default 30 s) fails with a clear "try again" and changes nothing.
"""
from __future__ import annotations

import os

import pandas as pd
import psycopg
import pyarrow as pa
from psycopg.pq import TransactionStatus

from cocreate.store import dialect, pg_frames, pg_read

WRITE_LOCK = 0x636F6372   # "cocr": the key of the one write lock


def is_url(target) -> bool:
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


def safe_target(url: str) -> str:
    """host:port/dbname of a URL, never its password (for messages and logs)."""
    try:
        d = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "postgresql://?"
    return f"postgresql://{d.get('host', '')}:{d.get('port', '5432')}/{d.get('dbname', '')}"


def _lock_timeout() -> str:
    return os.environ.get("COCREATE_PG_LOCK_TIMEOUT", "30s")


class _Result:
    """A fetched result, read like DuckDB's (fetchone / fetchall / df)."""

    def __init__(self, rows=None, description=None):
        self.rows, self.description, self.pos = rows or [], description, 0


class PgCursor:
    """One pooled session with DuckDB's cursor interface."""

    def __init__(self, owner: "PgConnection", raw_conn, borrowed: bool = True, session: dict | None = None):
        self._owner, self._conn, self._borrowed = owner, raw_conn, borrowed
        self._session = session if session is not None else {"need_lock": False}   # shared with sub-cursors
        self._raw = raw_conn.cursor()
        self._result = _Result()
        self._temps: set[str] = set()
        self.read_only = owner.read_only

    # -- statements
    def execute(self, sql: str, params=None) -> "PgCursor":
        st = dialect.translate(sql)
        if st.kind == "begin":
            self._raw.execute("BEGIN")
            self._session["need_lock"] = not self.read_only
            self._result = _Result()
            return self
        if st.kind in ("commit", "rollback"):
            self._session["need_lock"] = False
            self._raw.execute(st.kind.upper())
            self._result = _Result()
            return self
        self.lock_now()
        if st.kind == "noop":
            self._result = _Result()
        elif st.kind == "by_name":
            self._insert_by_name(st, params)
        else:
            text, values = self._bind(st, params)
            self._raw.execute(text, values)
            self._take()
        return self

    def lock_now(self) -> None:
        """The write lock of an open write transaction, taken at its first statement (not at BEGIN),
        so a wait that runs out fails inside the caller's error handling, like any other failed
        statement. READ COMMITTED: every statement after it sees what the writer before committed."""
        if not self._session["need_lock"]:
            return
        self._session["need_lock"] = False
        self._raw.execute("SELECT set_config('lock_timeout', %s, true)", [_lock_timeout()])
        self._raw.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK])

    def native(self, sql: str, params=None):
        """A statement in PostgreSQL's own dialect (%(name)s parameters), for the few store modules
        that keep a PostgreSQL form by hand; returns the driver's cursor (fetchall, rowcount)."""
        self.lock_now()
        self._raw.execute(sql, params)
        return self._raw

    def executemany(self, sql: str, seq) -> "PgCursor":
        self.lock_now()
        st = dialect.translate(sql)
        rows = [self._values(st, p) for p in seq]
        if rows:
            self._raw.executemany(st.text, rows)
        self._result = _Result()
        return self

    def _values(self, st: dialect.Statement, params) -> dict:
        if params is None:
            return {}
        if isinstance(params, dict):
            return {k: pg_frames.plain(v) for k, v in params.items()}
        return {f"{dialect.POSITIONAL}{i}": pg_frames.plain(v) for i, v in enumerate(params)}

    def _bind(self, st: dialect.Statement, params) -> tuple[str, dict]:
        values = self._values(st, params)
        shapes = tuple(sorted((n, dialect.shape(values.get(n))) for n in st.names))
        text = dialect.render(st.text, shapes)
        for name, kind in shapes:
            if kind == "null":
                values.pop(name, None)
            elif kind:
                values[name] = dialect.array_value(values[name], kind)
        return text, {k: v for k, v in values.items() if k in st.names and k in values}

    def _take(self) -> None:
        raw = self._raw
        if raw.description is None:   # INSERT / UPDATE / DELETE: DuckDB answers one row, the count
            self._result = _Result([(raw.rowcount,)] if raw.rowcount >= 0 else [], None)
        else:
            self._result = _Result(raw.fetchall(), raw.description)

    def _insert_by_name(self, st: dialect.Statement, params) -> None:
        """INSERT INTO t BY NAME <select>: the select's columns matched to the table's by name, each
        cast to the table column's type (DuckDB casts implicitly; PostgreSQL will not cast text
        to a date on insert)."""
        text, values = self._bind(st, params)
        self._raw.execute("SELECT * FROM (" + text + ") AS _q LIMIT 0", values)
        names = [d.name for d in self._raw.description]
        table = st.table.strip('"')
        types = {c: t for c, t in self._owner.column_types(self, table)}
        missing = [n for n in names if n not in types]
        if missing:
            raise psycopg.errors.UndefinedColumn(f"table {table} has no column(s) {missing}")
        q = pg_frames.quote_ident
        cols = ", ".join(q(n) for n in names)
        select = ", ".join(f"CAST(_q.{q(n)} AS {types[n]})" for n in names)
        self._raw.execute("INSERT INTO " + q(table) + " (" + cols + ") SELECT " + select + " FROM (" + text + ") AS _q",
                          values)
        self._take()

    # -- results
    def fetchone(self):
        r = self._result
        if r.pos >= len(r.rows):
            return None
        r.pos += 1
        return r.rows[r.pos - 1]

    def fetchall(self) -> list:
        r = self._result
        rows, r.pos = r.rows[r.pos:], len(r.rows)
        return rows

    def df(self) -> pd.DataFrame:
        r = self._result
        if r.description is None:
            return pd.DataFrame({"Count": [row[0] for row in self.fetchall()]})
        return pg_frames.rows_to_frame(self.fetchall(), r.description)

    fetchdf = df

    def select_df(self, sql: str, params=None) -> pd.DataFrame:
        """`execute(sql, params).df()` for a SELECT, its rows read as CSV by Arrow when every column's type
        allows it and the answer is not small (cocreate.store.pg_read: ~2.6x less client CPU), else as rows."""
        st = dialect.translate(sql)
        if st.kind != "sql" or not st.text.lstrip().upper().startswith(("SELECT", "WITH")):
            return self.execute(sql, params).df()
        self.lock_now()
        text, values = self._bind(st, params)
        out = pg_read.frame(self._raw, text, values) if pg_read.worth_copying(text) else None
        if out is None:
            self._raw.execute(text, values)
            self._take()
            out = self.df()
        pg_read.remember(text, len(out))
        self._result = _Result()
        return out

    def fetch_arrow_table(self) -> pa.Table:
        r = self._result
        if r.description is None:
            return pa.table({"Count": [row[0] for row in self.fetchall()]})
        return pg_frames.rows_to_arrow(self.fetchall(), r.description)

    @property
    def description(self):
        d = self._result.description
        return None if d is None else [(c.name, c.type_code, None, None, None, None, None) for c in d]

    def sql(self, statement: str, params=None) -> "PgCursor":
        """DuckDB's relation API as far as the code uses it: run now, read with df / to_arrow_table."""
        return self.execute(statement, params)

    to_arrow_table = fetch_arrow_table

    # -- frames
    def register(self, name: str, frame: pd.DataFrame) -> "PgCursor":
        table = pa.Table.from_pandas(frame, preserve_index=False)
        pg_frames.create_temp(self._raw, name, table)
        pg_frames.copy_arrow(self._raw, pg_frames.quote_ident(name), table)
        self._temps.add(name)
        return self

    def unregister(self, name: str) -> "PgCursor":
        if self._conn.info.transaction_status != TransactionStatus.INERROR:
            self._raw.execute("DROP TABLE IF EXISTS pg_temp." + pg_frames.quote_ident(name))
            self._temps.discard(name)
        return self

    def copy_frame(self, table: str, frame: pd.DataFrame) -> int:
        """COPY a frame straight into a table: PostgreSQL reads each text value as the column's type."""
        return pg_frames.copy_arrow(self._raw, pg_frames.quote_ident(table),
                                    pa.Table.from_pandas(frame, preserve_index=False))

    def cursor(self) -> "PgCursor":
        """A cursor on the SAME session (sees this transaction's writes, never waits on its locks)."""
        return PgCursor(self._owner, self._conn, borrowed=False, session=self._session)

    @property
    def in_transaction(self) -> bool:
        return self._conn.info.transaction_status in (TransactionStatus.INTRANS, TransactionStatus.INERROR)

    def close(self) -> None:
        if self._conn is None:
            return
        conn, self._conn = self._conn, None
        if not self._borrowed:
            return
        try:
            if conn.info.transaction_status in (TransactionStatus.INTRANS, TransactionStatus.INERROR):
                conn.execute("ROLLBACK")
            for name in self._temps:
                conn.execute("DROP TABLE IF EXISTS pg_temp." + pg_frames.quote_ident(name))
        except psycopg.Error:
            pass
        finally:
            self._owner._pool.putconn(conn)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
