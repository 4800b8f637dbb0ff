"""Commands `backup` and `restore` (DESIGN.md "Turn-3 commands", fixed):

    python -m cocreate backup DIR [--keep N] [--db PATH]     prints the path it wrote
    python -m cocreate restore FILE [--db PATH]              keeps the replaced file aside
    python -m cocreate setup-link [--url URL] [--db PATH]    a one-time link for the first administrator

Both run while the app serves the same file (cocreate.store.backup). On PostgreSQL they say to use
pg_dump / pg_restore.
"""
from __future__ import annotations

from cocreate.cli.common import add_lang
from cocreate.present.i18n import t


def _cmd_backup(args) -> int:
    from cocreate.store.backup import backup
    path = backup(args.dir, args.db, keep=args.keep)
    print(path)
    return 0


def _cmd_restore(args) -> int:
    from cocreate.store import db
    from cocreate.store.backup import restore
    aside = restore(args.file, args.db)
    print(t("office_restored", args.lang, file=args.file, db=str(db.db_path(args.db)), aside=str(aside)))
    return 0


def _cmd_setup_link(args) -> int:
    from cocreate import first_admin
    from cocreate.store import db
    store = db.open_store(args.db)
    try:
        token = first_admin.issue(store)
    finally:
        store.close()
    if token is None:
        print(t("office_setup_has_admin", args.lang))
        return 0
    print(t("office_setup_console", args.lang, link=args.url.rstrip("/") + "/data?setup=" + token,
            hours=first_admin.TOKEN_HOURS))
    return 0


def register(sub) -> None:
    b = sub.add_parser("backup", help="a consistent copy of the database in DIR, also while the app serves")
    b.add_argument("dir")
    b.add_argument("--keep", type=int, help="keep only the newest N backups of this database in DIR")
    b.add_argument("--db", help="database file (default: COCREATE_DB, else data/cocreate.duckdb)")
    add_lang(b)
    b.set_defaults(func=_cmd_backup)

    r = sub.add_parser("restore", help="put a backup in place of the database (the replaced file is kept aside)")
    r.add_argument("file")
    r.add_argument("--db", help="database file (default: COCREATE_DB, else data/cocreate.duckdb)")
    add_lang(r)
    r.set_defaults(func=_cmd_restore)

    s = sub.add_parser("setup-link", help="a one-time link that creates the first administrator in the browser")
    s.add_argument("--url", default="http://localhost:8501", help="the app's address (default http://localhost:8501)")
    s.add_argument("--db", help="database file (default: COCREATE_DB, else data/cocreate.duckdb)")
    add_lang(s)
    s.set_defaults(func=_cmd_setup_link)
