"""Export every table as Parquet and CSV (UTF-8 with BOM) plus manifest.json; rebuild from an export.
CSV cells a spreadsheet would run are written guarded (cocreate/safe_cells.py) and read back exact.

The users table is exported without password hashes or lockout state (never a secret in a dump);
`include_users=False` leaves it out altogether (the app's public download).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import tempfile
import zipfile
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from cocreate.safe_cells import frame_csv, unguard_frame
from cocreate.store import db
from cocreate.intake.observations import china_now

MANIFEST = "manifest.json"
# Columns never exported (credentials and lockout state).
SECRET_COLUMNS = {"users": {"password_hash", "failed_logins", "locked_until"}}
# Tables never exported: sign-in sessions (cocreate/web_sessions.py) and the citizens' hourly limit
# (cocreate/points/citizen.py) are state, not data.
SKIP_TABLES = {"web_sessions", "citizen_sends"}


_ident = db.quote_ident  # identifiers come from DuckDB's own catalog; only plain names pass


def table_names(con) -> list[str]:
    return db.table_names(con)


def _columns(cur, table: str) -> list[tuple[str, str]]:
    return db.table_columns(cur, table)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def export_all(con, out_dir, include_users: bool = True) -> dict:
    """Write <table>.parquet and <table>.csv for every table, and manifest.json; returns the manifest.

    Everything is read in one transaction on a cursor, so the files are one consistent snapshot.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    manifest = {"created_at": china_now().isoformat(timespec="seconds"), "format": "cocreate-export-1",
                "tables": []}
    cur = con.cursor()
    try:
        db.begin_snapshot(cur)
        manifest["data_version"] = int(cur.execute(
            "SELECT coalesce(max(CAST(value AS INTEGER)), 0) FROM meta WHERE key = 'data_version'").fetchone()[0])
        for table in table_names(con):
            if (table == "users" and not include_users) or table in SKIP_TABLES:
                continue
            cols = [(c, ty) for c, ty in _columns(cur, table) if c not in SECRET_COLUMNS.get(table, set())]
            select = ", ".join(_ident(c) for c, _ in cols)
            # every column as the sort key: the same file from the same data, whatever the engine or order written
            order = ", ".join(str(i) for i in range(1, len(cols) + 1))
            statement = "SELECT " + select + " FROM " + _ident(table) + " ORDER BY " + order
            arrow = cur.sql(statement).to_arrow_table()
            pq_path, csv_path = out / f"{table}.parquet", out / f"{table}.csv"
            pq.write_table(arrow, pq_path)
            frame = arrow.to_pandas()
            csv_path.write_bytes(frame_csv(frame, lineterminator="\n").encode("utf-8-sig"))
            manifest["tables"].append({
                "table": table, "rows": arrow.num_rows,
                "columns": [{"name": c, "type": ty} for c, ty in cols],
                "files": {"parquet": pq_path.name, "csv": csv_path.name},
                "sha256": {"parquet": _sha256(pq_path), "csv": _sha256(csv_path)},
            })
        cur.execute("COMMIT")
    finally:
        cur.close()
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest


def export_zip(con, include_users: bool = True) -> bytes:
    """The export as one zip (for the app's download)."""
    with tempfile.TemporaryDirectory() as tmp:
        export_all(con, tmp, include_users=include_users)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for p in sorted(Path(tmp).iterdir()):
                z.write(p, p.name)
        return buf.getvalue()


def export_zip_name(today: dt.date | None = None) -> str:
    return f"cocreate_export_{(today or china_now().date()).isoformat()}.zip"


def read_export_csv(path: Path, columns: list[dict]) -> pd.DataFrame:
    """Read one exported CSV with every column as text (empty = NULL); types are restored on insert.
    The guard apostrophes the export wrote (cocreate/safe_cells.py) are removed: the text is as stored."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return unguard_frame(df).replace({"": None})


def rebuild_from_export(export_dir, db_file, source: str = "csv") -> Path:
    """Build a fresh database from an export directory (CSV by default, or Parquet).

    Tables are created by the schema; each exported table is loaded by column name with its
    values cast to the target column types. Returns the database path.
    """
    export_dir = Path(export_dir)
    manifest = json.loads((export_dir / MANIFEST).read_text(encoding="utf-8"))
    target = Path(db_file)
    if target.exists():
        raise FileExistsError(str(target))
    con = db.connect(target, create=True)
    try:
        cur = con.cursor()
        cur.execute("BEGIN TRANSACTION")
        existing = set(table_names(con))
        for entry in manifest["tables"]:
            table = entry["table"]
            if table not in existing:
                continue
            if source == "parquet":
                frame = pq.read_table(export_dir / entry["files"]["parquet"]).to_pandas()
            else:
                frame = read_export_csv(export_dir / entry["files"]["csv"], entry["columns"])
            if table == "users" and "password_hash" not in frame.columns:
                continue  # accounts are not restored without their hashes: create them again
            if frame.empty:
                continue
            target_cols = dict(_columns(cur, table))
            keep = [c for c in frame.columns if c in target_cols]
            cur.register("_export_frame", frame[keep])
            select = ", ".join(f"CAST({_ident(c)} AS {target_cols[c]}) AS {_ident(c)}" for c in keep)
            cur.execute("DELETE FROM " + _ident(table))
            cur.execute("INSERT INTO " + _ident(table) + " BY NAME SELECT " + select + " FROM _export_frame")
            cur.unregister("_export_frame")
        cur.execute("COMMIT")
        cur.close()
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return target
