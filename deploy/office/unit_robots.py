"""Set, remove or list the group robot of a responsible unit (table unit_robots), on the office's
database while the dashboard serves it. `notice --send` posts to each unit set here its own list.

    cd /opt/cocreate
    .venv/bin/python deploy/office/unit_robots.py set 620102 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...' --notes 城关区创建办群
    .venv/bin/python deploy/office/unit_robots.py remove 620102
    .venv/bin/python deploy/office/unit_robots.py list --area 620100

UNIT is a district's area code or a department's code (as in the problems' unit_code). Only
http(s) URLs are accepted. A robot URL holds its key: `list` shows the host and path, never the
query (where WeCom and DingTalk keep the key). The database: --db, else COCREATE_DB (or
COCREATE_DATABASE_URL), else data/cocreate.duckdb.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from cocreate.cli.common import add_lang  # noqa: E402
from cocreate.present.i18n import t  # noqa: E402
from cocreate.store import db  # noqa: E402


def _known_units(con) -> set:
    areas = db.run(con, "areas")
    deps = db.run(con, "department_list", area=None)
    return set(areas.loc[areas["parent_code"].notna(), "code"].astype(str)) | set(deps["code"].astype(str))


def _masked(url: str) -> str:
    p = urlparse(url)
    return f"{p.scheme}://{p.hostname or ''}{p.path}" + ("?…" if p.query else "")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="a responsible unit's own group robot for `notice --send`")
    ap.add_argument("--db")
    add_lang(ap)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("set")
    s.add_argument("unit")
    s.add_argument("url")
    s.add_argument("--notes")
    r = sub.add_parser("remove")
    r.add_argument("unit")
    ls = sub.add_parser("list")
    ls.add_argument("--area", required=True, help="a city (or district) code: its units' robots")
    args = ap.parse_args(argv)
    con = db.open_store(args.db)
    try:
        if args.cmd == "list":
            for row in db.run(con, "unit_robots", area=args.area).to_dict("records"):
                print(f"{row['unit_code']}\t{_masked(row['robot_url'])}")
            return 0
        if args.unit not in _known_units(con):
            print(t("send_robot_unknown_unit", args.lang, unit=args.unit), file=sys.stderr)
            return 2
        if args.cmd == "set":
            p = urlparse(args.url.strip())
            if p.scheme not in ("http", "https") or not p.hostname:
                print(t("send_robot_not_http", args.lang), file=sys.stderr)
                return 2
        with db.transaction(con) as cur:   # waits for the app's readers, as every write does
            cur.execute("DELETE FROM unit_robots WHERE unit_code = ?", [args.unit])
            if args.cmd == "set":
                cur.execute("INSERT INTO unit_robots (unit_code, robot_url, notes) VALUES (?, ?, ?)",
                            [args.unit, args.url.strip(), args.notes])
        if args.cmd == "set":
            print(t("send_robot_set", args.lang, unit=args.unit, url=_masked(args.url.strip())))
        else:
            print(t("send_robot_removed", args.lang, unit=args.unit))
        return 0
    finally:
        con.close()


if __name__ == "__main__":
    sys.exit(main())
