"""The inspector role and the field report (issue 21 item 2): an inspector is limited to areas and
imports nothing; a photo's EXIF GPS puts the nearest point first; a report files one problem with
the ledger's unit and the category's deadline, its photo kept, and it shows in `points list`;
the /field page files a problem as an inspector (AppTest)."""
import datetime as dt
import io

import pandas as pd
import pytest
from PIL import Image

from cocreate import auth
from cocreate.__main__ import main
from cocreate.errors import CocreateError, PermissionDenied
from cocreate.points import field
from cocreate.problems import intake as prob_intake
from cocreate.store import db

TODAY = dt.date(2026, 12, 4)
POINT = "PT-420102-d158b5d9"    # 江岸区球场街农贸市场, demo ledger: 30.619, 114.30225 (WGS-84), unit wh_market


def jpeg_with_gps(lat_dms, lon_dms) -> bytes:
    img = Image.new("RGB", (8, 8), "red")
    exif = img.getexif()
    exif.get_ifd(0x8825).update({1: "N", 2: lat_dms, 3: "E", 4: lon_dms})
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif)
    return buf.getvalue()


# 30°37'8.4" = 30 + 37/60 + 8.4/3600 = 30.619; 114°18'8.1" = 114 + 18/60 + 8.1/3600 = 114.30225
PHOTO = jpeg_with_gps((30.0, 37.0, 8.4), (114.0, 18.0, 8.1))


@pytest.fixture()
def con(demo_db_path, monkeypatch):
    monkeypatch.setenv("COCREATE_BCRYPT_ROUNDS", "4")
    c = db.connect(demo_db_path)
    auth.add_user(c, "xuncha", "a-long-password", "inspector", "420102")
    yield c
    c.close()


def test_inspector_needs_areas_and_imports_nothing(con):
    with pytest.raises(CocreateError) as exc:
        auth.add_user(con, "nowhere", "a-long-password", "inspector")
    assert exc.value.key == "auth_clerk_needs_areas"
    user = auth.get_user(con, "xuncha")
    assert user["role"] == "inspector" and not auth.may_import(user)
    with pytest.raises(PermissionDenied):
        prob_intake.import_problems(con, "问题编号\n".encode(), "p.csv", user=user)


def test_cli_user_add_inspector(demo_db_path, monkeypatch, capsys):
    monkeypatch.setenv("COCREATE_BCRYPT_ROUNDS", "4")
    monkeypatch.setenv("COCREATE_PASSWORD", "a-long-password")
    rc = main(["user", "add", "insp2", "--role", "inspector", "--areas", "620102", "--db", str(demo_db_path),
               "--lang", "en"])
    assert rc == 0 and "inspector" in capsys.readouterr().out


def test_exif_gps_and_nearest_first(con):
    assert field.gps_from_exif(PHOTO) == pytest.approx((30.619, 114.30225), abs=1e-9)
    assert field.gps_from_exif(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64) is None
    points = field.field_points(con, auth.get_user(con, "xuncha"))
    assert set(points["area_code"]) == {"420102"} and len(points) == 24    # 3 streets x 8 point types
    ordered = field.nearest(points, 30.619, 114.30225)
    assert ordered.iloc[0]["point_code"] == POINT and ordered.iloc[0]["distance_m"] == pytest.approx(0, abs=0.01)
    assert ordered["distance_m"].is_monotonic_increasing


def test_report_files_one_problem_per_item_and_shows_in_points_list(con, demo_db_path, monkeypatch, capsys):
    user = auth.get_user(con, "xuncha")
    got = field.file_report(con, user, POINT, "littering", "绿化带内有烟头", [("IMG_1.jpg", PHOTO)], today=TODAY)
    # littering: 3 days to put right (problem_categories.csv) -> 2026-12-04 + 3 = 2026-12-07
    assert got == [{"problem_id": "FR261204-001", "category": "littering", "unit_code": "wh_market",
                    "deadline": dt.date(2026, 12, 7), "photos": 1}]
    row = con.execute("SELECT area_code, unit_code, point_type, point_name, category, description, status, "
                      "found_date, deadline, source, updated_by FROM problems WHERE problem_id = 'FR261204-001'"
                      ).fetchone()
    # the market's checklist item for littering (point_type_checks.csv), then the line typed
    assert row == ("420102", "wh_market", "market", "江岸区球场街农贸市场", "littering",
                   "不符合：市场内外地面干净，无垃圾、无卫生死角；绿化带内有烟头", "open", TODAY,
                   dt.date(2026, 12, 7), "现场巡查", "xuncha")
    assert con.execute("SELECT kind, mime, original_name FROM problem_photos WHERE problem_id = 'FR261204-001'"
                       ).fetchall() == [("found", "image/jpeg", "IMG_1.jpg")]
    # two items ticked, no text: two problems, each with its own deadline (bins 2 days, posters 7 days)
    two = field.file_report(con, user, POINT, ["overflowing_bins", "poster_missing"], "", [], today=TODAY)
    assert [(g["problem_id"], g["deadline"]) for g in two] == [("FR261204-002", dt.date(2026, 12, 6)),
                                                              ("FR261204-003", dt.date(2026, 12, 11))]
    con.close()
    # points list on 2026-12-04: the 90 days are 2026-09-06 .. 12-04; data/demo/problems.csv has at this
    # point littering 09-07, littering 10-24, poster_missing 11-16 (all verified), plus the three reports
    # of 12-04 (open; deadlines 12-06, 12-07, 12-11: none overdue). Repeats (same category within the 30
    # days before, the day itself excluded): 10-24 is 47 days after 09-07; littering 12-04 is 41 days
    # after 10-24: no; poster_missing 12-04 is 18 days after 11-16: a repeat -> 1.
    monkeypatch.setattr("cocreate.clock.china_today", lambda: TODAY)
    assert main(["points", "list", "--area", "420102", "--db", str(demo_db_path)]) == 0
    out = pd.read_csv(io.StringIO(capsys.readouterr().out)).set_index("point_code")
    assert out.loc[POINT, ["open", "overdue", "found_90d", "repeat_90d"]].tolist() == [3, 0, 6, 1]


def test_report_refusals_change_nothing(con):
    user = auth.get_user(con, "xuncha")
    before = db.scalar(con, "SELECT count(*) FROM problems")
    with pytest.raises(PermissionDenied) as exc:      # a Lanzhou point: not the inspector's area
        field.file_report(con, user, "PT-620102-2209c27e", "littering", "x", [], today=TODAY)
    assert exc.value.key == "pt_field_point"
    with pytest.raises(CocreateError) as exc:         # not an image
        field.file_report(con, user, POINT, "littering", "x", [("a.jpg", b"GIF89a" + b"\x00" * 20)], today=TODAY)
    assert exc.value.key == "prob_photo_type"
    with pytest.raises(CocreateError) as exc:         # not on the market's checklist, and no text
        field.file_report(con, user, POINT, "illegal_parking", "  ", [], today=TODAY)
    assert exc.value.key == "pt_field_no_text"
    with pytest.raises(CocreateError) as exc:
        field.file_report(con, user, POINT, [], "x", [], today=TODAY)
    assert exc.value.key == "pt_field_no_category"
    viewer = {"name": "v", "role": "viewer"}
    with pytest.raises(PermissionDenied):
        field.file_report(con, viewer, POINT, "littering", "x", [], today=TODAY)
    assert db.scalar(con, "SELECT count(*) FROM problems") == before


def test_field_page_files_a_problem_as_inspector(signed_in_page, demo_db_path):
    at = signed_in_page("pages/field.py", {"name": "xuncha2", "role": "inspector", "areas": "420102"})
    assert [h.value for h in at.title] == ["现场上报问题"]
    at.text_input(key="pt_search").input("球场街农贸").run()
    assert at.selectbox(key="pt_point").value == POINT
    at.checkbox(key="pt_chk_0_market_overflowing_bins").check().run()
    at.text_input(key="pt_text").input("垃圾桶满溢").run()
    at.button(key="pt_submit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.success) == 1 and at.success[0].value.startswith("已提交，问题编号 FR")
    con = db.connect(demo_db_path)
    try:
        row = con.execute("SELECT unit_code, category, description, updated_by, deadline - found_date "
                          "FROM problems WHERE problem_id LIKE 'FR%'").fetchall()
    finally:
        con.close()
    assert row == [("wh_market", "overflowing_bins", "不符合：垃圾桶不满溢，分类投放规范；垃圾桶满溢", "xuncha2", 2)]
    # bins: 2 days to put right


def test_location_is_stripped_for_showing_and_kept_in_the_store(con):
    shown = field.without_location(PHOTO)
    assert field.gps_from_exif(shown) is None
    with Image.open(io.BytesIO(shown)) as img:
        assert img.format == "JPEG" and img.size == (8, 8)
    png = io.BytesIO()
    Image.new("RGB", (4, 4)).save(png, "PNG")
    assert field.without_location(png.getvalue()) == png.getvalue()     # no location: the same bytes
    got = field.file_report(con, auth.get_user(con, "xuncha"), POINT, "littering", "", [("a.jpg", PHOTO)], today=TODAY)
    from cocreate.problems import store
    stored = db.run(con, "problems_photos", problem=got[0]["problem_id"])["stored_name"].iloc[0]
    assert field.gps_from_exif(store.read_photo(con, stored)) == pytest.approx((30.619, 114.30225))


def test_search_by_chinese_or_english_name_or_code():
    from cocreate.points.field import search
    pts = pd.DataFrame({"point_code": ["PT-A1", "PT-B2", "PT-C3"],
                        "name": ["中山路农贸市场", "解放公园", "汉口火车站广场"],
                        "name_en": ["Zhongshan Rd market", None, "Hankou Station Square"]})
    assert search(pts, "")["point_code"].tolist() == ["PT-A1", "PT-B2", "PT-C3"]
    assert search(pts, "公园")["point_code"].tolist() == ["PT-B2"]          # Chinese name
    assert search(pts, " MARKET ")["point_code"].tolist() == ["PT-A1"]      # English name, case-blind, trimmed
    assert search(pts, "c3")["point_code"].tolist() == ["PT-C3"]            # code
    assert search(pts, "nothing").empty
