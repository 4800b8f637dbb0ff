"""The command-line parser: build-db and report here, every other group from its cocreate/cli/<group>.py."""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from cocreate import cli as cli_pkg

from cocreate.cli.common import add_lang, default_lang
from cocreate.errors import CocreateError
from cocreate.present.i18n import error_text, t


def _cmd_build_db(args) -> int:
    from cocreate.store.build import build_db
    path = build_db(args.db)
    print(t("office_built", args.lang, path=path))
    return 0


def _cmd_report(args) -> int:
    from cocreate.store import db
    from cocreate.method.progress import report_markdown, report_table
    con = db.connect(args.db, read_only=True)
    try:
        table = report_table(con, args.area, args.title, args.as_of)
    finally:
        con.close()
    if args.format == "md":
        sys.stdout.write(report_markdown(table))
    else:
        from cocreate.safe_cells import frame_csv
        sys.stdout.write(frame_csv(table, lineterminator="\n"))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m cocreate", description="Co-creation dashboard tools")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build-db", help="build the database from data/")
    b.add_argument("--db")
    b.set_defaults(func=_cmd_build_db)

    r = sub.add_parser("report", help="status table for an area")
    r.add_argument("--area", required=True)
    r.add_argument("--title")
    r.add_argument("--as-of", dest="as_of")
    r.add_argument("--format", choices=["csv", "md"], default="csv")
    r.add_argument("--db")
    r.set_defaults(func=_cmd_report)

    # Each command group registers its own commands: one module per group in cocreate/cli/.
    for info in sorted(pkgutil.iter_modules(cli_pkg.__path__), key=lambda i: i.name):
        register = getattr(importlib.import_module(f"cocreate.cli.{info.name}"), "register", None)
        if register:
            register(sub)
    _give_every_command_lang(p)
    return p


def _give_every_command_lang(parser: argparse.ArgumentParser) -> None:
    """Every command takes --lang (default: the shell's language) for its messages."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        if not any("--lang" in a.option_strings for a in parser._actions):
            add_lang(parser)
        return
    for action in subs:
        for child in set(action.choices.values()):
            _give_every_command_lang(child)


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CocreateError as exc:
        print(error_text(exc, getattr(args, "lang", None) or default_lang()), file=sys.stderr)
        return 2
    except ValueError as exc:
        print(t("office_cli_error", getattr(args, "lang", None) or default_lang(), message=exc), file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader went away (`report ... | head`): stop quietly, as Unix tools do
        import os
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0

