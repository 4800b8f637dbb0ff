"""Export every table to Parquet + CSV with a manifest; a database rebuilt from the CSVs gives the same report."""
from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pandas as pd
import pyarrow.parquet as pq
import pytest

from cocreate import auth

from cocreate.store import db
from cocreate.store.export import export_all, export_zip, rebuild_from_export
from cocreate.intake.observations import import_file, rollback_batch
from cocreate.method.progress import report_table


def _reports(con, areas):
    return {a: report_table(con, a) for a in areas}


def test_export_manifest_and_files(fixture_con, tmp_path, monkeypatch):
    monkeypatch.setenv("COCREATE_BCRYPT_ROUNDS", "4")
    auth.add_user(fixture_con, "boss", "long-enough-1", "admin")
    manifest = export_all(fixture_con, tmp_path)
    assert json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8")) == manifest
    tables = {e["table"]: e for e in manifest["tables"]}
    assert {"observations", "indicators", "areas", "import_batches", "observation_history", "users"} <= set(tables)
    obs = tables["observations"]
    assert obs["rows"] == fixture_con.execute("SELECT count(*) FROM observations").fetchone()[0]
    assert [c["name"] for c in obs["columns"]][:4] == ["indicator_code", "area_code", "period", "value"]
    for kind in ("csv", "parquet"):
        p = tmp_path / obs["files"][kind]
        assert hashlib.sha256(p.read_bytes()).hexdigest() == obs["sha256"][kind]
    assert (tmp_path / "observations.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert pq.read_table(tmp_path / "observations.parquet").num_rows == obs["rows"]
    users = pd.read_csv(tmp_path / "users.csv", encoding="utf-8-sig")
    assert list(users.columns) == ["name", "role", "areas", "created_at"]     # never the hash
    assert "password_hash" not in (tmp_path / "users.parquet").read_bytes().decode("latin-1")


def test_zip_without_users(fixture_con):
    z = zipfile.ZipFile(io.BytesIO(export_zip(fixture_con, include_users=False)))
    names = set(z.namelist())
    assert "manifest.json" in names and "observations.parquet" in names and "users.csv" not in names


def test_rebuild_from_export_gives_the_same_report_fixture(fixture_con, tmp_path):
    # history and a rolled-back batch travel too
    r = import_file(fixture_con, b"indicator_code,area_code,period,value\npublic_toilets,990101,2026-01,310\n", "a.csv")
    r2 = import_file(fixture_con, b"indicator_code,area_code,period,value\npublic_toilets,990102,2026-01,90\n", "b.csv")
    rollback_batch(fixture_con, r2.batch_id)
    export_all(fixture_con, tmp_path / "exp")
    rebuilt = rebuild_from_export(tmp_path / "exp", tmp_path / "rebuilt.duckdb")
    con2 = db.connect(rebuilt, read_only=True)
    try:
        for a in ("990100", "990101", "990102"):
            pd.testing.assert_frame_equal(report_table(fixture_con, a), report_table(con2, a))
        for table in ("observations", "observation_history", "import_batches"):
            q = f"SELECT * FROM {table} ORDER BY ALL"
            assert fixture_con.execute(q).fetchall() == con2.execute(q).fetchall()
    finally:
        con2.close()


def test_rebuild_from_export_gives_the_same_report_demo(demo_con, tmp_path):
    export_all(demo_con, tmp_path / "exp")
    rebuilt = rebuild_from_export(tmp_path / "exp", tmp_path / "rebuilt.duckdb")
    con2 = db.connect(rebuilt, read_only=True)
    try:
        cities = [r[0] for r in demo_con.execute("SELECT DISTINCT area_code FROM campaigns").fetchall()]
        assert cities
        for a in cities:
            pd.testing.assert_frame_equal(report_table(demo_con, a), report_table(con2, a))
    finally:
        con2.close()


def test_cli_export(fixture_db_path, tmp_path):
    from cocreate.__main__ import main
    assert main(["export", str(tmp_path / "out"), "--db", str(fixture_db_path), "--lang", "en"]) == 0
    assert (tmp_path / "out" / "manifest.json").exists() and (tmp_path / "out" / "titles.parquet").exists()
