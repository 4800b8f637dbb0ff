"""Property: whatever a damaged file looks like, an import ends in a refusal (a project error with a
sentence) or a correct import, never a traceback; after every refusal the tables are unchanged.

Bounded for the suite (derandomized, fixed example counts); scripts/fuzz_imports.py runs the same
damaged files in their hundreds through the command line."""
from __future__ import annotations

import datetime as dt
import random
import shutil

import pytest
from hypothesis import HealthCheck, example, given, note, settings
from hypothesis import strategies as st

from cocreate.store import db
from cocreate.errors import CocreateError
from cocreate.intake import tasks as task_intake
from cocreate.intake.observations import import_file
from cocreate.present.i18n import error_text
from cocreate.problems import intake as problem_intake
from cocreate.present.intake_words import problem_text
from tests.import_files import GENERIC_KINDS, damage, digest
from tests.import_mutations import KINDS, make_case, wrong_outcome

SETTINGS = dict(deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _copy(src, tmp_path_factory, name):
    p = tmp_path_factory.mktemp("fuzz") / name
    shutil.copy(src, p)
    con = db.connect(p)
    return con


@pytest.fixture(scope="module")
def demo(demo_db_file, tmp_path_factory):
    con = _copy(demo_db_file, tmp_path_factory, "demo.duckdb")
    yield con
    con.close()


@pytest.fixture(scope="module")
def fixture(_fixture_db_file, tmp_path_factory):
    con = _copy(_fixture_db_file, tmp_path_factory, "fixture.duckdb")
    yield con
    con.close()


def _sentence(exc) -> None:
    """A refusal reads as sentences in both languages, its lines as Excel numbers them."""
    for lang in ("zh", "en"):
        text = error_text(exc, lang)
        assert text and "{" not in text and "Traceback" not in text
    for p in getattr(exc, "problems", []):
        # no template placeholder left unfilled; the file's own text quoted back (a flipped byte can make "{X-02") may hold braces
        text = problem_text(p, "en")
        for value in (p.params or {}).values():
            text = text.replace(str(value), "")
        assert p.line >= 0 and "{" not in text, problem_text(p, "en")


@settings(max_examples=110, **SETTINGS)
@given(kind=st.sampled_from(KINDS), seed=st.integers(0, 2**32 - 1))
def test_damaged_observation_files_are_refused_or_imported_right(demo, kind, seed):
    case = make_case(kind, random.Random(seed))
    note(f"{kind} seed={seed} expect={case.expect} size={len(case.data)}")
    before = digest(demo)
    try:
        result = import_file(demo, case.data, case.name)
    except CocreateError as exc:   # ImportRejected is one; anything else escaping is a failure
        note(f"refused: {exc.key} {error_text(exc, 'en')[:200]}")
        assert digest(demo) == before
        _sentence(exc)
        wrong = wrong_outcome(demo, case, True, None)
    else:
        wrong = wrong_outcome(demo, case, False, result.batch_id)
    assert wrong is None, f"{kind} (seed {seed}): {wrong}"


TASK_HEADER = ["task_id", "title_code", "department_code", "task_zh", "due_date", "status", "indicator_codes",
               "closed_date", "evidence_zh"]
TASK_ROWS = [["FX-02", "civilized", "fx_civ", "提高满意度", "2026-12-31", "in_progress", "satisfaction_pct", "", ""],
             ["", "garden", "fx_green", "新增绿地", "2026-12-01", "not_started", "", "", ""]]
PROB_HEADER = ["问题编号", "地区代码", "责任单位代码", "点位类型", "点位名称", "问题类别", "问题描述", "发现日期", "整改时限",
               "状态", "整改日期", "复核日期", "来源", "照片"]
PROB_ROWS = [["F-1", "420106", "420106", "market", "武昌区测试市场", "littering", "地面垃圾", "2026-10-01", "2026-10-04",
              "rectified", "2026-10-03", "", "暗访", ""],
             ["F-2", "420106", "420106", "market", "武昌区测试市场", "littering", "", "2026-10-02", "2026-10-05",
              "open", "", "", "巡查", ""]]


def _tasks_state(con):
    return (con.execute("SELECT count(*), coalesce(sum(hash(t::VARCHAR)), 0) FROM tasks t").fetchone(),
            con.execute("SELECT count(*) FROM task_history").fetchone(), db.data_version(con))


def _problems_state(con):
    return (con.execute("SELECT count(*), coalesce(sum(hash(p::VARCHAR)), 0) FROM problems p").fetchone(),
            con.execute("SELECT count(*) FROM problem_history").fetchone(), db.data_version(con))


@settings(max_examples=60, **SETTINGS)
@given(kind=st.sampled_from(GENERIC_KINDS), seed=st.integers(0, 2**32 - 1))
@example(kind="flip_bytes", seed=4924)   # a flipped byte made the task id "{X-02": quoted back, braces and all
def test_damaged_task_files_never_end_in_a_traceback(fixture, kind, seed):
    data, name = damage(random.Random(seed), kind, TASK_HEADER, TASK_ROWS)
    before = _tasks_state(fixture)
    try:
        task_intake.import_tasks(fixture, data, name, user="clerk1", today=dt.date(2026, 11, 23), dry_run=True)
    except CocreateError as exc:
        _sentence(exc)
        assert _tasks_state(fixture) == before
    else:
        assert _tasks_state(fixture) == before   # a dry run writes nothing either


@settings(max_examples=60, **SETTINGS)
@given(kind=st.sampled_from(GENERIC_KINDS), seed=st.integers(0, 2**32 - 1))
def test_damaged_problem_files_never_end_in_a_traceback(demo, kind, seed):
    data, name = damage(random.Random(seed), kind, PROB_HEADER, PROB_ROWS)
    before = _problems_state(demo)
    try:
        problem_intake.import_problems(demo, data, name, today=dt.date(2026, 11, 30), dry_run=True)
    except CocreateError as exc:
        _sentence(exc)
        assert _problems_state(demo) == before
    else:
        assert _problems_state(demo) == before
