"""AppTest of the Data page in both languages: login, import report, clerk rights, batches, rollback."""
from __future__ import annotations

import pytest
import streamlit as st

from cocreate import auth

from cocreate.store import db
from cocreate.intake.observations import china_now
from tests.test_import import checksum

PAGE = "pages/data.py"


@pytest.fixture(autouse=True)
def _setup(monkeypatch, demo_db_path):
    monkeypatch.setenv("COCREATE_BCRYPT_ROUNDS", "4")
    con = db.connect(demo_db_path)
    auth.add_user(con, "boss", "boss-password-1", "admin")
    auth.add_user(con, "chengguan", "clerk-password-1", "clerk", "620102")
    con.close()


def open_page(app_test, lang, user=None):
    at = app_test(PAGE, lang=lang)
    at.run()  # after switch_page the language settles on the next run
    if user:
        at.session_state["auth_user"] = user
        at.session_state["auth_seen"] = china_now()
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(elements):
    return [e.value for e in elements]


@pytest.mark.parametrize("lang, heading, tabs, login_info, batch_user", [
    ("zh", "数据管理", ["导入", "填报模板", "导入记录", "数值历史", "导出"], "导入数据需要登录填报员或管理员账号。", "build-db"),
    ("en", "Data", ["Import", "Templates", "Import batches", "Figure history", "Export"],
     "Importing figures needs a clerk or administrator login.", "build-db"),
])
def test_page_in_both_languages(app_test, lang, heading, tabs, login_info, batch_user):
    at = open_page(app_test, lang)
    assert texts(at.title) == [heading]
    assert [tab.label for tab in at.tabs] == tabs
    assert login_info in texts(at.info)
    batches = at.dataframe[1].value
    assert batches.iloc[-1].tolist()[2] == batch_user and batches.iloc[-1].tolist()[0] == 1
    template_caption = [c for c in texts(at.caption) if ("模板共" in c or "The template has" in c)]
    assert template_caption and not any(c.startswith("0") for c in template_caption)
    assert at.file_uploader.len == 0          # no upload without a login


def test_login_form_signs_in(app_test):
    at = open_page(app_test, "en")
    at.text_input(key="login_import_name").input("boss")
    at.text_input(key="login_import_password").input("wrong-password")
    at.button(key="login_import_submit").click().run()
    assert any("Wrong user name or password" in e for e in texts(at.error))
    at.text_input(key="login_import_name").input("boss")
    at.text_input(key="login_import_password").input("boss-password-1")
    at.button(key="login_import_submit").click().run()
    assert "Logged in: boss (administrator)" in texts(at.sidebar.caption)
    assert at.file_uploader.len == 1
    assert [tab.label for tab in at.tabs][-1] == "Accounts"


def test_clerk_cannot_import_for_another_area_through_the_page(app_test, demo_db_path):
    at = open_page(app_test, "en", user="chengguan")
    con = db.connect(demo_db_path)  # same process and config: shares the app's database instance
    before = checksum(con)
    csv = "indicator_code,area_code,period,value\npublic_toilets,620102,2024-01,100\npublic_toilets,620103,2024-01,50\n"
    at.file_uploader[0].set_value(("mine.csv", csv.encode(), "text/csv")).run()
    assert any("Nothing was imported" in e for e in texts(at.error))
    report = at.dataframe[0].value
    assert report.iloc[0].tolist()[0] == 3 and "may not import figures for Qilihe" in report.iloc[0].tolist()[2]
    assert not [b for b in at.button if b.key == "import_go"]
    assert checksum(con) == before
    con.close()


def test_admin_imports_and_rolls_back_through_the_page(app_test, demo_db_path):
    at = open_page(app_test, "zh", user="boss")
    con = db.connect(demo_db_path)
    old = con.execute("SELECT value FROM observations WHERE indicator_code='public_toilets' AND area_code='620102' "
                      "AND period='2019-01-01'").fetchall()
    csv = "指标代码,地区代码,期间,数值\npublic_toilets,620102,2019-01,123\n".encode("gbk")
    at.file_uploader[0].set_value(("gbk.csv", csv, "text/csv")).run()
    assert any("检查通过" in s for s in texts(at.success))
    at.button(key="import_go").click().run()
    assert any(s.startswith("已导入 gbk.csv（批次 2）") for s in texts(at.success))
    batches = next(d.value for d in at.dataframe if "批次" in d.value.columns)
    assert batches.iloc[0].tolist()[:4][0] == 2 and batches.iloc[0].tolist()[2] == "boss"
    at.selectbox(key="rollback_pick").set_value(2)
    at.checkbox(key="rollback_confirm").check()
    at.run()
    at.button(key="rollback_go").click().run()
    assert any("批次 2 已回退" in s for s in texts(at.success))
    q = "SELECT value FROM observations WHERE indicator_code='public_toilets' AND area_code='620102' AND period='2019-01-01'"
    assert con.execute(q).fetchall() == old
    assert con.execute("SELECT status, rolled_back_by FROM import_batches WHERE batch_id=2").fetchone() == (
        "rolled_back", "boss")
    con.close()


def test_grid_template_offered_and_read_back_by_the_page(app_test, demo_db_path):
    """Issue 22: the Templates tab offers the XLSX grid for a month (default the latest complete
    one); the grid it gives, filled, imports through the page's upload; a bad cell is named."""
    import datetime as dt
    import io

    import openpyxl

    from cocreate.present.template_file import grid_template
    at = open_page(app_test, "en", user="boss")
    at.radio(key="tpl_fmt").set_value("grid").run()
    today = china_now().date()
    first = today.replace(day=1)
    last_month = (first - dt.timedelta(days=1)).replace(day=1)     # the month before today's
    assert at.selectbox(key="tpl_grid_month").value == last_month.strftime("%Y-%m")
    caption = next(c for c in texts(at.caption) if c.startswith("Grid template"))
    assert f"yearly {last_month.year - 1 if last_month.month < 12 else last_month.year}" in caption
    assert [b for b in at.get("download_button") if b.proto.label == "Download template"]
    # the same grid the button gives (same title, area and month as the page's defaults)
    area = at.selectbox(key="tpl_area").value
    con = db.connect(demo_db_path)
    frame, data = grid_template(con, None, area, "en", last_month)
    con.close()
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["yearly"]
    row = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value == "population")
    col = next(c for c in range(5, ws.max_column + 1) if ws.cell(2, c).value == "620102")
    letter = openpyxl.utils.get_column_letter(col)
    ws.cell(row, col, "12x")
    buf = io.BytesIO()
    wb.save(buf)
    at.file_uploader[0].set_value(("grid.xlsx", buf.getvalue(), "application/octet-stream")).run()
    report = at.dataframe[0].value
    assert report.iloc[0].tolist()[0] == row and f"yearly!{letter}{row}" in report.iloc[0].tolist()[2]
    assert not [b for b in at.button if b.key == "import_go"]
    ws.cell(row, col, 1234567)
    buf = io.BytesIO()
    wb.save(buf)
    at.file_uploader[0].set_value(("grid2.xlsx", buf.getvalue(), "application/octet-stream")).run()
    assert any("Check passed" in s for s in texts(at.success)), texts(at.success)
    at.button(key="import_go").click().run()
    con = db.connect(demo_db_path)
    year = last_month.year - 1 if last_month.month < 12 else last_month.year
    got = con.execute("SELECT value FROM observations WHERE indicator_code='population' AND area_code='620102' "
                      "AND period = ?", [dt.date(year, 1, 1)]).fetchall()
    con.close()
    assert got == [(1234567.0,)]
