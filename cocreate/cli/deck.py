"""Extra commands (python -m cocreate <command>), registered by cocreate/__main__.py.

    python -m cocreate deck --area CODE --out FILE.pptx [--title CODE] [--lang zh|en] [--db PATH]

Each command is added by its own `_add_<name>(sub)` function, called from `register`.
"""
from __future__ import annotations


def _cmd_deck(args) -> int:
    from cocreate.store import db
    from cocreate.present.deck import write_deck
    con = db.connect(args.db, read_only=True)
    try:
        path = write_deck(con, args.area, args.out, lang=args.lang, title=args.title)
    finally:
        con.close()
    print(path)
    return 0


def _add_deck(sub) -> None:
    p = sub.add_parser("deck", help="the meeting deck (PPTX, 16:9) for an area")
    p.add_argument("--area", required=True, help="area code (GB/T 2260), e.g. 620100")
    p.add_argument("--out", required=True, help="file to write, e.g. lanzhou.pptx")
    p.add_argument("--title", help="only this title (code), e.g. garden")
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the deck (default zh)")
    p.add_argument("--db", help="database file (default: COCREATE_DB, else data/cocreate.duckdb)")
    p.set_defaults(func=_cmd_deck)


def register(sub) -> None:
    """Add this module's commands to the `python -m cocreate` subparsers."""
    _add_deck(sub)
