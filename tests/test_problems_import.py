"""The problems upload: refusals by line/column/reason, nothing changes on a refused file, GBK and
XLSX with English headers, re-import updates and keeps history; rights of clerks on actions and photos."""
import datetime as dt
import io

import pytest

from cocreate import auth

from cocreate.store import db
from cocreate.errors import CocreateError, ImportRejected, PermissionDenied
from cocreate.present.upload_words import problems_line_text
from cocreate.problems import intake, store

TODAY = dt.date(2026, 11, 30)
HEADER = "问题编号,地区代码,责任单位代码,点位类型,点位名称,问题类别,问题描述,发现日期,整改时限,状态,整改日期,复核日期,来源,照片\n"
GOOD = "T-1,420106,420106,market,武昌区测试市场,littering,地面垃圾,2026-10-01,2026-10-04,rectified,2026-10-03,,暗访,\n"


def run_import(con, text, name="p.csv", encoding="utf-8", **kw):
    return intake.import_problems(con, text.encode(encoding), name, today=TODAY, **kw)


def counts(con):
    return (db.scalar(con, "SELECT count(*) FROM problems"), db.scalar(con, "SELECT count(*) FROM problem_history"),
            db.data_version(con))


def test_refusals_by_line_and_column_change_nothing(demo_db_path):
    con = db.connect(demo_db_path)
    before = counts(con)
    bad = (HEADER + GOOD
           + "T-2,999999,420106,market,某市场,littering,,2026-10-01,2026-10-04,open,,,巡查,\n"          # unknown area
           + "T-3,420106,nobody,market,某市场,littering,,2026-10-01,2026-10-04,open,,,巡查,\n"          # unknown unit
           + "T-4,420106,420106,market,某市场,littering,,2026-10-05,2026-10-01,open,,,巡查,\n"          # deadline < found
           + "T-5,420106,420106,market,某市场,littering,,2026-10-01,2026-10-04,rectified,2027-01-01,,巡查,\n"  # future
           + "T-6,420106,420106,market,某市场,littering,,2026-10-01,2026-10-04,verified,2026-10-03,2026-10-02,巡查,\n"
           + "T-7,420106,420106,market,某市场,littering,,2026-10-01,2026-10-04,done,,,巡查,\n"           # status
           + "T-1,420106,420106,market,某市场,littering,,2026-10-01,2026-10-04,open,,,巡查,\n")          # duplicate id
    with pytest.raises(ImportRejected) as exc:
        run_import(con, bad)
    got = [(p.line, p.column, p.key) for p in exc.value.problems]
    assert got == [(3, "area_code", "prob_imp_unknown_area"), (4, "unit_code", "prob_imp_unknown_unit"),
                   (5, "deadline", "prob_imp_deadline_before_found"), (6, "rectified_date", "prob_imp_future_date"),
                   (7, "verified_date", "prob_imp_verified_before_rectified"),
                   (8, "status", "prob_imp_unknown_status"), (9, "problem_id", "prob_imp_duplicate_id")]
    assert problems_line_text(exc.value.problems[0], "zh").startswith("第 3 行，“地区代码”列：地区代码 999999 不存在")
    assert problems_line_text(exc.value.problems[-1], "en") == \
        "Line 9, column 问题编号: Problem id T-1 appears twice in the file (first on line 2). Write each problem once."
    assert counts(con) == before
    con.close()


def test_gbk_and_xlsx_english_headers_then_reimport_keeps_history(demo_db_path):
    import openpyxl
    con = db.connect(demo_db_path)
    s = run_import(con, HEADER + GOOD, encoding="gbk")
    assert (s.inserted, s.updated, s.unchanged) == (1, 0, 0)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["problem_id", "area_code", "unit_code", "point_type", "point_name", "category", "description",
               "found_date", "deadline", "status", "rectified_date", "verified_date", "source", "photo"])
    ws.append(["T-1", "420106", "420106", "market", "武昌区测试市场", "littering", "地面垃圾",
               dt.date(2026, 10, 1), dt.date(2026, 10, 4), "verified", dt.date(2026, 10, 3), dt.date(2026, 10, 5),
               "暗访", ""])
    buf = io.BytesIO()
    wb.save(buf)
    s2 = intake.import_problems(con, buf.getvalue(), "p.xlsx", today=TODAY)
    assert (s2.inserted, s2.updated, s2.unchanged) == (0, 1, 0)
    row = db.run(con, "problems_ids").set_index("problem_id").loc["T-1"]
    assert row["status"] == "verified" and str(row["verified_date"])[:10] == "2026-10-05"
    hist = db.run(con, "problems_history_log", problem="T-1")
    assert hist[["action", "old_status", "new_status", "via"]].fillna("").values.tolist() == [
        ["import", "", "rectified", "p.csv"], ["import", "rectified", "verified", "p.xlsx"]]
    old = db.scalar(con, "SELECT old_row FROM problem_history WHERE problem_id = 'T-1' AND old_status IS NOT NULL")
    assert '"status": "rectified"' in old
    assert db.scalar(con, "SELECT count(*) FROM inspection_points WHERE code = ?",
                     [intake.point_code("420106", "武昌区测试市场")]) == 1
    con.close()


def test_missing_required_column_refuses_the_file(demo_db_path):
    con = db.connect(demo_db_path)
    with pytest.raises(ImportRejected) as exc:
        run_import(con, "问题编号,地区代码\nT-1,420106\n")
    assert exc.value.key == "import_missing_columns"
    con.close()


@pytest.fixture()
def users(demo_db_path, monkeypatch):
    monkeypatch.setenv("COCREATE_BCRYPT_ROUNDS", "4")
    con = db.connect(demo_db_path)
    auth.add_user(con, "jiangan", "a-long-password", "clerk", "420102")
    auth.add_user(con, "boss", "a-long-password", "admin")
    yield con, auth.get_user(con, "jiangan"), auth.get_user(con, "boss")
    con.close()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def open_problem(con, unit):
    return db.scalar(con, "SELECT min(problem_id) FROM problems WHERE unit_code = ? AND status = 'open'", [unit])


def test_clerk_only_own_units_admin_verifies_or_returns(users):
    con, clerk, admin = users
    other = open_problem(con, "420107")
    with pytest.raises(PermissionDenied):
        store.mark_rectified(con, other, clerk, TODAY, note="done", photos=[("after.png", PNG)], today=TODAY)
    mine = open_problem(con, "420102")
    with pytest.raises(CocreateError) as exc:
        store.mark_rectified(con, mine, clerk, TODAY, note="清理完毕", today=TODAY)   # a note is no after photo
    assert exc.value.key == "prob_after_photo_required"
    with pytest.raises(CocreateError) as exc:
        store.mark_rectified(con, mine, clerk, TODAY, photos=[("x.png", b"<script>alert(1)</script>")], today=TODAY)
    assert exc.value.key == "prob_photo_type"
    store.mark_rectified(con, mine, clerk, TODAY, note="清理完毕", photos=[("after.png", PNG)], today=TODAY)
    photos = db.run(con, "problems_photos", problem=mine)
    assert photos[["mime", "kind", "role", "size_bytes"]].values.tolist() == [["image/png", "proof", "after", len(PNG)]]
    assert store.read_photo(con, photos["stored_name"].iloc[0]) == PNG
    with pytest.raises(CocreateError):
        store.read_photo(con, "../../etc/passwd")
    with pytest.raises(PermissionDenied):
        store.verify(con, mine, clerk, TODAY, today=TODAY)               # a clerk cannot close
    store.return_problem(con, mine, admin, "照片不清晰")
    assert db.scalar(con, "SELECT status FROM problems WHERE problem_id = ?", [mine]) == "returned"
    store.mark_rectified(con, mine, clerk, TODAY, note="重新清理", photos=[("again.png", PNG + b"\x01")], today=TODAY)
    store.verify(con, mine, admin, TODAY, today=TODAY)
    hist = db.run(con, "problems_history_log", problem=mine)
    assert hist["action"].tolist()[-4:] == ["rectify", "return", "rectify", "verify"]
    assert hist["user_name"].tolist()[-4:] == ["jiangan", "boss", "jiangan", "boss"]


def test_clerk_import_outside_own_area_refused(users):
    con, clerk, _ = users
    with pytest.raises(ImportRejected) as exc:
        run_import(con, HEADER + GOOD, user=clerk)          # 420106 is not the clerk's district
    # the area and the unit (both 420106) are outside the clerk's district: two reasons (issue 23)
    assert [p.key for p in exc.value.problems] == ["prob_imp_area_not_allowed", "sec_prob_unit_not_allowed"]
