"""The campaign timeline: derived task states, stages and their readiness, the next inspection.

People record not_started / in_progress / done; "overdue" is never stored: a task not done whose
due date lies before the as-of date is overdue. Every state is the task's state ON the as-of date
(the product's one date, the sidebar's): a task closed after it was still open then. Pure
functions over DataFrames.
"""
from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd

from cocreate.intake.reading import to_date as _date

TASK_STATUSES = ("not_started", "in_progress", "done")
STATES = ("overdue", "in_progress", "not_started", "done")   # display order: worst first
READY_STATUSES = frozenset({"met", "on_track"})
STAGE_CODES = ("startup", "implementation", "self_inspection", "inspection_prep")
_CODE_SPLIT = re.compile(r"[;；,，、\s]+")


def split_codes(value) -> list[str]:
    """Linked indicator codes from '; '-, comma- or 、-separated text (empty -> [])."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return []
    return [c for c in _CODE_SPLIT.split(str(value).strip()) if c]


# --------------------------------------------------------------------------- derived status

def derive_status(tasks: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Add `state` (overdue | in_progress | not_started | done), `is_overdue`, `days_left`
    (due date minus as-of, negative when past) and `days_overdue` (0 unless overdue), all ON the
    as-of date.

    Done = recorded done and closed on or before the as-of date (a done task without a closing
    date counts as closed). A task closed after the as-of date was open then: it counts as
    in_progress (the record keeps its closing, not the day work began). Overdue = not done on the
    as-of date and due before it (a task due that day is not late).
    """
    out = tasks.copy()
    as_of = _date(as_of)
    due = [_date(d) for d in out["due_date"]]
    closed = [_date(d) for d in out["closed_date"]] if "closed_date" in out.columns else [None] * len(out)
    status = out["status"].astype("string").fillna("not_started").tolist()
    status = ["in_progress" if s == "done" and c is not None and c > as_of else s for s, c in zip(status, closed)]
    overdue = [s != "done" and d is not None and d < as_of for s, d in zip(status, due)]
    out["is_overdue"] = overdue
    out["state"] = ["overdue" if o else s for o, s in zip(overdue, status)]
    out["days_left"] = [None if d is None else (d - as_of).days for d in due]
    out["days_overdue"] = [(as_of - d).days if o else 0 for o, d in zip(overdue, due)]
    return out


def state_counts(tasks: pd.DataFrame) -> dict:
    """How many tasks in each derived state (tasks from derive_status)."""
    counts = tasks["state"].value_counts().to_dict() if len(tasks) else {}
    return {s: int(counts.get(s, 0)) for s in STATES}


def filter_tasks(tasks: pd.DataFrame, *, departments=None, titles=None, states=None,
                 due_within_days: int | None = None, as_of: dt.date | None = None) -> pd.DataFrame:
    """The board's filters. `due_within_days`: open tasks due by as_of + N days (overdue included)."""
    m = pd.Series(True, index=tasks.index)
    if departments:
        m &= tasks["department_code"].isin(list(departments))
    if titles:
        m &= tasks["title_code"].isin(list(titles))
    if states:
        m &= tasks["state"].isin(list(states))
    if due_within_days is not None and as_of is not None:
        limit = _date(as_of) + dt.timedelta(days=int(due_within_days))
        done = tasks["state"] if "state" in tasks.columns else tasks["status"]   # done ON the as-of date
        m &= pd.Series([s != "done" and _date(d) <= limit for s, d in zip(done, tasks["due_date"])],
                       index=tasks.index)
    return tasks[m]


# --------------------------------------------------------------------------- stages

def stage_phase(start, end, as_of) -> str:
    """past | current | future, against the as-of date."""
    start, end, as_of = _date(start), _date(end), _date(as_of)
    if as_of > end:
        return "past"
    if as_of < start:
        return "future"
    return "current"


def current_stage(stages: pd.DataFrame, as_of) -> dict | None:
    """The stage row containing as_of (None before the start or after the end)."""
    for r in stages.sort_values("stage_no").to_dict("records"):
        if stage_phase(r["start_date"], r["end_date"], as_of) == "current":
            return r
    return None


def stage_readiness(stages: pd.DataFrame, tasks: pd.DataFrame, rated: pd.DataFrame, as_of) -> pd.DataFrame:
    """One row per stage of ONE campaign (title x city).

    `stages`: its four stage rows; `tasks`: the campaign's tasks (derive_status columns optional);
    `rated`: rated rows of the title for the city (column `indicator_code`, `status`).
    Tasks due in a stage: start_date <= due_date <= end_date. Its indicators: the distinct linked
    indicators of those tasks that belong to the title (rated); ready = met or on_track;
    share_ready = n_ready / n_indicators (NaN when the stage's tasks link no indicator).
    """
    as_of = _date(as_of)
    if "state" not in tasks.columns:
        tasks = derive_status(tasks, as_of) if len(tasks) else tasks.assign(state=[], is_overdue=[])
    status_of = {}
    for r in rated.to_dict("records"):
        status_of.setdefault(r["indicator_code"], r["status"])
    rows = []
    for s in stages.sort_values("stage_no").to_dict("records"):
        start, end = _date(s["start_date"]), _date(s["end_date"])
        due = [_date(d) for d in tasks["due_date"]] if len(tasks) else []
        mask = [d is not None and start <= d <= end for d in due]
        in_stage = tasks[pd.Series(mask, index=tasks.index, dtype=bool)] if len(tasks) else tasks
        codes = sorted({c for v in in_stage.get("indicator_codes", pd.Series(dtype=object))
                        for c in split_codes(v) if c in status_of})
        n_ready = sum(1 for c in codes if status_of[c] in READY_STATUSES)
        rows.append({
            "stage_no": int(s["stage_no"]), "stage_code": s["stage_code"],
            "name_zh": s["name_zh"], "name_en": s["name_en"], "start_date": start, "end_date": end,
            "phase": stage_phase(start, end, as_of),
            "n_tasks": int(len(in_stage)),
            "n_done": int((in_stage["state"] == "done").sum()) if len(in_stage) else 0,
            "n_overdue": int((in_stage["state"] == "overdue").sum()) if len(in_stage) else 0,
            "n_indicators": len(codes), "n_ready": n_ready,
            "share_ready": (n_ready / len(codes)) if codes else float("nan"),
            "indicator_codes": ";".join(codes),
        })
    return pd.DataFrame(rows)


def title_readiness(rated: pd.DataFrame) -> tuple[int, int]:
    """(indicators met or on track, indicators rated) for one title's rated rows."""
    if not len(rated):
        return 0, 0
    return int(rated["status"].isin(READY_STATUSES).sum()), int(len(rated))


def next_inspection(milestones: pd.DataFrame, as_of, codes=("national_inspection",)) -> dict | None:
    """The first milestone of the given kinds on or after as_of (with `days` to go), or None."""
    as_of = _date(as_of)
    m = milestones[milestones["milestone_code"].isin(codes)] if len(milestones) else milestones
    upcoming = [r for r in m.to_dict("records") if _date(r["date"]) >= as_of]
    if not upcoming:
        return None
    r = min(upcoming, key=lambda x: (_date(x["date"]), x.get("title_sort") or 0))
    return {**r, "days": (_date(r["date"]) - as_of).days}
