"""`python -m cocreate report` exactly as DESIGN.md fixes it, on the demo database."""
import csv
import io
import subprocess
import sys

import pytest

from cocreate import REPO_ROOT

COLUMNS = ["title_code", "indicator_code", "period", "value", "threshold", "direction", "status",
           "projected_date", "gap", "confidence", "flags"]
WORDS = {"met", "on_track", "needs_acceleration", "off_track", "deteriorating", "insufficient_data",
         "not_applicable"}
CONFIDENCES = {"seen", "uncertain", "plan", "assumed"}
FLAGS = {"stalled", "recent_drop", "deadline_passed"}


def cli(*args):
    return subprocess.run([sys.executable, "-m", "cocreate", *args], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=120)


def test_report_lanzhou_garden_green_coverage_not_met(demo_db_file):
    out = cli("report", "--area", "620100", "--db", str(demo_db_file))
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert list(rows[0].keys()) == COLUMNS
    assert {r["status"] for r in rows} <= WORDS
    green = [r for r in rows if r["title_code"] == "garden" and r["indicator_code"] == "built_up_green_coverage_pct"][0]
    assert float(green["value"]) == 31.44 and float(green["threshold"]) == 36
    assert green["status"] != "met" and float(green["gap"]) == 4.56
    met = [r for r in rows if r["status"] == "met"]
    assert all(float(r["gap"]) <= 0 for r in met)
    assert all(float(r["gap"]) > 0 for r in rows if r["status"] != "met" and r["gap"])
    assert {"civilized", "sanitary", "env_model", "garden", "historic", "double_support", "public_services"} \
        == {r["title_code"] for r in rows}


def test_report_title_as_of_and_markdown(demo_db_file):
    out = cli("report", "--area", "620100", "--title", "garden", "--as-of", "2025-06-30", "--format", "md",
              "--db", str(demo_db_file))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert lines[0] == "| " + " | ".join(COLUMNS) + " |"
    body = [line.split(" | ") for line in lines[2:]]
    assert all(row[0].strip("| ") == "garden" for row in body)
    assert all(row[2] <= "2025-06-30" for row in body if row[2])


def test_report_unknown_area_is_a_sentence_not_a_traceback(demo_db_file):
    out = cli("report", "--area", "999999", "--db", str(demo_db_file))
    assert out.returncode != 0
    assert "999999" in out.stderr and "Traceback" not in out.stderr


def test_report_missing_database_says_how_to_build(tmp_path):
    out = cli("report", "--area", "620100", "--db", str(tmp_path / "none.duckdb"))
    assert out.returncode != 0 and "build-db" in out.stderr and "Traceback" not in out.stderr


def _add_months(d, n):
    import datetime as dt
    from cocreate.method.status import add_months
    return add_months(dt.date.fromisoformat(d), n)


@pytest.mark.parametrize("area", ["420100", "620100"])
def test_report_status_never_contradicts_its_own_date(demo_db_file, area):
    import datetime as dt
    out = cli("report", "--area", area, "--db", str(demo_db_file))
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    con_deadlines = _deadlines(demo_db_file, area)
    assert {r["title_code"] for r in rows} <= set(con_deadlines)
    for r in rows:
        assert r["confidence"] in CONFIDENCES
        assert set(filter(None, r["flags"].split(";"))) <= FLAGS
        if r["projected_date"]:
            projected = dt.date.fromisoformat(r["projected_date"])
            assert projected >= _add_months(r["period"][:8] + "01", 1), r  # never before the month after
            if r["status"] == "on_track":
                assert projected <= _add_months(con_deadlines[r["title_code"]], 1), r


def _deadlines(path, area):
    from cocreate.store import db
    con = db.connect(path, read_only=True)
    try:
        df = db.run(con, "campaigns_for_area", area=area)
    finally:
        con.close()
    return {r["title_code"]: str(r["deadline"])[:10] for r in df.to_dict("records")}


def test_report_wuhan_heat_metering_not_applicable_and_assumed_thresholds(demo_db_file):
    out = cli("report", "--area", "420100", "--title", "garden", "--db", str(demo_db_file))
    rows = {r["indicator_code"]: r for r in csv.DictReader(io.StringIO(out.stdout))}
    assert rows["heat_metering_share_pct"]["status"] == "not_applicable"
    assert rows["heat_metering_share_pct"]["flags"] == ""
    assert len([r for r in rows.values() if r["status"] != "not_applicable"]) == 10
    assert rows["shaded_parking_share_pct"]["confidence"] == "assumed"
    assert rows["built_up_green_coverage_pct"]["confidence"] == "seen"


def test_report_into_a_closed_pipe_ends_quietly(demo_db_path):
    # `report ... | head -2`: the reader closes early; no traceback, exit 0
    import subprocess
    import sys
    proc = subprocess.run(f'"{sys.executable}" -m cocreate report --area 620100 --db "{demo_db_path}" | head -2',
                          shell=True, capture_output=True, text=True, timeout=120)
    assert proc.stdout.splitlines()[0].startswith("title_code,indicator_code,period,value")
    assert len(proc.stdout.splitlines()) == 2
    assert "Traceback" not in proc.stderr
