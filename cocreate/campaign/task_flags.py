"""Tasks checked against the indicators they name: a task closed (销号) while an indicator it names
is still not met for its title and area. Pure functions over DataFrames.

"Met" is never decided here: it is the `status` column of the product's rated rows
(cocreate.method.progress.title_progress), read as of the same date as the task states. A rated
status of `met` is met; `not_applicable` is neither met nor unmet (it does not flag); every other
status (on_track, needs_acceleration, off_track, deteriorating, insufficient_data) is not met.
An indicator the task names that is not rated for the task's title and area is not judged.
"""
from __future__ import annotations

import pandas as pd

from cocreate.campaign.timeline import split_codes

CLOSED_UNMET = "closed_unmet"
NOT_JUDGED = frozenset({"met", "not_applicable"})   # statuses that never make a closed task suspect
LINK_COLUMNS = ["task_id", "title_code", "area_code", "indicator_code", "status"]


def named_by_closed(tasks: pd.DataFrame) -> set[tuple[str, str]]:
    """The (title_code, indicator_code) pairs the closed tasks name: the only rated rows
    closed_unmet_links reads (`tasks` with `state`, as there)."""
    if not len(tasks) or "state" not in tasks.columns:
        return set()
    done = tasks[tasks["state"] == "done"]
    return {(t, code) for t, v in zip(done["title_code"], done["indicator_codes"]) for code in split_codes(v)}


def closed_unmet_links(tasks: pd.DataFrame, rated: pd.DataFrame) -> pd.DataFrame:
    """One row per closed task x named indicator not met (columns LINK_COLUMNS), in task order.

    `tasks`: rows with task_id, title_code, area_code, indicator_codes and `state` (from
    timeline.derive_status at the as-of date: `done` = closed on or before that date).
    `rated`: rated rows (title_code, indicator_code, area_code, status) as of the same date.
    """
    if not len(tasks) or not len(rated) or "state" not in tasks.columns:
        return pd.DataFrame(columns=LINK_COLUMNS)
    status_of = {}
    for r in rated[["title_code", "indicator_code", "area_code", "status"]].to_dict("records"):
        status_of.setdefault((r["title_code"], str(r["area_code"]), r["indicator_code"]), r["status"])
    rows = []
    for r in tasks.to_dict("records"):
        if r["state"] != "done":
            continue
        for code in dict.fromkeys(split_codes(r.get("indicator_codes"))):
            status = status_of.get((r["title_code"], str(r["area_code"]), code))
            if status is not None and status not in NOT_JUDGED:
                rows.append({"task_id": r["task_id"], "title_code": r["title_code"], "area_code": str(r["area_code"]),
                             "indicator_code": code, "status": status})
    return pd.DataFrame(rows, columns=LINK_COLUMNS)


def flag_tasks(tasks: pd.DataFrame, rated: pd.DataFrame) -> pd.DataFrame:
    """The tasks with two more columns: `flag` (CLOSED_UNMET or "") and `unmet_codes` (the named
    indicators not met, ';'-joined, "" when none)."""
    out = tasks.copy()
    links = closed_unmet_links(tasks, rated)
    unmet = links.groupby("task_id", sort=False)["indicator_code"].agg(";".join).to_dict() if len(links) else {}
    out["unmet_codes"] = [unmet.get(tid, "") for tid in out["task_id"]] if len(out) else pd.Series(dtype=object)
    out["flag"] = [CLOSED_UNMET if u else "" for u in out["unmet_codes"]] if len(out) else pd.Series(dtype=object)
    return out


def count_flagged(tasks: pd.DataFrame) -> int:
    """How many tasks (from flag_tasks) carry the closed_unmet flag."""
    return int((tasks["flag"] == CLOSED_UNMET).sum()) if len(tasks) and "flag" in tasks.columns else 0
