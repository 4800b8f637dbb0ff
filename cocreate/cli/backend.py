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

    from cocreate.present.i18n import t

    def progress(table, rows, seconds):
        print(t("office_copy_progress", args.lang, table=table, rows=rows, seconds=f"{seconds:.1f}"), file=sys.stderr)
    counts = copy_store(args.file, target, progress=progress)
    print(t("office_copied", args.lang, n=len(counts), rows=sum(counts.values()), target=pg.safe_target(target)))
    return 0


def register(sub) -> None:
    p = sub.add_parser("copy-db", help="copy a DuckDB store into a PostgreSQL server (replaces its tables)")
    p.add_argument("file", help="the DuckDB file")
    p.add_argument("--to", help="postgresql:// URL (default: COCREATE_DATABASE_URL)")
    p.set_defaults(func=_cmd_copy_db)
