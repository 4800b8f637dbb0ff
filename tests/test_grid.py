"""Grid templates (issue 22): rows = indicators, columns = areas, a sheet per frequency with its
period; each filled cell is one observation; a bad cell is refused with its cell name and nothing
changes. Beside each area's column, its last period's figure (grey, locked), never imported."""
from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import openpyxl
import pytest

from cocreate.errors import ImportRejected
from cocreate.intake.observations import import_file
from cocreate.intake.grid import latest_complete_month, period_start, period_text
from cocreate.present.template_file import write_grid
from cocreate.present.intake_words import line_text


def _grid(con, tmp_path, lang="en"):
    path = tmp_path / "grid.xlsx"
    write_grid(con, path, "public_services", "990100", lang=lang, period="2026-02")
    return path


def _fill(path, values: dict, sheet: int = 0) -> bytes:
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[sheet]
    for cell, v in values.items():
        ws[cell] = v
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _codes(path, sheet: int = 0):
    ws = openpyxl.load_workbook(path).worksheets[sheet]
    rows = {ws.cell(r, 1).value: r for r in range(4, ws.max_row + 1)}
    cols = {ws.cell(2, c).value: openpyxl.utils.get_column_letter(c) for c in range(5, ws.max_column + 1)
            if not str(ws.cell(2, c).value).startswith("#")}     # the area columns, not their last period's
    return rows, cols, ws


def _figures(con, batch, period="2026-02-01"):
    return {(i, a): v for i, a, v in con.execute(
        "SELECT indicator_code, area_code, value FROM observations WHERE batch_id = ? AND period = ?",
        [batch, dt.date.fromisoformat(period)]).fetchall()}


def test_periods_of_a_month():
    # November 2026 has ended: its month; the quarter ended by 30 Nov is Q3 (Jul-Sep); the year 2025
    nov = dt.date(2026, 11, 1)
    assert [period_text(period_start(nov, f), f) for f in ("month", "quarter", "year")] == ["2026-11", "2026Q3", "2025"]
    # December closes Q4 and the year itself
    dec = dt.date(2026, 12, 1)
    assert [period_text(period_start(dec, f), f) for f in ("month", "quarter", "year")] == ["2026-12", "2026Q4", "2026"]
    assert period_start(dt.date(2026, 3, 1), "quarter") == dt.date(2026, 1, 1)      # March closes Q1
    # the default month: 5 December 2026 -> November; 1 January 2027 -> December 2026
    assert latest_complete_month(dt.date(2026, 12, 5)) == nov
    assert latest_complete_month(dt.date(2027, 1, 1)) == dec


def test_grid_layout(fixture_con, tmp_path):
    path = _grid(fixture_con, tmp_path)
    assert openpyxl.load_workbook(path).sheetnames == ["monthly", "yearly"]   # no quarterly measure here
    rows, cols, ws = _codes(path)
    assert ws["A1"].value == "#cocreate-grid" and ws["B1"].value == "2026-02"
    # the title's importable measures down (public_toilets monthly; the health centres and the
    # population yearly, filed under 2025, the last year ended by February 2026), districts across
    assert set(rows) == {"public_toilets"}
    assert cols == {"990101": "E", "990102": "G"}         # F and H: each area's last period
    yrows, ycols, yws = _codes(path, 1)
    assert yws["A1"].value == "#cocreate-grid" and yws["B1"].value == "2025"
    assert set(yrows) == {"community_health_centres", "population"} and ycols == cols
    assert all(ws.cell(r, c).value is None for r in range(4, 5) for c in (5, 7))   # the value cells empty
    # the codes are hidden, names shown: column A and line 2 hidden, line 3 names the areas
    assert ws.column_dimensions["A"].hidden and ws.row_dimensions[2].hidden
    assert ws["B3"].value == "indicator name" and ws["E3"].value and ws["E3"].value != "990101"


def test_grid_last_period_beside_each_cell(fixture_con, tmp_path):
    path = _grid(fixture_con, tmp_path)
    rows, _, ws = _codes(path)
    t = rows["public_toilets"]
    # the month before 2026-02: tests/fixture_data/demo/observations.csv has public_toilets 2026-01-01
    # 990101 = 300, 990102 = 80
    assert ws["F2"].value == "#prev" and ws["H2"].value == "#prev"
    assert ws["F3"].value == "last period\n2026-01"
    assert (ws[f"F{t}"].value, ws[f"H{t}"].value) == (300, 80)
    # yearly sheet (2025): the year before, 2024: population 990101 = 1,000,000, 990102 = 100,000
    yrows, _, yws = _codes(path, 1)
    p = yrows["population"]
    assert yws["F3"].value == "last period\n2024" and (yws[f"F{p}"].value, yws[f"H{p}"].value) == (1_000_000, 100_000)
    # protected: the yellow cells and B1 take input, the reference cells do not
    assert ws.protection.sheet
    assert not ws[f"E{t}"].protection.locked and not ws["B1"].protection.locked
    assert ws[f"F{t}"].protection.locked


def test_grid_demo_last_quarter(demo_con, tmp_path):
    path = tmp_path / "lz.xlsx"
    write_grid(demo_con, path, "civilized", "620100", lang="zh", period="2026-06")
    wb = openpyxl.load_workbook(path)
    ws = wb["季度"]
    assert ws["B1"].value == "2026Q2"
    rows, cols, _ = _codes(path, wb.sheetnames.index("季度"))
    # data/demo/observations.csv: ambulances,620102,2026-01-01,37 (2026Q1, the quarter before 2026Q2)
    assert cols["620102"] == "E" and ws[f"F{rows['ambulances']}"].value == 37
    assert ws["F3"].value == "上期\n2026Q1"


def _fill_both(path, month: dict, year: dict) -> bytes:
    wb = openpyxl.load_workbook(path)
    for ws, values in ((wb.worksheets[0], month), (wb.worksheets[1], year)):
        for cell, v in values.items():
            ws[cell] = v
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_grid_filled_imports_each_cell(fixture_con, tmp_path):
    path = _grid(fixture_con, tmp_path)
    t = _codes(path)[0]["public_toilets"]
    p = _codes(path, 1)[0]["population"]
    data = _fill_both(path, {f"E{t}": 30}, {f"E{p}": 120000, f"G{p}": 80000})   # G of toilets left empty
    r = import_file(fixture_con, data, "grid.xlsx")
    assert r.rows_accepted == 3                                         # three filled cells on two sheets
    assert _figures(fixture_con, r.batch_id) == {("public_toilets", "990101"): 30}
    assert _figures(fixture_con, r.batch_id, "2025-01-01") == {("population", "990101"): 120000,
                                                               ("population", "990102"): 80000}


def test_grid_bad_cell_refused_with_its_name(fixture_con, tmp_path):
    path = _grid(fixture_con, tmp_path)
    t = _codes(path)[0]["public_toilets"]
    p = _codes(path, 1)[0]["population"]
    before = fixture_con.execute("SELECT count(*) FROM observations").fetchone()[0]
    data = _fill_both(path, {f"G{t}": "abc"}, {f"E{p}": 5000, f"G{p}": "12x"})
    with pytest.raises(ImportRejected) as info:
        import_file(fixture_con, data, "grid.xlsx")
    probs = info.value.result.problems
    assert [p_.line for p_ in probs] == [t, p]
    # several sheets: the cell is named with its sheet, as Excel writes a reference to another sheet
    assert f"monthly!G{t}" in line_text(probs[0], "en") and f"monthly!G{t}" in line_text(probs[0], "zh")
    assert f"yearly!G{p}" in line_text(probs[1], "en")
    assert fixture_con.execute("SELECT count(*) FROM observations").fetchone()[0] == before


def test_grid_reference_cells_are_ignored(fixture_con, tmp_path):
    """A value typed into a last-period cell (the protection lifted) is ignored, not imported nor refused:
    only the area columns are read; the stored last period stays as it was."""
    path = _grid(fixture_con, tmp_path)
    t = _codes(path)[0]["public_toilets"]
    p = _codes(path, 1)[0]["population"]
    data = _fill_both(path, {f"E{t}": 31, f"F{t}": 999, f"H{t}": "abc"}, {f"F{p}": "12x"})
    r = import_file(fixture_con, data, "grid.xlsx")
    assert r.rows_accepted == 1                                         # E only
    assert _figures(fixture_con, r.batch_id) == {("public_toilets", "990101"): 31}
    assert fixture_con.execute("SELECT value FROM observations WHERE indicator_code = 'public_toilets' AND "
                               "area_code = '990101' AND period = DATE '2026-01-01'").fetchone()[0] == 300


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")
def test_grid_saved_by_libreoffice_imports(fixture_con, tmp_path):
    path = _grid(fixture_con, tmp_path, lang="zh")
    rows, _, _ = _codes(path)
    filled = tmp_path / "in" / "filled.xlsx"
    filled.parent.mkdir()
    filled.write_bytes(_fill(path, {f"E{rows['public_toilets']}": 7, f"G{rows['public_toilets']}": "abc"}))
    out = tmp_path / "out"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "xlsx",
                    "--outdir", str(out), str(filled)], timeout=120, capture_output=True)
    if not (out / "filled.xlsx").exists():
        pytest.skip("LibreOffice could not open the .xlsx (its Calc part is not installed)")
    data = (out / "filled.xlsx").read_bytes()
    with pytest.raises(ImportRejected) as info:
        import_file(fixture_con, data, "filled.xlsx")
    assert f"G{rows['public_toilets']}" in line_text(info.value.result.problems[0], "zh")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    # the last period's figures (F: 300, H: 80) came through LibreOffice and are not read back
    assert (wb.worksheets[0][f"F{rows['public_toilets']}"].value, wb.worksheets[0][f"H{rows['public_toilets']}"].value) == (300, 80)
    wb.worksheets[0][f"G{rows['public_toilets']}"] = None
    buf = io.BytesIO()
    wb.save(buf)
    r = import_file(fixture_con, buf.getvalue(), "filled.xlsx")
    assert _figures(fixture_con, r.batch_id) == {("public_toilets", "990101"): 7}
