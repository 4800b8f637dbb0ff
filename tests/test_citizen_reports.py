"""Citizens' reports (随手拍, issue 21 item 3): a report goes into the moderation queue with a receipt;
the hourly limit per client and overall; the office accepts one (a problem at the point, counted by
`problems report`) or declines it with a reason; the receipt shows the state and takes complaints;
the photo's EXIF location is never on the public page; the page exists only with
COCREATE_PUBLIC_REPORTS=1 (AppTest in zh and en)."""
import datetime as dt
import io
import re

import pandas as pd
import pytest

from cocreate import auth
from cocreate.__main__ import main
from cocreate.errors import CocreateError, PermissionDenied
from cocreate.points import citizen
from cocreate.problems import store
from cocreate.store import db
from test_field import PHOTO, POINT    # 江岸区球场街农贸市场 (420102, unit wh_market); photo GPS 30.619, 114.30225

T0 = dt.datetime(2026, 11, 25, 10, 0)       # a Wednesday, in week 2026-W48 (Nov 23-29)
TODAY = T0.date()
RECEIPT = re.compile(r"^R261125-[A-HJ-NP-Z2-9]{6}$")


@pytest.fixture()
def con(demo_db_path, monkeypatch):
    monkeypatch.setenv("COCREATE_BCRYPT_ROUNDS", "4")
    c = db.connect(demo_db_path)
    auth.add_user(c, "city_clerk", "a-long-password", "clerk", "420100")     # Wuhan and its districts
    auth.add_user(c, "lz_clerk", "a-long-password", "clerk", "620100")       # Lanzhou only
    yield c
    c.close()


def _queue(con):
    return db.run(con, "citizen_queue", area="420100").set_index("receipt")


def test_submit_puts_one_row_in_the_queue(con):
    got = citizen.submit(con, "client-a" * 3, "  垃圾桶满溢，周围有积水 ", ("IMG_9.jpg", PHOTO), point_code=POINT, now=T0)
    assert RECEIPT.match(got)
    row = _queue(con).loc[got]
    assert (row["area_code"], row["point_code"], row["point_name"], row["text"], row["status"]) == (
        "420102", POINT, "江岸区球场街农贸市场", "垃圾桶满溢，周围有积水", "received")
    assert row["submitted_at"] == pd.Timestamp(T0) and pd.isna(row["problem_id"]) and row["complaints"] == 0
    # the photo is kept as the problems' photos are (content-addressed, the file as sent, EXIF kept for the office)
    assert row["photo_lat"] == pytest.approx(30.619) and row["photo_lon"] == pytest.approx(114.30225)
    assert store.read_photo(con, row["photo"]) == PHOTO
    # the limit keeps a hash of the client, never the id itself
    sends = con.execute("SELECT client_hash, kind FROM citizen_sends").fetchall()
    assert sends == [(citizen.client_hash("client-a" * 3), "report")] and "client-a" not in sends[0][0]
    # an address in a district, no point
    other = citizen.submit(con, "client-a" * 3, "路灯不亮", ("a.jpg", PHOTO), address="解放大道100号", area_code="420103",
                           now=T0)
    assert _queue(con).loc[other, ["area_code", "address"]].tolist() == ["420103", "解放大道100号"]
    assert pd.isna(_queue(con).loc[other, "point_code"])


def test_submit_refusals_keep_nothing(con):
    cases = [(("x", ("a.jpg", PHOTO)), {}, "cit_no_place"),
             (("", ("a.jpg", PHOTO)), {"point_code": POINT}, "cit_no_text"),
             (("x", None), {"point_code": POINT}, "cit_no_photo"),
             (("x", ("a.gif", b"GIF89a" + b"\x00" * 20)), {"point_code": POINT}, "prob_photo_type"),
             (("x", ("a.jpg", PHOTO)), {"point_code": "PT-nope"}, "cit_unknown_point"),
             (("x", ("a.jpg", PHOTO)), {"address": "某路", "area_code": "420100"}, "cit_no_district")]  # a city, not a district
    for (text, photo), place, key in cases:
        with pytest.raises(CocreateError) as exc:
            citizen.submit(con, "client-b" * 3, text, photo, now=T0, **place)
        assert exc.value.key == key
    assert db.scalar(con, "SELECT count(*) FROM citizen_reports") == 0
    assert db.scalar(con, "SELECT count(*) FROM citizen_sends") == 0


def test_the_sixth_in_an_hour_is_refused_and_accepted_after_the_hour(con, monkeypatch):
    send = lambda who, at: citizen.submit(con, who, "x", ("a.jpg", PHOTO), point_code=POINT, now=at)  # noqa: E731
    for minutes in (0, 10, 20, 30, 40):            # five sends at 10:00, 10:10, 10:20, 10:30, 10:40
        send("client-c" * 3, T0 + dt.timedelta(minutes=minutes))
    with pytest.raises(CocreateError) as exc:      # 10:50: five in the hour before -> the sixth is refused
        send("client-c" * 3, T0 + dt.timedelta(minutes=50))
    assert exc.value.key == "cit_limit_client" and exc.value.params == {"n": 5}
    send("client-d" * 3, T0 + dt.timedelta(minutes=50))     # another client is not limited by it
    # 11:00:01: the hour before starts at 10:00:01, so the 10:00 send is out: 4 in it, the send goes through
    send("client-c" * 3, T0 + dt.timedelta(hours=1, seconds=1))
    assert db.scalar(con, "SELECT count(*) FROM citizen_reports") == 7     # 5 + 1 + 1
    # rows older than an hour are deleted by a send: at 11:00:01 the 10:00 row went, 6 of the 7 remain
    assert db.scalar(con, "SELECT count(*) FROM citizen_sends") == 6
    # the cap for everyone, set to 3 an hour: at 11:05 the sends after 10:05 are 10:10, 10:20, 10:30, 10:40,
    # 10:50 (two clients) and 11:00:01 = 7 >= 3 -> a new client is refused
    monkeypatch.setenv("COCREATE_REPORTS_PER_HOUR", "3")
    with pytest.raises(CocreateError) as exc:
        send("client-e" * 3, T0 + dt.timedelta(minutes=65))
    assert exc.value.key == "cit_limit_global"


def test_accept_files_a_problem_counted_by_problems_report(con, demo_db_path, capsys):
    receipt = citizen.submit(con, "client-f" * 3, "垃圾桶满溢", ("IMG_9.jpg", PHOTO), point_code=POINT, now=T0)
    con.close()                                    # the command opens the file itself
    assert main(["problems", "report", "--area", "420100", "--period", "2026-W48", "--db", str(demo_db_path)]) == 0
    before = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype={"unit_code": str}).set_index("unit_code")
    con = db.connect(demo_db_path)
    with pytest.raises(PermissionDenied):          # a Lanzhou clerk may not decide a Wuhan report
        citizen.accept(con, auth.get_user(con, "lz_clerk"), receipt, POINT, "littering", today=TODAY)
    got = citizen.accept(con, auth.get_user(con, "city_clerk"), receipt.lower(), POINT, "littering", today=TODAY)
    # littering: 3 days (problem_categories.csv) -> 2026-11-25 + 3 = 2026-11-28; unit from the ledger
    assert got == {"problem_id": "SP261125-001", "category": "littering", "unit_code": "wh_market",
                   "deadline": dt.date(2026, 11, 28), "photos": 1}
    row = con.execute("SELECT area_code, point_code, point_type, category, description, found_date, deadline, status, "
                      "source, updated_by FROM problems WHERE problem_id = 'SP261125-001'").fetchone()
    assert row == ("420102", POINT, "market", "littering", "垃圾桶满溢", TODAY, dt.date(2026, 11, 28), "open",
                   "随手拍", "city_clerk")
    assert con.execute("SELECT via, note FROM problem_history WHERE problem_id = 'SP261125-001'").fetchall() == [
        ("citizen", "随手拍")]
    assert con.execute("SELECT role FROM problem_photos WHERE problem_id = 'SP261125-001'").fetchall() == [("before",)]
    q = _queue(con).loc[receipt]
    assert (q["status"], q["problem_id"], q["problem_status"], q["decided_by"]) == (
        "accepted", "SP261125-001", "open", "city_clerk")
    with pytest.raises(CocreateError) as exc:      # decided once only
        citizen.decline(con, auth.get_user(con, "city_clerk"), receipt, "重复")
    assert exc.value.key == "cit_already_decided"
    con.close()
    assert main(["problems", "report", "--area", "420100", "--period", "2026-W48", "--db", str(demo_db_path)]) == 0
    after = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype={"unit_code": str}).set_index("unit_code")
    # data/demo/problems.csv has 2 found at wh_market in Nov 23-29 (WH261123-866, WH261127-882); the
    # accepted report (found 11-25) is a third
    assert (before.loc["wh_market", "found"], after.loc["wh_market", "found"]) == (2, 3)


def test_decline_needs_a_reason_and_records_it(con):
    receipt = citizen.submit(con, "client-g" * 3, "有人乱停车", ("a.jpg", PHOTO), point_code=POINT, now=T0)
    clerk = auth.get_user(con, "city_clerk")
    with pytest.raises(CocreateError) as exc:
        citizen.decline(con, clerk, receipt, "   ")
    assert exc.value.key == "cit_reason_required" and _queue(con).loc[receipt, "status"] == "received"
    with pytest.raises(PermissionDenied):
        citizen.decline(con, {"name": "v", "role": "viewer"}, receipt, "不属实")
    citizen.decline(con, clerk, receipt, "经核实，该处已于当日清理")
    q = _queue(con).loc[receipt]
    assert (q["status"], q["reason"], q["decided_by"]) == ("declined", "经核实，该处已于当日清理", "city_clerk")


def test_receipt_lookup_states_and_complaints(con):
    clerk = auth.get_user(con, "city_clerk")
    a, b, c = (citizen.submit(con, "client-h" * 3, f"问题{i}", ("a.jpg", PHOTO), point_code=POINT, now=T0)
               for i in range(3))
    citizen.accept(con, clerk, b, POINT, "overflowing_bins", today=TODAY)
    citizen.decline(con, clerk, c, "不在本市范围")
    assert citizen.lookup(con, a)["status"] == "received"
    got_b = citizen.lookup(con, " " + b.lower() + " ")          # typed with spaces, in lower case
    # bins: 2 days -> 2026-11-25 + 2 = 2026-11-27
    assert (got_b["status"], got_b["problem_id"], got_b["problem_status"], got_b["problem_deadline"].date()) == (
        "accepted", "SP261125-001", "open", dt.date(2026, 11, 27))
    got_c = citizen.lookup(con, c)
    assert (got_c["status"], got_c["reason"]) == ("declined", "不在本市范围")
    assert citizen.lookup(con, "R000000-AAAAAA") is None
    # no photo and no location in what the public page gets
    assert not {"photo", "photo_lat", "photo_lon", "text"} & set(got_b)
    # complaints: kept against the receipt, listed to the office, at most 3 a receipt
    assert citizen.complain(con, "client-h" * 3, c, "理由不成立，问题仍在", now=T0) == 1
    assert citizen.lookup(con, c)["complaints"] == 1
    listed = db.run(con, "citizen_complaints", area="420100")
    assert listed[["receipt", "text", "status"]].values.tolist() == [[c, "理由不成立，问题仍在", "declined"]]
    with pytest.raises(CocreateError) as exc:
        citizen.complain(con, "client-h" * 3, "R000000-AAAAAA", "x", now=T0)
    assert exc.value.key == "cit_unknown_receipt"
    with pytest.raises(CocreateError) as exc:
        citizen.complain(con, "client-h" * 3, c, "  ", now=T0)
    assert exc.value.key == "cit_no_complaint_text"
    citizen.complain(con, "client-i" * 3, c, "二", now=T0)
    citizen.complain(con, "client-j" * 3, c, "三", now=T0)
    with pytest.raises(CocreateError) as exc:       # a fourth on one receipt
        citizen.complain(con, "client-k" * 3, c, "四", now=T0)
    assert exc.value.key == "cit_complaints_full"


# ---------------------------------------------------------------- the pages


def test_page_absent_without_the_switch(app_test, monkeypatch):
    monkeypatch.delenv("COCREATE_PUBLIC_REPORTS", raising=False)
    assert not citizen.enabled()
    at = app_test()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/report.py")         # not a page of the app
    assert "随手拍 · 市民反映" not in [t.value for t in at.title]


@pytest.mark.parametrize("lang,heading,receipt_word", [("zh", "随手拍 · 市民反映", "已收到，回执号 "),
                                                       ("en", "Report a problem in your city", "Received: receipt number ")])
def test_report_page_sends_and_looks_up(app_test, demo_db_path, monkeypatch, lang, heading, receipt_word):
    monkeypatch.setenv("COCREATE_PUBLIC_REPORTS", "1")
    monkeypatch.setenv("COCREATE_OPEN_VIEWING", "0")       # viewing needs a login: /report does not
    at = app_test("pages/report.py", lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    assert [h.value for h in at.title] == [heading]
    at.file_uploader(key="cit_photo_0").set_value(("IMG_1.jpg", PHOTO, "image/jpeg"))
    at.run()
    # the photo's GPS puts the nearest point first: the market itself (0 m)
    assert at.selectbox(key="cit_city").value == "420100"
    assert at.selectbox(key="cit_point").value == POINT
    at.text_input(key="cit_text").input("垃圾桶满溢").run()
    at.button(key="cit_submit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.success) == 1 and at.success[0].value.startswith(receipt_word)
    receipt = at.code[0].value
    assert re.match(r"^R\d{6}-[A-HJ-NP-Z2-9]{6}$", receipt)      # dated today (the real clock)
    # the receipt shows the state; nothing of the photo's location is on the page
    at.segmented_control(key="cmode").set_value("lookup").run()
    at.text_input(key="cit_receipt_in").input(receipt)
    form_buttons = [b for b in at.button if b.label in ("查询", "Look up")]
    form_buttons[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    shown = " ".join(str(e.value) for e in [*at.info, *at.success, *at.warning, *at.markdown, *at.caption])
    assert receipt in shown and ("待审核" in shown if lang == "zh" else "Received, awaiting review" in shown)
    for secret in ("30.619", "114.302", "30.6", "114.3"):
        assert secret not in shown
    con = db.connect(demo_db_path)
    try:
        row = con.execute("SELECT point_code, text, status, photo_lat FROM citizen_reports").fetchall()
    finally:
        con.close()
    assert row == [(POINT, "垃圾桶满溢", "received", pytest.approx(30.619))]


def test_closed_viewing_keeps_other_pages_behind_the_login(app_test, monkeypatch):
    monkeypatch.setenv("COCREATE_PUBLIC_REPORTS", "1")
    monkeypatch.setenv("COCREATE_OPEN_VIEWING", "0")
    at = app_test("pages/rectification.py")
    assert not at.exception, [e.value for e in at.exception]
    # the gate's words and no page (no heading, no figures); no account exists yet, so no form either
    assert at.title == [] and at.metric == [] and "登录" in " ".join(i.value for i in at.info)


def test_moderation_queue_on_the_rectification_page(signed_in_page, demo_db_path, monkeypatch):
    monkeypatch.setenv("COCREATE_PUBLIC_REPORTS", "1")
    con = db.connect(demo_db_path)
    try:
        receipt = citizen.submit(con, "client-m" * 3, "公厕无人打扫", ("a.jpg", PHOTO), address="球场街 8 号旁",
                                 area_code="420102", now=T0)
    finally:
        con.close()
    at = signed_in_page("pages/rectification.py", {"name": "wh_clerk", "role": "clerk", "areas": "420100"},
                        area="420100")
    assert at.tabs[-1].label == "随手拍审核"
    assert at.selectbox(key="cit_pending").value == receipt
    # no point picked by the citizen: the district's points, nearest to the photo first (the market, 0 m)
    assert at.selectbox(key="cit_acc_point").value == POINT
    at.selectbox(key="cit_acc_cat").set_value("littering")
    next(b for b in at.button if b.label == "受理").click().run()
    assert not at.exception, [e.value for e in at.exception]
    con = db.connect(demo_db_path)
    try:
        got = con.execute("SELECT r.status, p.unit_code, p.description, p.deadline - p.found_date, p.source "
                          "FROM citizen_reports r JOIN problems p USING (problem_id)").fetchall()
    finally:
        con.close()
    # the address goes before the citizen's words; littering: 3 days
    assert got == [("accepted", "wh_market", "球场街 8 号旁：公厕无人打扫", 3, "随手拍")]


def test_report_page_with_an_address_and_a_refusal(app_test, demo_db_path, monkeypatch):
    monkeypatch.setenv("COCREATE_PUBLIC_REPORTS", "1")
    at = app_test("pages/report.py")
    at.segmented_control(key="cit_place_kind").set_value("address").run()
    at.selectbox(key="cit_district").set_value("420103").run()
    at.text_input(key="cit_address").input("解放大道 100 号公交站").run()
    at.text_input(key="cit_text").input("路灯不亮").run()
    at.button(key="cit_submit").click().run()           # no photo yet: refused in words, nothing kept
    assert [e.value for e in at.error] == ["请拍一张照片或选择一张照片。"]
    png = io.BytesIO()
    from PIL import Image
    Image.new("RGB", (6, 6), "blue").save(png, "PNG")   # a photo without a location
    at.file_uploader(key="cit_photo_0").set_value(("p.png", png.getvalue(), "image/png")).run()
    at.button(key="cit_submit").click().run()
    assert not at.exception and len(at.success) == 1
    con = db.connect(demo_db_path)
    try:
        rows = con.execute("SELECT area_code, point_code, address, text, photo_mime, photo_lat FROM citizen_reports"
                           ).fetchall()
    finally:
        con.close()
    assert rows == [("420103", None, "解放大道 100 号公交站", "路灯不亮", "image/png", None)]


def test_moderation_without_ledger_points_says_what_to_do(signed_in_page, demo_db_path, monkeypatch):
    monkeypatch.setenv("COCREATE_PUBLIC_REPORTS", "1")
    con = db.connect(demo_db_path)
    try:
        receipt = citizen.submit(con, "client-n" * 3, "井盖缺失", ("a.jpg", PHOTO), address="球场街 9 号",
                                 area_code="420102", now=T0)
        con.execute("UPDATE inspection_points SET active = false WHERE area_code = '420102'")   # no point left there
    finally:
        con.close()
    at = signed_in_page("pages/rectification.py", {"name": "wh_clerk", "role": "clerk", "areas": "420100"},
                        area="420100")
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="cit_pending").value == receipt
    # no accept form (no point to pick), the words say what to do; declining still works
    assert not any(s.key == "cit_acc_point" for s in at.selectbox)
    assert any("points import" in i.value for i in at.info)
    assert any(b.label == "不予受理" for b in at.button)
