"""backup and restore while the app serves the file (issue 20, item 4)."""
from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest

from cocreate.cli.parser import main
from cocreate.errors import CocreateError
from cocreate.intake.observations import import_file
from cocreate.present.i18n import error_text
from cocreate.store import db
from cocreate.store.backup import backup, backups, restore
from test_office_store import IMPORT_ROWS, cli, count_obs


def report(path) -> str:
    out = cli("report", "--area", "620100", "--as-of", "2026-11-30", "--db", str(path))
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_backup_taken_while_the_app_reads_restores_to_the_same_report(demo_db_path, tmp_path, capsys):
    original = report(demo_db_path)
    store = db.open_store(demo_db_path)
    stop, errors = threading.Event(), []

    def app_reads():
        while not stop.is_set():
            try:
                db.run(store, "areas")
            except Exception as exc:  # noqa: BLE001
                errors.append(exc)
                return
    reader = threading.Thread(target=app_reads)
    reader.start()
    try:
        assert main(["backup", str(tmp_path / "bak"), "--db", str(demo_db_path)]) == 0
    finally:
        stop.set()
        reader.join()
    assert not errors
    written = capsys.readouterr().out.strip()
    assert written.startswith(str(tmp_path / "bak" / "demo-")) and written.endswith(".duckdb")
    # the store changes after the backup: 3 new figures
    before = count_obs(demo_db_path)
    data = ("indicator_code,area_code,period,value\n" + "".join(f"{a},{b},{c},{d}\n" for a, b, c, d in IMPORT_ROWS))
    import_file(store, data.encode(), "in.csv")
    assert count_obs(demo_db_path) == before + 3
    version_now = db.data_version(store)
    store.close()

    aside = restore(written, demo_db_path)
    assert report(demo_db_path) == original
    assert count_obs(demo_db_path) == before           # the 3 figures are gone ...
    assert count_obs(aside) == before + 3               # ... and kept in the replaced file
    # the restored data version is above the one the app's caches saw, so they expire
    assert db.data_version(db.open_store(demo_db_path)) == version_now + 1


def test_backup_keeps_the_newest_n(demo_db_path, tmp_path):
    paths = [backup(tmp_path, demo_db_path, keep=2) for _ in range(3)]
    assert backups(tmp_path, "demo") == paths[1:]       # 3 made, 2 kept: the first is deleted
    assert not paths[0].exists()


def test_restore_refuses_while_another_process_holds_the_file(demo_db_path, tmp_path, monkeypatch):
    monkeypatch.setenv("COCREATE_BUSY_SECONDS", "1")
    made = backup(tmp_path, demo_db_path)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import duckdb, time\n"
        f"c = duckdb.connect({str(demo_db_path)!r})\nprint('held', flush=True)\ntime.sleep(30)\n")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(CocreateError) as info:
            restore(made, demo_db_path)
    finally:
        holder.kill()
        holder.wait()
    assert info.value.key == "office_restore_busy"
    assert "systemctl stop cocreate" in error_text(info.value, "en")
    assert f"进程号 {holder.pid}" in error_text(info.value, "zh")
    assert not list(tmp_path.parent.glob("**/*.restoring"))


def test_restore_refuses_a_file_that_is_not_a_store(demo_db_path, tmp_path):
    other = tmp_path / "other.duckdb"
    import duckdb
    duckdb.connect(str(other)).close()
    with pytest.raises(CocreateError) as info:
        restore(other, demo_db_path)
    assert info.value.key == "office_not_a_store"


def test_postgres_says_which_tool(monkeypatch, capsys):
    monkeypatch.setenv("COCREATE_DATABASE_URL", "postgresql://u:secret@dbhost:5432/cocreate")
    assert main(["backup", "/tmp/nowhere", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "pg_dump" in err and "secret" not in err and "dbhost:5432/cocreate" in err
    assert main(["restore", "x.dump", "--lang", "zh"]) == 2
    assert "pg_restore" in capsys.readouterr().err


def test_backup_while_a_write_is_under_way_waits_for_it(demo_db_path, tmp_path):
    """The copy never sees half a write: a write holding the file makes the backup (a command in its
    own process) wait, and the copy has the whole write."""
    store = db.open_store(demo_db_path)
    v0 = db.data_version(store)
    store.close()
    started = threading.Event()

    def write():
        with db.transaction(store) as cur:
            db.bump_data_version(cur)
            started.set()
            time.sleep(3.0)
    t = threading.Thread(target=write)
    t.start()
    started.wait(10)
    out = cli("backup", str(tmp_path), "--db", str(demo_db_path))
    t.join()
    assert out.returncode == 0, out.stderr
    con = db.connect(out.stdout.strip(), read_only=True)
    try:
        assert db.data_version(con) == v0 + 1           # the whole write is in the copy
    finally:
        con.close()


def test_a_backup_from_an_older_version_gets_this_versions_schema(demo_db_path, tmp_path):
    made = backup(tmp_path, demo_db_path)
    import duckdb
    con = duckdb.connect(str(made))
    con.execute("COMMENT ON TABLE meta IS 'made by an older version'")
    con.close()
    restore(made, demo_db_path)
    con = db.connect(demo_db_path, read_only=True)
    try:
        assert db.stored_schema_digest(con) == db.schema_digest()
    finally:
        con.close()
    assert not list(demo_db_path.parent.glob("*.restoring*"))
