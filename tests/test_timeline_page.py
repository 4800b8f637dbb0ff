"""The campaign timeline page in both languages: the Gantt's traces, today line and milestones,
the countdown, and the readiness of each stage, checked against the database."""
import datetime as dt
import json
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from cocreate.campaign import timeline

from cocreate.store import db

STAGES_ZH = ["启动阶段", "创建实施阶段", "自查验收阶段", "迎检阶段"]
STAGES_EN = ["Start-up", "Establishment and implementation", "Self-inspection and acceptance",
             "Inspection preparation"]


def china_today():
    return dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()


@pytest.fixture()
def open_page(app_test):
    """The timeline (or another page) through conftest's app_test, with query params."""
    def make(path="pages/timeline.py", **query):
        # the page's one date is the sidebar's as-of date: today's unless a test gives another
        at = app_test(path, **{"as_of": china_today().isoformat(), **query})
        assert not at.exception, [e.value for e in at.exception]
        return at
    return make


def gantt(at) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def test_timeline_zh_lanzhou(open_page, demo_con):
    at = open_page()
    assert [h.value for h in at.title] == ["兰州市：创建日程"]
    assert not at.error
    spec = gantt(at)
    bars = [d for d in spec["data"] if d["type"] == "bar"]
    assert [b["name"] for b in bars] == STAGES_ZH
    campaigns = db.run(demo_con, "stage_timeline", area="620100").drop_duplicates("title_code")
    assert len(campaigns) == 6 and all(len(b["y"]) == 6 for b in bars)  # five titles + double_support
    # national inspection markers sit on each campaign's deadline
    nat = next(d for d in spec["data"] if d["name"] == "国家考核验收")
    deadlines = sorted(pd.Timestamp(x).date().isoformat() for x in campaigns["deadline"])
    assert sorted(nat["x"]) == deadlines
    # the today line (China time) is drawn, labelled in Chinese
    today = china_today()
    assert any(s.get("type") == "line" and abs(s["x0"] - pd.Timestamp(today).timestamp() * 1000) < 1
               for s in spec["layout"]["shapes"])
    assert any(a["text"].startswith("今天 ") for a in spec["layout"]["annotations"])
    # overdue tasks: one marker per title x due date, as many tasks as the board derives
    tasks = timeline.derive_status(db.run(demo_con, "task_board", area="620100"), today)
    od = tasks[tasks["state"] == "overdue"]
    marker = next(d for d in spec["data"] if d["name"].startswith("逾期任务"))
    assert len(marker["x"]) == len(od.assign(d=od["due_date"]).drop_duplicates(["title_code", "d"]))
    # countdown to the next national inspection
    ms = db.run(demo_con, "milestone_timeline", area="620100")
    nxt = timeline.next_inspection(ms, today)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["距下次国家考核"] == f"{nxt['days']} 天"


def test_timeline_readiness_table_counts_the_title_tasks(open_page, demo_con):
    at = open_page(title="garden")
    table = at.dataframe[0].value
    assert list(table["阶段"]) == STAGES_ZH
    tasks = db.run(demo_con, "task_board", area="620100")
    assert int(table["到期任务"].sum()) == int((tasks["title_code"] == "garden").sum())
    today = china_today()
    derived = timeline.derive_status(tasks[tasks["title_code"] == "garden"], today)
    assert int(table["逾期"].sum()) == int((derived["state"] == "overdue").sum())
    assert any("国家园林城市：各阶段准备情况" == s.value for s in at.subheader)
    # the Gantt highlights the chosen title on its axis
    bars = [d for d in gantt(at)["data"] if d["type"] == "bar"]
    assert "<b>园林城市</b>" in bars[0]["y"]


def test_timeline_en_wuhan(open_page, demo_con):
    at = open_page(lang="en", area="420100")
    assert [h.value for h in at.title] == ["Wuhan: campaign timeline"]
    spec = gantt(at)
    bars = [d for d in spec["data"] if d["type"] == "bar"]
    assert [b["name"] for b in bars] == STAGES_EN
    assert all(len(b["y"]) == 4 for b in bars)                 # civilized, sanitary, env_model, garden
    assert {"Mobilisation meeting", "National inspection"} <= {d["name"] for d in spec["data"]}
    assert spec["layout"]["title"]["text"] == "Wuhan: stages and milestones of each title"
    metrics = {m.label: m.value for m in at.metric}
    nxt = timeline.next_inspection(db.run(demo_con, "milestone_timeline", area="420100"), china_today())
    assert metrics["Next inspection"] == f"{nxt['days']} days"
    assert list(at.dataframe[0].value["Stage"]) == STAGES_EN


def test_timeline_district_shows_its_city(open_page):
    at = open_page(lang="en", area="620103")           # Qilihe: Lanzhou's campaigns
    assert [h.value for h in at.title] == ["Lanzhou: campaign timeline"]


def test_timeline_stage_tasks_carry_the_closed_unmet_flag_on_the_as_of_date(open_page):
    # civilized, Lanzhou: stage 2 runs 2024-11-01 to 2026-12-31, so it is current on both dates
    at = open_page(title="civilized", as_of="2026-11-29")
    tasks = next(d.value for d in at.dataframe if "编号" in d.value.columns).set_index("编号")
    assert tasks.loc["LZ-CIV-11", "状态"] == "⚠ 已销号，指标仍未达标"
    assert any(a["text"].startswith("截至 ") for a in gantt(at)["layout"]["annotations"])   # not today: said so
    early = open_page(title="civilized", as_of="2026-03-01")
    tasks = next(d.value for d in early.dataframe if "编号" in d.value.columns).set_index("编号")
    assert tasks.loc["LZ-CIV-11", "状态"] == "▶ 推进中 · 还剩 30 天"      # 2026-03-31 minus 2026-03-01
