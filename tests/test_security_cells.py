"""Issue 23: an empty required cell or merged cells in a problems file are refused with their line and
reason (they raised `TypeError: Table.problem() got multiple values for argument 'column'`)."""
import datetime as dt
import io

import openpyxl
import pytest

from cocreate.errors import ImportRejected
from cocreate.present.upload_words import problems_line_text
from cocreate.problems import intake
from cocreate.store import db

TODAY = dt.date(2026, 11, 30)
COLUMNS = ["problem_id", "area_code", "unit_code", "point_type", "point_name", "category", "description",
           "found_date", "deadline", "status", "rectified_date", "verified_date", "source", "photo"]
GOOD = ["T-1", "420106", "420106", "market", "武昌区测试市场", "littering", "地面垃圾", "2026-10-01", "2026-10-04",
        "open", "", "", "暗访", ""]


def test_empty_required_cell_is_a_line_and_a_reason(demo_db_path):
    con = db.connect(demo_db_path)
    rows = [GOOD, ["T-2"] + GOOD[1:4] + [""] + GOOD[5:], ["T-3"] + GOOD[1:9] + [""] + GOOD[10:]]
    text = ",".join(COLUMNS) + "\n" + "".join(",".join(r) + "\n" for r in rows)
    with pytest.raises(ImportRejected) as exc:
        intake.import_problems(con, text.encode(), "p.csv", today=TODAY)
    got = [(p.line, p.column, p.key) for p in exc.value.problems]
    assert got == [(3, "point_name", "prob_imp_missing"), (4, "status", "prob_imp_missing")]
    assert problems_line_text(exc.value.problems[0], "en") == \
        "Line 3, column point_name: “point_name” is empty. Fill it in."
    con.close()


def test_merged_cells_in_xlsx_are_refused_by_line(demo_db_path):
    con = db.connect(demo_db_path)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(COLUMNS)
    ws.append(GOOD)
    ws.append(["T-2"] + GOOD[1:])
    ws.merge_cells("B2:B3")      # area written once for two lines: the second line's cell reads empty
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(ImportRejected) as exc:
        intake.import_problems(con, buf.getvalue(), "p.xlsx", today=TODAY)
    assert [(p.line, p.column, p.key) for p in exc.value.problems] == [(3, "area_code", "prob_imp_missing")]
    assert exc.value.problems[0].letter == "B"
    con.close()


def refused(con, text, name="p.csv"):
    before = (db.scalar(con, "SELECT count(*) FROM problems"), db.data_version(con))
    with pytest.raises(ImportRejected) as exc:
        intake.import_problems(con, text.encode(), name, today=TODAY)
    assert (db.scalar(con, "SELECT count(*) FROM problems"), db.data_version(con)) == before
    return [(p.line, p.column, p.key) for p in exc.value.problems]


def test_unknown_catalog_codes_are_refused(demo_db_path):
    con = db.connect(demo_db_path)
    bad_type = ["T-1", "420106", "420106", "spaceport"] + GOOD[4:]
    bad_cat = ["T-2"] + GOOD[1:5] + ["aliens"] + GOOD[6:]
    text = ",".join(COLUMNS) + "\n" + ",".join(bad_type) + "\n" + ",".join(bad_cat) + "\n"
    assert refused(con, text) == [(2, "point_type", "sec_prob_unknown_point_type"),
                                  (3, "category", "sec_prob_unknown_category")]
    con.close()


def test_zero_width_and_full_width_ids_are_one_problem(demo_db_path):
    con = db.connect(demo_db_path)
    head = ",".join(COLUMNS) + "\n"
    intake.import_problems(con, (head + ",".join(GOOD) + "\n").encode(), "p.csv", today=TODAY)
    # "T\u200b-1" (a zero-width space inside) and "Ｔ－１" (full-width) are the id T-1: an update, not new rows
    for k, pid in enumerate(("T\u200b-1", "Ｔ－１", "\ufeffT-1\u2060")):
        row = [pid] + GOOD[1:6] + [f"改过的描述 {k}"] + GOOD[7:]
        s = intake.import_problems(con, (head + ",".join(row) + "\n").encode(), "p.csv", today=TODAY)
        assert (s.inserted, s.updated) == (0, 1), pid
    assert db.scalar(con, "SELECT count(*) FROM problems WHERE problem_id LIKE '%T%-%1%'") == 1
    con.close()


def test_questionnaire_rate_of_one_or_less_is_ambiguous(demo_db_path):
    from cocreate.assessment.intake import import_results
    con = db.connect(demo_db_path)
    head = "地区代码,轮次,调查日期,题目代码,群体代码,样本量,比率\n"
    rows = ["620100,2026-R9,2026-11-20,sat_traffic,residents,400,0.85\n",     # 0.85 % or 85 %: refused
            "620100,2026-R9,2026-11-20,sat_traffic,students,400,1\n"]         # 1 % or 100 %: refused
    with pytest.raises(ImportRejected) as exc:
        import_results(con, (head + "".join(rows)).encode(), "q.csv", today=dt.date(2026, 12, 1))
    assert [(p.line, p.column, p.key) for p in exc.value.problems] == [
        (2, "rate_pct", "sec_score_rate_ambiguous"), (3, "rate_pct", "sec_score_rate_ambiguous")]
    # written with its sign it is what it says: 0.85 % of 400 = 3.4 -> 3 positive; 85 -> 340
    ok = ["620100,2026-R9,2026-11-20,sat_traffic,residents,400,0.85%\n",
          "620100,2026-R9,2026-11-20,sat_traffic,students,400,85\n"]
    import_results(con, (head + "".join(ok)).encode(), "q.csv", today=dt.date(2026, 12, 1))
    got = con.execute("SELECT group_code, n_positive FROM questionnaire_results WHERE round = '2026-R9' "
                      "ORDER BY group_code").fetchall()
    assert got == [("residents", 3), ("students", 340)]
    con.close()


def test_a_header_lower_down_is_used_with_excel_lines(demo_db_path):
    con = db.connect(demo_db_path)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2026年10月问题清单"])         # a title on line 1, a blank line 2, the header on line 3
    ws.append([])
    ws.append(COLUMNS)
    ws.append(GOOD)
    ws.append(["T-2"] + GOOD[1:4] + [""] + GOOD[5:])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(ImportRejected) as exc:
        intake.import_problems(con, buf.getvalue(), "p.xlsx", today=TODAY)
    # the header on line 3: the rows are lines 4 and 5, and line 5 lacks its point name
    assert [(p.line, p.column, p.key) for p in exc.value.problems] == [(5, "point_name", "prob_imp_missing")]
    csv_text = "问题清单（示例）\n" + ",".join(COLUMNS) + "\n" + ",".join(GOOD) + "\n"
    s = intake.import_problems(con, csv_text.encode(), "p.csv", today=TODAY)
    assert s.inserted == 1
    con.close()


def test_a_header_not_found_says_where_it_was_looked_for(demo_db_path):
    from cocreate.present.i18n import error_text
    con = db.connect(demo_db_path)
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["填表说明：每个问题一行"])
    data_ws = wb.create_sheet("问题清单")
    data_ws.append(COLUMNS)
    data_ws.append(GOOD)
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(ImportRejected) as exc:
        intake.import_problems(con, buf.getvalue(), "p.xlsx", today=TODAY)
    assert exc.value.key == "import_missing_columns"
    text = error_text(exc.value, "en")
    assert "the first 10 rows of the first sheet, “说明”" in text and "The workbook also has: 问题清单." in text
    assert "工作簿中另有：问题清单" in error_text(exc.value, "zh")
    con.close()
