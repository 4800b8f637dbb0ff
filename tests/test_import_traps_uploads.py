"""Issue 14, the other uploads: the read errors of real files are refused by the task and the problem
imports as by the observations import (one shared intake), each with its line and a sentence, and
nothing changes."""
from __future__ import annotations

import csv
import datetime as dt
import shutil

import pytest

from cocreate.store import db
from cocreate.errors import ImportRejected
from cocreate.intake import cells
from cocreate.intake import tasks as task_intake
from cocreate.present.i18n import error_text
from cocreate.problems import intake as problem_intake
from cocreate.present.intake_words import line_text
from tests.import_files import SHEET, rezip, xlsx_bytes
from tests.test_import_traps import _cli

TODAY = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def con(demo_db_file, tmp_path_factory):
    p = tmp_path_factory.mktemp("traps_other") / "demo.duckdb"
    shutil.copy(demo_db_file, p)
    c = db.connect(p)
    yield c
    c.close()


TASK_HEADER = "task_id,title_code,department_code,task_zh,due_date,status,indicator_codes,closed_date,evidence_zh\n"
TASK_ROW = "FX-02,civilized,fx_civ,提高满意度,2026-12-31,in_progress,satisfaction_pct,,\n"
PROB_HEADER = "问题编号,地区代码,责任单位代码,点位类型,点位名称,问题类别,问题描述,发现日期,整改时限,状态,整改日期,复核日期,来源,照片\n"
PROB_ROW = "T-1,420106,420106,market,武昌区测试市场,littering,地面垃圾,2026-10-01,2026-10-04,rectified,2026-10-03,,暗访,\n"


def _damaged(header: str, row: str) -> dict:
    """The read errors, made from a valid file of another upload."""
    cols = next(csv.reader([header]))
    good = xlsx_bytes(cols, [next(csv.reader([row]))])
    return {
        "utf16_truncated.csv": ((header + row).encode("utf-16")[:-1], "import_encoding", 0),
        "open_quote.csv": ((header + row + '"' + row).encode(), "import_bad_csv", 3),
        "row_too_long.csv": ((header + row.rstrip("\n") + ",1,234\n").encode(), "import_rejected_shape", 2),
        "huge.csv": ((header + row.rstrip("\n").rsplit(",", 1)[0] + "," + "x" * 200_000 + "\n").encode(),
                     "import_rejected_shape", 2),
        "sheet_broken.xlsx": (rezip(good, change={SHEET: lambda x: x[:len(x) // 2]}), "import_bad_xlsx", 0),
        "sheet_missing.xlsx": (rezip(good, drop=SHEET), "import_bad_xlsx", 0),
        "formula.xlsx": (xlsx_bytes(cols, [next(csv.reader([row]))[:-1] + ["=1+2"]]), "import_formula_no_value", 2),
        "too_big.csv": (header.encode() + b" " * cells.MAX_BYTES, "import_too_big", 0),
    }


def _tasks_state(con):
    return (con.execute("SELECT * FROM tasks ORDER BY ALL").fetchall(),
            con.execute("SELECT count(*) FROM task_history").fetchone(), db.data_version(con))


@pytest.mark.parametrize("name", list(_damaged(TASK_HEADER, TASK_ROW)))
def test_task_import_refuses_the_read_errors_the_same_way(fixture_con, name):
    data, key, line = _damaged(TASK_HEADER, TASK_ROW)[name]
    before = _tasks_state(fixture_con)
    with pytest.raises(task_intake.TaskImportRejected) as info:
        task_intake.import_tasks(fixture_con, data, name, user="clerk1", today=dt.date(2026, 11, 23))
    assert info.value.key == key and "{" not in error_text(info.value, "zh")
    if line:
        assert info.value.problems[0].line == line and line_text(info.value.problems[0], "en").startswith(f"Line {line}")
    assert _tasks_state(fixture_con) == before


def _problems_state(con):
    return (con.execute("SELECT count(*), coalesce(sum(hash(p::VARCHAR)), 0) FROM problems p").fetchone(),
            con.execute("SELECT count(*) FROM problem_history").fetchone(), db.data_version(con))


@pytest.mark.parametrize("name", list(_damaged(PROB_HEADER, PROB_ROW)))
def test_problem_import_refuses_the_read_errors_the_same_way(con, name):
    from cocreate.present.upload_words import problems_line_text
    data, key, line = _damaged(PROB_HEADER, PROB_ROW)[name]
    before = _problems_state(con)
    with pytest.raises(ImportRejected) as info:
        problem_intake.import_problems(con, data, name, today=TODAY)
    assert info.value.key == key and "{" not in error_text(info.value, "en")
    if line:
        assert problems_line_text(info.value.problems[0], "zh").startswith(f"第 {line} 行")
    assert _problems_state(con) == before


def test_problem_import_command_line_names_the_line_without_a_traceback(demo_db_path, tmp_path):
    f = tmp_path / "problems.csv"
    f.write_bytes(_damaged(PROB_HEADER, PROB_ROW)["open_quote.csv"][0])
    p = _cli("problems", "import", str(f), "--db", str(demo_db_path), "--lang", "en")
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert "Line 3" in p.stderr and "unmatched quote" in p.stderr
