"""DataFrames in and out of PostgreSQL, shaped as DuckDB shapes them.

Out: a result becomes a DataFrame with the dtypes DuckDB's `.df()` gives for the same column types
(int32 / Int32 when NULLs are present, float64, pandas `str`, bool / boolean, datetime64[us]), so the
code after a query cannot tell the engines apart.
In: a frame is sent with COPY (CSV written by Arrow: fast, every value quoted, NULL unquoted, so
an empty string stays an empty string), into a temp table (`register`) or straight into a table.
"""
from __future__ import annotations

import decimal
import io

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv


# PostgreSQL type OIDs -> how the column is shaped
_INT = {21: ("int16", "Int16"), 23: ("int32", "Int32"), 20: ("int64", "Int64"), 26: ("int64", "Int64")}
_FLOAT = {700, 701, 1700}
_TEXT = {25, 1043, 1042, 19, 705, 18}
_BOOL = 16
_DATETIME = {1082, 1114}


def _column(values: list, oid: int) -> pd.api.extensions.ExtensionArray | np.ndarray:
    has_null = any(v is None for v in values)
    if oid in _INT:
        plain, nullable = _INT[oid]
        return pd.array(values, dtype=nullable) if has_null else np.array(values, dtype=plain)
    if oid in _FLOAT:
        return np.array([np.nan if v is None else float(v) for v in values], dtype="float64")
    if oid in _TEXT:
        return pd.array(values, dtype="str")
    if oid == _BOOL:
        return pd.array(values, dtype="boolean") if has_null else np.array(values, dtype=bool)
    if oid in _DATETIME:
        return pd.to_datetime(pd.Series(values, dtype=object)).astype("datetime64[us]").array
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def rows_to_frame(rows: list[tuple], description) -> pd.DataFrame:
    """A DataFrame from fetched rows and the cursor's description."""
    names = [d.name for d in description]
    columns = list(zip(*rows)) if rows else [() for _ in names]
    data = {}
    for i, (name, d) in enumerate(zip(names, description)):
        data[name if name not in data else f"{name}_{i}"] = _column(list(columns[i]), d.type_code)
    return pd.DataFrame(data)


_ARROW_OF = {21: pa.int16(), 23: pa.int32(), 20: pa.int64(), 26: pa.int64(), 700: pa.float32(),
             701: pa.float64(), 1700: pa.float64(), 16: pa.bool_(), 1082: pa.date32(),
             1114: pa.timestamp("us"), 17: pa.binary()}


def rows_to_arrow(rows: list[tuple], description) -> pa.Table:
    """An Arrow table typed as DuckDB's to_arrow_table types the same columns."""
    names = [d.name for d in description]
    columns = list(zip(*rows)) if rows else [() for _ in names]
    arrays = []
    for values, d in zip(columns, description):
        kind = _ARROW_OF.get(d.type_code, pa.string() if d.type_code in _TEXT else None)
        arrays.append(pa.array(list(values), type=kind))
    return pa.table(arrays, names=names)


def quote_ident(name: str) -> str:
    """The store's one identifier rule (cocreate.store.db.quote_ident: plain names only, quoted)."""
    from cocreate.store.db import quote_ident as plain_ident
    return plain_ident(str(name))


_ARROW_SQL = [
    (pa.types.is_boolean, "boolean"), (pa.types.is_int8, "smallint"), (pa.types.is_int16, "smallint"),
    (pa.types.is_int32, "integer"), (pa.types.is_int64, "bigint"), (pa.types.is_uint8, "smallint"),
    (pa.types.is_uint16, "integer"), (pa.types.is_uint32, "bigint"), (pa.types.is_uint64, "numeric"),
    (pa.types.is_floating, "double precision"), (pa.types.is_decimal, "numeric"),
    (pa.types.is_date, "date"), (pa.types.is_timestamp, "timestamp"), (pa.types.is_binary, "bytea"),
    (pa.types.is_large_binary, "bytea"),
]


def sql_type(arrow_type: pa.DataType) -> str:
    for test, name in _ARROW_SQL:
        if test(arrow_type):
            return name
    return "text"


def _csv_ready(table: pa.Table) -> pa.Table:
    """Arrow's CSV writer cannot write every type: null columns become text nulls, tz dropped."""
    cols = []
    for col in table.columns:
        if pa.types.is_null(col.type):
            col = pa.nulls(len(col), pa.string())
        elif pa.types.is_timestamp(col.type) and col.type.tz is not None:
            col = col.cast(pa.timestamp(col.type.unit))
        elif pa.types.is_dictionary(col.type):
            col = col.cast(col.type.value_type)
        cols.append(col)
    return pa.table(cols, names=table.column_names)


def csv_bytes(table: pa.Table) -> bytes:
    buf = io.BytesIO()
    pacsv.write_csv(_csv_ready(table), buf,
                    pacsv.WriteOptions(include_header=False, quoting_style="all_valid"))
    return buf.getvalue()


def copy_arrow(raw_cursor, table_name: str, table: pa.Table, chunk_rows: int = 200_000) -> int:
    """COPY an Arrow table into `table_name` (its columns by name); returns the rows sent."""
    cols = ", ".join(quote_ident(c) for c in table.column_names)
    statement = f"COPY {table_name} ({cols}) FROM STDIN (FORMAT csv)"
    with raw_cursor.copy(statement) as copy:
        for start in range(0, table.num_rows, chunk_rows):
            copy.write(csv_bytes(table.slice(start, chunk_rows)))
    return table.num_rows


def create_temp(raw_cursor, name: str, table: pa.Table) -> None:
    cols = ", ".join(f"{quote_ident(f.name)} {sql_type(f.type)}" for f in table.schema)
    raw_cursor.execute("DROP TABLE IF EXISTS pg_temp." + quote_ident(name))
    raw_cursor.execute("CREATE TEMP TABLE " + quote_ident(name) + " (" + cols + ")")


def plain(value):
    """A parameter as psycopg takes it: numpy scalars as Python numbers, pandas times as datetimes,
    pandas' missing markers as None."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, decimal.Decimal):
        return value
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return [plain(v) for v in value.tolist()]
    return value
