"""Commands `problems import`, `problems report` and `notice` (issue #11)."""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from cocreate.cli.common import add_import_arguments, import_user
from cocreate.safe_cells import frame_csv
from cocreate.store import db
from cocreate.errors import CocreateError, ImportRejected
from cocreate.present.i18n import error_text, t


def _period(text):
    from cocreate.problems import periods
    return periods.parse_period(text) if text else periods.latest_full("week")


def _cmd_import(args) -> int:
    from cocreate.problems import intake
    from cocreate.present.upload_words import problems_line_text, problems_summary
    path = Path(args.file)
    if not path.exists():
        raise CocreateError("import_file_missing", str(path), path=str(path))
    con = db.open_store(args.db)   # holds the file only while it writes
    try:
        user = import_user(con, args.user, args.lang)
        try:
            summary = intake.import_problems(con, path.read_bytes(), path.name, user=user, dry_run=args.dry_run)
        except ImportRejected as exc:
            print(error_text(exc, args.lang), file=sys.stderr)
            for p in exc.problems:
                if p.line:
                    print("  " + problems_line_text(p, args.lang), file=sys.stderr)
            return 2
    finally:
        con.close()
    print(problems_summary(summary, args.lang))
    return 0


def report_csv(table: pd.DataFrame) -> str:
    """The fixed columns, counts as whole numbers, percentages to one decimal, empty cells blank."""
    return frame_csv(table, lineterminator="\n", float_format="%.1f")


def report_markdown(table: pd.DataFrame, names: dict, lang: str, heading: str) -> str:
    key = table.columns[0]
    lines = [f"# {heading}", "", "| " + " | ".join(table.columns) + " |",
             "|" + "|".join("---" for _ in table.columns) + "|"]
    for r in table.itertuples(index=False):
        lines.append("| " + " | ".join("" if pd.isna(v) else (f"{v:.1f}" if isinstance(v, float) else str(v))
                                       for v in r) + " |")
    from cocreate.problems.report import list_size
    k = list_size(int(table["rank"].notna().sum()))
    for lst in ("red", "black"):
        units = table.loc[table["list"] == lst, key].tolist()
        named = [f"{(names.get(u) or {}).get('name_' + lang, u)} ({u})" for u in units]
        lines += ["", f"**{t(f'prob_list_{lst}_rule', lang, k=k)}**: " + ("、" if lang == "zh" else ", ").join(named or ["—"])]
    return "\n".join(lines) + "\n"


def _cmd_report(args) -> int:
    from cocreate.problems import gather, report
    period = _period(args.period)
    con = db.connect(args.db, read_only=True)
    try:
        area_row = gather.check_area(con, args.area)
        df = gather.problems(con, args.area)
        table = report.rounded(report.unit_report(df, period.start, period.end, by=args.by))
        names = gather.unit_names(con, args.area)
        if args.by == "district":
            areas = db.run(con, "areas")
            names = {r["code"]: r for r in areas.to_dict("records")}
    finally:
        con.close()
    if args.format == "md":
        heading = t("prob_report_heading", args.lang, area=f"{area_row['name_' + args.lang]} ({args.area})",
                    period=period.code,
                    start=period.start.isoformat(), end=period.end.isoformat())
        sys.stdout.write(report_markdown(table, names, args.lang, heading))
    else:
        sys.stdout.write(report_csv(table))
    return 0


def _cmd_notice(args) -> int:
    from cocreate.problems import notice, notice_data, webhook
    period = _period(args.period)
    con = db.connect(args.db, read_only=True)
    try:
        data = notice_data.gather_notice(con, args.area, period, args.lang)
        units = _unit_messages(con, args, period, data) if args.send else []
    finally:
        con.close()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(notice.build_docx(data, args.lang))
    print(t("prob_notice_written", args.lang, path=str(out), period=period.code))
    if args.send:
        return _send(args, out, notice.summary_markdown(data, args.lang), units)
    if args.post:
        status = webhook.post_summary(notice.summary_markdown(data, args.lang))
        print(t("prob_webhook_posted", args.lang, status=status))
    return 0


def _unit_messages(con, args, period, data) -> list:
    from cocreate.problems import dispatch
    city = data.city_row.get(f"name_{args.lang}") or data.city_row.get("name_zh")
    title = f"{city} · {t('prob_nt_title_week', args.lang)} · {period.code}"
    return dispatch.unit_messages(con, args.area, period, title, args.lang)


def _send(args, out: Path, office_text: str, units: list) -> int:
    """--send: keep the DOCX in the notices folder, post the office summary (when its robot is set)
    and each unit its own list; 0 when every post went through, 3 when any failed."""
    from cocreate.problems import dispatch, webhook
    kept = dispatch.keep_copy(out, dispatch.notices_dir(args.db))
    print(t("send_kept", args.lang, path=str(kept)))
    if not webhook.office_url():
        print(t("send_office_unset", args.lang), file=sys.stderr)
    if not units:
        print(t("send_no_units", args.lang))
    results = dispatch.post_all(office_text, units)
    for r in results:
        if r.target == "office":
            key = "send_office_posted" if r.ok else "send_office_failed"
            params = {}
        else:
            key = "send_unit_posted" if r.ok else "send_unit_failed"
            params = {"unit": r.name, "code": r.target, "overdue": r.overdue, "soon": r.soon, "days": dispatch.SOON_DAYS}
        print(t(key, args.lang, status=r.status, reason=r.reason, **params), file=sys.stdout if r.ok else sys.stderr)
    failed = sum(not r.ok for r in results)
    if failed:
        print(t("send_failed_total", args.lang, n=failed), file=sys.stderr)
        return 3
    return 0


def _cmd_remind(args) -> int:
    """Each unit's own reminder: printed per unit, or (--send) posted to each unit's robot where set."""
    from cocreate.clock import china_today
    from cocreate.present.i18n import pick
    from cocreate.problems import dispatch, gather, remind
    today = china_today()
    con = db.connect(args.db, read_only=True)
    try:
        if args.area:
            gather.check_area(con, args.area)
            cities = [args.area]
        else:   # every campaign city
            areas = db.run(con, "areas")
            cities = sorted(areas.loc[areas["parent_code"].isna(), "code"].astype(str))
        got = [(city, remind.gather_reminders(con, city, today, args.lang)) for city in cities]
    finally:
        con.close()
    if not args.send:
        for city, r in got:
            if not r.texts:
                print(t("pm_rem_none", args.lang, area=city, date=today.isoformat()))
            for code, text in r.texts.items():
                name = pick(r.names[code], "name", args.lang) if code in r.names else code
                robot = t("pm_rem_robot_set" if code in r.robots else "pm_rem_robot_unset", args.lang)
                print(f"<!-- {name} ({code}) · {robot} -->")
                print(text + "\n")
        return 0
    units = [m for _, r in got for m in remind.messages(r, args.lang)]
    if not units:
        print(t("pm_rem_no_robots", args.lang))
        return 0
    failed = 0
    for res in dispatch.post_all(None, units):
        key = "pm_rem_posted" if res.ok else "send_unit_failed"
        print(t(key, args.lang, unit=res.name, code=res.target, overdue=res.overdue, soon=res.soon,
                status=res.status, reason=res.reason), file=sys.stdout if res.ok else sys.stderr)
        failed += not res.ok
    if failed:
        print(t("send_failed_total", args.lang, n=failed), file=sys.stderr)
        return 3
    return 0


def register(sub) -> None:
    p = sub.add_parser("problems", help="problems found and put right: import a file, the unit report")
    psub = p.add_subparsers(dest="problems_command", required=True)
    i = psub.add_parser("import", help="import a problems file (CSV/XLSX), all or nothing")
    add_import_arguments(i)
    i.set_defaults(func=_cmd_import)
    r = psub.add_parser("report", help="units ranked for a period, with red and black lists")
    r.add_argument("--area", required=True)
    r.add_argument("--period", help="2026-W40, 2026-10 or 2026Q3 (default: the latest full week)")
    r.add_argument("--by", choices=["unit", "district"], default="unit")
    r.add_argument("--format", choices=["csv", "md"], default="csv")
    r.add_argument("--lang", choices=["zh", "en"], default="en")
    r.add_argument("--db")
    r.set_defaults(func=_cmd_report)
    m = psub.add_parser("remind", help="each unit's own list: its problems overdue and due within 2 days (China time)")
    m.add_argument("--area", "--city", dest="area", help="a city or district (default: every city)")
    m.add_argument("--send", action="store_true",
                   help="post each unit its own list to its robot URL (table unit_robots) where set; exit 3 if a post failed")
    m.add_argument("--lang", choices=["zh", "en"], default="zh")
    m.add_argument("--db")
    m.set_defaults(func=_cmd_remind)
    n = sub.add_parser("notice", help="the weekly notice as a Word document")
    n.add_argument("--area", required=True)
    n.add_argument("--period")
    n.add_argument("--out", required=True)
    n.add_argument("--lang", choices=["zh", "en"], default="zh")
    n.add_argument("--db")
    n.add_argument("--post", action="store_true",
                   help="also post a summary to the robot webhook in COCREATE_NOTICE_WEBHOOK (off by default)")
    n.add_argument("--send", action="store_true",
                   help="keep the DOCX in the notices folder (COCREATE_NOTICES_DIR, default notices/ beside the "
                        "database file), post the summary to COCREATE_NOTICE_WEBHOOK when set, and each unit with a "
                        "robot URL (table unit_robots) its own overdue list and coming deadlines; exit 3 if a post failed")
    n.set_defaults(func=_cmd_notice)
