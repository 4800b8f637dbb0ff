"""The task board's writes: tasks saved from a file or the in-app editor, and checklist closing
(销号). Each write is one transaction, bumps the data version and records who and when in
task_history. The rows come checked by cocreate.intake.tasks.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from cocreate.clock import china_now
from cocreate.store import db
from cocreate.errors import CocreateError, PermissionDenied
from cocreate.intake.reading import parse_date
from cocreate.intake.reading import to_date as _date
from cocreate.intake.tasks import MAX_TEXT, TASK_COLUMNS, TaskRefs, _blank, _text


# --------------------------------------------------------------------------- writes

@dataclass
class TaskChangeResult:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    ids: list = field(default_factory=list)


_COMPARE = ("title_code", "department_code", "leader_zh", "leader_en", "task_zh", "task_en", "responsible_zh",
            "responsible_en", "due_date", "status", "indicator_codes", "closed_date", "evidence_zh", "evidence_en")


def _same(a, b) -> bool:
    if _blank(a) and _blank(b):
        return True
    if _blank(a) or _blank(b):
        return False
    if isinstance(a, (dt.date, pd.Timestamp)) or isinstance(b, (dt.date, pd.Timestamp)):
        return _date(a) == _date(b)
    return str(a).strip() == str(b).strip()


same_value = _same


def _now() -> dt.datetime:
    return china_now()


def _next_ids(con, clean: pd.DataFrame, existing: dict) -> list[str]:
    """Ids for rows without one: <city>-<title>-NNN, the next free number per campaign."""
    taken = set(existing) | {x for x in clean["task_id"] if not _blank(x)}
    ids = []
    for r in clean.to_dict("records"):
        if not _blank(r["task_id"]):
            ids.append(r["task_id"])
            continue
        n = 1
        while f"{r['area_code']}-{r['title_code']}-{n:03d}" in taken:
            n += 1
        new = f"{r['area_code']}-{r['title_code']}-{n:03d}"
        taken.add(new)
        ids.append(new)
    return ids


def apply_tasks(con, clean: pd.DataFrame, refs: TaskRefs, user: str | None, action: str = "import",
                note: str | None = None, columns: set | None = None) -> TaskChangeResult:
    """Insert new tasks and update changed ones in ONE transaction, a history row per change.
    `clean` comes from validate_tasks. Unchanged rows write nothing. `columns`: the columns the
    file had; an existing task keeps its stored value of any column the file lacks (a file with
    Chinese columns only does not erase the English text). A task no longer done loses its
    closing date."""
    res = TaskChangeResult()
    if not len(clean):
        return res
    clean = clean.copy()
    clean["task_id"] = _next_ids(con, clean, refs.existing)
    now = _now()
    with db.transaction(con, "task_write_failed") as cur:
        for r in clean.to_dict("records"):
            old = refs.existing.get(r["task_id"])
            values = [None if _blank(r[c]) else r[c] for c in _COMPARE]   # NaN never reaches the store
            if old is not None and columns is not None:
                keep = [c for c in _COMPARE if c in columns or (c == "closed_date" and r["status"] != "done")]
                r = {**r, **{c: old.get(c) for c in _COMPARE if c not in keep}}
                values = [None if _blank(r[c]) else r[c] for c in _COMPARE]
            if old is None:
                cur.execute(
                    "INSERT INTO tasks (task_id, area_code, " + ", ".join(_COMPARE) + ", source, updated_at, updated_by) "
                    "VALUES (?, ?, " + ", ".join("?" for _ in _COMPARE) + ", ?, ?, ?)",
                    [r["task_id"], r["area_code"], *values, "app", now, user])
                cur.execute("INSERT INTO task_history VALUES (?, ?, ?, 'create', NULL, ?, ?)",
                            [r["task_id"], now, user, r["status"], note])
                res.inserted += 1
            elif all(_same(r[c], old.get(c)) for c in _COMPARE):
                res.unchanged += 1
                continue
            else:
                changed = [c for c in _COMPARE if not _same(r[c], old.get(c))]
                cur.execute(
                    "UPDATE tasks SET area_code = ?, " + ", ".join(f"{c} = ?" for c in _COMPARE)
                    + ", updated_at = ?, updated_by = ? WHERE task_id = ?",
                    [r["area_code"], *values, now, user, r["task_id"]])
                hist_action = "close" if r["status"] == "done" and old.get("status") != "done" else action
                text = "; ".join(x for x in (note, "fields: " + ", ".join(changed)) if x)
                cur.execute("INSERT INTO task_history VALUES (?, ?, ?, ?, ?, ?, ?)",
                            [r["task_id"], now, user, hist_action, old.get("status"), r["status"], text])
                res.updated += 1
            res.ids.append(r["task_id"])
        if res.inserted or res.updated:
            db.bump_data_version(cur)
    return res


_CLOSE_ZH = ("UPDATE tasks SET status = 'done', closed_date = ?, evidence_zh = ?, updated_at = ?, updated_by = ? "
             "WHERE task_id = ?")
_CLOSE_EN = ("UPDATE tasks SET status = 'done', closed_date = ?, evidence_en = ?, updated_at = ?, updated_by = ? "
             "WHERE task_id = ?")


def close_task(con, task_id: str, closed_date, evidence: str, user: str | None = None, note: str | None = None,
               today: dt.date | None = None, lang_field: str = "zh", allowed_areas: set | None = None) -> None:
    """Checklist closing (销号): status -> done with a closing date and an evidence note, and a
    task_history row (who, when, old/new status, note). One transaction."""
    today = today or _now().date()
    task = db.run(con, "task_board", area=None)
    task = task[task["task_id"] == task_id]
    if not len(task):
        raise CocreateError("task_unknown", task_id, code=task_id)
    old = task.iloc[0].to_dict()
    if allowed_areas is not None and old["area_code"] not in allowed_areas:
        raise PermissionDenied("task_area_not_allowed", task_id, area=old["area_code"])
    if old["status"] == "done":
        raise CocreateError("task_already_done", task_id, code=task_id)
    closed = parse_date(closed_date)
    if closed is None:
        raise CocreateError("task_bad_date", str(closed_date), text=str(closed_date))
    if closed > today:
        raise CocreateError("task_closed_future", str(closed), text=closed.isoformat(), today=today.isoformat())
    evidence = _text(evidence)
    if evidence is None:
        raise CocreateError("task_done_needs_evidence", task_id)
    if len(evidence) > MAX_TEXT:
        raise CocreateError("task_text_too_long", task_id, n=MAX_TEXT)
    statement = _CLOSE_EN if lang_field == "en" else _CLOSE_ZH
    now = _now()
    with db.transaction(con, "task_write_failed") as cur:
        cur.execute(statement, [closed, evidence, now, user, task_id])
        cur.execute("INSERT INTO task_history VALUES (?, ?, ?, 'close', ?, 'done', ?)",
                    [task_id, now, user, old["status"], _text(note) or evidence])
        db.bump_data_version(cur)


# --------------------------------------------------------------------------- the in-app editor

def editor_columns(lang: str) -> list[str]:
    """Columns of the task editor: codes, dates and the text fields of the user's language."""
    return ["task_id", "status", "due_date", "department_code", "title_code", f"task_{lang}", f"leader_{lang}",
            f"responsible_{lang}", "indicator_codes", "closed_date", f"evidence_{lang}"]


def editor_changes(base: pd.DataFrame, edited: pd.DataFrame, tasks: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Rows of st.data_editor's result that differ from what it was given (`base`, same order) or
    were added, as raw task rows for validate_tasks: the other language's text is carried over from
    the stored task, and `line` is the row's position in the editor (1 = first row)."""
    cols = editor_columns(lang)
    other = "en" if lang == "zh" else "zh"
    stored = tasks.set_index("task_id") if len(tasks) else None
    rows = []
    for pos, r in enumerate(edited.to_dict("records")):
        if pos < len(base) and all(_same(r.get(k), base.iloc[pos][k]) for k in cols):
            continue
        tid = r.get("task_id")
        for part in ("leader", "task", "responsible", "evidence"):
            known = stored is not None and not _blank(tid) and tid in stored.index
            r[f"{part}_{other}"] = stored.at[tid, f"{part}_{other}"] if known else None
        r["line"] = pos + 1
        rows.append(r)
    return pd.DataFrame(rows, columns=["line", *TASK_COLUMNS])
