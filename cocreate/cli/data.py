"""Command line for the data feature: import, export, template, user, rollback.

    python -m cocreate import FILE [--db PATH] [--dry-run] [--user NAME] [--lang zh|en]
    python -m cocreate export DIR [--db PATH]
    python -m cocreate template FILE [--title CODE] [--area CODE] [--db PATH] [--lang zh|en]
    python -m cocreate user add NAME --role viewer|clerk|inspector|admin [--areas CODES] [--db PATH]
    python -m cocreate user list|unlock|passwd|delete ...
    python -m cocreate rollback BATCH [--db PATH] [--user NAME]
"""
from __future__ import annotations

import getpass
import os
import sys

from cocreate.cli.common import add_lang
from cocreate.errors import CocreateError, ImportRejected
from cocreate.present.i18n import error_text, t
from cocreate.present.intake_words import import_report, import_summary


def _add_lang(p) -> None:
    add_lang(p)


def _user(con, name, lang):
    if not name:
        return None
    from cocreate.auth import get_user
    user = get_user(con, name)
    if user is None:
        raise CocreateError("auth_user_unknown", name, name=name)
    return user


def _cmd_import(args) -> int:
    from cocreate.store import db
    from cocreate.intake.observations import import_file
    from cocreate.cli.common import import_user
    con = db.open_store(args.db)   # holds the file only while it writes
    try:
        user = import_user(con, args.user, args.lang)
        try:
            result = import_file(con, args.file, user=user, dry_run=args.dry_run, lang=args.lang)
        except ImportRejected as exc:
            res = getattr(exc, "result", None)
            if res is not None and res.problems:
                print(import_report(res, args.lang), file=sys.stderr)
            else:
                print(error_text(exc, args.lang), file=sys.stderr)
            return 1
        print(import_summary(result, args.lang))
        return 0
    finally:
        con.close()


def _cmd_export(args) -> int:
    from cocreate.store import db
    from cocreate.store.export import export_all
    con = db.connect(args.db, read_only=True)
    try:
        manifest = export_all(con, args.dir)
    finally:
        con.close()
    print(t("data_export_done", args.lang, n=len(manifest["tables"]), dir=args.dir))
    for entry in manifest["tables"]:
        print(f"  {entry['table']}: {entry['rows']}")
    return 0


def _cmd_template(args) -> int:
    from cocreate.store import db
    from cocreate.present.template_file import write_template
    con = db.connect(args.db, read_only=True)
    try:
        if args.grid:
            from cocreate.present.template_file import write_grid
            frame = write_grid(con, args.file, title=args.title, area=args.area, lang=args.lang, period=args.period)
        else:
            frame = write_template(con, args.file, title=args.title, area=args.area, lang=args.lang)
    finally:
        con.close()
    print(t("data_template_rows", args.lang, n=len(frame), ind=frame["indicator_code"].nunique()) + f" -> {args.file}")
    return 0


def _read_password(lang: str) -> str:
    pw = os.environ.get("COCREATE_PASSWORD")
    if pw:
        return pw
    if sys.stdin is not None and sys.stdin.isatty():
        first = getpass.getpass(t("auth_password", lang) + ": ")
        second = getpass.getpass(t("auth_password_again", lang) + ": ")
        if first != second:
            raise CocreateError("auth_password_mismatch")
        return first
    line = sys.stdin.readline() if sys.stdin is not None else ""
    pw = line.rstrip("\r\n")
    if not pw:
        raise CocreateError("auth_password_missing")
    return pw


def _cmd_user(args) -> int:
    from cocreate import auth
    from cocreate.store import db
    if args.action == "add" and not args.role:
        raise CocreateError("auth_bad_role", "", role="")
    # the password is asked before the store is opened: nothing is held while someone types
    password = _read_password(args.lang) if args.action in ("add", "passwd") else None
    con = db.open_store(args.db)   # holds the file only while it writes
    try:
        if args.action == "add":
            user = auth.add_user(con, args.name, password, args.role, args.areas)
            print(t("auth_user_added", args.lang, name=user["name"], role=user["role"]))
        elif args.action == "passwd":
            auth.set_password(con, args.name, password)
        elif args.action == "unlock":
            auth.unlock_user(con, args.name)
            print(t("auth_unlocked", args.lang, name=args.name))
        elif args.action == "delete":
            auth.delete_user(con, args.name)
            print(t("auth_deleted", args.lang, name=args.name))
        else:
            from cocreate.safe_cells import frame_csv
            sys.stdout.write(frame_csv(auth.list_users(con), lineterminator="\n"))
    finally:
        con.close()
    return 0


def _cmd_rollback(args) -> int:
    from cocreate.store import db
    from cocreate.intake.observations import rollback_batch
    con = db.open_store(args.db)   # holds the file only while it writes
    try:
        user = _user(con, args.user, args.lang)
        out = rollback_batch(con, args.batch, user)
    finally:
        con.close()
    print(t("batch_rollback_done", args.lang, batch=out["batch_id"], restored=out["restored"],
            deleted=out["deleted"]))
    return 0


def register(sub) -> None:
    p = sub.add_parser("import", help="import observations from CSV or XLSX (all rows or none)")
    p.add_argument("file")
    p.add_argument("--db")
    p.add_argument("--dry-run", action="store_true", help="check only; change nothing")
    p.add_argument("--user", help="account the batch is recorded for (a clerk's areas apply)")
    _add_lang(p)
    p.set_defaults(func=_cmd_import)

    e = sub.add_parser("export", help="dump every table to Parquet and CSV with manifest.json")
    e.add_argument("dir")
    e.add_argument("--db")
    _add_lang(e)
    e.set_defaults(func=_cmd_export)

    tp = sub.add_parser("template", help="write an import template (CSV or XLSX by extension)")
    tp.add_argument("file")
    tp.add_argument("--title")
    tp.add_argument("--area")
    tp.add_argument("--db")
    tp.add_argument("--grid", action="store_true", help="XLSX grid: rows = indicators, columns = areas")
    tp.add_argument("--period", help="YYYY-MM of a grid template (default the latest complete month; each sheet takes its frequency's latest period ended by then)")
    _add_lang(tp)
    tp.set_defaults(func=_cmd_template)

    u = sub.add_parser("user", help="manage logins (password from stdin or COCREATE_PASSWORD)")
    u.add_argument("action", choices=["add", "list", "unlock", "passwd", "delete"])
    u.add_argument("name", nargs="?")
    u.add_argument("--role", choices=["viewer", "clerk", "inspector", "admin"])
    u.add_argument("--areas", help="comma-separated area codes a clerk may import for")
    u.add_argument("--db")
    _add_lang(u)
    u.set_defaults(func=_cmd_user)

    r = sub.add_parser("rollback", help="roll back an import batch (restores replaced values)")
    r.add_argument("batch", type=int)
    r.add_argument("--db")
    r.add_argument("--user")
    _add_lang(r)
    r.set_defaults(func=_cmd_rollback)
