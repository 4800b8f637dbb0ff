"""The map of points (issue 21 item 5) and the units' reminders (item 6): pure functions on small
hand-made frames, values worked out by hand; the /points page (AppTest) shows `points list`'s counts
on a point's card; `problems remind` prints each unit's own list."""
import datetime as dt

import pandas as pd
import pytest

from cocreate.__main__ import main
from cocreate.points import hotspots
from cocreate.points.ledger import point_counts, points_list
from cocreate.present.points_charts import heat_chart, marker_size, points_map
from cocreate.problems import dispatch, remind
from cocreate.store import db
from test_notice_send import receiver  # noqa: F401  (the robots' test server, one fixture for both files)

TODAY = dt.date(2026, 12, 5)        # a Saturday (2026-11-30 is a Monday)
D = pd.Timestamp

POINTS = pd.DataFrame({
    "point_code": ["A", "B", "C", "D"], "name": ["甲", "乙", "丙", "丁"],
    "point_type": ["market", "toilet", "market", "toilet"], "area_code": ["420102"] * 4,
    "unit_code": ["U", "V", "U", "V"], "lat": [30.6] * 4, "lon": [114.3] * 4})


def prob(pid, point, cat, found, deadline, status="verified", rectified=None, unit="U"):
    return {"problem_id": pid, "point_code": point, "unit_code": unit, "area_code": "420102", "category": cat,
            "point_name": point, "found_date": D(found), "deadline": D(deadline), "status": status,
            "rectified_date": D(rectified) if rectified else pd.NaT, "verified_date": pd.NaT}


PROBLEMS = pd.DataFrame([
    prob("p1", "A", "littering", "2026-11-02", "2026-11-05", rectified="2026-11-04"),   # Mon
    prob("p2", "A", "littering", "2026-11-16", "2026-11-19", status="open"),            # Mon; repeat of p1 (14 days)
    prob("p3", "B", "ads", "2026-11-20", "2026-12-06", status="open", unit="V"),        # Fri
    prob("p4", "C", "littering", "2026-11-03", "2026-11-06", rectified="2026-11-05"),   # Tue; 33 days after p5: no repeat
    prob("p5", "C", "littering", "2026-10-01", "2026-10-04", rectified="2026-10-03"),   # Thu
    prob("p6", "B", "ads", "2026-08-01", "2026-08-04", rectified="2026-08-02", unit="V"),  # before the 90 days
    prob("p7", "D", "cleanliness", "2026-11-10", "2026-11-12", rectified="2026-11-11", unit="V"),  # Tue
    prob("p8", "D", "cleanliness", "2026-11-20", "2026-11-22", rectified="2026-11-21", unit="V"),  # Fri; repeat of p7
])


def counts():
    return point_counts(POINTS, PROBLEMS, TODAY)


def test_state_and_size_by_hand():
    # 90 days up to 2026-12-05: 2026-09-07 .. 2026-12-05
    # A: open p2, overdue p2 (deadline 11-19 <= 12-05), found p1 p2, repeat p2     -> overdue
    # B: open p3 (deadline 12-06, not overdue), found p3 (p6 is before the window) -> open
    # C: nothing open, found p4 p5, no repeat (33 days apart > 30)                  -> clear
    # D: nothing open, found p7 p8, repeat p8 (10 days after p7)                    -> repeat
    got = hotspots.map_frame(counts(), PROBLEMS, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert got[["point_code", "open", "overdue", "found_90d", "repeat_90d", "state"]].values.tolist() == [
        ["A", 1, 1, 2, 1, "overdue"], ["B", 1, 0, 1, 0, "open"], ["C", 0, 0, 2, 0, "clear"],
        ["D", 0, 0, 2, 1, "repeat"]]
    # found in November: A p1 p2 = 2, B p3 = 1, C p4 = 1 (p5 in October), D p7 p8 = 2
    assert got["found_period"].tolist() == [2, 1, 1, 2]
    # 8 + 5 * sqrt(n), at most 30: n=0 -> 8, n=4 -> 18, n=100 -> 58 cut to 30
    assert marker_size([0, 4, 100]).tolist() == [8, 18, 30]


def test_heat_table_and_matrix_by_hand():
    # window 2026-09-07 .. 2026-11-30: p6 (08-01) left out
    # market: p1 Mon littering, p2 Mon littering, p4 Tue littering, p5 Thu littering
    # toilet: p3 Fri ads, p7 Tue cleanliness, p8 Fri cleanliness
    heat = hotspots.heat(PROBLEMS, POINTS, dt.date(2026, 9, 7), dt.date(2026, 11, 30))
    assert heat.values.tolist() == [
        ["market", 0, "littering", 2], ["market", 1, "littering", 1], ["market", 3, "littering", 1],
        ["toilet", 1, "cleanliness", 1], ["toilet", 4, "ads", 1], ["toilet", 4, "cleanliness", 1]]
    every = hotspots.heat_matrix(heat, None, ["market", "toilet"])
    assert every.loc["market"].tolist() == [2, 1, 0, 1, 0, 0, 0]
    assert every.loc["toilet"].tolist() == [0, 1, 0, 0, 2, 0, 0]     # Fri: p3 + p8 = 2
    littering = hotspots.heat_matrix(heat, "littering", ["market", "toilet", "school"])
    assert littering.loc["toilet"].sum() == 0 and littering.loc["school"].sum() == 0
    assert littering.loc["market"].tolist() == [2, 1, 0, 1, 0, 0, 0]


def test_heat_chart_keeps_its_cells_near_100_px_wide():
    heat = hotspots.heat(PROBLEMS, POINTS, dt.date(2026, 9, 7), dt.date(2026, 11, 30))
    matrix = hotspots.heat_matrix(heat, None, ["market", "toilet"])
    # widest label "公共厕所" = 4 CJK x 15 = 60 px; 10 + 60 + 12 + 7 days x 100 + 10 = 792
    zh = heat_chart(matrix, lang="zh", title="t", type_names={"market": "农贸市场", "toilet": "公共厕所"})
    assert zh.layout.width == 792
    # "Farmers' market" = 15 characters x 8 = 120 px; 10 + 120 + 12 + 700 + 10 = 852
    en = heat_chart(matrix, lang="en", title="t", type_names={"market": "Farmers' market", "toilet": "Public toilet"})
    assert en.layout.width == 852


def test_most_repeats_and_a_points_history():
    top = hotspots.most_repeats(counts())
    # A and D: 1 repeat each, 2 found each -> by code
    assert top["point_code"].tolist() == ["A", "D"]
    assert hotspots.point_problems(PROBLEMS, "A")["problem_id"].tolist() == ["p2", "p1"]


def test_map_draws_gcj02_offline_and_wgs84_with_tiles():
    frame = hotspots.map_frame(counts(), PROBLEMS, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    frame["hover"] = frame["point_code"]
    fig = points_map(frame, None, lang="en", title="t", district_names={})
    overdue = [tr for tr in fig.data if tr.name.startswith("Overdue")][0]
    # WGS-84 (30.6, 114.3) in GCJ-02 is a few hundred metres off: lon +0.005..0.006, lat -0.002..-0.003
    assert 0.004 < overdue.x[0] - 114.3 < 0.007 and -0.004 < overdue.y[0] - 30.6 < -0.001
    assert list(overdue.customdata) == ["A"] and overdue.name == "Overdue (1)"
    tiled = points_map(frame, None, lang="en", title="t", district_names={}, tile_url="https://t.example/{z}/{x}/{y}")
    on_tiles = [tr for tr in tiled.data if tr.name.startswith("Overdue")][0]
    assert (on_tiles.lon[0], on_tiles.lat[0]) == (114.3, 30.6)          # 天地图: drawn as stored


REMIND = pd.DataFrame([
    prob("r2", "A", "littering", "2026-11-16", "2026-11-19", status="open"),              # 15 days at 12-04: talk
    prob("r9", "C", "ads", "2026-12-01", "2026-12-04", status="open"),                    # 0 days at 12-04
    prob("r12", "C", "ads", "2026-11-20", "2026-12-03", status="rectified", rectified="2026-12-05"),  # put right today
    prob("r13", "A", "ads", "2026-12-02", "2026-12-05", status="open"),                   # due today
    prob("r3", "B", "ads", "2026-11-20", "2026-12-06", status="open", unit="V"),
    prob("r10", "B", "ads", "2026-12-05", "2026-12-07", status="open", unit="V"),         # found today, due +2
    prob("r11", "B", "ads", "2026-12-01", "2026-12-08", status="open", unit="V"),         # due +3: not yet
    prob("r14", "D", "ads", "2026-11-01", "2026-11-10", status="verified", rectified="2026-11-09", unit="V"),
])
LEVELS = pd.DataFrame({"code": ["supervision", "talk"], "days_overdue": [7, 15]})


def test_reminders_by_hand():
    rows = remind.reminders(REMIND, TODAY, LEVELS)
    # overdue at the end of 12-04 and still open today: r2 (12-04 - 11-19 = 15 days >= 15: talk), r9 (0 days);
    # r12 was overdue at 12-04 but put right today. Due 12-05 .. 12-07 and open: r13, r3, r10 (r11 is 12-08).
    assert rows[["unit_code", "kind", "problem_id"]].values.tolist() == [
        ["U", "overdue", "r2"], ["U", "overdue", "r9"], ["U", "soon", "r13"],
        ["V", "soon", "r3"], ["V", "soon", "r10"]]
    assert rows["days_overdue"].tolist()[:2] == [15, 0] and rows["level"].tolist()[:2] == ["talk", ""]
    assert remind.per_unit(rows).values.tolist() == [["U", 2, 1], ["V", 0, 2]]


def test_reminder_messages_go_only_to_units_with_a_robot():
    rows = remind.reminders(REMIND, TODAY, LEVELS)
    texts = {u: remind.unit_text(u, g, TODAY, {}, {"talk": "Talk"}, "en") for u, g in rows.groupby("unit_code")}
    assert "r2" in texts["U"] and "r3" not in texts["U"] and "r3" in texts["V"]
    got = remind.Reminders(rows, {}, {"V": "https://robot.example/v"}, texts)
    msgs = remind.messages(got, "en")
    assert [(m.unit_code, m.soon_ids, m.overdue_ids) for m in msgs] == [("V", ["r3", "r10"], [])]
    sent = []
    results = dispatch.post_all(None, msgs, post=lambda text, url: sent.append(url) or 200)
    assert sent == ["https://robot.example/v"] and [r.target for r in results] == ["V"]


def test_cli_remind_prints_each_units_own_list(demo_db_path, monkeypatch, capsys):
    import cocreate.clock
    monkeypatch.setattr(cocreate.clock, "china_today", lambda: TODAY)
    assert main(["problems", "remind", "--area", "420100", "--lang", "en", "--db", str(demo_db_path)]) == 0
    out = capsys.readouterr().out
    # demo: WH261123-864 (江岸区 420102) deadline 2026-11-30, open: 12-04 - 11-30 = 4 days overdue
    block = out.split("<!-- ")[[i for i, b in enumerate(out.split("<!-- ")) if "(420102)" in b][0]]
    assert "WH261123-864" in block and "4 day" in block
    assert "WH261123-864" not in out.split("(420103)")[1].split("<!-- ")[0]


def test_points_page_card_shows_points_list_counts(app_test, demo_db_path):
    con = db.connect(demo_db_path, read_only=True)
    try:
        listed = points_list(con, "420102")
    finally:
        con.close()
    busiest = listed.sort_values(["found_90d", "point_code"], ascending=[False, True]).iloc[0]
    at = app_test("pages/points.py", area="420102", lang="en", pm_point=busiest["point_code"])
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric[-4:]}     # the card's four, after the page's state counts
    for label, col in (("Open", "open"), ("Overdue", "overdue"), ("Found (90 days)", "found_90d"),
                       ("Repeats (90 days)", "repeat_90d")):
        assert metrics[label] == str(int(busiest[col])), label
    assert len(at.tabs) >= 3


def test_points_page_filters_and_tabs_run_in_both_cities(app_test):
    at = app_test("pages/points.py", area="620100", lang="zh", pm_area="620102", pm_type="market", pm_kind="week")
    assert not at.exception
    # the filters keep only Chengguan's markets: every state count adds up to the points shown
    shown = {m.label: int(m.value) for m in at.metric[:5]}
    assert shown["点位"] == sum(v for k, v in shown.items() if k != "点位") > 0
    at = app_test("pages/points.py", area="420100", lang="en", pm_unit="wh_market")
    assert not at.exception and not at.error


def test_cli_remind_send_posts_each_unit_only_its_own_and_not_the_office(demo_db_path, receiver, monkeypatch, capsys):
    import cocreate.clock
    from test_notice_send import _robots
    monkeypatch.setattr(cocreate.clock, "china_today", lambda: TODAY)
    monkeypatch.setenv("COCREATE_NOTICE_WEBHOOK", receiver.url + "/office")
    _robots(demo_db_path, [("420102", receiver.url + "/u/420102", "test"), ("420104", receiver.url + "/u/420104", "test")])
    assert main(["problems", "remind", "--area", "420100", "--send", "--lang", "en", "--db", str(demo_db_path)]) == 0
    assert set(receiver.got) == {"/u/420102", "/u/420104"}                  # no office summary
    jiangan, qiaokou = receiver.text("/u/420102"), receiver.text("/u/420104")
    # demo: WH261123-864 at 江岸区 (deadline 11-30: 4 days at 12-04); WH261031-758 at 硚口区
    # (deadline 11-10: 12-04 - 11-10 = 24 days >= 15: the talk level)
    assert "WH261123-864" in jiangan and "WH261031-758" not in jiangan
    assert "WH261031-758" in qiaokou and "24 days" in qiaokou and "Talk with a leader" in qiaokou
    out = capsys.readouterr().out
    assert "Posted to Jiang'an District (420102): 1 overdue, 0 due within 2 days (HTTP 200)." in out


def test_points_page_runs_with_a_tile_server_set(app_test, monkeypatch):
    monkeypatch.setenv("COCREATE_TILE_URL", "https://t0.example/vec/{z}/{x}/{y}?tk=KEY")
    at = app_test("pages/points.py", area="420102", lang="en")
    assert not at.exception
