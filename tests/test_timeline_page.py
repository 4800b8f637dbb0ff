"""The campaign timeline page in both languages: the Gantt's traces, today line and milestones,
the countdown, and the readiness of each stage, checked against values worked out by hand from data/."""
import datetime as dt
import json
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

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


# By hand from data/ on 2026-11-29 (the pages' as-of date below):
#   campaigns.csv, Lanzhou: six campaigns (five titles + double_support; public_services is a benchmark),
#     deadlines civilized 2027-09-30, sanitary 2028-06-30, env_model 2027-12-31, garden 2027-06-30,
#     historic 2028-10-31, double_support 2028-09-30 (milestones.csv puts each national inspection there)
#   tasks.csv, Lanzhou, open and due before 2026-11-29: 10 tasks on 9 title x due-date pairs
#     civilized 2026-08-31 (CIV-08), 2026-10-31 (CIV-09); sanitary 2026-10-31 (SAN-02);
#     env_model 2026-09-30 (ENV-08), 2026-10-15 (ENV-04); garden 2026-09-30 (GDN-04),
#     2026-10-31 (GDN-09 and GDN-12: one marker); historic 2026-09-30 (HIS-06); double_support 2026-06-30 (DSP-02)
#   next national inspection: Lanzhou garden 2027-06-30, Wuhan sanitary 2027-06-30:
#     2026-11-29 -> 2027-06-30 = 1 + 31 + 31 + 28 + 31 + 30 + 31 + 30 = 213 days
#   garden tasks (Lanzhou): 20, of them overdue 3 (GDN-04, GDN-09, GDN-12)
AS_OF = "2026-11-29"
LANZHOU_DEADLINES = ["2027-06-30", "2027-09-30", "2027-12-31", "2028-06-30", "2028-09-30", "2028-10-31"]


def test_timeline_zh_lanzhou(open_page):
    at = open_page(as_of=AS_OF)
    assert [h.value for h in at.title] == ["兰州市：创建日程"]
    assert not at.error
    spec = gantt(at)
    bars = [d for d in spec["data"] if d["type"] == "bar"]
    assert [b["name"] for b in bars] == STAGES_ZH
    assert all(len(b["y"]) == 6 for b in bars)  # five titles + double_support
    # national inspection markers sit on each campaign's deadline
    nat = next(d for d in spec["data"] if d["name"] == "国家考核验收")
    assert sorted(pd.Timestamp(x).date().isoformat() for x in nat["x"]) == LANZHOU_DEADLINES
    # the as-of line is drawn on 2026-11-29, labelled in Chinese (not today: said so)
    assert any(s.get("type") == "line" and abs(s["x0"] - pd.Timestamp(AS_OF).timestamp() * 1000) < 1
               for s in spec["layout"]["shapes"])
    assert any(a["text"].startswith("截至 ") for a in spec["layout"]["annotations"])
    # overdue tasks: one marker per title x due date (10 tasks on 9 pairs)
    marker = next(d for d in spec["data"] if d["name"].startswith("逾期任务"))
    assert len(marker["x"]) == 9
    # countdown to the next national inspection (garden, 2027-06-30)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["距下次国家考核"] == "213 天"


def test_timeline_readiness_table_counts_the_title_tasks(open_page):
    at = open_page(title="garden", as_of=AS_OF)
    table = at.dataframe[0].value
    assert list(table["阶段"]) == STAGES_ZH
    assert int(table["到期任务"].sum()) == 20      # Lanzhou's garden tasks
    assert int(table["逾期"].sum()) == 3           # GDN-04, GDN-09, GDN-12
    assert any("国家园林城市：各阶段准备情况" == s.value for s in at.subheader)
    # the Gantt highlights the chosen title on its axis
    bars = [d for d in gantt(at)["data"] if d["type"] == "bar"]
    assert "<b>园林城市</b>" in bars[0]["y"]


def test_timeline_en_wuhan(open_page):
    at = open_page(lang="en", area="420100", as_of=AS_OF)
    assert [h.value for h in at.title] == ["Wuhan: campaign timeline"]
    spec = gantt(at)
    bars = [d for d in spec["data"] if d["type"] == "bar"]
    assert [b["name"] for b in bars] == STAGES_EN
    assert all(len(b["y"]) == 4 for b in bars)                 # civilized, sanitary, env_model, garden
    assert {"Mobilisation meeting", "National inspection"} <= {d["name"] for d in spec["data"]}
    assert spec["layout"]["title"]["text"] == "Wuhan: stages and milestones of each title"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Next inspection"] == "213 days"            # sanitary, 2027-06-30
    assert list(at.dataframe[0].value["Stage"]) == STAGES_EN


def test_timeline_district_shows_its_city(open_page):
    at = open_page(lang="en", area="620103")           # Qilihe: Lanzhou's campaigns
    assert [h.value for h in at.title] == ["Lanzhou: campaign timeline"]
    # on today's date (the default) the line is today's (China time), labelled so
    spec = gantt(at)
    today = china_today()
    assert any(s.get("type") == "line" and abs(s["x0"] - pd.Timestamp(today).timestamp() * 1000) < 1
               for s in spec["layout"]["shapes"])
    assert any(a["text"].startswith("Today ") for a in spec["layout"]["annotations"])


def test_timeline_stage_tasks_carry_the_closed_unmet_flag_on_the_as_of_date(open_page):
    # civilized, Lanzhou: stage 2 runs 2024-11-01 to 2026-12-31, so it is current on both dates
    at = open_page(title="civilized", as_of="2026-11-29")
    tasks = next(d.value for d in at.dataframe if "编号" in d.value.columns).set_index("编号")
    assert tasks.loc["LZ-CIV-11", "状态"] == "⚠ 已销号，指标仍未达标"
    assert any(a["text"].startswith("截至 ") for a in gantt(at)["layout"]["annotations"])   # not today: said so
    early = open_page(title="civilized", as_of="2026-03-01")
    tasks = next(d.value for d in early.dataframe if "编号" in d.value.columns).set_index("编号")
    assert tasks.loc["LZ-CIV-11", "状态"] == "▶ 推进中 · 还剩 30 天"      # 2026-03-31 minus 2026-03-01
