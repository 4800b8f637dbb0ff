"""Imports never lose a figure: every rejection reason refuses the whole file and changes nothing;
accepted files load in one transaction as a batch with history; rollback restores."""
from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import threading
from pathlib import Path

import openpyxl
import pytest

from cocreate import REPO_ROOT

from cocreate.store import db
from cocreate.errors import ImportRejected, PermissionDenied, CocreateError
from cocreate.intake.observations import MAX_ROWS, import_file, parse_period, rollback_batch
from cocreate.present.intake_words import line_text, problem_text

SAMPLES = Path(__file__).parent / "fixture_data" / "import_samples"
HEADER = "indicator_code,area_code,period,value\n"


def checksum(con) -> str:
    """A digest of everything an import may touch: observations, history, batches, data version."""
    h = hashlib.sha256()
    for sql in ("SELECT * FROM observations ORDER BY ALL",
                "SELECT * FROM observation_history ORDER BY ALL",
                "SELECT * FROM import_batches ORDER BY ALL",
                "SELECT * FROM meta ORDER BY ALL"):
        h.update(repr(con.execute(sql).fetchall()).encode())
    return h.hexdigest()


def value(con, ind, area, period):
    row = con.execute("SELECT value FROM observations WHERE indicator_code=? AND area_code=? AND period=?",
                      [ind, area, period]).fetchone()
    return None if row is None else row[0]


def reject(con, text: str, name="bad.csv", user=None):
    """Import `text`, expect a refusal, and check nothing changed; return the problems."""
    before = checksum(con)
    with pytest.raises(ImportRejected) as info:
        import_file(con, text.encode("utf-8"), name, user=user)
    assert checksum(con) == before
    return info.value.result.problems


# --------------------------------------------------------------------------- one test per reason

@pytest.mark.parametrize("row, line_col_key", [
    ("no_such_code,990101,2025,1", ("indicator_code", "import_unknown_indicator")),
    ("public_toilets,999999,2025,1", ("area_code", "import_unknown_area")),
    ("public_toilets,990101,2025,twelve", ("value", "import_not_number")),
    ("public_toilets,990101,2025,-3", ("value", "import_negative")),
    ("satisfaction_pct,990101,2025-03,100.5", ("value", "import_over_100")),
    ("public_toilets,990101,2099-01,3", ("period", "import_future_period")),
    ("public_toilets,990101,2025-13,3", ("period", "import_bad_period")),
    ("population,990100,2025,1100000", ("area_code", "import_city_rolls_up")),
    ("built_up_green_coverage_pct,990101,2025Q1,38", ("indicator_code", "import_ratio_indicator")),
    ("good_air_days,990101,2025,300", ("area_code", "import_district_city_only")),
    ("env_agency_yn,990100,2025,2", ("value", "import_not_yes_no")),
])
def test_each_rejection_reason_names_line_column_and_changes_nothing(fixture_con, row, line_col_key):
    text = HEADER + "public_toilets,990101,2025-06,300\n" + row + "\n"
    problems = reject(fixture_con, text)
    assert [(p.line, p.column, p.key) for p in problems] == [(3, *line_col_key)]


def test_duplicate_in_file_names_the_first_line(fixture_con):
    problems = reject(fixture_con, HEADER + "public_toilets,990101,2025-06,300\npublic_toilets,990102,2025,8\n"
                                            "public_toilets,990101,2025-06-30,301\n")
    assert [(p.line, p.key, p.params["first"]) for p in problems] == [(4, "import_duplicate", 2)]
    assert "line 2" in line_text(problems[0], "en")


def test_reasons_read_in_both_languages(fixture_con):
    problems = reject(fixture_con, HEADER + "built_up_green_coverage_pct,990101,2025Q1,38\n")
    assert line_text(problems[0], "en").startswith("Line 2, column A (indicator_code): ")
    assert "Green-covered area (green_coverage_area_ha)" in problem_text(problems[0], "en")
    assert "Built-up area (built_up_area_ha)" in problem_text(problems[0], "en")
    assert "绿化覆盖面积 (green_coverage_area_ha)" in problem_text(problems[0], "zh")
    assert line_text(problems[0], "zh").startswith("第 2 行，A (indicator_code) 列")


def test_clerk_cannot_import_for_another_area(fixture_con):
    clerk = {"name": "small", "role": "clerk", "areas": "990102"}
    problems = reject(fixture_con, HEADER + "public_toilets,990102,2025-06,80\npublic_toilets,990101,2025-06,300\n",
                      user=clerk)
    assert [(p.line, p.key) for p in problems] == [(3, "import_area_not_allowed")]
    assert "small" in problem_text(problems[0], "en") and "Big District" in problem_text(problems[0], "en")


def test_clerk_of_a_city_may_import_for_its_children(fixture_con):
    clerk = {"name": "city", "role": "clerk", "areas": "990100"}
    r = import_file(fixture_con, (HEADER + "public_toilets,990101,2025-06,300\ngood_air_days,990100,2025,301\n").encode(),
                    "ok.csv", user=clerk)
    assert r.ok and r.rows_accepted == 2
    assert fixture_con.execute("SELECT user_name FROM import_batches WHERE batch_id=?", [r.batch_id]).fetchone()[0] == "city"


def test_viewer_cannot_import(fixture_con):
    before = checksum(fixture_con)
    with pytest.raises(PermissionDenied):
        import_file(fixture_con, (HEADER + "public_toilets,990101,2025-06,300\n").encode(), "ok.csv",
                    user={"name": "v", "role": "viewer", "areas": ""})
    assert checksum(fixture_con) == before


@pytest.mark.parametrize("text, key", [
    ("indicator_code,area_code,value\npublic_toilets,990101,3\n", "import_missing_columns"),
    ("", "import_empty"),
])
def test_file_level_refusals(fixture_con, text, key):
    before = checksum(fixture_con)
    with pytest.raises(ImportRejected) as info:
        import_file(fixture_con, text.encode(), "f.csv")
    assert info.value.key == key
    assert checksum(fixture_con) == before


def test_too_big_and_too_many_rows_are_refused_with_a_clear_message(fixture_con):
    from cocreate.present.i18n import error_text
    before = checksum(fixture_con)
    with pytest.raises(ImportRejected) as big:
        import_file(fixture_con, b"x" * (10 * 1024 * 1024 + 1), "big.csv")
    assert big.value.key == "import_too_big" and "10 MB" in error_text(big.value, "en")
    rows = HEADER + "public_toilets,990101,2025,1\n" * (MAX_ROWS + 1)
    with pytest.raises(ImportRejected) as many:
        import_file(fixture_con, rows.encode(), "many.csv")
    assert many.value.key == "import_too_many_rows" and "200,000" in error_text(many.value, "en")
    with pytest.raises(ImportRejected) as kind:
        import_file(fixture_con, b"abc", "figures.pdf")
    assert kind.value.key == "import_bad_type"
    with pytest.raises(ImportRejected) as broken:
        import_file(fixture_con, b"PK\x03\x04 not really", "broken.xlsx")
    assert broken.value.key == "import_bad_xlsx"
    assert checksum(fixture_con) == before


# --------------------------------------------------------------------------- formats

def test_gbk_csv_with_chinese_headers(fixture_con):
    data = (SAMPLES / "gbk_chinese_headers.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # really GBK
    r = import_file(fixture_con, data, "gbk_chinese_headers.csv")
    assert r.rows_accepted == 4
    assert value(fixture_con, "public_toilets", "990101", "2025-07-01") == 310   # 2025Q3 -> July
    assert value(fixture_con, "public_toilets", "990102", "2025-07-01") == 82    # 2025-07-15 -> July
    assert value(fixture_con, "good_air_days", "990100", "2025-01-01") == 301    # 2025 -> January
    note, source = fixture_con.execute("SELECT note, source FROM observations WHERE indicator_code='public_toilets' "
                                       "AND area_code='990101' AND period='2025-07-01'").fetchone()
    assert (note, source) == ("新建10座", "市城管委")


def test_utf8_bom_csv_with_english_headers(fixture_con):
    data = (SAMPLES / "utf8_bom_english_headers.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    r = import_file(fixture_con, data, "utf8_bom_english_headers.csv")
    assert (r.rows_accepted, r.rows_inserted, r.rows_replaced) == (3, 1, 2)
    assert value(fixture_con, "population", "990102", "2025-01-01") == 101000
    assert value(fixture_con, "historic_districts_count", "990101", "2025-12-01") == 1


def test_xlsx_with_chinese_headers_numbers_and_dates(fixture_con):
    r = import_file(fixture_con, SAMPLES / "chinese_headers.xlsx")
    assert r.file_name == "chinese_headers.xlsx" and r.rows_accepted == 3
    assert value(fixture_con, "public_toilets", "990101", "2025-09-01") == 305   # code typed as a number
    assert value(fixture_con, "public_toilets", "990102", "2025-09-01") == 81    # period as an Excel date
    assert value(fixture_con, "env_agency_yn", "990100", "2025-01-01") == 1     # year typed as a number


def test_xlsx_bad_row_line_numbers_match_excel(fixture_con):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["indicator_code", "area_code", "period", "value"])
    ws.append(["public_toilets", "990101", "2025-06", 300])
    ws.append([None, None, None, None])                       # a blank row keeps its number
    ws.append(["public_toilets", "990101", "2025-07", -1])
    buf = io.BytesIO()
    wb.save(buf)
    before = checksum(fixture_con)
    with pytest.raises(ImportRejected) as info:
        import_file(fixture_con, buf.getvalue(), "x.xlsx")
    assert [(p.line, p.letter, p.key) for p in info.value.result.problems] == [(4, "D", "import_negative")]
    assert checksum(fixture_con) == before


@pytest.mark.parametrize("text, expected", [
    ("2025", "2025-01-01"), ("2025-03", "2025-03-01"), ("2025-03-31", "2025-03-01"), ("2025Q1", "2025-01-01"),
    ("2025Q4", "2025-10-01"), ("2025/7", "2025-07-01"), ("2025年7月", "2025-07-01"), ("2025年第二季度", "2025-04-01"),
    ("2025-13", None), ("25-03", None), ("2025Q5", None), ("2025-02-30", None),
])
def test_period_forms(text, expected):
    got = parse_period(text)
    assert (got[0].isoformat() if got else None) == expected


def test_empty_values_are_skipped_and_counted(fixture_con):
    r = import_file(fixture_con, (HEADER + "public_toilets,990101,2025-06,\npublic_toilets,990102,2025-06,80\n"
                                  "no_such,990101,2025-06,\n").encode(), "partly.csv")
    assert (r.rows_accepted, r.rows_skipped_empty) == (1, 2)


def test_file_with_no_value_at_all_is_refused(fixture_con):
    before = checksum(fixture_con)
    with pytest.raises(ImportRejected) as info:
        import_file(fixture_con, (HEADER + "public_toilets,990101,2025-06,\n").encode(), "empty.csv")
    assert info.value.key == "import_no_values"
    assert checksum(fixture_con) == before


def test_dry_run_changes_nothing_but_counts(fixture_con):
    before = checksum(fixture_con)
    r = import_file(fixture_con, (SAMPLES / "utf8_bom_english_headers.csv").read_bytes(), "x.csv", dry_run=True)
    assert (r.ok, r.dry_run, r.batch_id, r.rows_inserted, r.rows_replaced) == (True, True, None, 1, 2)
    assert checksum(fixture_con) == before


# --------------------------------------------------------------------------- batches, history, rollback

def test_replace_keeps_history_and_rollback_restores(fixture_con):
    con = fixture_con
    old = value(con, "public_toilets", "990101", "2026-01-01")
    v0 = db.data_version(con)
    r1 = import_file(con, (HEADER + "public_toilets,990101,2026-01,999\npublic_toilets,990101,2019-02,5\n").encode(),
                     "fix.csv", user={"name": "boss", "role": "admin"})
    assert (r1.rows_inserted, r1.rows_replaced) == (1, 1)
    assert db.data_version(con) == v0 + 1
    assert value(con, "public_toilets", "990101", "2026-01-01") == 999
    hist = con.execute("SELECT old_value, new_value, old_batch_id, replaced_by_batch FROM observation_history").fetchall()
    assert hist == [(old, 999.0, 1, r1.batch_id)]
    batch = con.execute("SELECT user_name, file_name, file_sha256, rows_accepted, rows_replaced, status "
                        "FROM import_batches WHERE batch_id=?", [r1.batch_id]).fetchone()
    assert batch == ("boss", "fix.csv", r1.sha256, 2, 1, "active")
    # a later batch over the same figure blocks rolling back the earlier one
    r2 = import_file(con, (HEADER + "public_toilets,990101,2026-01,1000\n").encode(), "again.csv")
    with pytest.raises(CocreateError) as sup:
        rollback_batch(con, r1.batch_id)
    assert sup.value.key == "batch_superseded" and sup.value.params["later"] == r2.batch_id
    with pytest.raises(PermissionDenied):
        rollback_batch(con, r2.batch_id, {"name": "c", "role": "clerk", "areas": "990100"})
    assert rollback_batch(con, r2.batch_id, {"name": "boss", "role": "admin"})["restored"] == 1
    assert value(con, "public_toilets", "990101", "2026-01-01") == 999
    out = rollback_batch(con, r1.batch_id, {"name": "boss", "role": "admin"})
    assert (out["restored"], out["deleted"]) == (1, 1)
    assert value(con, "public_toilets", "990101", "2026-01-01") == old
    assert value(con, "public_toilets", "990101", "2019-02-01") is None
    assert con.execute("SELECT batch_id FROM observations WHERE indicator_code='public_toilets' AND area_code='990101' "
                       "AND period='2026-01-01'").fetchone()[0] == 1
    assert con.execute("SELECT status, rolled_back_by FROM import_batches WHERE batch_id=?",
                       [r1.batch_id]).fetchone() == ("rolled_back", "boss")
    with pytest.raises(CocreateError) as twice:
        rollback_batch(con, r1.batch_id)
    assert twice.value.key == "batch_already_rolled_back"


def test_reimporting_the_same_figures_writes_no_history(fixture_con):
    text = (HEADER + "public_toilets,990101,2026-01,777\n").encode()
    import_file(fixture_con, text, "a.csv")
    r = import_file(fixture_con, text, "a.csv")
    assert (r.rows_accepted, r.rows_replaced, r.rows_unchanged) == (1, 0, 1)
    assert fixture_con.execute("SELECT count(*) FROM observation_history").fetchone()[0] == 1


def test_figure_history_query(fixture_con):
    import_file(fixture_con, (HEADER + "public_toilets,990101,2026-01,777\n").encode(), "a.csv")
    import_file(fixture_con, (HEADER + "public_toilets,990101,2026-01,778\n").encode(), "b.csv")
    hist = db.run(fixture_con, "figure_history", indicator="public_toilets", area="990101", period="2026-01-01")
    assert hist["state"].tolist() == ["current", "replaced", "replaced"]
    assert hist["value"].tolist() == [778, 777, 300]
    assert hist["file_name"].tolist()[:2] == ["b.csv", "a.csv"]


# --------------------------------------------------------------------------- command line

def _cli(*args, stdin=None, env=None):
    import os
    e = dict(os.environ, PYTHONPATH=str(REPO_ROOT), **(env or {}))
    return subprocess.run([sys.executable, "-m", "cocreate", *args], capture_output=True, text=True,
                          input=stdin, env=e, cwd=REPO_ROOT, timeout=60)


def test_cli_refuses_bad_file_with_per_row_report_and_exit_status(fixture_db_path):
    con = db.connect(fixture_db_path)
    before = checksum(con)
    con.close()
    p = _cli("import", str(SAMPLES / "bad_rows.csv"), "--db", str(fixture_db_path), "--lang", "en")
    assert p.returncode == 1
    assert "Line 7, column B (area_code): Unknown area code “999999”" in p.stderr
    assert "Line 12: Duplicate of line 11" in p.stderr
    con = db.connect(fixture_db_path)
    assert checksum(con) == before
    con.close()
    ok = _cli("import", str(SAMPLES / "gbk_chinese_headers.csv"), "--db", str(fixture_db_path), "--lang", "zh")
    assert ok.returncode == 0 and "已导入" in ok.stdout
    dry = _cli("import", str(SAMPLES / "utf8_bom_english_headers.csv"), "--db", str(fixture_db_path), "--dry-run",
               "--lang", "en")
    assert dry.returncode == 0 and dry.stdout.startswith("Check passed")


# --------------------------------------------------------------------------- concurrency

def test_reader_sees_before_or_after_never_half(fixture_con):
    con = fixture_con
    q = "SELECT count(*), sum(value) FROM observations"
    before = con.execute(q).fetchone()
    rows = "".join(f"public_toilets,{a},{y}-{m:02d},{y + m}\n" for a in ("990101", "990102")
                   for y in range(2000, 2022) for m in range(1, 13))  # before the fixture's 2022 data
    rows += "public_toilets,990101,2026-01,123456\n"  # one replaced value too
    seen, errors, stop = set(), [], threading.Event()

    def reader():
        while not stop.is_set():
            cur = con.cursor()
            try:
                seen.add(cur.execute(q).fetchone())
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)
            finally:
                cur.close()

    t = threading.Thread(target=reader)
    t.start()
    try:
        r = import_file(con, (HEADER + rows).encode(), "big.csv")
    finally:
        stop.set()
        t.join()
    after = con.execute(q).fetchone()
    assert r.rows_inserted == 2 * 22 * 12 and r.rows_replaced == 1
    assert not errors
    assert seen <= {before, after} and before in seen
