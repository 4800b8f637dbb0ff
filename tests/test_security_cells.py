"""Issue 23: an empty required cell or merged cells in a problems file are refused with their line and
reason (they raised `TypeError: Table.problem() got multiple values for argument 'column'`)."""
import datetime as dt
import io

import openpyxl
import pytest

from cocreate.errors import ImportRejected
from cocreate.problems import intake, messages
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
    assert messages.line_text(exc.value.problems[0], "en") == \
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
