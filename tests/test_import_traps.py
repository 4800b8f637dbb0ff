"""Issue 14: the traps of real Excel and CSV files. Each file a clerk tried is built here and either
refused with its line and a sentence (the database unchanged) or imported with the right value.
The task and problem imports: tests/test_import_traps_uploads.py."""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import shutil
import subprocess
import sys

import openpyxl
import pytest

from cocreate import REPO_ROOT

from cocreate.store import db
from cocreate.errors import CocreateError, ImportRejected
from cocreate.intake import cells
from cocreate.intake.observations import import_file
from cocreate.present.i18n import error_text
from cocreate.present.intake_words import line_text, problem_text
from tests.import_files import SHEET, digest, many_rows_xlsx, rezip, xlsx_bytes

H4 = "indicator_code,area_code,period,value\n"
H5 = "indicator_code,area_code,period,value,note\n"
TODAY = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def con(demo_db_file, tmp_path_factory):
    """One writable copy of the demo database for the module: refusals change nothing, and the few
    accepted files each check their own figure."""
    p = tmp_path_factory.mktemp("traps") / "demo.duckdb"
    shutil.copy(demo_db_file, p)
    c = db.connect(p)
    yield c
    c.close()


def value(con, ind, area, period):
    row = con.execute("SELECT value FROM observations WHERE indicator_code=? AND area_code=? AND period=?",
                      [ind, area, period]).fetchone()
    return None if row is None else row[0]


def refuse(con, data: bytes, name: str) -> ImportRejected:
    """Import, expect a refusal with readable sentences in both languages, and nothing changed."""
    before = digest(con)
    with pytest.raises(ImportRejected) as info:
        import_file(con, data, name, today=TODAY)
    assert digest(con) == before
    exc = info.value
    for lang in ("zh", "en"):
        assert "{" not in error_text(exc, lang) and error_text(exc, lang) != exc.key
        for p in problems_of(exc):
            assert "{" not in line_text(p, lang)
    return exc


def problems_of(exc):
    res = getattr(exc, "result", None)
    return res.problems if res is not None and res.problems else exc.problems


def keyed(exc):
    return [(p.line, p.column, p.key) for p in problems_of(exc)]


def book(rows, formats=None) -> bytes:
    return xlsx_bytes(rows[0], rows[1:], formats)


# --------------------------------------------------------------------------- 1. row shape

def test_unquoted_thousands_separator_is_refused_with_its_line_and_the_cause(con):
    exc = refuse(con, (H4 + "public_toilets,620102,2026-09,8\npublic_toilets,620103,2026-09,1,234\n").encode(),
                 "toilets.csv")
    assert exc.key == "import_rejected_shape"
    assert keyed(exc) == [(3, "", "import_row_too_long")]
    text = line_text(problems_of(exc)[0], "en")
    assert text.startswith("Line 3: This row has 5 cells, more than the header's 4 columns") and "1,234" in text
    assert line_text(problems_of(exc)[0], "zh").startswith("第 3 行：本行有 5 个单元格，多于表头的 4 列")
    assert value(con, "public_toilets", "620103", "2026-09-01") != 1


@pytest.mark.parametrize("row, note", [
    ("public_toilets,620102,2026-09,1,234", "234"),         # thousands separator, the rest lands in the note
    ("public_toilets,620102,2026-09,1,234,", "234"),        # ... with the trailing comma of an empty cell
    ("greening_satisfaction_pct,620100,2026-06,95,5", "5"),  # a decimal comma
])
def test_a_number_split_into_the_note_column_is_refused(con, row, note):
    exc = refuse(con, (H5 + row + "\n").encode(), "split.csv")
    assert keyed(exc) == [(2, "note", "import_note_is_number")]
    assert f"“{note}”" in problem_text(problems_of(exc)[0], "en")


def test_a_row_that_lost_a_cell_is_refused_not_shifted(con):
    exc = refuse(con, (H5 + "public_toilets,2026-09,12,新建\n").encode(), "short.csv")
    assert keyed(exc) == [(2, "", "import_row_too_short")]


def test_a_spreadsheet_cell_beyond_the_header_is_refused_with_its_column(con):
    exc = refuse(con, book([H4.strip().split(","), ["public_toilets", "620102", "2026-09", None, 12]]), "g.xlsx")
    assert keyed(exc) == [(2, "", "import_cell_beyond_header")]
    assert "Column E" in problem_text(problems_of(exc)[0], "en")


# --------------------------------------------------------------------------- 2. numbers

def test_quoted_thousands_and_full_width_digits_read_as_numbers(con):
    r = import_file(con, (H4 + 'public_toilets,620102,2025-03,"1,234"\n'
                          "public_toilets,620103,2025-03,１２３４\n"
                          "population,620102,2025-01,\"1,234,567\"\n").encode(), "ok.csv", today=TODAY)
    assert r.rows_accepted == 3
    assert value(con, "public_toilets", "620102", "2025-03-01") == 1234
    assert value(con, "public_toilets", "620103", "2025-03-01") == 1234
    assert value(con, "population", "620102", "2025-01-01") == 1234567


@pytest.mark.parametrize("stored, fmt, expected", [
    (0.955, "0.0%", 95.5),       # what Excel stores for 95.5%
    (0.9, "0%", 90),
    (0.12345, "0.00%", 12.345),  # the full value, not the two decimals shown
    (95.5, '0.0"%"', 95.5),      # a quoted % is a literal sign: Excel shows 95.5% and holds 95.5
])
def test_percentage_formatted_cells_read_as_the_number_shown(con, stored, fmt, expected):
    header = H4.strip().split(",")
    import_file(con, book([header, ["greening_satisfaction_pct", "620100", "2025-06", stored]], {"D2": fmt}),
                "pct.xlsx", today=TODAY)
    assert value(con, "greening_satisfaction_pct", "620100", "2025-06-01") == pytest.approx(expected, abs=1e-9)


def test_a_percentage_cell_for_a_count_is_refused_not_guessed(con):
    header = H4.strip().split(",")
    exc = refuse(con, book([header, ["public_toilets", "620102", "2025-06", 0.5]], {"D2": "0%"}), "p.xlsx")
    assert keyed(exc) == [(2, "value", "import_not_number")] and "50%" in problem_text(problems_of(exc)[0], "en")


@pytest.mark.parametrize("text", ["1e308", "1e300", "100001", "-3"])
def test_a_value_outside_the_plausible_range_is_refused_with_the_range(con, text):
    exc = refuse(con, (H4 + f"public_toilets,620102,2026-09,{text}\n").encode(), "big.csv")
    [p] = problems_of(exc)
    assert (p.line, p.column) == (2, "value")
    assert ("100000" in problem_text(p, "en")) if not text.startswith("-") else ("below 0" in problem_text(p, "en")
                                                                       or "negative" in problem_text(p, "en"))


def test_every_indicator_and_measure_has_a_plausible_range():
    with open(REPO_ROOT / "data" / "catalog" / "indicators.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    missing = [r["code"] for r in rows if r["value_min"] == "" or r["value_max"] == ""]
    assert rows and missing == []
    assert all(float(r["value_min"]) < float(r["value_max"]) for r in rows)


# --------------------------------------------------------------------------- 3. periods

@pytest.mark.parametrize("fmt", ["yyyy-mm-dd", 'yyyy"年"m"月"'])
def test_a_year_typed_in_a_date_formatted_cell_is_refused_with_the_reason(con, fmt):
    header = H4.strip().split(",")
    exc = refuse(con, book([header, ["public_toilets", "620102", 2026, 12]], {"C2": fmt}), "year.xlsx")
    [p] = problems_of(exc)
    assert (p.line, p.letter, p.key) == (2, "C", "import_period_too_old")
    assert "1905-07-18" in problem_text(p, "en") and "2000" in problem_text(p, "en") and "1905-07-18" in problem_text(p, "zh")


def test_date_cells_and_date_formatted_numbers_read_as_the_date_excel_shows(con):
    header = H4.strip().split(",")
    data = book([header,
                 ["public_toilets", "620104", dt.datetime(2025, 7, 15), 21],
                 ["public_toilets", "620105", 45870, 22],                           # 45870 = 2025-08-01
                 ["public_toilets", "620111", dt.datetime(2025, 9, 2, 10, 30), 23]],  # time not shown
                {"C2": 'yyyy"年"m"月"', "C3": "yyyy-mm-dd", "C4": "yyyy-mm-dd"})
    assert import_file(con, data, "dates.xlsx", today=TODAY).rows_accepted == 3
    assert value(con, "public_toilets", "620104", "2025-07-01") == 21
    assert value(con, "public_toilets", "620105", "2025-08-01") == 22
    assert value(con, "public_toilets", "620111", "2025-09-01") == 23


@pytest.mark.parametrize("period, key", [("1999-12", "import_period_too_old"), ("1905-07-18", "import_period_too_old"),
                                         ("2026-12", "import_future_period")])
def test_a_period_before_2000_or_after_today_is_refused(con, period, key):
    exc = refuse(con, (H4 + f"public_toilets,620102,{period},3\n").encode(), "p.csv")
    assert keyed(exc) == [(2, "period", key)]


# --------------------------------------------------------------------------- 4. formulas and duplicates

def test_a_formula_without_a_saved_value_is_refused_never_skipped(con):
    header = H4.strip().split(",")
    exc = refuse(con, book([header, ["public_toilets", "620102", "2025-05", 5],
                            ["public_toilets", "620103", "2025-05", "=SUM(1,2)"]]), "f.xlsx")
    assert exc.key == "import_formula_no_value"
    [p] = problems_of(exc)
    assert (p.line, p.key, p.params["letter"]) == (3, "import_formula_no_value_line", "D")
    assert "Excel or WPS" in error_text(exc, "en") and "WPS" in error_text(exc, "zh")


def test_formulas_excel_saved_read_their_results(con):
    header = H5.strip().split(",")
    data = book([header, ["public_toilets", "620102", "2025-04", "=40+2", '=IF(1,"","x")']])
    data = rezip(data, change={SHEET: lambda x: x.replace(b"<f>40+2</f><v></v>", b"<f>40+2</f><v>42</v>")
                               .replace(b'<c r="E2"><f>', b'<c r="E2" t="str"><f>')})
    assert import_file(con, data, "saved.xlsx", today=TODAY).rows_accepted == 1
    assert value(con, "public_toilets", "620102", "2025-04-01") == 42


def test_duplicates_are_refused_in_a_small_file(con):
    header = H4.strip().split(",")
    exc = refuse(con, book([header] + [["public_toilets", "620102", "2025-02", 7]] * 3), "dup.xlsx")
    assert keyed(exc) == [(3, "", "import_duplicate"), (4, "", "import_duplicate")]


@pytest.fixture(scope="module")
def big_duplicates_xlsx() -> bytes:
    return many_rows_xlsx(["public_toilets", "620102", "2025-02", 7], 200_001)


def test_more_than_200000_duplicate_rows_in_xlsx_are_refused(con, big_duplicates_xlsx):
    exc = refuse(con, big_duplicates_xlsx, "dup.xlsx")
    assert exc.key == "import_too_many_rows" and "200,000" in error_text(exc, "en")
    # the sheet has no <dimension> (openpyxl's write-only mode writes none) and one with a lying
    # dimension is read to its real end too
    lying = rezip(many_rows_xlsx(["public_toilets", "620102", "2025-02", 7], 3),
                  change={SHEET: lambda x: x.replace(b"<sheetData>", b'<dimension ref="A1:D2"/><sheetData>', 1)
                          if b"<dimension" not in x else x})
    assert keyed(refuse(con, lying, "lying.xlsx")) == [(3, "", "import_duplicate"), (4, "", "import_duplicate")]


def test_the_many_rows_file_is_what_openpyxl_reads():
    data = many_rows_xlsx(["public_toilets", "620102", "2025-02", 7], 50)
    rows = list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert len(rows) == 51 and rows[50] == ("public_toilets", "620102", "2025-02", 7)
    assert cells.read_rows(data, "x.xlsx")[50] == ["public_toilets", "620102", "2025-02", "7"]


# --------------------------------------------------------------------------- 5. read errors

def _utf16_truncated():
    return (H4 + "public_toilets,620102,2025-05,5\n").encode("utf-16")[:-1]


def _good_xlsx():
    return book([H4.strip().split(","), ["public_toilets", "620102", "2025-05", 5]])


READ_ERRORS = {
    "utf16_truncated.csv": (_utf16_truncated, "import_encoding", 0),
    "note_5mb.csv": (lambda: (H5 + "public_toilets,620102,2025-05,5," + "备" * 5_000_000 + "\n").encode("gb18030"),
                     "import_rejected_shape", 2),
    "field_131073.csv": (lambda: (H5 + 'public_toilets,620102,2025-05,5,"' + "x" * 131_073 + '"\n').encode(),
                         "import_rejected_shape", 2),
    "open_quote.csv": (lambda: (H5 + "public_toilets,620102,2025-05,5,ok\npublic_toilets,620103,2025-05,6,\"oops\n"
                                + "public_toilets,620104,2025-05,7,\n").encode(), "import_bad_csv", 3),
    # a NUL in a file that reads as UTF-8: damaged on line 2, not a wrong encoding (issue 23)
    "nul.csv": (lambda: (H4 + "public_toilets,620102,2025-05,5\x00\n").encode(), "sec_import_nul", 2),
    "truncated_utf8.csv": (lambda: (H4 + "public_toilets,620102,2025-05,5,备注\n").encode()[:-2],
                           "sec_import_truncated", 2),
    "too_big.csv": (lambda: H4.encode() + b" " * cells.MAX_BYTES, "import_too_big", 0),
    "sheet_broken.xlsx": (lambda: rezip(_good_xlsx(), change={SHEET: lambda x: x[:len(x) // 2]}), "import_bad_xlsx", 0),
    "sheet_missing.xlsx": (lambda: rezip(_good_xlsx(), drop=SHEET), "import_bad_xlsx", 0),
    "workbook_missing.xlsx": (lambda: rezip(_good_xlsx(), drop="xl/workbook.xml"), "import_bad_xlsx", 0),
    "zip_cut.xlsx": (lambda: _good_xlsx()[:900], "import_bad_xlsx", 0),
    "not_a_zip.xlsx": (lambda: b"indicator_code,area_code\n", "import_bad_xlsx", 0),
}


@pytest.mark.parametrize("name", list(READ_ERRORS))
def test_every_read_error_is_a_sentence_and_changes_nothing(con, name):
    make, key, line = READ_ERRORS[name]
    exc = refuse(con, make(), name)
    assert exc.key == key
    if line:
        assert problems_of(exc)[0].line == line
    if name in ("note_5mb.csv", "field_131073.csv"):
        [p] = problems_of(exc)
        assert p.key == "import_cell_too_long" and "column E" in problem_text(p, "en") and "2,000" in problem_text(p, "en")


def test_a_path_that_is_not_a_file_is_refused_with_a_sentence(con, tmp_path):
    with pytest.raises(CocreateError) as info:
        import_file(con, tmp_path, "folder")
    assert info.value.key == "import_file_unreadable" and str(tmp_path) in error_text(info.value, "en")


# --------------------------------------------------------------------------- the command line

def _cli(*args):
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    return subprocess.run([sys.executable, "-m", "cocreate", *args], capture_output=True, text=True, env=env,
                          cwd=REPO_ROOT, timeout=120)


def _cli_in_process(*args):
    """The same command run in this process (quicker): (exit status, stdout, stderr)."""
    from cocreate.cli.parser import main
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = main(list(args))
    return rc, out.getvalue(), err.getvalue()


def test_command_line_refusals_name_the_line_without_a_traceback(demo_db_path, tmp_path):
    files = {
        "shape.csv": (H4 + "public_toilets,620102,2026-09,1,234\n").encode(),
        "formula.xlsx": book([H4.strip().split(","), ["public_toilets", "620102", "2025-05", "=1+2"]]),
        "utf16.csv": _utf16_truncated(),
        "sheet.xlsx": rezip(_good_xlsx(), drop=SHEET),
    }
    con = db.connect(demo_db_path)
    before = digest(con)
    con.close()
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    # a real `python -m cocreate import` for the row shape and the formula
    for name, line in (("shape.csv", "Line 2: This row has 5 cells, more than the header's 4 columns"),
                       ("formula.xlsx", "Line 2: The formula =1+2 in column D has no saved result")):
        p = _cli("import", str(tmp_path / name), "--db", str(demo_db_path), "--lang", "en")
        assert p.returncode == 1 and "Traceback" not in p.stderr and p.stdout == "", name
        assert line in p.stderr
    for name, sentence in (("utf16.csv", "encoding was not recognised"), ("sheet.xlsx", "cannot be read")):
        rc, out, err = _cli_in_process("import", str(tmp_path / name), "--db", str(demo_db_path), "--lang", "en")
        assert (rc, out) == (1, "") and sentence in err and "Traceback" not in err
    rc, _, err = _cli_in_process("import", str(tmp_path / "shape.csv"), "--db", str(demo_db_path), "--lang", "zh")
    assert rc == 1 and "第 2 行：本行有 5 个单元格" in err
    con = db.connect(demo_db_path)
    assert digest(con) == before
    con.close()
