"""Reminders per unit (`problems remind`, issue 21 item 6): each responsible unit's OWN list of its
problems overdue and of those due within 2 days, printed per unit or posted to the unit's robot
(table `unit_robots`, the posting of `notice --send`: cocreate.problems.dispatch / webhook).

The selection (`reminders`) is pure, on a given day `today` (China time, the day the reminder goes
out; today is not over yet):
- overdue: overdue at the end of yesterday, the last whole day (`report.escalation`, the ONE rule
  `report.overdue_open`, with its days overdue and escalation level) and not put right today;
- due soon: open now (`report.open_at` today: found by today, not put right) with a deadline from
  today to today + 2 (inclusive). A deadline of today is "due today", not yet overdue.
Units are ranked, never people: a message names the unit, its points and categories, nobody's name.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from cocreate.present.i18n import pick, t

from . import dispatch, gather, report

SOON_DAYS = 2
COLUMNS = ["unit_code", "kind", "problem_id", "point_code", "point_name", "category", "deadline", "days_overdue", "level"]


def reminders(problems: pd.DataFrame, today: dt.date, levels: pd.DataFrame, soon_days: int = SOON_DAYS) -> pd.DataFrame:
    """One row per problem to remind of (COLUMNS): kind `overdue` (oldest overdue first) then
    `soon` (earliest deadline first), per unit in unit_code order."""
    if problems.empty:
        return pd.DataFrame(columns=COLUMNS)
    day = pd.Timestamp(today)
    yesterday = day - pd.Timedelta(days=1)
    df = report.prepare(problems)
    open_now = set(df.loc[report.open_at(df, day), "problem_id"])
    over = report.escalation(problems, yesterday.date(), levels)
    over = over[over["problem_id"].isin(open_now)].assign(kind="overdue")
    soon = df[report.open_at(df, day) & (df["deadline"] >= day)
              & (df["deadline"] <= day + pd.Timedelta(days=soon_days))].copy()
    soon = soon.sort_values(["deadline", "problem_id"]).assign(kind="soon", days_overdue=pd.NA, level="")
    out = pd.concat([over[COLUMNS], soon[COLUMNS]], ignore_index=True)
    out["unit_code"] = out["unit_code"].astype(str)
    out["_k"] = (out["kind"] == "soon").astype(int)
    out = out.sort_values(["unit_code", "_k"], kind="stable").drop(columns="_k")
    return out.reset_index(drop=True)


def per_unit(rows: pd.DataFrame) -> pd.DataFrame:
    """unit_code, overdue, soon: how many of each per unit (units with any), in unit_code order."""
    if rows.empty:
        return pd.DataFrame(columns=["unit_code", "overdue", "soon"])
    out = pd.crosstab(rows["unit_code"], rows["kind"]).reindex(columns=["overdue", "soon"], fill_value=0)
    return out.astype("int64").reset_index().rename_axis(columns=None)


def unit_text(unit_name: str, rows: pd.DataFrame, today: dt.date, cats: dict, level_names: dict, lang: str,
              illustrative: bool = False) -> str:
    """One unit's reminder as markdown (the robot's format), its two lists cut to the robot's limit."""
    def cat(code):
        return pick(cats[code], "name", lang) if code in cats else str(code)

    def day(x):
        return pd.Timestamp(x).date().isoformat()
    yesterday = today - dt.timedelta(days=1)
    over = rows[rows["kind"] == "overdue"]
    soon = rows[rows["kind"] == "soon"]
    over_rows = [t("send_msg_overdue_row" if int(r["days_overdue"]) else "send_msg_overdue_row_today", lang,
                   id=r["problem_id"], point=r["point_name"], category=cat(r["category"]),
                   deadline=day(r["deadline"]), days=int(r["days_overdue"]),
                   level=(t("send_msg_level", lang, level=level_names.get(r["level"], r["level"])) if r["level"] else ""))
                 for r in over.to_dict("records")]
    soon_rows = [t("send_msg_soon_row", lang, id=r["problem_id"], point=r["point_name"], category=cat(r["category"]),
                   deadline=day(r["deadline"])) for r in soon.to_dict("records")]
    head = [f"### {t('pm_rem_title', lang, date=today.isoformat())} · {unit_name}"]
    if illustrative:
        head.append(t("pm_illustrative", lang))
    head.append(t("send_msg_overdue_head", lang, end=yesterday.isoformat(), n=len(over_rows)))
    budget = dispatch.MAX_BYTES
    lines = dispatch._lines_within(head, over_rows or [t("prob_nt_none", lang)], "prob_nt_more", lang, budget * 3 // 4)
    used = sum(len(x.encode("utf-8")) + 1 for x in lines)
    soon_head = ["", t("send_msg_soon_head", lang, start=today.isoformat(),
                       end=(today + dt.timedelta(days=SOON_DAYS)).isoformat(), n=len(soon_rows))]
    lines += dispatch._lines_within(soon_head, soon_rows or [t("prob_nt_none", lang)], "prob_nt_more", lang,
                                    budget - used - 200)
    lines += ["", t("pm_rem_footer", lang)]
    return "\n".join(lines)


@dataclass
class Reminders:
    rows: pd.DataFrame                  # `reminders` of the area
    names: dict                         # unit_code -> catalog row (name_zh / name_en)
    robots: dict                        # unit_code -> robot URL (units that have one)
    texts: dict                         # unit_code -> markdown message (every unit with rows)


def gather_reminders(con, area: str, today: dt.date, lang: str = "zh") -> Reminders:
    """The area's problems (a city: its districts'), selected on `today`, one message per unit."""
    from cocreate.store import db
    df = gather.problems(con, area)
    lv = gather.levels(con)
    rows = reminders(df, today, lv)
    names = gather.unit_names(con, area)
    robots = {}
    if "unit_robots" in db.table_names(con):
        robots = {str(r["unit_code"]): str(r["robot_url"]) for r in db.run(con, "unit_robots", area=area).to_dict("records")}
    cats = gather.catalog_names(con, "category")
    level_names = {r["code"]: pick(r, "name", lang) for r in lv.to_dict("records")}
    illustrative = bool(df["illustrative"].any()) if len(df) else False
    texts = {}
    for code, mine in rows.groupby("unit_code", sort=True):
        name = pick(names[code], "name", lang) if code in names else code
        texts[code] = unit_text(name, mine, today, cats, level_names, lang, illustrative)
    return Reminders(rows, names, robots, texts)


def messages(got: Reminders, lang: str) -> list:
    """A dispatch.UnitMessage for each unit with something to remind of AND a robot URL."""
    out = []
    for code, text in got.texts.items():
        if code not in got.robots:
            continue
        mine = got.rows[got.rows["unit_code"] == code]
        name = pick(got.names[code], "name", lang) if code in got.names else code
        out.append(dispatch.UnitMessage(code, name, got.robots[code], text,
                                        mine.loc[mine["kind"] == "overdue", "problem_id"].tolist(),
                                        mine.loc[mine["kind"] == "soon", "problem_id"].tolist()))
    return out
