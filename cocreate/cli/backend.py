"""Command `copy-db`: put a DuckDB store on a PostgreSQL server (shared deployment).

    python -m cocreate copy-db FILE [--to postgresql://...]   (default: COCREATE_DATABASE_URL)
"""
from __future__ import annotations

import sys

from cocreate.errors import CocreateError


def _cmd_copy_db(args) -> int:
    from cocreate.store import db, pg
    from cocreate.store.copy import copy_store
    target = args.to or db.database_url()
    if not db.is_url(target):
        raise CocreateError("pg_copy_target", str(target))

    def progress(table, rows, seconds):
        print(f"  {table}: {rows} rows ({seconds:.1f} s)", file=sys.stderr)
    counts = copy_store(args.file, target, progress=progress)
    print(f"copied {len(counts)} tables, {sum(counts.values())} rows -> {pg.safe_target(target)}")
    return 0


def register(sub) -> None:
    p = sub.add_parser("copy-db", help="copy a DuckDB store into a PostgreSQL server (replaces its tables)")
    p.add_argument("file", help="the DuckDB file")
    p.add_argument("--to", help="postgresql:// URL (default: COCREATE_DATABASE_URL)")
    p.set_defaults(func=_cmd_copy_db)
