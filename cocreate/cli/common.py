"""What several command groups share: the arguments of every upload command."""
from __future__ import annotations


def add_import_arguments(p, user_help: str = "act as this account (its role and areas apply)") -> None:
    """FILE, --db, --dry-run, --user, --lang: the same for every kind of upload."""
    p.add_argument("file", help="CSV (UTF-8 or GBK) or XLSX; a bad row refuses the whole file")
    p.add_argument("--db", help="database file (default: COCREATE_DB, else data/cocreate.duckdb)")
    p.add_argument("--dry-run", dest="dry_run", action="store_true", help="check only, change nothing")
    p.add_argument("--user", help=user_help)
    p.add_argument("--lang", choices=["zh", "en"], default="en", help="language of messages")
