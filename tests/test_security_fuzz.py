"""Issue 23: 300 mutated files per upload (problems, assessment results, tasks) end in a refusal with
sentences and lines, or in a correct dry run; never a traceback, and nothing changes.

The mutations are the ones office files carry: an empty cell (a required one among them: it raised a
TypeError), merged cells in XLSX, a cell lost (a row shifted), garbage and formula text, zero-width and
full-width characters, impossible dates and numbers, a renamed header, a duplicated row; half the
problems files are imported as a clerk of one district (the rights checks run too)."""
from __future__ import annotations

import datetime as dt
import io
import random

import openpyxl
import pytest

from cocreate.assessment.intake import import_results
from cocreate.errors import CocreateError
from cocreate.intake import tasks as task_intake
from cocreate.present.i18n import error_text
from cocreate.problems import intake as problem_intake
from cocreate.store import db
from cocreate.present.intake_words import problem_text

N = 300
TODAY = dt.date(2026, 11, 30)
GARBAGE = ["", " ", "=1+1", "+SUM(1,1)", "@cmd", "-2+3", "\t=1", "x\u200by", "４２０１０６", "NaN", "1e309", "-1",
           "2026-13-45", "0", "0.85", "１００％", "\x00", "'", '"', "中文", "a" * 3000, "None", "2026年2月30日"]
PROBLEMS = (["problem_id", "area_code", "unit_code", "point_type", "point_name", "category", "description",
             "found_date", "deadline", "status", "rectified_date", "verified_date", "source", "photo"],
            [["Z-1", "420106", "420106", "market", "武昌区测试市场", "littering", "地面垃圾", "2026-10-01", "2026-10-04",
              "rectified", "2026-10-03", "", "暗访", ""],
             ["Z-2", "420106", "420106", "market", "武昌区测试市场", "littering", "", "2026-10-02", "2026-10-05",
              "open", "", "", "巡查", ""],
             ["WH251201-001", "420102", "420102", "square_park", "江岸区二七路广场", "poster_missing", "", "2025-12-01",
              "2025-12-08", "verified", "2025-12-04", "2025-12-08", "暗访", ""]])
SCORES = (["area_code", "year", "kind", "component", "score", "assessed_on"],
          [["420100", "2025", "actual", "material", "90", "2025-12-10"],
           ["420100", "2025", "actual", "field", "80.5", "2025-12-10"]])
FIELD = (["area_code", "year", "kind", "district_code", "point_type", "point_name", "items_checked", "items_passed"],
         [["620100", "2026", "mock", "620102", "market", "东岗农贸市场", "12", "9"]])
QUESTIONS = (["area_code", "round", "survey_date", "question_code", "group_code", "sample_size", "rate_pct"],
             [["620100", "2026-R2", "2026-11-20", "sat_traffic", "residents", "400", "71.5%"]])
TASKS = (["task_id", "title_code", "department_code", "task_zh", "due_date", "status", "area_code"],
         [["", "civilized", "lz_city_mgmt", "提高满意度", "2026-12-31", "in_progress", "620100"]])


def mutate(rng: random.Random, header: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]], list]:
    """(header, rows, merges) with one to three mutations."""
    header, rows, merges = list(header), [list(r) for r in rows], []
    for _ in range(rng.randint(1, 3)):
        r = rng.randrange(len(rows))
        if not rows[r]:
            continue
        c = rng.randrange(min(len(header), len(rows[r])))
        kind = rng.choice(["blank", "blank", "garbage", "drop_cell", "dup_row", "header", "blank_line", "merge"])
        if kind == "blank":
            rows[r][c] = ""
        elif kind == "garbage":
            rows[r][c] = rng.choice(GARBAGE)
        elif kind == "drop_cell":
            del rows[r][c]
        elif kind == "dup_row":
            rows.append(list(rows[r]))
        elif kind == "header":
            header[c] = rng.choice(["", "x", header[(c + 1) % len(header)], header[c].upper() + " "])
        elif kind == "blank_line":
            rows.insert(r, [""] * len(header))
        else:   # merged cells: a value written once over two lines (XLSX only)
            rows.insert(r + 1, list(rows[r]))
            merges.append((c, r, r + 1))
    return header, rows, merges


def as_file(rng, header, rows, merges) -> tuple[bytes, str]:
    if merges or rng.random() < 0.3:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(header)
        for row in rows:
            ws.append([v.replace("\x00", "") for v in row])
        for c, r, _ in merges:   # rows r and r + 1 (Excel lines r + 2, r + 3): the lower cell reads empty
            col = openpyxl.utils.get_column_letter(c + 1)
            ws.merge_cells(f"{col}{r + 2}:{col}{r + 3}")
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue(), "f.xlsx"
    import csv
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode(rng.choice(["utf-8", "utf-8-sig", "gb18030"]), errors="replace"), "f.csv"


def _sentence(exc) -> None:
    for lang in ("zh", "en"):
        text = error_text(exc, lang)
        assert text and "{" not in text
    for p in getattr(exc, "problems", []):
        assert p.line >= 1 and "{" not in problem_text(p, "en") and "{" not in problem_text(p, "zh")


def state(con) -> tuple:
    return tuple(con.execute("SELECT count(*), coalesce(sum(hash(t::VARCHAR)), 0) FROM " + db.quote_ident(table)
                             + " t").fetchone()
                 for table in ("problems", "problem_history", "assessment_scores", "field_results",
                               "questionnaire_results", "assessment_batches", "tasks", "task_history", "meta"))


@pytest.fixture(scope="module")
def con(demo_db_file, tmp_path_factory):
    import shutil
    p = tmp_path_factory.mktemp("secfuzz") / "demo.duckdb"
    shutil.copy(demo_db_file, p)
    c = db.connect(p)
    yield c
    c.close()


CLERK = {"name": "fuzz_clerk", "role": "clerk", "areas": "420106"}


@pytest.mark.parametrize("upload", ["problems", "assessment", "tasks"])
def test_mutated_uploads_end_in_a_sentence_never_a_traceback(con, upload):
    rng = random.Random(23)
    before = state(con)
    outcomes = {"refused": 0, "passed": 0}
    for i in range(N):
        if upload == "problems":
            base = PROBLEMS
        elif upload == "assessment":
            base = rng.choice([SCORES, FIELD, QUESTIONS])
        else:
            base = TASKS
        data, name = as_file(rng, *mutate(rng, *base))
        try:
            if upload == "problems":
                problem_intake.import_problems(con, data, name, user=CLERK if i % 2 else None, dry_run=True,
                                               today=TODAY)
            elif upload == "assessment":
                import_results(con, data, name, today=TODAY, dry_run=True)
            else:
                task_intake.import_tasks(con, data, name, user="fuzz", today=TODAY, dry_run=True)
        except CocreateError as exc:    # anything else escaping fails the test with its traceback
            _sentence(exc)
            outcomes["refused"] += 1
        else:
            outcomes["passed"] += 1
    assert state(con) == before
    assert outcomes["refused"] > N // 2, outcomes   # most mutations break a rule: the fuzz reached the rules
