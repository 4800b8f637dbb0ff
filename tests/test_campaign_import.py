"""Task import (CSV/XLSX, UTF-8/BOM/GBK, Chinese or English headers), validation that refuses a
whole file with line, column and reason, and checklist closing that writes history."""
import datetime as dt
import io

import pandas as pd
import pytest

from cocreate.campaign import board
from cocreate.intake import tasks as task_intake
from cocreate.present import task_tables
from cocreate.campaign import timeline

from cocreate.store import db
from cocreate.errors import CocreateError
from cocreate.present.i18n import error_text
from cocreate.present.intake_words import line_text, problem_text, problems_frame

TODAY = dt.date(2026, 11, 23)
EN_HEADER = ("task_id,title_code,department_code,leader_zh,task_zh,due_date,status,indicator_codes,"
             "closed_date,evidence_zh")
ZH_HEADER = "任务编号,称号代码,部门代码,牵头领导,任务,完成时限,状态,关联指标,销号日期,佐证材料"


def _snapshot(con):
    tasks = con.execute("SELECT * FROM tasks ORDER BY task_id").df()
    hist = con.execute("SELECT count(*) FROM task_history").fetchone()[0]
    return tasks, hist, db.data_version(con)


def _csv(header: str, *lines: str, encoding="utf-8") -> bytes:
    return ("\n".join((header, *lines)) + "\n").encode(encoding)


def test_export_then_import_changes_nothing_in_both_formats(fixture_con):
    tasks = timeline.derive_status(db.run(fixture_con, "task_board", area="990100"), TODAY)
    before = _snapshot(fixture_con)
    zh = task_tables.export_frame(tasks, "zh")
    assert "完成时限" in zh.columns and set(zh["状态"]) <= {"未开始", "推进中", "已完成"}
    res = task_intake.import_tasks(fixture_con, zh.to_csv(index=False).encode("gbk"), "任务.csv", user="clerk1",
                                today=TODAY)
    assert (res.inserted, res.updated, res.unchanged) == (0, 0, 7)
    xlsx = task_tables.to_xlsx_bytes(task_tables.export_frame(tasks, "en"))
    res = task_intake.import_tasks(fixture_con, xlsx, "tasks.xlsx", user="clerk1", today=TODAY)
    assert (res.inserted, res.updated, res.unchanged) == (0, 0, 7)
    after = _snapshot(fixture_con)
    pd.testing.assert_frame_equal(before[0], after[0])
    assert before[1:] == after[1:]          # no history, no version bump: nothing changed


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_import_adds_and_updates_with_history_in_one_go(fixture_con, encoding):
    data = _csv(ZH_HEADER,
                ",civilized,fx_civ,市委副书记,新任务：志愿服务,2026-12-20,未开始,satisfaction_pct、single_survey_pct,,",
                "FX-02,civilized,fx_civ,市委副书记,提高群众满意率,2026/12/31,推进中,satisfaction_pct,,",
                encoding=encoding)
    v0 = db.data_version(fixture_con)
    res = task_intake.import_tasks(fixture_con, data, "tasks.csv", user="clerk1", today=TODAY)
    assert (res.inserted, res.updated) == (1, 1)
    new = fixture_con.execute("SELECT task_id, task_zh, indicator_codes, status, area_code, updated_by FROM tasks "
                              "WHERE task_id = '990100-civilized-001'").fetchone()
    assert new == ("990100-civilized-001", "新任务：志愿服务", "satisfaction_pct;single_survey_pct", "not_started",
                   "990100", "clerk1")
    # the file had Chinese text columns only: the stored English text of FX-02 is kept
    assert fixture_con.execute("SELECT due_date, task_en, leader_en FROM tasks WHERE task_id='FX-02'").fetchone() == (
        dt.date(2026, 12, 31), "Raise resident satisfaction", "Deputy Party Secretary")
    hist = fixture_con.execute("SELECT task_id, user_name, action, old_status, new_status FROM task_history "
                               "ORDER BY task_id").fetchall()
    assert hist == [("990100-civilized-001", "clerk1", "create", None, "not_started"),
                    ("FX-02", "clerk1", "import", "in_progress", "in_progress")]
    assert db.data_version(fixture_con) == v0 + 1


def test_bad_rows_refuse_the_whole_file_with_line_column_and_reason(fixture_con):
    before = _snapshot(fixture_con)
    data = _csv(EN_HEADER,
                "FX-02,civilized,fx_civ,,Raise satisfaction,2026-12-31,in_progress,satisfaction_pct,,",   # fine
                "FX-03,civilized,fx_green,,Add green,2026-02-30,not_started,,,",            # 3: no such day
                ",civilized,nobody,,New task,2026-12-01,not_started,,,",                     # 4: department
                ",civilized,fx_civ,,New task,2026-12-01,in_progress,satisfaction_pct;nope_pct,,",  # 5: indicator
                ",garden,fx_green,,Late task,2026-12-01,overdue,,,",                         # 6: overdue typed
                ",garden,fx_green,,Done task,2026-10-01,done,,,",                            # 7: no closing
                ",garden,fx_green,,Too late,2027-03-01,not_started,,,",                      # 8: after inspection
                ",env_model,fx_green,,Other title,2026-12-01,not_started,,,",                # 9: no campaign
                encoding="utf-8-sig")
    with pytest.raises(task_intake.TaskImportRejected) as err:
        task_intake.import_tasks(fixture_con, data, "bad.csv", user="clerk1", today=TODAY)
    got = [(p.line, p.column, p.key) for p in err.value.problems]
    assert got == [
        (3, "due_date", "task_bad_date"),
        (4, "department_code", "task_unknown_department"),
        (5, "indicator_codes", "task_unknown_indicator"),
        (6, "status", "task_status_overdue"),
        (7, "closed_date", "task_done_needs_date"),
        (7, "evidence_zh", "task_done_needs_evidence"),
        (8, "due_date", "task_due_outside"),
        (9, "title_code", "task_no_campaign"),
    ]
    # readable in both languages, with the line and the offending value
    p = err.value.problems[2]
    assert line_text(p, "zh") == "第 5 行，“indicator_codes”列：未知的指标代码：nope_pct。"
    assert line_text(p, "en") == "Line 5, column indicator_codes: Unknown indicator code(s): nope_pct."
    assert "2027-03-01" in problem_text(err.value.problems[6], "en") and "2027-01-01" in problem_text(err.value.problems[6], "en")
    assert error_text(err.value, "zh").startswith("文件 bad.csv 有 7 行共 8 处问题，整个文件未导入")
    frame = problems_frame(err.value.problems, "en")
    assert list(frame.columns) == ["Line", "Column", "Problem"] and len(frame) == 8
    # nothing changed: the good row FX-02 was not applied either
    after = _snapshot(fixture_con)
    pd.testing.assert_frame_equal(before[0], after[0])
    assert before[1:] == after[1:]


def test_chinese_headers_report_the_header_as_written(fixture_con):
    data = _csv(ZH_HEADER, ",civilized,fx_civ,,新任务,明年,未开始,,,", encoding="gbk")
    with pytest.raises(task_intake.TaskImportRejected) as err:
        task_intake.import_tasks(fixture_con, data, "任务.csv", today=TODAY)
    p = err.value.problems[0]
    assert (p.line, p.column) == (2, "due_date")
    assert line_text(p, "zh") == "第 2 行，“完成时限”列：“明年”不是有效日期。请写成 2026-06-30。"


def test_file_level_refusals(fixture_con):
    with pytest.raises(task_intake.TaskImportRejected) as err:
        task_intake.import_tasks(fixture_con, _csv("task_id,task_zh", "x,y"), "x.csv", today=TODAY)
    assert err.value.key == "task_missing_columns"
    assert "due_date / 完成时限" in error_text(err.value, "en")
    with pytest.raises(task_intake.TaskImportRejected) as err:
        task_intake.import_tasks(fixture_con, _csv(EN_HEADER), "x.csv", today=TODAY)
    assert err.value.key == "task_file_empty"


def test_done_import_needs_past_closing_date(fixture_con):
    data = _csv(EN_HEADER, "FX-04,civilized,fx_civ,,Survey,2026-08-31,done,single_survey_pct,2026-12-01,report")
    with pytest.raises(task_intake.TaskImportRejected) as err:
        task_intake.import_tasks(fixture_con, data, "x.csv", today=TODAY)
    assert [(p.line, p.key) for p in err.value.problems] == [(2, "task_closed_future")]


def test_clerk_of_another_city_is_refused(fixture_con):
    data = _csv(EN_HEADER, "FX-02,civilized,fx_civ,,Raise satisfaction,2026-12-31,in_progress,,,")
    with pytest.raises(task_intake.TaskImportRejected) as err:
        task_intake.import_tasks(fixture_con, data, "x.csv", today=TODAY, allowed_areas={"880100"})
    assert err.value.problems[0].key == "task_area_not_allowed"


# ---------------------------------------------------------------- closing (销号)

def test_closing_a_task_writes_history_and_bumps_the_version(fixture_con):
    v0 = db.data_version(fixture_con)
    board.close_task(fixture_con, "FX-02", "2026-11-20", "满意率调查报告", user="clerk1", note="第三方复核",
                        today=TODAY)
    row = fixture_con.execute("SELECT status, closed_date, evidence_zh, updated_by FROM tasks "
                              "WHERE task_id = 'FX-02'").fetchone()
    assert row == ("done", dt.date(2026, 11, 20), "满意率调查报告", "clerk1")
    hist = fixture_con.execute("SELECT task_id, user_name, action, old_status, new_status, note FROM task_history"
                               ).fetchall()
    assert hist == [("FX-02", "clerk1", "close", "in_progress", "done", "第三方复核")]
    assert db.data_version(fixture_con) == v0 + 1
    log = db.run(fixture_con, "task_history_log", area="990101", task=None)   # a district shows its city's log
    assert log["task_id"].tolist() == ["FX-02"]
    derived = timeline.derive_status(db.run(fixture_con, "task_board", area="990100"), TODAY)
    assert derived.set_index("task_id").loc["FX-02", "state"] == "done"


@pytest.mark.parametrize("args, key", [
    (("FX-01", "2026-11-20", "again"), "task_already_done"),
    (("FX-02", "2026-11-24", "evidence"), "task_closed_future"),
    (("FX-02", "2026-11-20", "   "), "task_done_needs_evidence"),
    (("FX-02", "20.11.2026", "evidence"), "task_bad_date"),
    (("NOPE", "2026-11-20", "evidence"), "task_unknown"),
])
def test_closing_refusals_change_nothing(fixture_con, args, key):
    before = _snapshot(fixture_con)
    with pytest.raises(CocreateError) as err:
        board.close_task(fixture_con, *args, user="clerk1", today=TODAY)
    assert err.value.key == key
    assert error_text(err.value, "en") and not error_text(err.value, "en").startswith("Something went wrong")
    after = _snapshot(fixture_con)
    pd.testing.assert_frame_equal(before[0], after[0])
    assert before[1:] == after[1:]


def test_validate_tasks_for_the_editor_rows(fixture_con):
    """The editor path: rows from st.data_editor (dates as date objects, new rows without id)."""
    refs = task_intake.load_refs(fixture_con)
    raw = pd.DataFrame([
        {"line": 1, "task_id": None, "department_code": "fx_health", "title_code": "civilized", "task_zh": "新增",
         "due_date": dt.date(2026, 12, 1), "status": "not_started", "indicator_codes": None, "closed_date": None},
        {"line": 2, "task_id": "FX-07", "department_code": "fx_health", "title_code": "civilized", "task_zh": "迎检",
         "due_date": None, "status": "in_progress", "indicator_codes": "", "closed_date": pd.NaT},
    ])
    clean, problems = task_intake.validate_tasks(raw, refs, TODAY)
    assert [(p.line, p.key) for p in problems] == [(2, "task_missing")]
    assert clean["task_zh"].tolist() == ["新增"] and clean["area_code"].tolist() == ["990100"]


def test_editor_changes_save_only_edited_and_added_rows_with_history(fixture_con):
    """The page's editor path: st.data_editor's result -> changed rows -> validation -> one transaction."""
    tasks = db.run(fixture_con, "task_board", area="990100")
    cols = board.editor_columns("zh")
    base = tasks[cols].copy()
    for col in ("due_date", "closed_date"):
        base[col] = pd.to_datetime(base[col]).dt.date
    edited = base.copy()
    i = edited.index[edited["task_id"] == "FX-03"][0]
    edited.loc[i, "status"] = "in_progress"
    edited.loc[i, "due_date"] = dt.date(2026, 12, 20)
    new = {c: None for c in cols} | {"status": "not_started", "due_date": dt.date(2026, 12, 1),
                                     "department_code": "fx_health", "title_code": "civilized", "task_zh": "新增体检"}
    edited = pd.concat([edited, pd.DataFrame([new])], ignore_index=True)
    changed = board.editor_changes(base, edited, tasks, "zh")
    assert changed["task_id"].fillna("").tolist() == ["FX-03", ""]
    assert changed["line"].tolist() == [5, 8]          # board order: department, then due date
    assert changed.iloc[0]["task_en"] == "Add green space"          # the English text is carried over
    refs = task_intake.load_refs(fixture_con)
    clean, problems = task_intake.validate_tasks(changed, refs, TODAY)
    assert problems == []
    res = board.apply_tasks(fixture_con, clean, refs, "clerk1", action="edit")
    assert (res.inserted, res.updated) == (1, 1)
    hist = fixture_con.execute("SELECT task_id, user_name, action, old_status, new_status FROM task_history "
                               "ORDER BY task_id").fetchall()
    assert hist == [("990100-civilized-001", "clerk1", "create", None, "not_started"),
                    ("FX-03", "clerk1", "edit", "not_started", "in_progress")]
    assert fixture_con.execute("SELECT task_en FROM tasks WHERE task_id = 'FX-03'").fetchone()[0] == "Add green space"
    # an edit that breaks a rule is reported with the editor's row number and saves nothing
    edited2 = base.copy()
    edited2.loc[edited2["task_id"] == "FX-04", "department_code"] = "nobody"
    bad = board.editor_changes(base, edited2, tasks, "zh")
    _, problems = task_intake.validate_tasks(bad, refs, TODAY)
    assert [(p.line, p.key) for p in problems] == [(3, "task_unknown_department")]
