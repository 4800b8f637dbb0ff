"""Sending the weekly notice (`notice --send`, issue #20): the Word file kept in the notices
folder, the office's summary to its group robot, and to each responsible unit with its own robot
(table `unit_robots`) its OWN list: its problems overdue at the period's end with their escalation
level, and its open problems due in the 7 days after.

Overdue, days overdue and level come from `report.escalation` (the ONE rule, `report.overdue_open`);
"open" from `report.open_at`. Units are ranked, never people: a unit's message names the unit, its
points and problem categories, nobody's name (no `updated_by`, no description text).
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cocreate.errors import CocreateError
from cocreate.present.i18n import pick, t
from cocreate.store import db

from . import gather, report, webhook
from .periods import Period

ENV_NOTICES_DIR = "COCREATE_NOTICES_DIR"
SOON_DAYS = 7            # "due soon": a deadline in the 7 days after the period's last day
MAX_BYTES = 3800         # WeCom caps a markdown message at 4096 bytes (UTF-8); longer lists are cut


def notices_dir(db_arg=None) -> Path:
    """The notices folder: $COCREATE_NOTICES_DIR, else `notices/` beside the database file
    (on PostgreSQL, with no file: `notices/` in the working directory)."""
    env = os.environ.get(ENV_NOTICES_DIR, "").strip()
    if env:
        return Path(env)
    if db.is_url(db_arg) or (not db_arg and db.database_url()):
        return Path("notices")
    return db.db_path(db_arg).parent / "notices"


def keep_copy(written: Path, folder: Path) -> Path:
    """Copy the written DOCX into the notices folder (same file name); no copy when it is already there."""
    folder.mkdir(parents=True, exist_ok=True)
    kept = folder / written.name
    if kept.resolve() != written.resolve():
        shutil.copyfile(written, kept)
    return kept


def unit_lists(problems: pd.DataFrame, end: dt.date, levels: pd.DataFrame, soon_days: int = SOON_DAYS) -> tuple:
    """(overdue, soon): the problems overdue at the end of `end` (report.escalation: problem_id,
    unit_code, point_name, category, deadline, days_overdue, level; oldest first) and those open at
    the end of `end` with a deadline in the `soon_days` days after it (earliest deadline first)."""
    overdue = report.escalation(problems, end, levels)
    df = report.prepare(problems)
    e = pd.Timestamp(end)
    soon = df[report.open_at(df, e) & (df["deadline"] > e) & (df["deadline"] <= e + pd.Timedelta(days=soon_days))]
    soon = soon.sort_values(["deadline", "problem_id"]).reset_index(drop=True)
    return overdue, soon


@dataclass
class UnitMessage:
    unit_code: str
    unit_name: str
    url: str
    text: str
    overdue_ids: list = field(default_factory=list)
    soon_ids: list = field(default_factory=list)


def _lines_within(head: list, rows: list, more_key: str, lang: str, budget: int) -> list:
    """The head and as many rows as fit in `budget` bytes, then "and N more" for the rest."""
    out, used = list(head), sum(len(x.encode("utf-8")) + 1 for x in head)
    for i, row in enumerate(rows):
        if used + len(row.encode("utf-8")) + 1 > budget:
            out.append(t(more_key, lang, n=len(rows) - i))
            break
        out.append(row)
        used += len(row.encode("utf-8")) + 1
    return out


def unit_message(unit_name: str, title: str, overdue: pd.DataFrame, soon: pd.DataFrame, end: dt.date,
                 cats: dict, level_names: dict, lang: str, illustrative: bool = False) -> str:
    """One unit's markdown: its overdue problems (point, category, deadline, days overdue, level)
    and its open problems due in the next days, each list cut to fit the robot's limit."""
    def cat(code):
        return pick(cats[code], "name", lang) if code in cats else str(code)

    def day(x):
        return pd.Timestamp(x).date().isoformat()

    over_rows = [t("send_msg_overdue_row" if int(r["days_overdue"]) else "send_msg_overdue_row_today", lang,
                   id=r["problem_id"], point=r["point_name"], category=cat(r["category"]),
                   deadline=day(r["deadline"]), days=int(r["days_overdue"]),
                   level=(t("send_msg_level", lang, level=level_names.get(r["level"], r["level"])) if r["level"] else ""))
                 for r in overdue.to_dict("records")]
    soon_rows = [t("send_msg_soon_row", lang, id=r["problem_id"], point=r["point_name"], category=cat(r["category"]),
                   deadline=day(r["deadline"])) for r in soon.to_dict("records")]
    start_soon, end_soon = end + dt.timedelta(days=1), end + dt.timedelta(days=SOON_DAYS)
    head = [f"### {title} · {unit_name}"]
    if illustrative:
        head.append(t("prob_nt_illustrative", lang))
    head.append(t("send_msg_overdue_head", lang, end=end.isoformat(), n=len(over_rows)))
    lines = _lines_within(head, over_rows or [t("prob_nt_none", lang)], "prob_nt_more", lang, MAX_BYTES * 3 // 4)
    soon_head = ["", t("send_msg_soon_head", lang, start=start_soon.isoformat(), end=end_soon.isoformat(), n=len(soon_rows))]
    used = sum(len(x.encode("utf-8")) + 1 for x in lines)
    lines += _lines_within(soon_head, soon_rows or [t("prob_nt_none", lang)], "prob_nt_more", lang, MAX_BYTES - used - 200)
    lines += ["", t("send_msg_footer", lang)]
    return "\n".join(lines)


def unit_messages(con, area: str, period: Period, title: str, lang: str = "zh") -> list[UnitMessage]:
    """A message for each unit of the area's city that has a robot URL (`queries/unit_robots.sql`),
    with nothing but its own problems (of the area's problems, those whose unit_code is the unit)."""
    if "unit_robots" not in db.table_names(con):   # a file not yet opened for writing by this version
        return []
    robots = db.run(con, "unit_robots", area=area)
    if robots.empty:
        return []
    df = gather.problems(con, area)
    names = gather.unit_names(con, area)
    lv = gather.levels(con)
    level_names = {r["code"]: pick(r, "name", lang) for r in lv.to_dict("records")}
    cats = gather.catalog_names(con, "category")
    overdue, soon = unit_lists(df, period.end, lv)
    illustrative = bool(df["illustrative"].any()) if len(df) else False
    out = []
    for r in robots.to_dict("records"):
        code = str(r["unit_code"])
        name = pick(names[code], "name", lang) if code in names else code
        mine_over = overdue[overdue["unit_code"].astype(str) == code]
        mine_soon = soon[soon["unit_code"].astype(str) == code]
        text = unit_message(name, title, mine_over, mine_soon, period.end, cats, level_names, lang, illustrative)
        out.append(UnitMessage(code, name, str(r["robot_url"]), text,
                               mine_over["problem_id"].tolist(), mine_soon["problem_id"].tolist()))
    return out


@dataclass
class Posted:
    target: str            # "office" or a unit code
    name: str
    ok: bool
    status: int | None = None
    reason: str = ""
    overdue: int = 0
    soon: int = 0


def post_all(office_text: str | None, units: list[UnitMessage], post=webhook.post_summary) -> list[Posted]:
    """Post the office summary (when COCREATE_NOTICE_WEBHOOK is set and `office_text` is not None)
    and each unit's message to its own robot. One failure does not stop the others; each result says
    how it went (no URL in it)."""
    results = []
    office = webhook.office_url() if office_text is not None else ""
    jobs = ([("office", "", office, office_text, 0, 0)] if office else []) + [
        (u.unit_code, u.unit_name, u.url, u.text, len(u.overdue_ids), len(u.soon_ids)) for u in units]
    for target, name, url, text, n_over, n_soon in jobs:
        try:
            status = post(text, url)
            results.append(Posted(target, name, True, status, "", n_over, n_soon))
        except CocreateError as exc:
            results.append(Posted(target, name, False, None, str(exc.params.get("reason") or exc.key), n_over, n_soon))
        except Exception as exc:   # noqa: BLE001 (whatever goes wrong with one robot, the others are still sent)
            results.append(Posted(target, name, False, None, type(exc).__name__, n_over, n_soon))
    return results
