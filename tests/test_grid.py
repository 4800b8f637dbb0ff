"""Grid templates (issue 22): rows = indicators, columns = areas, one period; each filled cell is
one observation; a bad cell is refused with its cell name and nothing changes."""
from __future__ import annotations

import io
import shutil
import subprocess

import openpyxl
import pytest

from cocreate.errors import ImportRejected
from cocreate.intake.observations import import_file
from cocreate.intake.template import write_grid


def _grid(con, tmp_path, lang="en"):
    path = tmp_path / "grid.xlsx"
    write_grid(con, path, "public_services", "990100", lang=lang, period="2026-02")
    return path


def _fill(path, values: dict) -> bytes:
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    for cell, v in values.items():
        ws[cell] = v
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _codes(path):
    ws = openpyxl.load_workbook(path).worksheets[0]
    rows = {ws.cell(r, 1).value: r for r in range(4, ws.max_row + 1)}
    cols = {ws.cell(2, c).value: openpyxl.utils.get_column_letter(c) for c in range(5, ws.max_column + 1)}
    return rows, cols, ws


def _figures(con, batch):
    return {(i, a): v for i, a, v in con.execute(
        "SELECT indicator_code, area_code, value FROM observations WHERE batch_id = ? AND period = DATE '2026-02-01'",
        [batch]).fetchall()}


def test_grid_layout(fixture_con, tmp_path):
    rows, cols, ws = _codes(_grid(fixture_con, tmp_path))
    assert ws["A1"].value == "#cocreate-grid" and ws["B1"].value == "2026-02"
    # the title's importable measures down, the city's districts across (see test_template)
    assert set(rows) == {"community_health_centres", "population", "public_toilets"}
    assert cols == {"990101": "E", "990102": "F"}
    assert all(ws.cell(r, c).value is None for r in range(4, 7) for c in (5, 6))


def test_grid_filled_imports_each_cell(fixture_con, tmp_path):
    path = _grid(fixture_con, tmp_path)
    rows, cols, _ = _codes(path)
    p, t = rows["population"], rows["public_toilets"]
    data = _fill(path, {f"E{p}": 120000, f"F{p}": 80000, f"E{t}": 30})   # F of toilets left empty
    r = import_file(fixture_con, data, "grid.xlsx")
    assert r.rows_accepted == 3                                         # three filled cells
    assert _figures(fixture_con, r.batch_id) == {("population", "990101"): 120000,
                                                 ("population", "990102"): 80000,
                                                 ("public_toilets", "990101"): 30}


def test_grid_bad_cell_refused_with_its_name(fixture_con, tmp_path):
    path = _grid(fixture_con, tmp_path)
    rows, _, _ = _codes(path)
    t = rows["public_toilets"]
    before = fixture_con.execute("SELECT count(*) FROM observations").fetchone()[0]
    data = _fill(path, {f"E{rows['population']}": 5, f"F{t}": "abc"})
    with pytest.raises(ImportRejected) as info:
        import_file(fixture_con, data, "grid.xlsx")
    probs = info.value.result.problems
    assert [p.line for p in probs] == [t]
    assert f"F{t}" in probs[0].line_text("en") and f"F{t}" in probs[0].line_text("zh")
    assert fixture_con.execute("SELECT count(*) FROM observations").fetchone()[0] == before


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")
def test_grid_saved_by_libreoffice_imports(fixture_con, tmp_path):
    path = _grid(fixture_con, tmp_path, lang="zh")
    rows, _, _ = _codes(path)
    filled = tmp_path / "in" / "filled.xlsx"
    filled.parent.mkdir()
    filled.write_bytes(_fill(path, {f"E{rows['public_toilets']}": 7, f"F{rows['public_toilets']}": "abc"}))
    out = tmp_path / "out"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "xlsx",
                    "--outdir", str(out), str(filled)], timeout=120, capture_output=True)
    if not (out / "filled.xlsx").exists():
        pytest.skip("LibreOffice could not open the .xlsx (its Calc part is not installed)")
    data = (out / "filled.xlsx").read_bytes()
    with pytest.raises(ImportRejected) as info:
        import_file(fixture_con, data, "filled.xlsx")
    assert f"F{rows['public_toilets']}" in info.value.result.problems[0].line_text("zh")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    wb.worksheets[0][f"F{rows['public_toilets']}"] = None
    buf = io.BytesIO()
    wb.save(buf)
    r = import_file(fixture_con, buf.getvalue(), "filled.xlsx")
    assert _figures(fixture_con, r.batch_id) == {("public_toilets", "990101"): 7}
