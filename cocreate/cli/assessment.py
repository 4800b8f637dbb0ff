"""Civilized City assessment commands, registered by cocreate/cli/parser.py.

    python -m cocreate score --area CODE [--format csv|md] [--db PATH]
    python -m cocreate assessment import FILE [--db PATH] [--dry-run] [--user NAME] [--lang zh|en]
"""
from __future__ import annotations

import sys
from pathlib import Path

from cocreate.cli.common import add_import_arguments, import_user


def _cmd_score(args) -> int:
    from cocreate.store import db
    from cocreate.assessment import score
    from cocreate.assessment.report import report_markdown, score_years
    con = db.connect(args.db, read_only=True)
    try:
        cycle, _, years = score_years(con, args.area)
    finally:
        con.close()
    table = score.report_frame(years)
    if args.format == "md":
        sys.stdout.write(report_markdown(table, cycle))
    else:
        from cocreate.safe_cells import frame_csv
        sys.stdout.write(frame_csv(table, lineterminator="\n"))
    return 0


def _cmd_import(args) -> int:
    from cocreate.store import db
    from cocreate.assessment.intake import import_results
    from cocreate.present.upload_words import results_problem_text, results_summary
    from cocreate.errors import ImportRejected
    from cocreate.present.i18n import error_text
    con = db.open_store(args.db)   # holds the file only while it writes
    try:
        user = import_user(con, args.user, args.lang)
        result = import_results(con, Path(args.file).read_bytes(), Path(args.file).name, user=user,
                                dry_run=args.dry_run)
    except ImportRejected as exc:
        print(error_text(exc, args.lang), file=sys.stderr)
        for p in exc.problems:
            print("  " + results_problem_text(p, args.lang), file=sys.stderr)
        return 1
    finally:
        con.close()
    print(results_summary(result, args.lang))
    return 0


def register(sub) -> None:
    """Add `score` and `assessment import` to the `python -m cocreate` subparsers."""
    p = sub.add_parser("score", help="Civilized City score projection for a city's assessment cycle")
    p.add_argument("--area", required=True, help="area code (GB/T 2260), e.g. 620100")
    p.add_argument("--format", choices=["csv", "md"], default="csv")
    p.add_argument("--db", help="database file (default: COCREATE_DB, else data/cocreate.duckdb)")
    p.set_defaults(func=_cmd_score)

    a = sub.add_parser("assessment", help="assessment results (actual and mock scores, field points, questionnaires)")
    asub = a.add_subparsers(dest="assessment_command", required=True)
    i = asub.add_parser("import", help="import a results file (CSV or XLSX); a bad row refuses the whole file")
    add_import_arguments(i)
    i.set_defaults(func=_cmd_import)
