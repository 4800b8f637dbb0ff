"""The point ledger (issue 21): refusals by line with nothing changed, a good ledger imported, kept
with history and listed, `points list` counts worked out by hand from data/demo/problems.csv, the
problems import filling type/area/unit from the ledger, the datum conversion, the demo ledger."""
import csv
import datetime as dt
import io
import json

import pandas as pd
import pytest

from cocreate import REPO_ROOT
from cocreate.__main__ import main
from cocreate.errors import ImportRejected
from cocreate.points import geo, intake
from cocreate.problems import intake as prob_intake
from cocreate.store import db
from cocreate.present.intake_words import line_text, problem_text

HEADER = "点位编号,点位名称,点位类型,地区代码,责任单位代码,地址,纬度,经度,在用\n"
# the demo point PT-620102-2209c27e (城关区东岗农贸市场) lies at 36.06734, 103.85897 (WGS-84), inside 620102
GOOD = ("PT-T-1,城关区测试市场,market,620102,lz_market,东岗西路1号,36.06734,103.85897,是\n"
        "PT-T-2,城关区测试公厕,公共厕所,620102,620102,,36.06734,103.85897,\n")


def ledger_state(con):
    return (db.scalar(con, "SELECT count(*) FROM inspection_points"),
            db.scalar(con, "SELECT count(*) FROM point_history"), db.data_version(con))


def test_bad_ledger_refused_with_lines_and_nothing_changes(demo_db_path):
    con = db.connect(demo_db_path)
    before = ledger_state(con)
    bad = (HEADER + GOOD
           + "PT-T-3,某点,kiosk,620102,620102,,36.06734,103.85897,\n"          # line 4: unknown type
           + "PT-T-4,某点,market,620100,620102,,36.06734,103.85897,\n"         # line 5: a city, not a district
           + "PT-T-5,某点,market,620102,nobody,,36.06734,103.85897,\n"         # line 6: unknown unit
           + "PT-T-1,某点,market,620102,620102,,36.06734,103.85897,\n"         # line 7: duplicate of line 2
           + "PT-T-6,某点,market,620102,620102,,96.1,103.85897,\n"             # line 8: latitude over 90
           + "PT-T-7,某点,market,620102,620102,,30.619,114.30225,\n"           # line 9: a Wuhan place, not in 620102
           + "PT-T-8,某点,market,620102,wh_market,,36.06734,103.85897,\n"      # line 10: a Wuhan unit
           + "PT-T-9,某点,market,620102,620102,,北纬36,103.85897,\n")          # line 11: not a number
    with pytest.raises(ImportRejected) as exc:
        intake.import_points(con, bad.encode("utf-8"), "bad.csv")
    got = [(p.line, p.column, p.key) for p in exc.value.problems]
    assert got == [(4, "point_type", "pt_imp_unknown_type"), (5, "area_code", "pt_imp_not_district"),
                   (6, "unit_code", "pt_imp_unknown_unit"), (7, "point_code", "pt_imp_duplicate"),
                   (8, "lat", "pt_imp_out_of_range"), (9, "lat", "pt_imp_outside"),
                   (10, "unit_code", "pt_imp_unit_other_city"), (11, "lat", "pt_imp_not_number")]
    assert line_text(exc.value.problems[3], "en") == (
        "Line 7, column A (点位编号): Point code PT-T-1 appears twice in the file (first on line 2). "
        "Write each point once.")
    assert line_text(exc.value.problems[5], "zh").startswith("第 9 行，G (纬度) 列：点位（纬度 30.619，经度 114.30225，WGS-84）不在地区 620102 的边界内")
    assert ledger_state(con) == before
    con.close()


def test_cli_refusal_exits_2_and_names_the_line(demo_db_path, tmp_path, capsys):
    f = tmp_path / "bad.csv"
    f.write_text(HEADER + "PT-T-3,某点,kiosk,620102,620102,,36.06734,103.85897,\n", encoding="utf-8")
    assert main(["points", "import", str(f), "--db", str(demo_db_path), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "Line 2, column C (点位类型): Point type “kiosk” is not in the catalog" in err


def test_good_ledger_imported_listed_and_reimport_keeps_history(demo_db_path, tmp_path, capsys, monkeypatch):
    f = tmp_path / "ledger.csv"
    f.write_text(HEADER + GOOD, encoding="utf-8")
    assert main(["points", "import", str(f), "--db", str(demo_db_path), "--lang", "en"]) == 0
    assert "2 points, 2 new, 0 updated" in capsys.readouterr().out
    monkeypatch.setattr("cocreate.clock.china_today", lambda: dt.date(2026, 11, 26))
    assert main(["points", "list", "--area", "620100", "--db", str(demo_db_path)]) == 0
    out = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype={"area_code": str, "unit_code": str})
    assert out.columns.tolist() == ["point_code", "name", "point_type", "area_code", "unit_code", "lat", "lon",
                                    "open", "overdue", "found_90d", "repeat_90d"]
    assert len(out) == 112 + 2            # Lanzhou's 112 demo points (14 streets x 8 types) + the 2 new
    row = out.set_index("point_code").loc["PT-T-2"]
    assert (row["name"], row["point_type"], row["unit_code"], row["lat"], row["open"]) == \
        ("城关区测试公厕", "public_toilet", "620102", 36.06734, 0)
    # the same file again: nothing changes; then the unit of PT-T-1 changes: one update, old row in history
    f.write_text(HEADER + GOOD.replace("lz_market", "620102"), encoding="utf-8")
    con = db.connect(demo_db_path)
    s = intake.import_points(con, f.read_bytes(), "ledger2.csv")
    assert (s.inserted, s.updated, s.unchanged) == (0, 1, 1)
    old = json.loads(db.scalar(con, "SELECT old_row FROM point_history WHERE point_code = 'PT-T-1' "
                                    "AND action = 'update'"))
    assert old["unit_code"] == "lz_market"
    assert db.scalar(con, "SELECT unit_code FROM inspection_points WHERE code = 'PT-T-1'") == "620102"
    con.close()


def test_points_list_counts_by_hand(demo_db_path, capsys, monkeypatch):
    """Today 2026-11-26; the 90 days are 2026-08-29 .. 2026-11-26; repeats: the same category at
    the same point in the 30 days before (report.repeat_flags). From data/demo/problems.csv:
    PT-620103-3aedb81e (七里河区西湖公厕): damaged 08-29, damaged 08-30 (repeat of 08-29), dirty 09-08,
    dirty 09-18 (repeat), dirty 09-23 (repeat), damaged 10-06 (37 days after 08-30: no),
    damaged 11-12 open with deadline 11-22 (open, overdue), dirty 11-15 (53 days after 09-23: no)
    -> open 1, overdue 1, found_90d 8, repeat_90d 3.
    PT-620103-875ea5fc (七里河区敦煌路农贸市场): littering 10-12, poster 11-01, stall 11-03,
    poster 11-04 (repeat of 11-01), bins 11-25 open with deadline 11-27 (after today: not overdue)
    -> open 1, overdue 0, found_90d 5, repeat_90d 1."""
    monkeypatch.setattr("cocreate.clock.china_today", lambda: dt.date(2026, 11, 26))
    assert main(["points", "list", "--area", "620103", "--db", str(demo_db_path)]) == 0
    out = pd.read_csv(io.StringIO(capsys.readouterr().out)).set_index("point_code")
    cols = ["open", "overdue", "found_90d", "repeat_90d"]
    assert out.loc["PT-620103-3aedb81e", cols].tolist() == [1, 1, 8, 3]
    assert out.loc["PT-620103-875ea5fc", cols].tolist() == [1, 0, 5, 1]
    assert main(["points", "list", "--area", "620103", "--format", "md", "--lang", "en",
                 "--db", str(demo_db_path)]) == 0
    assert capsys.readouterr().out.startswith(
        "# Point ledger: Qilihe District (620103) (as of 2026-11-26, coordinates WGS-84)")


PROB_HEADER = "问题编号,点位编号,地区代码,责任单位代码,点位类型,点位名称,问题类别,问题描述,发现日期,整改时限,状态\n"


def test_problems_import_takes_type_area_unit_from_the_ledger(demo_db_path):
    con = db.connect(demo_db_path)
    text = PROB_HEADER + "T-P1,PT-620102-2209c27e,,,,,littering,地面垃圾,2026-11-20,2026-11-23,open\n"
    s = prob_intake.import_problems(con, text.encode("utf-8"), "p.csv", today=dt.date(2026, 11, 30))
    assert s.inserted == 1
    row = con.execute("SELECT area_code, unit_code, point_type, point_name, point_code FROM problems "
                      "WHERE problem_id = 'T-P1'").fetchone()
    assert row == ("620102", "lz_market", "market", "城关区东岗农贸市场", "PT-620102-2209c27e")
    before = db.scalar(con, "SELECT count(*) FROM problems")
    bad = (PROB_HEADER + "T-P2,PT-620102-2209c27e,,620102,,,littering,,2026-11-20,2026-11-23,open\n"  # unit differs
           + "T-P3,PT-NOPE,,,,,littering,,2026-11-20,2026-11-23,open\n"                            # not in ledger
           + "T-P4,PT-620102-2209c27e,620102,lz_market,农贸市场,,littering,,2026-11-20,2026-11-23,open\n")  # same: ok
    with pytest.raises(ImportRejected) as exc:
        prob_intake.import_problems(con, bad.encode("utf-8"), "p2.csv", today=dt.date(2026, 11, 30))
    assert [(p.line, p.column, p.key) for p in exc.value.problems] == [
        (2, "unit_code", "pt_prob_differs"), (3, "point_code", "pt_prob_unknown_point")]
    assert problem_text(exc.value.problems[0], "en") == (
        "“unit_code” is 620102, but the point ledger has lz_market for point PT-620102-2209c27e. "
        "Leave it empty (the ledger's value is used) or correct it.")
    assert db.scalar(con, "SELECT count(*) FROM problems") == before
    con.close()


def test_datum_conversion():
    # the public reference pair of the GCJ-02 formula: WGS-84 (39.908, 116.397) in Beijing
    # -> GCJ-02 (39.90940, 116.40324): about 160 m north and 530 m east
    lat, lon = geo.wgs84_to_gcj02(39.908, 116.397)
    assert (round(lat, 5), round(lon, 5)) == (39.9094, 116.40324)
    back = geo.gcj02_to_wgs84(lat, lon)
    assert abs(back[0] - 39.908) < 1e-8 and abs(back[1] - 116.397) < 1e-8


def test_demo_ledger_points_lie_inside_their_districts_and_are_labelled():
    with open(REPO_ROOT / "data" / "demo" / "inspection_points.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 304     # Wuhan 8 districts x 3 streets x 8 types = 192, Lanzhou 14 streets x 8 = 112
    assert all(r["illustrative"] == "true" and r["datum"] == "WGS-84" and r["unit_code"] for r in rows)
    assert all(geo.inside(r["area_code"], float(r["lat"]), float(r["lon"])) for r in rows)


def test_user_areas_apply_and_an_inspector_imports_nothing(demo_db_path, tmp_path, capsys, monkeypatch):
    from cocreate import auth
    monkeypatch.setenv("COCREATE_BCRYPT_ROUNDS", "4")
    con = db.connect(demo_db_path)
    auth.add_user(con, "jiangan", "a-long-password", "clerk", "420102")
    auth.add_user(con, "xuncha", "a-long-password", "inspector", "620102")
    con.close()
    f = tmp_path / "ledger.csv"
    f.write_text(HEADER + GOOD, encoding="utf-8")
    # a Jiang'an clerk may not keep Chengguan (620102) points: both lines refused, nothing written
    assert main(["points", "import", str(f), "--user", "jiangan", "--db", str(demo_db_path), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.count("Your account may not keep points of area 620102") == 2
    assert main(["points", "import", str(f), "--user", "xuncha", "--db", str(demo_db_path), "--lang", "en"]) == 2
    assert "Account xuncha has the role inspector and cannot import" in capsys.readouterr().err
    con = db.connect(demo_db_path)
    assert db.scalar(con, "SELECT count(*) FROM inspection_points WHERE code LIKE 'PT-T-%'") == 0
    con.close()
