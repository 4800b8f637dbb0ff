"""A SELECT's result from PostgreSQL straight into a DataFrame, through COPY and Arrow's CSV reader.

The row path (psycopg makes a Python object of every value, pg_frames.rows_to_frame makes columns of
them) spent 44 ms of client CPU on the rankings page's `ranking_items` (12,528 rows x 16 columns) after the
server had answered. Here the server writes the rows as CSV (`COPY (query) TO STDOUT`) and Arrow parses
them in C straight into typed columns: 17 ms (BENCHMARKS.md, "Issue 19: the Done-when tables").

Exact types, as rows_to_frame shapes them: the column types come from the server's own description
of the statement (one Describe before the COPY), never guessed from the text; NULL is the CSV's
unquoted empty field and an empty string its quoted one (""), so the two stay apart; booleans are
t / f, dates and timestamps ISO (DateStyle must say ISO). A column of any other type (json, arrays,
intervals, timestamptz...), a server that is not UTF-8 / ISO, or a value Arrow cannot read returns
None: the caller runs the statement the ordinary way.

COPY takes no bound parameters, so the values are written into the statement by psycopg's own
client-side binding (`ClientCursor.mogrify`: libpq's quoting), each value typed as the driver binds it
(floats float8, ints the smallest of int2 / int4 / int8, dates date...).
"""
from __future__ import annotations

import io
import os

import numpy as np
import pandas as pd
import psycopg
import pyarrow as pa
import pyarrow.csv as pacsv
from psycopg.adapt import Dumper
from psycopg.pq import ExecStatus

# PostgreSQL type OID -> the Arrow type the CSV is read as (as pg_frames types the row path)
ARROW_TYPES = {21: pa.int16(), 23: pa.int32(), 20: pa.int64(), 26: pa.int64(),
               700: pa.float64(), 701: pa.float64(), 1700: pa.float64(), 16: pa.bool_(),
               1082: pa.date32(), 1114: pa.timestamp("us"),
               **{oid: pa.string() for oid in (25, 1043, 1042, 19, 705, 18)}}
_NULLABLE_INT = {pa.int16(): "Int16", pa.int32(): "Int32", pa.int64(): "Int64"}


class _Float8Literal(Dumper):
    """A Python float written as float8 (the driver binds it so), not as an untyped numeric literal."""
    oid = 701

    def dump(self, obj: float) -> bytes:
        return repr(float(obj)).replace("inf", "Infinity").encode()

    def quote(self, obj: float) -> bytes:
        return b"'" + self.dump(obj) + b"'::float8"


class _IntLiteral(Dumper):
    """A Python int written with the type the driver binds it as: the smallest of int2 / int4 / int8 / numeric."""
    oid = 20

    def dump(self, obj: int) -> bytes:
        return str(int(obj)).encode()

    def quote(self, obj: int) -> bytes:
        kind = next((k for k, bits in (("int2", 15), ("int4", 31), ("int8", 63)) if -2 ** bits <= obj < 2 ** bits),
                    "numeric")
        return b"'" + self.dump(obj) + b"'::" + kind.encode()


def _literal_cursor(conn: psycopg.Connection) -> psycopg.ClientCursor:
    cur = psycopg.ClientCursor(conn)
    cur.adapters.register_dumper(float, _Float8Literal)
    cur.adapters.register_dumper(int, _IntLiteral)
    return cur


def usable(conn: psycopg.Connection) -> bool:
    """The server writes what Arrow reads: UTF-8 text, ISO dates."""
    info = conn.info
    return info.encoding in ("utf-8", "utf8") and (info.parameter_status("DateStyle") or "").startswith("ISO")


def describe(conn: psycopg.Connection, statement: str) -> list[tuple[str, int]]:
    """(name, type OID) of each column the statement returns (Parse + Describe, nothing executed)."""
    with conn.lock:
        pgconn = conn.pgconn
        for res in (pgconn.prepare(b"", statement.encode()), pgconn.describe_prepared(b"")):
            if res.status != ExecStatus.COMMAND_OK:
                raise psycopg.errors.error_from_result(res, encoding=conn.info.encoding)
        return [(res.fname(i).decode(), res.ftype(i)) for i in range(res.nfields)]


def _frame_column(col: pa.ChunkedArray) -> np.ndarray | pd.api.extensions.ExtensionArray:
    kind, has_null = col.type, col.null_count > 0
    if kind in _NULLABLE_INT:
        return pd.array(col.to_pandas(), dtype=_NULLABLE_INT[kind]) if has_null else col.to_numpy()
    if pa.types.is_boolean(kind):
        return pd.array(col.to_pandas(), dtype="boolean") if has_null else col.to_numpy()
    if pa.types.is_string(kind):
        return pd.array(col, dtype="str")
    if pa.types.is_date(kind):
        col = col.cast(pa.timestamp("us"))
    if pa.types.is_timestamp(kind) or pa.types.is_date(kind):
        return col.to_pandas().astype("datetime64[us]").array
    return col.to_numpy()          # float64, NaN for NULL


def _unique(names: list[str]) -> list[str]:
    out: list[str] = []
    for i, name in enumerate(names):
        out.append(name if name not in out else f"{name}_{i}")
    return out


# Below this many rows the row path is as fast: the Describe, the COPY and Arrow's set-up cost ~0.5 ms more
# than one execute on a 10-row answer. The statement's last answer decides (unknown: this path).
SMALL = 200
_last_rows: dict[str, int] = {}
_no_copy: set[str] = set()     # statements with a column of another type: always the row path


def worth_copying(text: str) -> bool:
    """COCREATE_PG_COPY_READS=0 turns this path off (every answer as rows, as before issue 19's reads)."""
    return (os.environ.get("COCREATE_PG_COPY_READS", "1") != "0" and text not in _no_copy
            and _last_rows.get(text, SMALL) >= SMALL)


def remember(text: str, rows: int) -> None:
    if len(_last_rows) > 4096:     # statements with values written in (grids) must not grow it forever
        _last_rows.clear()
    _last_rows[text] = rows


def frame(raw_cursor: psycopg.Cursor, text: str, values: dict) -> pd.DataFrame | None:
    """The result of a SELECT (psycopg text, %(name)s parameters) as a DataFrame, or None when this
    path cannot keep every type exact (then nothing has run on the server but a Describe)."""
    conn = raw_cursor.connection
    if not usable(conn):
        return None
    statement = _literal_cursor(conn).mogrify(text, values)
    columns = describe(conn, statement)
    if not columns or any(oid not in ARROW_TYPES for _, oid in columns):
        _no_copy.add(text)
        return None
    buf = bytearray()
    with raw_cursor.copy("COPY (" + statement + ") TO STDOUT (FORMAT csv)") as copy:
        for chunk in copy:
            buf += chunk
    names = _unique([n for n, _ in columns])
    types = {n: ARROW_TYPES[oid] for n, (_, oid) in zip(names, columns)}
    if not buf:
        table = pa.table({n: pa.array([], type=t) for n, t in types.items()})
    else:
        try:
            table = pacsv.read_csv(
                io.BytesIO(buf), read_options=pacsv.ReadOptions(column_names=names),
                parse_options=pacsv.ParseOptions(newlines_in_values=True),
                convert_options=pacsv.ConvertOptions(column_types=types, null_values=[""], strings_can_be_null=True,
                                                     quoted_strings_can_be_null=False, true_values=["t"],
                                                     false_values=["f"]))
        except pa.ArrowInvalid:     # a value Arrow cannot read (a date past 9999, 'infinity'): the row path
            return None
    return pd.DataFrame({n: _frame_column(table.column(n)) for n in names})
