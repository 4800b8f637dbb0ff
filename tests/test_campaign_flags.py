"""Tasks checked against the indicators they name (closed_unmet), and task states on the as-of
date: on hand-made frames, on the demo database and in the weekly notice."""
import datetime as dt
import io

import docx
import pandas as pd

from cocreate.campaign import task_flags, timeline
from cocreate.method.progress import title_progress
from cocreate.problems import notice, notice_data
from cocreate.problems.periods import parse_period
from cocreate.store import db

D = dt.date


def _tasks(rows):
    return pd.DataFrame(rows, columns=["task_id", "title_code", "area_code", "due_date", "status", "closed_date",
                                       "indicator_codes"])


def _rated(rows):
    return pd.DataFrame(rows, columns=["title_code", "indicator_code", "area_code", "status"])


# ---------------------------------------------------------------- the flag on a hand-made frame

def test_closed_unmet_flags_closed_tasks_whose_named_indicator_is_not_met():
    tasks = _tasks([
        ("a", "t1", "100", D(2026, 3, 31), "done", D(2026, 3, 1), "i_met;i_off"),   # i_off not met -> flagged
        ("b", "t1", "100", D(2026, 3, 31), "done", D(2026, 3, 1), "i_na"),          # not applicable: not unmet
        ("c", "t1", "100", D(2026, 3, 31), "in_progress", None, "i_off"),           # open: not flagged
        ("d", "t1", "100", D(2026, 3, 31), "done", D(2026, 3, 1), "i_ins；i_met"),  # insufficient data = not met
        ("e", "t1", "100", D(2026, 3, 31), "done", D(2026, 3, 1), "i_t2"),          # rated for t2 only: not judged
        ("f", "t1", "100", D(2026, 3, 31), "done", D(2026, 3, 1), None),            # names nothing
        ("g", "t1", "100", D(2026, 5, 31), "done", D(2026, 5, 10), "i_off"),        # closed after as-of: open then
        ("h", "t1", "200", D(2026, 3, 31), "done", D(2026, 3, 1), "i_off"),         # another area: its own rows
        ("k", "t2", "100", D(2026, 3, 31), "done", D(2026, 3, 1), "i_t2"),          # t2's own threshold: met
    ])
    rated = _rated([
        ("t1", "i_met", "100", "met"), ("t1", "i_off", "100", "off_track"), ("t1", "i_na", "100", "not_applicable"),
        ("t1", "i_ins", "100", "insufficient_data"), ("t2", "i_t2", "100", "met"),
        ("t1", "i_off", "200", "met"),
    ])
    derived = timeline.derive_status(tasks, D(2026, 4, 1))
    out = task_flags.flag_tasks(derived, rated).set_index("task_id")
    # flagged: a (i_off off_track), d (i_ins insufficient_data); nothing else
    assert out["flag"].to_dict() == {"a": "closed_unmet", "b": "", "c": "", "d": "closed_unmet", "e": "", "f": "",
                                     "g": "", "h": "", "k": ""}
    assert out.loc["a", "unmet_codes"] == "i_off" and out.loc["d", "unmet_codes"] == "i_ins"
    assert task_flags.count_flagged(out) == 2
    links = task_flags.closed_unmet_links(derived, rated)
    assert links[["task_id", "indicator_code", "status"]].values.tolist() == [
        ["a", "i_off", "off_track"], ["d", "i_ins", "insufficient_data"]]
    # g is closed on 2026-05-10: on 2026-06-01 it is done, and flagged (its i_off is still off track)
    later = task_flags.flag_tasks(timeline.derive_status(tasks, D(2026, 6, 1)), rated).set_index("task_id")
    assert later.loc["g", "state"] == "done" and later.loc["g", "flag"] == "closed_unmet"


def test_named_by_closed_is_what_the_flag_reads():
    tasks = _tasks([
        ("a", "t1", "100", D(2026, 3, 31), "done", D(2026, 3, 1), "i1; i2"),
        ("b", "t1", "100", D(2026, 3, 31), "in_progress", None, "i3"),           # open: not read
        ("c", "t2", "100", D(2026, 3, 31), "done", D(2026, 5, 1), "i4"),         # closed after the date: open then
        ("d", "t2", "100", D(2026, 3, 31), "done", D(2026, 3, 2), "i1"),         # same code, another title
        ("e", "t2", "100", D(2026, 3, 31), "done", D(2026, 3, 2), None),         # names nothing
    ])
    derived = timeline.derive_status(tasks, D(2026, 4, 1))
    assert task_flags.named_by_closed(derived) == {("t1", "i1"), ("t1", "i2"), ("t2", "i1")}
    assert task_flags.named_by_closed(derived.iloc[0:0]) == set()


def test_no_rated_rows_or_no_tasks_flag_nothing():
    tasks = timeline.derive_status(_tasks([("a", "t1", "100", D(2026, 3, 31), "done", D(2026, 3, 1), "i")]),
                                   D(2026, 4, 1))
    assert task_flags.flag_tasks(tasks, _rated([]))["flag"].tolist() == [""]
    assert task_flags.closed_unmet_links(tasks.iloc[0:0], _rated([("t1", "i", "100", "off_track")])).empty


# ---------------------------------------------------------------- task states on the as-of date

def test_a_task_closed_after_the_as_of_date_was_open_on_it():
    # due 2026-06-30, closed 2026-07-04 (as LZ-CIV-06 in the demo)
    tasks = _tasks([("x", "t", "100", D(2026, 6, 30), "done", D(2026, 7, 4), None)])
    on = {d: timeline.derive_status(tasks, d).iloc[0] for d in (D(2026, 6, 1), D(2026, 7, 1), D(2026, 7, 4))}
    # 2026-06-01: open, 30-06 minus 01-06 = 29 days left
    assert (on[D(2026, 6, 1)]["state"], on[D(2026, 6, 1)]["days_left"]) == ("in_progress", 29)
    # 2026-07-01: still open and past its due date: 1 day overdue
    assert (on[D(2026, 7, 1)]["state"], on[D(2026, 7, 1)]["days_overdue"]) == ("overdue", 1)
    # 2026-07-04: closed that day
    assert (on[D(2026, 7, 4)]["state"], on[D(2026, 7, 4)]["days_overdue"]) == ("done", 0)
    # due within 30 days of 2026-06-01 counts it (open then), of 2026-07-04 not (done)
    assert len(timeline.filter_tasks(timeline.derive_status(tasks, D(2026, 6, 1)), due_within_days=30,
                                     as_of=D(2026, 6, 1))) == 1
    assert timeline.filter_tasks(timeline.derive_status(tasks, D(2026, 7, 4)), due_within_days=30,
                                 as_of=D(2026, 7, 4)).empty


def _board_on(con, as_of):
    """The task board's data as the pages build it: the city's tasks on the date, flagged against the
    city's rated statuses of the same date."""
    tasks = timeline.derive_status(db.run(con, "task_board", area="620100"), as_of)
    rated = title_progress(con, "620100", None, as_of)
    return task_flags.flag_tasks(tasks, rated[rated["area_code"] == "620100"]).set_index("task_id")


def test_a_title_read_alone_flags_its_tasks_as_the_read_of_every_title(demo_con):
    # the timeline flags one title's tasks on that title's rated rows (its one read), the board on every
    # title's: the same flags, for every title of both demo cities, at the latest data and a 2025 date
    for city in ("620100", "420100"):
        for as_of in (D(2026, 11, 29), D(2025, 8, 15)):
            tasks = timeline.derive_status(db.run(demo_con, "task_board", area=city), as_of)
            every = title_progress(demo_con, city, None, as_of)
            whole = task_flags.flag_tasks(tasks, every[every["area_code"] == city])
            for title in sorted(set(tasks["title_code"])):
                one = title_progress(demo_con, city, title, as_of)
                alone = task_flags.flag_tasks(tasks[tasks["title_code"] == title], one[one["area_code"] == city])
                expected = whole[whole["title_code"] == title]
                assert alone[["task_id", "flag", "unmet_codes"]].values.tolist() == \
                    expected[["task_id", "flag", "unmet_codes"]].values.tolist(), (city, as_of, title)
    # and the demo has a flag to compare: LZ-CIV-11 (test below)


def test_demo_lz_civ_11_is_flagged_and_was_open_before_its_closing(demo_con):
    # LZ-CIV-11 (civilized, Lanzhou): due 2026-03-31, closed 2026-03-17, names ambulances_per_50k
    today = _board_on(demo_con, D(2026, 11, 29))
    row = today.loc["LZ-CIV-11"]
    assert (row["state"], row["flag"], row["unmet_codes"]) == ("done", "closed_unmet", "ambulances_per_50k")
    rated = title_progress(demo_con, "620100", "civilized", D(2026, 11, 29)).set_index(["indicator_code", "area_code"])
    amb = rated.loc[("ambulances_per_50k", "620100")]
    # 1.14 per 50,000 against >= 1.20: short, so not met under the civilized threshold
    assert round(amb["latest_value"], 2) == 1.14 and amb["threshold"] == 1.2 and amb["status"] != "met"
    # on 2026-03-01 it was open (closed 16 days later); days left = 2026-03-31 minus 2026-03-01 = 30
    before = _board_on(demo_con, D(2026, 3, 1)).loc["LZ-CIV-11"]
    assert (before["state"], before["days_left"], before["flag"]) == ("in_progress", 30, "")


def test_notice_counts_the_closed_unmet_tasks(demo_con):
    data = notice_data.gather_notice(demo_con, "620100", parse_period("2026-W48"), "zh")
    assert "LZ-CIV-11" in set(data.tasks_closed_unmet["task_id"])
    n = len(data.tasks_closed_unmet)
    line = notice.closed_unmet_line(data, "zh")
    assert line.startswith(f"已销号但指标仍未达标的任务 {n} 项：") and "LZ-CIV-11 急救车辆配置达到每5万人1.2辆" in line
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(notice.build_docx(data, "zh"))).paragraphs)
    assert line in text
    # week 2026-W09 ends 2026-03-01. Lanzhou tasks closed by then that name indicators: GDN-02, GDN-07,
    # ENV-02, ENV-03, ENV-06, ENV-12, HIS-01, SAN-05. Of those, ENV-06 (sewage treatment), HIS-01
    # (conservation plan) and SAN-05 (mechanised cleaning) name met indicators: 8 - 3 = 5 flagged.
    # LZ-CIV-11 (closed 2026-03-17) was open then.
    early = notice_data.gather_notice(demo_con, "620100", parse_period("2026-W09"), "en")
    assert sorted(early.tasks_closed_unmet["task_id"]) == ["LZ-ENV-02", "LZ-ENV-03", "LZ-ENV-12", "LZ-GDN-02",
                                                          "LZ-GDN-07"]
    assert notice.closed_unmet_line(early, "en").startswith(
        "5 task(s) closed while their indicator is still not met: LZ-GDN-02 ")
    rated = title_progress(demo_con, "620100", None, D(2026, 3, 1))
    rated = rated[rated["area_code"] == "620100"].set_index(["title_code", "indicator_code"])["status"]
    assert [rated[("env_model", "domestic_sewage_treatment_pct")], rated[("historic", "conservation_plan_yn")],
            rated[("sanitary", "mechanised_cleaning_pct")]] == ["met", "met", "met"]


# ---------------------------------------------------------------- the title page lists them

def test_title_page_lists_closed_tasks_beside_their_indicator(app_test):
    at = app_test("pages/title.py", area="620100", title="civilized", as_of="2026-11-29")
    assert not at.exception, [e.value for e in at.exception]
    assert "已销号但指标仍未达标的任务" in [s.value for s in at.subheader]
    table = next(d.value for d in at.dataframe if "最新值 / 标准值" in d.value.columns)
    row = table[table["编号"] == "LZ-CIV-11"].iloc[0]
    assert row["指标"] == "每5万人拥有急救车辆数"
    assert row["最新值 / 标准值"].startswith("1.14 / ≥ 1.2")
    assert row["任务"] == "急救车辆配置达到每5万人1.2辆"
    en = app_test("pages/title.py", lang="en", area="620100", title="civilized", as_of="2026-03-01")
    # on 2026-03-01 LZ-CIV-11 was still open: not listed
    tables = [d.value for d in en.dataframe if "Latest / threshold" in d.value.columns]
    assert not tables or "LZ-CIV-11" not in set(tables[0]["ID"])
