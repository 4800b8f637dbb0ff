"""What the weekly notice says, read from the store: summary figures, the ranked units with
their trend, red and black lists, escalated overdue problems, indicators whose status changed
since the last notice, and campaign tasks overdue. Frames with names in the notice's language."""
from __future__ import annotations

import io
from dataclasses import dataclass, field

import pandas as pd
from PIL import Image

from cocreate.campaign import task_flags, timeline
from cocreate.errors import CocreateError
from cocreate.campaign.timeline import derive_status
from cocreate.method.progress import title_progress
from cocreate.store import db
from cocreate.present.i18n import pick, status_word

from . import gather, notice_parts, report, store
from .periods import Period

MAX_ROWS = 20   # longer lists are cut in the document ("and N more: see the dashboard")


@dataclass
class NoticeData:
    area_code: str
    city_row: dict
    period: Period
    illustrative: bool
    summary: dict
    ranking: pd.DataFrame
    red: list
    black: list
    escalated: pd.DataFrame
    thresholds: dict
    indicator_changes: pd.DataFrame
    tasks_overdue: pd.DataFrame
    extra: dict = field(default_factory=dict)   # rows cut from long tables, by table
    list_places: int = 3                         # places on each list (report.list_size); ties add units
    tasks_closed_unmet: pd.DataFrame = field(default_factory=pd.DataFrame)   # task_id, task, indicators
    # issue 22's parts (notice_parts): catalog settings, scope, rankings by kind, main problems,
    # follow-up of the last notice's overdue list, units summoned, the attachment by point
    settings: dict = field(default_factory=dict)     # notice_settings row of the city ({} when not set)
    scope: dict = field(default_factory=dict)
    groups: list = field(default_factory=list)       # [{kind, ranking (with unit_name), k, red, black}]
    categories: pd.DataFrame = field(default_factory=pd.DataFrame)
    follow_up: pd.DataFrame = field(default_factory=pd.DataFrame)
    summoned: pd.DataFrame = field(default_factory=pd.DataFrame)   # unit, problems, longest
    attachment: pd.DataFrame = field(default_factory=pd.DataFrame)


def _name(names: dict, code: str, lang: str) -> str:
    row = names.get(code)
    return pick(row, "name", lang) if row else str(code)


def indicator_changes(con, city: str, period: Period, lang: str) -> pd.DataFrame:
    """Indicators of the city whose status at the period's end differs from the last period's end."""
    now = title_progress(con, city, None, period.end)
    before = title_progress(con, city, None, period.previous().end)
    keys = ["title_code", "indicator_code", "area_code"]
    m = now.merge(before[keys + ["status"]], on=keys, suffixes=("", "_before"))
    m = m[(m["area_code"] == city) & (m["status"] != m["status_before"])]
    return pd.DataFrame({
        "title": [pick(r, "title_short", lang) for r in m.to_dict("records")],
        "indicator": [pick(r, "indicator_name", lang) for r in m.to_dict("records")],
        "before": [status_word(s, lang) for s in m["status_before"]],
        "after": [status_word(s, lang) for s in m["status"]],
    })


def tasks_overdue(con, city: str, as_of, lang: str) -> pd.DataFrame:
    """Campaign tasks overdue on `as_of` by the task board's rule (timeline.derive_status: not
    closed by that date, due before it), longest overdue first."""
    tasks = db.run(con, "task_board", area=city)
    states = derive_status(tasks, pd.Timestamp(as_of).date()) if len(tasks) else tasks.assign(is_overdue=[])
    late = states[states["is_overdue"].astype(bool)].copy()
    late = late.sort_values("days_overdue", ascending=False, kind="stable")
    return pd.DataFrame({
        "task": [pick(r, "task", lang) for r in late.to_dict("records")],
        "department": [pick(r, "department_name", lang) for r in late.to_dict("records")],
        "due_date": pd.to_datetime(late["due_date"]).dt.date.astype(str).tolist(),
        "days_overdue": late["days_overdue"].astype(int).tolist(),
    })


def tasks_closed_unmet(con, city: str, as_of, lang: str) -> pd.DataFrame:
    """Campaign tasks closed by `as_of` while an indicator they name is still not met on that date
    (cocreate.campaign.task_flags on the rated statuses of the same date): task_id, task, indicators."""
    tasks = timeline.derive_status(db.run(con, "task_board", area=city), as_of)
    rated = title_progress(con, city, None, as_of)
    links = task_flags.closed_unmet_links(tasks, rated[rated["area_code"] == city])
    by_task = tasks.set_index("task_id")
    names = rated.drop_duplicates("indicator_code").set_index("indicator_code")
    sep = "、" if lang == "zh" else ", "
    rows = [{"task_id": tid, "task": pick(by_task.loc[tid].to_dict(), "task", lang),
             "indicators": sep.join(pick(names.loc[code].to_dict(), "indicator_name", lang) for code in g["indicator_code"])}
            for tid, g in links.groupby("task_id", sort=False)]
    return pd.DataFrame(rows, columns=["task_id", "task", "indicators"])


def english_names(con, area: str) -> dict:
    """point code -> the point ledger's English name, for the points of `area` that have one."""
    pts = db.run(con, "problems_points", area=area)
    return {c: n.strip() for c, n in zip(pts["code"], pts["name_en"]) if isinstance(n, str) and n.strip()}


def english_point_names(con, area: str, df: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The problems with each point named as the English notice names it: the point ledger's English
    name (inspection_points.name_en) where it has one, else the name as registered (Chinese); and how
    many of their points keep a registered name (the notice then says so)."""
    english = english_names(con, area)
    named = [english.get(c, n) for c, n in zip(df["point_code"], df["point_name"])]
    registered = {c for c in df["point_code"] if isinstance(c, str) and c not in english}
    return df.assign(point_name=named), len(registered)


def gather_notice(con, area: str, period: Period, lang: str = "zh") -> NoticeData:
    area_row = gather.check_area(con, area)
    city = area_row["parent_code"] if isinstance(area_row.get("parent_code"), str) and area_row["parent_code"] else area
    areas = db.run(con, "areas")
    city_row = areas[areas["code"] == city].iloc[0].to_dict()
    df = gather.problems(con, area)
    registered = 0
    if lang == "en":
        df, registered = english_point_names(con, area, df)
    names = gather.unit_names(con, area)
    rep = report.rounded(gather.unit_report(con, area, period, frame=df))
    lv = gather.levels(con)
    esc = report.escalation(df, period.end, lv)
    esc_shown = esc[esc["level"] != ""]
    level_names = {r["code"]: pick(r, "name", lang) for r in lv.to_dict("records")}
    cats = gather.catalog_names(con, "category")
    thresholds = dict(zip(lv["code"], lv["days_overdue"].astype(int)))
    ranked = rep[rep["rank"].notna()]
    # every unit's row: an unranked unit (nothing due) has nothing due, put right or overdue either
    summary = {k: int(rep[k].sum()) for k in ("found", "due", "rectified", "rectified_on_time", "overdue_open")}
    summary["supervision"] = int((esc["level"] == "supervision").sum())
    summary["talk"] = int((esc["level"] == "talk").sum())
    ranking = rep.assign(unit_name=[_name(names, u, lang) for u in rep["unit_code"]])
    escalated = pd.DataFrame({
        "problem_id": esc_shown["problem_id"].tolist(),
        "unit": [_name(names, u, lang) for u in esc_shown["unit_code"]],
        "point": esc_shown["point_name"].tolist(),
        "category": [pick(cats[c], "name", lang) if c in cats else c for c in esc_shown["category"]],
        "deadline": esc_shown["deadline"].dt.date.astype(str).tolist(),
        "days_overdue": esc_shown["days_overdue"].tolist(),
        "level": [level_names.get(x, x) for x in esc_shown["level"]],
    })
    changes = indicator_changes(con, city, period, lang)
    tasks = tasks_overdue(con, city, period.end, lang)
    extra = {"escalated": max(0, len(escalated) - MAX_ROWS), "changes": max(0, len(changes) - MAX_ROWS),
             "tasks": max(0, len(tasks) - MAX_ROWS)}
    data = NoticeData(
        area_code=area, city_row=city_row, period=period,
        illustrative=bool(df["illustrative"].any()) if len(df) else False,
        summary=summary, ranking=ranking,
        red=ranking.loc[ranking["list"] == "red", "unit_name"].tolist(),
        black=ranking.loc[ranking["list"] == "black", "unit_name"].tolist(),
        escalated=escalated.head(MAX_ROWS), thresholds=thresholds,
        indicator_changes=changes.head(MAX_ROWS), tasks_overdue=tasks.head(MAX_ROWS), extra=extra,
        list_places=report.list_size(len(ranked)))
    data.extra["points_as_registered"] = registered
    data.tasks_closed_unmet = tasks_closed_unmet(con, city, period.end, lang)
    add_parts(con, data, df, esc, lv, names, cats, lang)
    return data


def add_parts(con, data: NoticeData, df: pd.DataFrame, esc: pd.DataFrame, lv: pd.DataFrame, names: dict,
              cats: dict, lang: str) -> None:
    """Fill issue 22's parts of the notice (notice_parts), names in the notice's language."""
    period = data.period
    settings = db.run(con, "notice_settings", area=data.area_code)
    data.settings = settings.iloc[0].to_dict() if len(settings) else {}
    data.scope = notice_parts.scope(df, period)
    kinds = {code: r["unit_kind"] for code, r in names.items()}
    prev = period.previous()
    groups = notice_parts.group_rankings(report.unit_report(df, period.start, period.end),
                                         report.unit_report(df, prev.start, prev.end), kinds)
    for g in groups:
        r = g["ranking"].assign(unit_name=[_name(names, u, lang) for u in g["ranking"]["unit_code"]])
        g.update(ranking=r, red=r.loc[r["list"] == "red", "unit_name"].tolist(),
                 black=r.loc[r["list"] == "black", "unit_name"].tolist())
    data.groups = groups
    cat = notice_parts.by_category(df, period)
    data.categories = cat.assign(name=[pick(cats[c], "name", lang) if c in cats else c for c in cat["category"]])
    level_names = {r["code"]: pick(r, "name", lang) for r in lv.to_dict("records")}
    fu = notice_parts.follow_up(df, period, lv)
    data.follow_up = fu.assign(unit=[_name(names, u, lang) for u in fu["unit_code"]],
                               category_name=[pick(cats[c], "name", lang) if c in cats else c for c in fu["category"]],
                               level_name=[level_names.get(x, x) for x in fu["level_before"]])
    sm = notice_parts.summoned(esc)
    data.summoned = sm.assign(unit=[_name(names, u, lang) for u in sm["unit_code"]])
    types = gather.catalog_names(con, "point_type")
    att = notice_parts.attachment(df, period)
    data.attachment = att.assign(
        unit=[_name(names, u, lang) for u in att["unit_code"]],
        type_name=[pick(types[c], "name", lang) if c in types else c for c in att["point_type"]],
        category_name=[pick(cats[c], "name", lang) if c in cats else c for c in att["category"]],
        thumb=[found_thumbnail(con, pid) for pid in att["problem_id"]])


def found_thumbnail(con, problem_id: str, px: int = 240) -> bytes | None:
    """A small PNG of the first photo kept of the problem as found (problem_photos kind 'found'),
    or None: no such photo, or its file is missing or unreadable (the notice still goes out)."""
    photos = db.run(con, "problems_photos", problem=problem_id)
    found = photos[photos["kind"] == "found"]
    if found.empty:
        return None
    try:
        data = store.read_photo(con, found.iloc[0]["stored_name"])
        with Image.open(io.BytesIO(data)) as im:
            im = im.convert("RGB")
            im.thumbnail((px, px))
            buf = io.BytesIO()
            im.save(buf, format="PNG")
        return buf.getvalue()
    except (CocreateError, OSError, ValueError):
        return None
