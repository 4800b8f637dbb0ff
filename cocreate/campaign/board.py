"""Campaign timeline and the five-fixes task board: pure functions over DataFrames, plus the few
writes (task import, edits, closing) done in one transaction with a history row per change.

- `derive_status(tasks, as_of)`: the displayed state of each task. People record
  not_started / in_progress / done; "overdue" is never stored: a task not done whose due date
  lies before the as-of date is overdue.
- `stage_readiness(stages, tasks, rated, as_of)`: per stage of one campaign, the tasks due in it
  and the share of their linked indicators that are met or on track.
- `validate_tasks(raw, refs, today)`: every row of an import file (or of the in-app editor)
  checked; a bad row is reported with its line, column and reason (translation keys).
- `import_tasks`, `apply_tasks`, `close_task`: the writes; each is one transaction, bumps the
  data version and records who and when in task_history.
No streamlit here.
"""
from __future__ import annotations

import datetime as dt
import io
import math
import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd

from cocreate.store import db
from cocreate.errors import CocreateError, ImportRejected, PermissionDenied
from cocreate.present.i18n import pick, t

TASK_STATUSES = ("not_started", "in_progress", "done")
STATES = ("overdue", "in_progress", "not_started", "done")   # display order: worst first
READY_STATUSES = frozenset({"met", "on_track"})
STAGE_CODES = ("startup", "implementation", "self_inspection", "inspection_prep")
MAX_TEXT = 500

# Canonical task columns of the import/export format, in file order.
TASK_COLUMNS = ("task_id", "title_code", "department_code", "leader_zh", "leader_en", "task_zh", "task_en",
                "responsible_zh", "responsible_en", "due_date", "status", "indicator_codes", "closed_date",
                "evidence_zh", "evidence_en")
REQUIRED_COLUMNS = ("title_code", "department_code", "due_date", "status")
HEADER_ZH = {
    "task_id": "任务编号", "title_code": "称号代码", "department_code": "部门代码",
    "leader_zh": "牵头领导", "leader_en": "牵头领导（英文）", "task_zh": "任务", "task_en": "任务（英文）",
    "responsible_zh": "责任人", "responsible_en": "责任人（英文）", "due_date": "完成时限", "status": "状态",
    "indicator_codes": "关联指标", "closed_date": "销号日期", "evidence_zh": "佐证材料",
    "evidence_en": "佐证材料（英文）", "area_code": "城市代码",
}
HEADER_ALIASES = {
    "task_id": ("task_id", "id", "任务编号", "编号"),
    "title_code": ("title_code", "title", "称号代码", "称号"),
    "department_code": ("department_code", "department", "dept", "部门代码", "责任部门代码", "责任部门", "部门"),
    "leader_zh": ("leader_zh", "leader", "牵头领导", "分管领导", "领导"),
    "leader_en": ("leader_en", "牵头领导（英文）", "领导（英文）"),
    "task_zh": ("task_zh", "task", "任务", "任务内容", "工作任务"),
    "task_en": ("task_en", "任务（英文）", "任务内容（英文）"),
    "responsible_zh": ("responsible_zh", "responsible", "responsibility", "责任人", "责任", "责任落实"),
    "responsible_en": ("responsible_en", "责任人（英文）", "责任（英文）"),
    "due_date": ("due_date", "due", "deadline", "完成时限", "完成时间", "截止日期", "时限", "进度"),
    "status": ("status", "状态", "进展", "完成情况"),
    "indicator_codes": ("indicator_codes", "indicators", "indicator_code", "关联指标", "指标代码", "指标"),
    "closed_date": ("closed_date", "closed", "销号日期", "完成日期"),
    "evidence_zh": ("evidence_zh", "evidence", "佐证材料", "销号佐证", "佐证"),
    "evidence_en": ("evidence_en", "佐证材料（英文）", "佐证（英文）"),
    "area_code": ("area_code", "city_code", "城市代码", "地区代码"),
}
STATUS_WORDS = {
    "not_started": ("not_started", "not started", "未开始", "未启动", "待启动"),
    "in_progress": ("in_progress", "in progress", "ongoing", "推进中", "进行中", "正在推进", "实施中"),
    "done": ("done", "closed", "complete", "completed", "已完成", "完成", "已销号", "销号"),
}
OVERDUE_WORDS = ("overdue", "逾期", "已逾期", "超期")
_CODE_SPLIT = re.compile(r"[;；,，、\s]+")
_TASK_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-.]{0,39}$")


def _norm(h) -> str:
    s = unicodedata.normalize("NFKC", str(h or "")).strip().lower().lstrip("\ufeff")
    return re.sub(r"[\s_\-]+", "", s)


_ALIAS = {_norm(a): canon for canon, aliases in HEADER_ALIASES.items() for a in aliases}
_STATUS_ALIAS = {_norm(w): canon for canon, words in STATUS_WORDS.items() for w in words}


def _date(x) -> dt.date | None:
    if x is None or x is pd.NaT or (isinstance(x, float) and math.isnan(x)):
        return None
    if isinstance(x, pd.Timestamp):
        return None if pd.isna(x) else x.date()
    if isinstance(x, dt.datetime):
        return x.date()
    if isinstance(x, dt.date):
        return x
    try:
        if pd.isna(x):
            return None
    except (TypeError, ValueError):
        pass
    return dt.date.fromisoformat(str(x)[:10])


def split_codes(value) -> list[str]:
    """Linked indicator codes from '; '-, comma- or 、-separated text (empty -> [])."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return []
    return [c for c in _CODE_SPLIT.split(str(value).strip()) if c]


# --------------------------------------------------------------------------- derived status

def derive_status(tasks: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Add `state` (overdue | in_progress | not_started | done), `is_overdue`, `days_left`
    (due date minus as-of, negative when past) and `days_overdue` (0 unless overdue).

    Overdue = not done and the due date is before the as-of date (a task due today is not late).
    """
    out = tasks.copy()
    as_of = _date(as_of)
    due = [_date(d) for d in out["due_date"]]
    status = out["status"].astype("string").fillna("not_started").tolist()
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
        m &= pd.Series([s != "done" and _date(d) <= limit for s, d in zip(tasks["status"], tasks["due_date"])],
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


# --------------------------------------------------------------------------- problems

@dataclass
class TaskProblem:
    """One bad row of a task file or of the editor: line (header = 1), column, reason key."""
    line: int
    column: str
    key: str
    params: dict = field(default_factory=dict)
    header: str = ""

    def column_label(self, lang: str) -> str:
        if not self.column:
            return ""
        return self.header or (HEADER_ZH.get(self.column, self.column) if lang == "zh" else self.column)

    def text(self, lang: str) -> str:
        params = {k: (v[0] if lang == "zh" else v[1]) if isinstance(v, tuple) else v for k, v in self.params.items()}
        return t(self.key, lang, **params)

    def line_text(self, lang: str) -> str:
        col = self.column_label(lang)
        if lang == "zh":
            return f"第 {self.line} 行" + (f"，“{col}”列" if col else "") + f"：{self.text(lang)}"
        return f"Line {self.line}" + (f", column {col}" if col else "") + f": {self.text(lang)}"


def problems_frame(problems: list, lang: str) -> pd.DataFrame:
    """The refusal report as a table in the user's language."""
    return pd.DataFrame({
        t("task_col_line", lang): [p.line for p in problems],
        t("task_col_column", lang): [p.column_label(lang) for p in problems],
        t("task_col_problem", lang): [p.text(lang) for p in problems],
    })


class TaskImportRejected(ImportRejected):
    """A task file (or an edit) was refused whole; `problems` are TaskProblem rows."""


# --------------------------------------------------------------------------- reading files

def read_task_rows(data: bytes, file_name: str) -> list[list[str]]:
    """Rows of a CSV (UTF-8, UTF-8 BOM, GBK/GB18030) or XLSX file as text, header first.
    Reuses the observation importer's reader (same encodings, size limits, Excel cells)."""
    from cocreate.intake.observations import read_rows
    return read_rows(data, file_name)


def rows_to_frame(rows: list[list[str]]) -> tuple[pd.DataFrame, dict]:
    """Map Chinese or English headers to canonical columns; a `line` column keeps Excel's line."""
    if not rows or not any(str(c).strip() for c in rows[0]):
        raise TaskImportRejected("task_file_empty", [])
    header = rows[0]
    mapping: dict[str, int] = {}
    for i, h in enumerate(header):
        canon = _ALIAS.get(_norm(h))
        if canon is None:
            continue
        if canon in mapping:
            raise TaskImportRejected("task_duplicate_column", [], column=str(h).strip())
        mapping[canon] = i
    missing = [c for c in REQUIRED_COLUMNS if c not in mapping]
    if "task_zh" not in mapping and "task_en" not in mapping:
        missing.append("task_zh")
    if missing:
        raise TaskImportRejected("task_missing_columns", [],
                                 columns=", ".join(f"{c} / {HEADER_ZH[c]}" for c in missing))
    headers = {c: str(header[i]).strip().lstrip("\ufeff") for c, i in mapping.items()}
    data = {c: [] for c in (*TASK_COLUMNS, "area_code")}
    lines = []
    for n, row in enumerate(rows[1:], start=2):
        cells = {c: (str(row[i]).strip() if i < len(row) and row[i] is not None else "") for c, i in mapping.items()}
        if not any(cells.values()):
            continue
        for c in data:
            data[c].append(cells.get(c, ""))
        lines.append(n)
    frame = pd.DataFrame(data, dtype=object)
    frame.insert(0, "line", lines)
    return frame, headers


_DATE_PATTERNS = [
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]00:00(?::00)?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


def parse_date(text) -> dt.date | None:
    """A calendar date written as 2026-06-30, 2026/6/30, 2026年6月30日 or 20260630 (None if not)."""
    if isinstance(text, (dt.date, pd.Timestamp)):
        return _date(text)
    s = unicodedata.normalize("NFKC", str(text or "")).strip()
    for p in _DATE_PATTERNS:
        m = p.match(s)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    return None


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
    """Free text as written (Chinese punctuation kept), stripped; None when blank."""
    return None if _blank(v) else str(v).strip()


_CODE_COLUMNS = ("task_id", "title_code", "department_code", "due_date", "status", "indicator_codes", "closed_date")


def _code(v) -> str | None:
    """A code, date or status word: full-width forms folded (NFKC), stripped; None when blank."""
    return None if _blank(v) else unicodedata.normalize("NFKC", str(v)).strip()


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
        problems.append(TaskProblem(int(line), col, key, params, headers.get(col, "")))

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


# --------------------------------------------------------------------------- writes

@dataclass
class TaskChangeResult:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    ids: list = field(default_factory=list)

    def summary(self, lang: str) -> str:
        return t("task_saved", lang, inserted=self.inserted, updated=self.updated, unchanged=self.unchanged)


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
    from zoneinfo import ZoneInfo
    return dt.datetime.now(ZoneInfo("Asia/Shanghai")).replace(tzinfo=None)


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


def import_tasks(con, data: bytes, file_name: str, user: str | None = None, today: dt.date | None = None,
                 allowed_areas: set | None = None, dry_run: bool = False) -> TaskChangeResult:
    """Import a task list (CSV/XLSX). Any bad row refuses the whole file (TaskImportRejected with
    its problems) and nothing changes; otherwise one transaction with history rows."""
    today = today or _now().date()
    frame, headers = rows_to_frame(read_task_rows(data, file_name))
    if not len(frame):
        raise TaskImportRejected("task_file_empty", [])
    refs = load_refs(con, allowed_areas)
    clean, problems = validate_tasks(frame, refs, today, headers)
    if problems:
        raise TaskImportRejected("task_import_rejected", problems, file=file_name, n=len(problems),
                                 rows=len({p.line for p in problems}))
    if dry_run:
        return TaskChangeResult(ids=list(clean["task_id"]))
    return apply_tasks(con, clean, refs, user, action="import", note=f"file {file_name}", columns=set(headers))


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
        for field in ("leader", "task", "responsible", "evidence"):
            known = stored is not None and not _blank(tid) and tid in stored.index
            r[f"{field}_{other}"] = stored.at[tid, f"{field}_{other}"] if known else None
        r["line"] = pos + 1
        rows.append(r)
    return pd.DataFrame(rows, columns=["line", *TASK_COLUMNS])


# --------------------------------------------------------------------------- export

def export_frame(tasks: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The task list in the import format (headers in the user's language; re-importable), plus
    read-only columns (department name, derived state) that an import ignores."""
    out = pd.DataFrame({c: tasks[c] if c in tasks.columns else None for c in TASK_COLUMNS})
    for c in ("due_date", "closed_date"):
        out[c] = [d.isoformat() if (d := _date(v)) else "" for v in out[c]]
    if lang == "zh":
        words = {"not_started": "未开始", "in_progress": "推进中", "done": "已完成"}
        out["status"] = out["status"].map(lambda s: words.get(s, s))
    out["area_code"] = tasks["area_code"].values if "area_code" in tasks.columns else None
    extra = {}
    if "department_name_zh" in tasks.columns:
        extra[t("task_col_department_name", lang)] = [pick(r, "department_name", lang) for r in tasks.to_dict("records")]
    if "state" in tasks.columns:
        extra[t("task_col_state_derived", lang)] = [t(f"task_state_{s}", lang) for s in tasks["state"]]
    for k, v in extra.items():
        out[k] = v
    if lang == "zh":
        out = out.rename(columns=HEADER_ZH)
    return out.reset_index(drop=True)


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "tasks") -> bytes:
    """An .xlsx of a frame (openpyxl), codes kept as text."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        frame.astype(object).where(frame.notna(), None).to_excel(xw, index=False, sheet_name=sheet[:31])
    return buf.getvalue()


# --------------------------------------------------------------------------- display

STATE_COLOURS = {"overdue": "#D55E00", "in_progress": "#56B4E9", "not_started": "#E5E7EB", "done": "#009E73"}
STATE_INK = {"overdue": "white", "in_progress": "#111827", "not_started": "#111827", "done": "white"}
STATE_SYMBOLS = {"overdue": "⚠", "in_progress": "▶", "not_started": "○", "done": "✔"}


def state_text(row: dict, lang: str) -> str:
    """The state as symbol + word (+ how late / how long left): never colour alone."""
    s = row["state"]
    word = f"{STATE_SYMBOLS[s]} {t(f'task_state_{s}', lang)}"
    if s == "overdue":
        return f"{word} · {t('task_days_overdue', lang, n=int(row['days_overdue']))}"
    if s != "done" and row.get("days_left") is not None and not pd.isna(row.get("days_left")):
        n = int(row["days_left"])
        return f"{word} · " + (t("task_due_today", lang) if n == 0 else t("task_days_left", lang, n=n))
    return word


def task_table(tasks: pd.DataFrame, lang: str, indicator_names: dict | None = None) -> pd.DataFrame:
    """Tasks (with derive_status columns) as the board shows them: the five fixes first."""
    names = indicator_names or {}
    rows = []
    for r in tasks.to_dict("records"):
        codes = split_codes(r.get("indicator_codes"))
        rows.append({
            t("task_col_id", lang): r["task_id"],
            t("task_col_department", lang): pick(r, "department_name", lang),
            t("task_col_leader", lang): pick(r, "leader", lang),
            t("task_col_task", lang): pick(r, "task", lang),
            t("task_col_due", lang): _date(r["due_date"]),
            t("task_col_responsible", lang): pick(r, "responsible", lang),
            t("task_col_state", lang): state_text(r, lang),
            t("task_col_title", lang): pick(r, "title_short", lang),
            t("task_col_indicators", lang): "；".join(names.get(c, c) for c in codes) if lang == "zh"
            else "; ".join(names.get(c, c) for c in codes),
            t("task_col_closed", lang): _date(r.get("closed_date")),
            t("task_col_evidence", lang): pick(r, "evidence", lang),
        })
    # the state (with the word "overdue") and the due date come first, where a narrow screen still shows them
    cols = [t(k, lang) for k in ("task_col_id", "task_col_state", "task_col_due", "task_col_department",
                                  "task_col_task", "task_col_leader", "task_col_responsible", "task_col_title",
                                  "task_col_indicators", "task_col_closed", "task_col_evidence")]
    return pd.DataFrame(rows, columns=cols)


def style_states(table: pd.DataFrame, column: str, states) -> "pd.io.formats.style.Styler":
    """Colour the state cells (the word stays in the cell); overdue is red with white ink."""
    states = list(states)
    cells = [f"background-color: {STATE_COLOURS.get(s, '#FFFFFF')}; color: {STATE_INK.get(s, '#111827')}; "
             f"font-weight: {'700' if s == 'overdue' else '500'}" for s in states]

    def paint(col):
        return cells if col.name == column else [""] * len(col)

    return table.style.apply(paint, axis=0)


def department_summary(tasks: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per department: tasks, done, overdue (tasks with derive_status columns), most overdue first."""
    if not len(tasks):
        return pd.DataFrame(columns=[t("task_col_department", lang), t("task_col_n_tasks", lang),
                                     t("task_state_done", lang), t("task_state_overdue", lang)])
    g = tasks.groupby("department_code", sort=False)
    out = pd.DataFrame({
        "name": g.apply(lambda x: pick(x.iloc[0].to_dict(), "department_name", lang), include_groups=False),
        "n": g.size(), "done": g.apply(lambda x: int((x["state"] == "done").sum()), include_groups=False),
        "overdue": g.apply(lambda x: int((x["state"] == "overdue").sum()), include_groups=False),
    }).sort_values(["overdue", "n"], ascending=[False, False])
    return out.rename(columns={"name": t("task_col_department", lang), "n": t("task_col_n_tasks", lang),
                               "done": t("task_state_done", lang), "overdue": t("task_state_overdue", lang)}
                      ).reset_index(drop=True)
