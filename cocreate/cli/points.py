"""Commands `points import` and `points list` (issue 21: the point ledger, 点位台账)."""
from __future__ import annotations

import sys
from pathlib import Path

from cocreate.cli.common import add_import_arguments, import_user
from cocreate.errors import CocreateError, ImportRejected
from cocreate.present.i18n import error_text, t
from cocreate.present.intake_words import line_text
from cocreate.present.upload_words import points_summary
from cocreate.safe_cells import frame_csv
from cocreate.store import db


def _cmd_import(args) -> int:
    from cocreate.points import intake
    path = Path(args.file)
    if not path.exists():
        raise CocreateError("import_file_missing", str(path), path=str(path))
    con = db.open_store(args.db)
    try:
        user = import_user(con, args.user, args.lang)
        try:
            summary = intake.import_points(con, path.read_bytes(), path.name, user=user, dry_run=args.dry_run)
        except ImportRejected as exc:
            print(error_text(exc, args.lang), file=sys.stderr)
            for p in exc.problems:
                if p.line:
                    print("  " + line_text(p, args.lang), file=sys.stderr)
            return 2
    finally:
        con.close()
    print(points_summary(summary, args.lang))
    return 0


def _markdown(table, heading: str) -> str:
    lines = [f"# {heading}", "", "| " + " | ".join(table.columns) + " |",
             "|" + "|".join("---" for _ in table.columns) + "|"]
    for r in table.itertuples(index=False):
        lines.append("| " + " | ".join("" if v is None or v != v else str(v) for v in r) + " |")
    return "\n".join(lines) + "\n"


def _cmd_list(args) -> int:
    from cocreate.clock import china_today
    from cocreate.points.ledger import points_list
    con = db.open_store(args.db)
    try:
        areas = db.run(con, "areas")
        row = areas[areas["code"] == args.area]
        if row.empty:
            raise CocreateError("pt_unknown_area", args.area, code=args.area)
        today = china_today()
        table = points_list(con, args.area, today)
    finally:
        con.close()
    if args.format == "md":
        name = row.iloc[0]["name_" + args.lang]
        sys.stdout.write(_markdown(table, t("pt_list_heading", args.lang, area=f"{name} ({args.area})",
                                           today=today.isoformat())))
    else:
        sys.stdout.write(frame_csv(table, lineterminator="\n"))
    return 0


def register(sub) -> None:
    p = sub.add_parser("points", help="the point ledger (点位台账): import, list")
    psub = p.add_subparsers(dest="points_command", required=True)
    imp = psub.add_parser("import", help="import a point ledger file (CSV/XLSX, zh or en headers; lat/lon WGS-84)")
    add_import_arguments(imp)
    imp.set_defaults(func=_cmd_import)
    ls = psub.add_parser("list", help="each point of an area with its open, overdue, 90-day and repeat counts")
    ls.add_argument("--area", required=True, help="a district, or a city (its districts' points)")
    ls.add_argument("--format", choices=["csv", "md"], default="csv")
    ls.add_argument("--db")
    ls.set_defaults(func=_cmd_list)
