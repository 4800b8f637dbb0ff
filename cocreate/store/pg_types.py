"""PostgreSQL column types under DuckDB's names, so the code (and export manifests) read one set."""
from __future__ import annotations

_DUCKDB_NAME = {
    "character varying": "VARCHAR", "text": "VARCHAR", "character": "VARCHAR", "name": "VARCHAR",
    "double precision": "DOUBLE", "real": "FLOAT", "integer": "INTEGER", "bigint": "BIGINT",
    "smallint": "SMALLINT", "boolean": "BOOLEAN", "date": "DATE", "numeric": "DECIMAL",
    "timestamp without time zone": "TIMESTAMP", "timestamp with time zone": "TIMESTAMP WITH TIME ZONE",
    "time without time zone": "TIME", "bytea": "BLOB", "json": "JSON", "jsonb": "JSON", "uuid": "UUID",
}


def duckdb_type(pg_type: str) -> str:
    base = pg_type.split("(")[0].strip()
    return _DUCKDB_NAME.get(base, pg_type.upper())


def table_columns(con, table: str) -> list[tuple[str, str]]:
    """(name, DuckDB type name) of a table of the current schema, in column order."""
    cur = con.cursor()
    try:
        rows = cur._raw.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = %s ORDER BY ordinal_position",
            [table]).fetchall()
    finally:
        cur.close()
    return [(name, duckdb_type(kind)) for name, kind in rows]
