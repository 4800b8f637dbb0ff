"""Campaign domain: derived overdue status, stage readiness arithmetic, filters, countdown, and
the campaign catalog/demo data (stages inside each campaign, tasks consistent with the catalog)."""
import datetime as dt
import math

import pandas as pd
import pytest

from cocreate.campaign import timeline

from cocreate.store import db

D = dt.date


def _tasks(rows):
    return pd.DataFrame(rows, columns=["task_id", "title_code", "department_code", "due_date", "status",
                                       "indicator_codes"])


# ---------------------------------------------------------------- derived status

def test_overdue_is_derived_from_due_date_against_as_of():
    tasks = _tasks([
        ("a", "t", "d", D(2026, 11, 22), "in_progress", None),   # due yesterday: overdue 1 day
        ("b", "t", "d", D(2026, 11, 23), "in_progress", None),   # due today: not late yet
        ("c", "t", "d", D(2026, 1, 1), "done", None),            # done is never overdue
        ("d", "t", "d", D(2025, 11, 23), "not_started", None),   # a year late
        ("e", "t", "d", D(2027, 1, 1), "not_started", None),     # future
    ])
    out = timeline.derive_status(tasks, D(2026, 11, 23)).set_index("task_id")
    assert out["state"].to_dict() == {"a": "overdue", "b": "in_progress", "c": "done", "d": "overdue",
                                      "e": "not_started"}
    assert out["days_overdue"].to_dict() == {"a": 1, "b": 0, "c": 0, "d": 365, "e": 0}
    assert out.loc["b", "days_left"] == 0 and out.loc["e", "days_left"] == 39
    assert timeline.state_counts(out) == {"overdue": 2, "in_progress": 1, "not_started": 1, "done": 1}
    # the stored status is untouched: overdue is never written back
    assert out.loc["a", "status"] == "in_progress"


def test_the_same_task_becomes_overdue_only_after_its_due_date():
    tasks = _tasks([("a", "t", "d", "2026-06-30", "not_started", None)])
    before = timeline.derive_status(tasks, D(2026, 6, 30))
    after = timeline.derive_status(tasks, D(2026, 7, 1))
    assert before["state"].iloc[0] == "not_started" and not before["is_overdue"].iloc[0]
    assert after["state"].iloc[0] == "overdue" and after["days_overdue"].iloc[0] == 1


def test_filters_due_within_includes_overdue_but_not_done():
    tasks = timeline.derive_status(_tasks([
        ("late", "t1", "d1", D(2026, 10, 1), "in_progress", None),
        ("soon", "t1", "d2", D(2026, 11, 30), "not_started", None),
        ("later", "t2", "d1", D(2027, 3, 1), "not_started", None),
        ("done", "t2", "d2", D(2026, 11, 25), "done", None),
    ]), D(2026, 11, 23))
    got = timeline.filter_tasks(tasks, due_within_days=30, as_of=D(2026, 11, 23))
    assert sorted(got["task_id"]) == ["late", "soon"]
    assert list(timeline.filter_tasks(tasks, departments=["d1"], states=["overdue"])["task_id"]) == ["late"]
    assert sorted(timeline.filter_tasks(tasks, titles=["t2"])["task_id"]) == ["done", "later"]


# ---------------------------------------------------------------- readiness

def _stages():
    return pd.DataFrame({
        "stage_no": [1, 2, 3, 4], "stage_code": list(timeline.STAGE_CODES),
        "name_zh": ["启动阶段", "创建实施阶段", "自查验收阶段", "迎检阶段"],
        "name_en": ["Start-up", "Implementation", "Self-inspection", "Inspection preparation"],
        "start_date": [D(2024, 1, 1), D(2024, 4, 1), D(2026, 7, 1), D(2026, 10, 1)],
        "end_date": [D(2024, 3, 31), D(2026, 6, 30), D(2026, 9, 30), D(2027, 1, 1)],
    })


def test_stage_readiness_arithmetic():
    tasks = _tasks([
        ("s1", "t", "d", D(2024, 3, 31), "done", ""),                      # stage 1, no indicator
        ("s2a", "t", "d", D(2024, 4, 1), "done", "i_met;i_on"),            # stage 2 (first day)
        ("s2b", "t", "d", D(2025, 6, 30), "in_progress", "i_on;i_off"),    # i_on counted once
        ("s2c", "t", "d", D(2026, 6, 30), "not_started", "other_title"),   # not the title's: ignored
        ("s3", "t", "d", D(2026, 8, 1), "in_progress", "i_acc;i_det;i_ins"),
        ("s4", "t", "d", D(2026, 12, 1), "not_started", "i_met"),
    ])
    rated = pd.DataFrame({"indicator_code": ["i_met", "i_on", "i_off", "i_acc", "i_det", "i_ins"],
                          "status": ["met", "on_track", "off_track", "needs_acceleration", "deteriorating",
                                     "insufficient_data"]})
    r = timeline.stage_readiness(_stages(), tasks, rated, D(2026, 8, 15)).set_index("stage_no")
    assert r["n_tasks"].tolist() == [1, 3, 1, 1]
    assert r["n_done"].tolist() == [1, 1, 0, 0]
    assert r["n_overdue"].tolist() == [0, 2, 1, 0]          # s2b, s2c, s3 late as of 2026-08-15
    assert r["n_indicators"].tolist() == [0, 3, 3, 1]
    assert r["n_ready"].tolist() == [0, 2, 0, 1]
    assert math.isnan(r.loc[1, "share_ready"])
    assert r.loc[2, "share_ready"] == pytest.approx(2 / 3)
    assert r.loc[3, "share_ready"] == 0 and r.loc[4, "share_ready"] == 1
    assert r["phase"].tolist() == ["past", "past", "current", "future"]
    assert r.loc[2, "indicator_codes"] == "i_met;i_off;i_on"


def test_title_readiness_and_current_stage_and_countdown():
    rated = pd.DataFrame({"indicator_code": list("abcd"), "status": ["met", "on_track", "off_track", "met"]})
    assert timeline.title_readiness(rated) == (3, 4)
    assert timeline.current_stage(_stages(), D(2026, 7, 1))["stage_code"] == "self_inspection"
    assert timeline.current_stage(_stages(), D(2023, 12, 31)) is None
    ms = pd.DataFrame({"title_code": ["a", "b", "b"], "milestone_code": ["national_inspection", "provincial_check",
                                                                         "national_inspection"],
                       "date": [D(2027, 6, 30), D(2026, 12, 1), D(2027, 3, 1)], "title_sort": [1, 2, 2]})
    n = timeline.next_inspection(ms, D(2026, 11, 23))
    assert (n["title_code"], n["days"]) == ("b", 98)
    assert timeline.next_inspection(ms, D(2026, 11, 23), codes=("provincial_check",))["days"] == 8
    assert timeline.next_inspection(ms, D(2027, 7, 1)) is None


def test_readiness_on_the_fixture_database(fixture_con):
    from cocreate.method.progress import title_progress
    stages = db.run(fixture_con, "stage_timeline", area="990100")
    tasks = db.run(fixture_con, "task_board", area="990100")
    rated = title_progress(fixture_con, "990100", "civilized")
    rated = rated[rated["area_code"] == "990100"]
    r = timeline.stage_readiness(stages[stages["title_code"] == "civilized"],
                                 tasks[tasks["title_code"] == "civilized"], rated, D(2026, 11, 23))
    assert r["n_tasks"].tolist() == [1, 2, 1, 1]            # FX-01 | FX-02, FX-03 | FX-04 | FX-07
    # stage 2 links satisfaction_pct, built_up_green_coverage_pct, env_agency_yn (all civilized items)
    assert r.loc[1, "n_indicators"] == 3
    status = dict(zip(rated["indicator_code"], rated["status"]))
    expected = sum(status[c] in ("met", "on_track")
                   for c in ("satisfaction_pct", "built_up_green_coverage_pct", "env_agency_yn"))
    assert r.loc[1, "n_ready"] == expected


# ---------------------------------------------------------------- catalog and demo data

def test_fixture_database_loads_the_campaign_tables(fixture_con):
    counts = {t: fixture_con.execute("SELECT count(*) FROM " + db.quote_ident(t)).fetchone()[0]
              for t in ("departments", "stages", "milestones", "tasks", "task_history")}
    assert counts == {"departments": 4, "stages": 8, "milestones": 6, "tasks": 7, "task_history": 0}


def test_demo_stages_lie_inside_each_campaign_and_follow_each_other(demo_con):
    stages = demo_con.execute("""
        SELECT s.*, c.campaign_start, c.deadline FROM stages s
        JOIN campaigns c USING (title_code, area_code) ORDER BY title_code, area_code, stage_no""").df()
    n_campaigns = demo_con.execute("""SELECT count(*) FROM campaigns c JOIN titles t ON t.code = c.title_code
                                      WHERE t.kind = 'title'""").fetchone()[0]
    assert len(stages) == 4 * n_campaigns
    for _, g in stages.groupby(["title_code", "area_code"]):
        g = g.sort_values("stage_no")
        assert g["stage_code"].tolist() == list(timeline.STAGE_CODES)
        assert g["start_date"].iloc[0] == g["campaign_start"].iloc[0]
        assert g["end_date"].iloc[-1] == g["deadline"].iloc[0]
        for a, b in zip(g["end_date"].iloc[:-1], g["start_date"].iloc[1:]):
            assert b - a == pd.Timedelta(days=1)
    bad = demo_con.execute("""SELECT count(*) FROM milestones m JOIN campaigns c USING (title_code, area_code)
                              WHERE m.date NOT BETWEEN c.campaign_start AND c.deadline
                                 OR (m.milestone_code = 'national_inspection' AND m.date <> c.deadline)""").fetchone()[0]
    assert bad == 0


def test_demo_tasks_are_consistent_with_the_catalog(demo_con):
    tasks = db.run(demo_con, "task_board", area=None)
    assert len(tasks) == 123  # 117 + the 6 tasks of Lanzhou's double-support campaign
    assert set(tasks["area_code"]) == {"620100", "420100"}
    # departments exist and belong to the task's city; linked indicators exist
    deps = db.run(demo_con, "department_list", area=None).set_index("code")
    assert (deps.loc[tasks["department_code"], "area_code"].values == tasks["area_code"].values).all()
    known = set(db.run(demo_con, "indicators")["code"])
    assert all(code in known for v in tasks["indicator_codes"] for code in timeline.split_codes(v))
    # due dates inside the campaign; done tasks closed with evidence; open tasks have no closing
    wins = db.run(demo_con, "task_campaign_windows").set_index(["title_code", "area_code"])
    for r in tasks.to_dict("records"):
        start, end = wins.loc[(r["title_code"], r["area_code"])]
        assert start <= r["due_date"] <= end
        if r["status"] == "done":
            assert pd.notna(r["closed_date"]) and r["evidence_zh"] and r["evidence_en"]
        else:
            assert pd.isna(r["closed_date"])
    derived = timeline.derive_status(tasks, D(2026, 11, 23))
    counts = timeline.state_counts(derived)
    assert counts["overdue"] >= 5 and counts["done"] >= 20
    # the seven actions of Wuhan are all there, and leaders are roles, not names
    wuhan = tasks[tasks["area_code"] == "420100"]["task_zh"].str[:2].tolist()
    assert {f"{ch}：" for ch in "净平明绿美齐优"} <= set(wuhan)
    assert tasks["leader_zh"].str.contains("市长|书记|部长|区（县）长").all()
