"""The task board as people read it: the export in the import format, the board's table with
state words (never colour alone), the state colours, the per-department summary."""
from __future__ import annotations

import io

import pandas as pd

from cocreate.campaign.timeline import split_codes
from cocreate.intake.reading import to_date as _date
from cocreate.intake.tasks import HEADER_ZH, TASK_COLUMNS
from cocreate.present.i18n import pick, t
from cocreate.safe_cells import neutralise_sheet


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
        names = tasks[[c for c in ("department_name_zh", "department_name_en") if c in tasks.columns]]
        extra[t("task_col_department_name", lang)] = [pick(r, "department_name", lang) for r in names.to_dict("records")]
    if "state" in tasks.columns:
        extra[t("task_col_state_derived", lang)] = [t(f"task_state_{s}", lang) for s in tasks["state"]]
    if "flag" in tasks.columns:
        extra[t("task_col_flag", lang)] = [t(f"task_flag_{f}", lang) if isinstance(f, str) and f else "" for f in tasks["flag"]]
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
        for ws in xw.book.worksheets:   # text from data is never a formula cell (cocreate/safe_cells.py)
            neutralise_sheet(ws)
    return buf.getvalue()


# --------------------------------------------------------------------------- display

STATE_COLOURS = {"overdue": "#D55E00", "in_progress": "#56B4E9", "not_started": "#E5E7EB", "done": "#009E73",
                 "closed_unmet": "#E69F00"}   # a closed task whose indicator is not met: done, but orange
STATE_INK = {"overdue": "white", "in_progress": "#111827", "not_started": "#111827", "done": "white",
             "closed_unmet": "#111827"}
STATE_SYMBOLS = {"overdue": "⚠", "in_progress": "▶", "not_started": "○", "done": "✔"}


def shown_states(tasks: pd.DataFrame) -> list:
    """The state each row is painted with: its derived state, or the flag where a task carries one."""
    flags = tasks["flag"] if "flag" in tasks.columns else [""] * len(tasks)
    return [f if isinstance(f, str) and f else s for s, f in zip(tasks["state"], flags)]


def state_text(row: dict, lang: str) -> str:
    """The state as symbol + word (+ how late / how long left): never colour alone."""
    s = row["state"]
    word = f"{STATE_SYMBOLS[s]} {t(f'task_state_{s}', lang)}"
    if isinstance(row.get("flag"), str) and row["flag"]:
        return f"⚠ {t('task_flag_' + row['flag'], lang)}"   # the words say closed; the colour is the flag's
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
        unmet = set(split_codes(r.get("unmet_codes")))   # marked in the list: the indicators not met
        codes = [("⚠ " if c in unmet else "") + names.get(c, c) for c in split_codes(r.get("indicator_codes"))]
        rows.append({
            t("task_col_id", lang): r["task_id"],
            t("task_col_department", lang): pick(r, "department_name", lang),
            t("task_col_leader", lang): pick(r, "leader", lang),
            t("task_col_task", lang): pick(r, "task", lang),
            t("task_col_due", lang): _date(r["due_date"]),
            t("task_col_responsible", lang): pick(r, "responsible", lang),
            t("task_col_state", lang): state_text(r, lang),
            t("task_col_title", lang): pick(r, "title_short", lang),
            t("task_col_indicators", lang): ("；" if lang == "zh" else "; ").join(codes),
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
    dep = tasks["department_code"]
    firsts = tasks[dep.notna()].drop_duplicates("department_code")  # each department's first row, in order
    names = firsts[[c for c in ("department_name_zh", "department_name_en") if c in tasks.columns]]
    out = pd.DataFrame({
        "name": pd.Series([pick(r, "department_name", lang) for r in names.to_dict("records")],
                          index=firsts["department_code"]),
        "n": dep.groupby(dep, sort=False).size(),
        "done": (tasks["state"] == "done").groupby(dep, sort=False).sum(),
        "overdue": (tasks["state"] == "overdue").groupby(dep, sort=False).sum(),
    }).sort_values(["overdue", "n"], ascending=[False, False])
    return out.rename(columns={"name": t("task_col_department", lang), "n": t("task_col_n_tasks", lang),
                               "done": t("task_state_done", lang), "overdue": t("task_state_overdue", lang)}
                      ).reset_index(drop=True)


def saved_summary(result, lang: str) -> str:
    """What a save of tasks did (a campaign.board.TaskChangeResult), in words."""
    return t("task_saved", lang, inserted=result.inserted, updated=result.updated, unchanged=result.unchanged)
