"""The DuckDB file shared by the serving app and the commands (issue 20, item 1): the app holds the
file only for a unit of work (cocreate.store.filestore), commands read and write in between, and a
writer that cannot get the file within the bound gets a typed error in the user's language."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

from cocreate import REPO_ROOT
from cocreate.present.i18n import error_text
from cocreate.store import db, filestore
from cocreate.store.file_open import DatabaseBusy, holder

IMPORT_ROWS = [("ambulances", "620102", "2018-01-01", 20), ("ambulances", "620102", "2018-04-01", 21),
               ("ambulances", "620103", "2018-01-01", 9)]


def cli(*args, env=None, timeout=120):
    return subprocess.run([sys.executable, "-m", "cocreate", *args], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **(env or {})})


def count_obs(path) -> int:
    con = db.connect(path, read_only=True)
    try:
        return con.execute("SELECT count(*) FROM observations").fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize("sql, kind", [
    ("SELECT 1", "read"), ("-- one row per area\nWITH a AS (SELECT 1) SELECT * FROM a", "read"),
    ("(SELECT 1)", "read"), ("BEGIN TRANSACTION", "begin"), ("commit", "end"), ("ROLLBACK", "end"),
    ("INSERT INTO meta VALUES ('a', 'b')", "write"), ("/* c */ UPDATE users SET role = 'x'", "write"),
    ("CREATE TEMP TABLE x AS SELECT 1", "write"), ("DROP TABLE IF EXISTS _changes", "write"),
])
def test_statement_kind(sql, kind):
    assert filestore.statement_kind(sql) == kind


def test_holder_names_the_process():
    msg = ('IO Error: Could not set lock on file "/x/c.duckdb": Conflicting lock is held in '
           '/usr/bin/python3.11 (PID 4242). See also https://duckdb.org/docs/current/connect/concurrency')
    assert holder(msg) == ("python3.11", "4242")
    assert holder("IO Error: something else") is None


def test_the_store_gives_the_file_back_between_units_of_work(demo_db_path, monkeypatch):
    monkeypatch.setenv("COCREATE_LINGER_SECONDS", "0")
    store = db.open_store(demo_db_path)
    assert db.data_version(store) >= 0
    assert store._shared.root is None            # nothing held once the read is done
    with db.transaction(store) as cur:
        db.bump_data_version(cur)
        assert store._shared.mode == "write"
    assert store._shared.root is None            # the write's open ended with its transaction
    # so another process may open the file for writing now
    out = subprocess.run([sys.executable, "-c", f"import duckdb; duckdb.connect({str(demo_db_path)!r}).close()"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr


def test_read_commands_run_while_the_app_holds_a_read(demo_db_path, monkeypatch):
    """The app's pattern: a read cursor open (a page run mid-way). A second process reads the file."""
    store = db.open_store(demo_db_path)
    cur = store.cursor()
    cur.execute("SELECT count(*) FROM observations").fetchone()
    assert store._shared.mode == "read" and len(store._shared.holders) == 1
    for args in (["report", "--area", "620100"], ["problems", "report", "--area", "620100"],
                 ["score", "--area", "620100"]):
        out = cli(*args, "--db", str(demo_db_path), env={"COCREATE_BUSY_SECONDS": "5"})
        assert out.returncode == 0, (args, out.stderr)
        assert len(out.stdout.splitlines()) > 1, args   # a header and rows
    cur.close()


def test_command_import_while_the_app_reads_in_a_loop_loses_nothing(demo_db_path, tmp_path):
    before = count_obs(demo_db_path)
    csv = tmp_path / "in.csv"
    csv.write_text("indicator_code,area_code,period,value\n" + "".join(f"{a},{b},{c},{d}\n" for a, b, c, d in IMPORT_ROWS))
    store = db.open_store(demo_db_path)
    stop, reads, errors = threading.Event(), [], []

    def app_reads():
        while not stop.is_set():
            try:
                reads.append(len(db.run(store, "areas")))
                time.sleep(0.005)
            except Exception as exc:  # noqa: BLE001  (the test reports it)
                errors.append(exc)
                return
    reader = threading.Thread(target=app_reads)
    reader.start()
    try:
        out = cli("import", str(csv), "--db", str(demo_db_path))
    finally:
        stop.set()
        reader.join()
    assert out.returncode == 0, out.stderr
    assert not errors and reads
    # 3 new figures (none of the 2018 periods is in the demo data): before + 3
    assert count_obs(demo_db_path) == before + 3
    # and the app sees them at its next read
    assert db.scalar(store, "SELECT count(*) FROM observations") == before + 3


def test_app_import_while_command_reads_loop(demo_db_path, tmp_path):
    """The Data page's import (in the app's process) while a shell runs reports one after another."""
    from cocreate.intake.observations import import_file
    before = count_obs(demo_db_path)
    loop = subprocess.Popen([sys.executable, "-c", (
        "import sys\nfrom cocreate.cli.parser import main\n"
        "for i in range(6):\n"
        f"    assert main(['report', '--area', '620100', '--db', {str(demo_db_path)!r}]) == 0\n")],
        cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    store = db.open_store(demo_db_path)
    data = ("indicator_code,area_code,period,value\n" + "".join(f"{a},{b},{c},{d}\n" for a, b, c, d in IMPORT_ROWS)
            ).encode()
    result = import_file(store, data, "in.csv", lang="en")
    assert result.rows_inserted == 3
    _, err = loop.communicate(timeout=180)
    assert loop.returncode == 0, err
    assert count_obs(demo_db_path) == before + 3


def test_a_writer_that_cannot_get_the_file_gets_a_typed_error(demo_db_path, monkeypatch):
    monkeypatch.setenv("COCREATE_BUSY_SECONDS", "1")
    store = db.open_store(demo_db_path)
    store.close()                              # the app between requests: nothing held
    holder_proc = subprocess.Popen([sys.executable, "-c", (
        "import duckdb, sys, time\n"
        f"c = duckdb.connect({str(demo_db_path)!r})\n"
        "print('held', flush=True)\ntime.sleep(30)\n")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder_proc.stdout.readline().strip() == "held"
        start = time.monotonic()
        with pytest.raises(DatabaseBusy) as info:
            with db.transaction(store) as cur:
                db.bump_data_version(cur)
        waited = time.monotonic() - start
        # a command is refused the same way, in the shell's language
        out = cli("report", "--area", "620100", "--db", str(demo_db_path),
                  env={"COCREATE_BUSY_SECONDS": "0", "LANG": "zh_CN.UTF-8"})
        assert out.returncode == 2 and f"进程号 {holder_proc.pid}" in out.stderr, out.stderr
    finally:
        holder_proc.kill()
        holder_proc.wait()
    assert 0.5 <= waited < 5                   # the bound is 1 s (pauses of 0.02, 0.04, ... 0.32 s)
    assert info.value.key == "db_busy_pid" and info.value.params["pid"] == str(holder_proc.pid)
    assert f"PID {holder_proc.pid}" in error_text(info.value, "en")
    assert f"进程号 {holder_proc.pid}" in error_text(info.value, "zh")
    out = cli("report", "--area", "620100", "--db", str(demo_db_path), env={"COCREATE_BUSY_SECONDS": "0"})
    assert out.returncode == 0                # the holder is gone: the file is free again


def test_in_process_writer_waits_for_the_readers_then_readers_share_its_open(demo_db_path):
    store = db.open_store(demo_db_path)
    reader = store.cursor()
    reader.execute("SELECT 1").fetchone()
    events = []

    def write():
        with db.transaction(store) as cur:
            events.append("write")
            db.bump_data_version(cur)
    t = threading.Thread(target=write)
    t.start()
    time.sleep(0.3)
    events.append("reader done")
    reader.close()
    t.join(timeout=10)
    assert events == ["reader done", "write"]


def test_a_schema_older_than_the_code_is_applied_by_a_short_write(demo_db_path, monkeypatch):
    con = db.connect(demo_db_path)
    con.execute("COMMENT ON TABLE meta IS 'old'")
    con.close()
    monkeypatch.setenv("COCREATE_LINGER_SECONDS", "0")
    store = db.open_store(demo_db_path)
    assert store._shared.root is None
    con = db.connect(demo_db_path, read_only=True)
    try:
        assert db.stored_schema_digest(con) == db.schema_digest()
    finally:
        con.close()
