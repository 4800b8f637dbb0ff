"""The task-list upload (five fixes: department, leader, task, due date, responsibility): its
columns and row rules on top of the shared reading (cocreate.intake.reading).

`validate_tasks(raw, refs, today)` checks every row of a file or of the in-app editor; a bad row
is reported with its line, column and reason; `import_tasks` refuses the whole file on any bad
row, else writes it through cocreate.campaign.board.apply_tasks in one transaction.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from cocreate.store import db
from cocreate.errors import ImportRejected
from cocreate.intake.reading import Column, Layout, Problem, parse_date, read_rows, read_table
from cocreate.intake.reading import norm_header as _norm
from cocreate.intake.reading import to_date as _date
from cocreate.campaign.timeline import split_codes

MAX_TEXT = 500


class TaskImportRejected(ImportRejected):
    """A task file (or an edit) was refused whole; `problems` are Problem rows."""


TaskProblem = Problem   # one refusal reason of a task file or of the editor

LAYOUT = Layout("tasks", (
    Column("task_id", "任务编号", ('id', '编号')),
    Column("title_code", "称号代码", ('title', '称号'), required=True),
    Column("department_code", "部门代码", ('department', 'dept', '责任部门代码', '责任部门', '部门'), required=True),
    Column("leader_zh", "牵头领导", ('leader', '分管领导', '领导'), fold=False),
    Column("leader_en", "牵头领导（英文）", ('领导（英文）',), fold=False),
    Column("task_zh", "任务", ('task', '任务内容', '工作任务'), fold=False),
    Column("task_en", "任务（英文）", ('任务内容（英文）',), fold=False),
    Column("responsible_zh", "责任人", ('responsible', 'responsibility', '责任', '责任落实'), fold=False),
    Column("responsible_en", "责任人（英文）", ('责任（英文）',), fold=False),
    Column("due_date", "完成时限", ('due', 'deadline', '完成时间', '截止日期', '时限', '进度'), required=True),
    Column("status", "状态", ('进展', '完成情况'), required=True),
    Column("indicator_codes", "关联指标", ('indicators', 'indicator_code', '指标代码', '指标')),
    Column("closed_date", "销号日期", ('closed', '完成日期')),
    Column("evidence_zh", "佐证材料", ('evidence', '销号佐证', '佐证'), fold=False),
    Column("evidence_en", "佐证材料（英文）", ('佐证（英文）',), fold=False),
    Column("area_code", "城市代码", ('city_code', '地区代码')),
), one_of=(("task_zh", "task_en"),), letters=False, rejected=TaskImportRejected,
   key_empty="task_file_empty", key_duplicate_column="task_duplicate_column",
   key_missing_columns="task_missing_columns")
# Canonical task columns of the import/export format, in file order (area_code is read, not exported).
TASK_COLUMNS = tuple(c.name for c in LAYOUT.columns if c.name != "area_code")
REQUIRED_COLUMNS = tuple(c.name for c in LAYOUT.columns if c.required)
HEADER_ZH = LAYOUT.zh_names
STATUS_WORDS = {
    "not_started": ("not_started", "not started", "未开始", "未启动", "待启动"),
    "in_progress": ("in_progress", "in progress", "ongoing", "推进中", "进行中", "正在推进", "实施中"),
    "done": ("done", "closed", "complete", "completed", "已完成", "完成", "已销号", "销号"),
}
OVERDUE_WORDS = ("overdue", "逾期", "已逾期", "超期")
_TASK_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-.]{0,39}$")
_STATUS_ALIAS = {_norm(w): canon for canon, words in STATUS_WORDS.items() for w in words}


def read_task_rows(data: bytes, file_name: str) -> list[list[str]]:
    """Rows of a CSV (UTF-8, UTF-8 BOM, GBK/GB18030) or XLSX file as text, header first."""
    return read_rows(data, file_name)


def rows_to_frame(rows: list[list[str]]) -> tuple[pd.DataFrame, dict]:
    """Map Chinese or English headers to canonical columns; a `line` column keeps Excel's line."""
    from cocreate.intake.reading import map_rows
    table = map_rows(rows, LAYOUT)
    return table.with_line(), table.headers


# --------------------------------------------------------------------------- validation

@dataclass
class TaskRefs:
    """What a task row is checked against: departments (code -> row), indicator codes, titles,
    campaign windows ((title, city) -> (start, deadline)), existing tasks (id -> row)."""
    departments: dict
    indicators: set
    titles: set
    windows: dict
    existing: dict
    allowed_areas: set | None = None     # None = any city (admin / no login module)


def load_refs(con, allowed_areas: set | None = None) -> TaskRefs:
    """Reference data for validation, read through the named queries."""
    deps = db.run(con, "department_list", area=None)
    inds = db.run(con, "indicators")
    titles = db.run(con, "titles")
    wins = db.run(con, "task_campaign_windows")
    tasks = db.run(con, "task_board", area=None)
    return TaskRefs(
        departments={r["code"]: r for r in deps.to_dict("records")},
        indicators=set(inds["code"]),
        titles=set(titles["code"]),
        windows={(r["title_code"], r["area_code"]): (_date(r["campaign_start"]), _date(r["deadline"]))
                 for r in wins.to_dict("records")},
        existing={r["task_id"]: r for r in tasks.to_dict("records")},
        allowed_areas=allowed_areas,
    )


def _blank(v) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    try:
        if pd.isna(v):
            return True
    except (TypeError, ValueError):
        pass
    return str(v).strip() == ""


def _text(v) -> str | None:
    """Free text as written (Chinese punctuation kept), trimmed but a leading tab or CR kept as typed
    (cocreate/intake/columns.trim_free); None when blank."""
    from cocreate.intake.columns import trim_free
    return None if _blank(v) else trim_free(str(v))


_CODE_COLUMNS = ("task_id", "title_code", "department_code", "due_date", "status", "indicator_codes", "closed_date")


def _code(v) -> str | None:
    """A code, date or status word: full-width forms folded (NFKC), stripped; None when blank."""
    from cocreate.intake.columns import fold_text
    return None if _blank(v) else fold_text(str(v)).strip()


def validate_tasks(raw: pd.DataFrame, refs: TaskRefs, today: dt.date, headers: dict | None = None
                   ) -> tuple[pd.DataFrame, list[TaskProblem]]:
    """Check every row; return (clean rows with typed values and `area_code`, problems).

    `raw` has the canonical columns (text) and a `line` column. A row may leave task_id blank
    (a new task); due dates must be real dates inside the campaign's start..inspection window;
    departments, titles and indicators must be known; a done task needs a closing date (not in
    the future) and an evidence note; "overdue" cannot be typed: it is derived.
    """
    headers = headers or {}
    problems: list[TaskProblem] = []
    clean = []
    seen_ids: dict[str, int] = {}

    def bad(line, col, key, **params):
        problems.append(Problem(int(line), col, key, params, headers.get(col, ""), "", HEADER_ZH.get(col, "")))

    for r in raw.to_dict("records"):
        line = r.get("line")
        n_before = len(problems)
        row = {c: (_code if c in _CODE_COLUMNS else _text)(r.get(c)) for c in TASK_COLUMNS}
        # task id
        tid = row["task_id"]
        if tid is not None:
            if not _TASK_ID.match(tid):
                bad(line, "task_id", "task_bad_id", text=tid)
            elif tid in seen_ids:
                bad(line, "task_id", "task_duplicate_id", text=tid, first=seen_ids[tid])
            else:
                seen_ids[tid] = line
        # department and its city
        dep = refs.departments.get(row["department_code"]) if row["department_code"] else None
        city = dep["area_code"] if dep else None
        if row["department_code"] is None:
            bad(line, "department_code", "task_missing", column=(HEADER_ZH["department_code"], "department_code"))
        elif dep is None:
            bad(line, "department_code", "task_unknown_department", code=row["department_code"])
        area_given = _code(r.get("area_code"))
        if dep is not None and area_given and area_given != city:
            bad(line, "area_code", "task_department_other_city", code=row["department_code"], area=area_given)
        if dep is not None and refs.allowed_areas is not None and city not in refs.allowed_areas:
            bad(line, "department_code", "task_area_not_allowed", area=city)
        if tid is not None and tid in refs.existing and city and refs.existing[tid]["area_code"] != city:
            bad(line, "task_id", "task_id_other_city", text=tid)
        # title and campaign
        title = row["title_code"]
        window = None
        if title is None:
            bad(line, "title_code", "task_missing", column=(HEADER_ZH["title_code"], "title_code"))
        elif title not in refs.titles:
            bad(line, "title_code", "task_unknown_title", code=title)
        elif city is not None:
            window = refs.windows.get((title, city))
            if window is None:
                bad(line, "title_code", "task_no_campaign", code=title, area=city)
        # task text
        if row["task_zh"] is None and row["task_en"] is None:
            bad(line, "task_zh", "task_missing", column=(HEADER_ZH["task_zh"], "task_zh"))
        for c in ("leader_zh", "leader_en", "task_zh", "task_en", "responsible_zh", "responsible_en",
                  "evidence_zh", "evidence_en"):
            if row[c] is not None and len(row[c]) > MAX_TEXT:
                bad(line, c, "task_text_too_long", n=MAX_TEXT)
        # due date
        due = None
        if row["due_date"] is None:
            bad(line, "due_date", "task_missing", column=(HEADER_ZH["due_date"], "due_date"))
        else:
            due = parse_date(row["due_date"])
            if due is None:
                bad(line, "due_date", "task_bad_date", text=row["due_date"])
            elif window is not None and not (window[0] <= due <= window[1]):
                bad(line, "due_date", "task_due_outside", text=due.isoformat(),
                    start=window[0].isoformat(), end=window[1].isoformat())
        # status
        status = None
        if row["status"] is None:
            bad(line, "status", "task_missing", column=(HEADER_ZH["status"], "status"))
        elif _norm(row["status"]) in {_norm(w) for w in OVERDUE_WORDS}:
            bad(line, "status", "task_status_overdue", text=row["status"])
        else:
            status = _STATUS_ALIAS.get(_norm(row["status"]))
            if status is None:
                bad(line, "status", "task_bad_status", text=row["status"])
        # linked indicators
        codes = split_codes(row["indicator_codes"])
        unknown = [c for c in codes if c not in refs.indicators]
        if unknown:
            bad(line, "indicator_codes", "task_unknown_indicator", code=", ".join(unknown))
        # closing
        closed = None
        if row["closed_date"] is not None:
            closed = parse_date(row["closed_date"])
            if closed is None:
                bad(line, "closed_date", "task_bad_date", text=row["closed_date"])
            elif closed > today:
                bad(line, "closed_date", "task_closed_future", text=closed.isoformat(), today=today.isoformat())
        if status == "done":
            if row["closed_date"] is None:
                bad(line, "closed_date", "task_done_needs_date")
            if row["evidence_zh"] is None and row["evidence_en"] is None:
                bad(line, "evidence_zh", "task_done_needs_evidence")
        elif status is not None and row["closed_date"] is not None:
            bad(line, "closed_date", "task_closed_not_done")
        if len(problems) == n_before:
            clean.append({**row, "task_id": tid, "area_code": city, "title_code": title, "due_date": due,
                          "status": status, "indicator_codes": ";".join(dict.fromkeys(codes)) or None,
                          "closed_date": closed, "line": int(line)})
    cols = ["line", *TASK_COLUMNS, "area_code"]
    return pd.DataFrame(clean, columns=cols), problems



def import_tasks(con, data: bytes, file_name: str, user: str | None = None, today: dt.date | None = None,
                 allowed_areas: set | None = None, dry_run: bool = False):
    """Import a task list (CSV/XLSX). Any bad row refuses the whole file (TaskImportRejected with
    its problems) and nothing changes; otherwise one transaction with history rows."""
    from cocreate.campaign.board import TaskChangeResult, _now, apply_tasks
    today = today or _now().date()
    table = read_table(data, file_name, LAYOUT)
    if not len(table.frame):
        raise TaskImportRejected("task_file_empty", [])
    refs = load_refs(con, allowed_areas)
    clean, problems = validate_tasks(table.with_line(), refs, today, table.headers)
    if problems:
        raise TaskImportRejected("task_import_rejected", problems, file=file_name, n=len(problems),
                                 rows=len({p.line for p in problems}))
    if dry_run:
        return TaskChangeResult(ids=list(clean["task_id"]))
    return apply_tasks(con, clean, refs, user, action="import", note=f"file {file_name}", columns=set(table.headers))
