"""What several command groups share: the arguments of every upload command."""
from __future__ import annotations

import os


def default_lang() -> str:
    """The language of messages when --lang is not given: COCREATE_LANG, else zh for a zh_* locale
    of the shell (LC_ALL, LC_MESSAGES, LANG), else en."""
    for var in ("COCREATE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = (os.environ.get(var) or "").strip().lower()
        if value:
            return "zh" if value.startswith("zh") else "en"
    return "en"


def add_lang(p, default: str | None = None) -> None:
    """--lang zh|en, defaulting to the shell's language."""
    p.add_argument("--lang", choices=["zh", "en"], default=default or default_lang(),
                   help="language of messages (default: COCREATE_LANG, else zh for a zh_* locale, else en)")


def add_import_arguments(p, user_help: str = "act as this account (its role and areas apply)") -> None:
    """FILE, --db, --dry-run, --user, --lang: the same for every kind of upload."""
    p.add_argument("file", help="CSV (UTF-8 or GBK) or XLSX; a bad row refuses the whole file")
    p.add_argument("--db", help="database file (default: COCREATE_DB, else data/cocreate.duckdb)")
    p.add_argument("--dry-run", dest="dry_run", action="store_true", help="check only, change nothing")
    p.add_argument("--user", help=user_help)
    add_lang(p)


def import_user(con, name: str | None, lang: str) -> dict | None:
    """The account an import command acts as, checked and said (on standard error) before any work:
    --user must name an existing clerk or administrator, whose areas then apply; without --user the
    command line acts as its operator, for every area."""
    import sys

    from cocreate.auth import get_user, may_import
    from cocreate.errors import CocreateError, PermissionDenied
    from cocreate.present.i18n import t
    if not name:
        print(t("sec_acting_as_cli", lang), file=sys.stderr)
        return None
    user = get_user(con, name)
    if user is None:
        raise CocreateError("auth_user_unknown", name, name=name)
    if not may_import(user):
        raise PermissionDenied("sec_no_import_role", name, name=name, role=user.get("role", ""))
    print(t("sec_acting_as", lang, name=user["name"], role=user["role"]), file=sys.stderr)
    return user
