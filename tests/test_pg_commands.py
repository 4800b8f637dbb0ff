"""The commands give the same output on DuckDB and on PostgreSQL (Done criterion of the shared
deployment): build-db, import, report --area 620100, problems import / report, rollback, user add,
export. Each runs in-process through the real argument parser, once with --db FILE and once with
the server (by COCREATE_DATABASE_URL, as a deployment sets it, or by --db URL)."""
from __future__ import annotations

import csv
import io
import json

import pandas as pd

import pytest

from cocreate import DATA_DIR
from cocreate.cli.parser import main
from cocreate.store import db

FIGURES = (
    "indicator_code,area_code,period,value,note,source\n"
    "ambulances,620102,2026-10,41,corrected,district health bureau\n"   # replaces 39
    "ambulances,620103,2026-10,29,,\n"
    "ambulances,620104,2026-10,,,\n"                                    # empty value: skipped
    "green_coverage_area_ha,620102,2026-10,1234.5,,\n"
)


def run_cli(capsys, monkeypatch, argv, url=None, password=None):
    """(exit code, stdout, stderr) of one command; `url` set as COCREATE_DATABASE_URL when given."""
    if url:
        monkeypatch.setenv("COCREATE_DATABASE_URL", url)
    else:
        monkeypatch.delenv("COCREATE_DATABASE_URL", raising=False)
    if password:
        monkeypatch.setenv("COCREATE_PASSWORD", password)
    capsys.readouterr()
    code = main(argv)
    captured = capsys.readouterr()
    monkeypatch.delenv("COCREATE_DATABASE_URL", raising=False)
    return code, captured.out, captured.err


@pytest.fixture()
def stores(tmp_path, pg_server):
    """An empty DuckDB path and an empty PostgreSQL database: build-db makes both."""
    return tmp_path / "store.duckdb", pg_server()


def test_commands_same_output_on_both_engines(stores, tmp_path, capsys, monkeypatch):
    duck, url = stores
    figures = tmp_path / "figures.csv"
    figures.write_text(FIGURES, encoding="utf-8")
    problems = DATA_DIR / "demo" / "import" / "problems_demo.csv"

    def both(args, password=None, code=0):
        a = run_cli(capsys, monkeypatch, args + ["--db", str(duck)], password=password)
        b = run_cli(capsys, monkeypatch, args, url=url, password=password)
        assert a[0] == code, a[2]
        assert a == b, f"{args}:\nDuckDB:\n{a[1][:2000]}{a[2][:2000]}\nPostgreSQL:\n{b[1][:2000]}{b[2][:2000]}"
        return a[1]

    assert run_cli(capsys, monkeypatch, ["build-db", "--db", str(duck)])[0] == 0
    code, out, _ = run_cli(capsys, monkeypatch, ["build-db"], url=url)
    assert code == 0 and out.startswith("built postgresql://127.0.0.1:")

    report = both(["report", "--area", "620100"])
    rows = list(csv.DictReader(io.StringIO(report)))
    assert len(rows) > 50 and {r["status"] for r in rows} >= {"met", "off_track"}
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator_code,area_code,period,value\nambulances,620102,2026-10,-3\nnope,620102,2026-10,1\n",
                   encoding="utf-8")
    both(["import", str(bad), "--lang", "en"], code=1)       # refused whole, the same report
    both(["import", str(figures), "--dry-run", "--lang", "en"])
    imported = both(["import", str(figures), "--lang", "en"])
    assert imported.startswith("Imported figures.csv (batch 2): 3 figures, 0 new, 3 replaced, 0 unchanged")
    both(["report", "--area", "620100"])
    both(["report", "--area", "620102", "--format", "md"])
    both(["problems", "import", str(problems)])
    for period in ("2026Q3", "2025-12", "2026-W40"):
        table = both(["problems", "report", "--area", "620100", "--period", period])
        assert table.startswith("unit_code,found,due,")
        both(["problems", "report", "--area", "420100", "--period", period, "--by", "district"])
    both(["problems", "report", "--area", "620100"])
    both(["rollback", "2", "--lang", "en"])
    both(["report", "--area", "620100"])
    assert both(["report", "--area", "620100"]) == report   # the rollback restored every figure
    both(["user", "add", "clerk_a", "--role", "clerk", "--areas", "620102", "--lang", "en"], password="s3cret-pass")
    both(["score", "--area", "620100"])


def test_export_same_tables_and_rows(stores, tmp_path, capsys, monkeypatch):
    duck, url = stores
    run_cli(capsys, monkeypatch, ["build-db", "--db", str(duck)])
    run_cli(capsys, monkeypatch, ["build-db", "--db", url])      # --db takes a URL too
    a, b = tmp_path / "a", tmp_path / "b"
    assert run_cli(capsys, monkeypatch, ["export", str(a), "--db", str(duck)])[0] == 0
    assert run_cli(capsys, monkeypatch, ["export", str(b), "--db", url])[0] == 0
    ma, mb = (json.loads((d / "manifest.json").read_text(encoding="utf-8")) for d in (a, b))
    assert [(t["table"], t["rows"], t["columns"]) for t in ma["tables"]] == \
           [(t["table"], t["rows"], t["columns"]) for t in mb["tables"]]
    assert ma["data_version"] == mb["data_version"] == 1
    for entry in ma["tables"]:
        if entry["table"] in ("import_batches", "observations"):
            continue   # loaded_at: the two builds ran seconds apart
        if entry["table"] in ("figures", "figure_series"):   # sums of doubles in another order differ in the last digit
            fa, fb = (pd.read_csv(d / entry["files"]["csv"], dtype={"area_code": str}) for d in (a, b))
            pd.testing.assert_frame_equal(fa, fb, rtol=1e-12, check_exact=False)
            continue
        assert (a / entry["files"]["csv"]).read_bytes() == (b / entry["files"]["csv"]).read_bytes(), entry["table"]


def test_missing_server_store_says_build_it(pg_server, capsys, monkeypatch):
    url = pg_server()
    code, out, err = run_cli(capsys, monkeypatch, ["report", "--area", "620100"], url=url)
    assert code == 2 and out == ""
    assert "has no dashboard tables yet" in err and "build-db" in err and "127.0.0.1" in err


def test_unreachable_server_is_a_readable_error(capsys, monkeypatch):
    from pg_server import free_port
    monkeypatch.setenv("COCREATE_DATABASE_URL", f"postgresql://nobody@127.0.0.1:{free_port()}/none")
    with pytest.raises(Exception) as info:
        db.connect(read_only=True)
    assert getattr(info.value, "key", "") == "pg_unreachable"


def test_copy_db_puts_a_file_store_on_the_server(demo_db_file, pg_server, capsys, monkeypatch):
    """copy-db: a city office's file joins the shared server; the report reads the same."""
    url = pg_server()
    code, out, err = run_cli(capsys, monkeypatch, ["copy-db", str(demo_db_file), "--to", url])
    assert code == 0 and out.startswith("copied ") and "observations: " in err
    a = run_cli(capsys, monkeypatch, ["report", "--area", "420100", "--db", str(demo_db_file)])
    b = run_cli(capsys, monkeypatch, ["report", "--area", "420100"], url=url)
    assert a == b and a[1].count("\n") > 30
    code, _, err = run_cli(capsys, monkeypatch, ["copy-db", str(demo_db_file), "--to", str(demo_db_file)])
    assert code == 2 and "postgresql://" in err
