"""Backups of the DuckDB file while the app serves, and bringing one back.

backup: the file is opened read-only, which no writer can share, so while the copy runs no process
can change it; the copy is then opened on its own (folding in a write-ahead log a stopped writer may
have left) and renamed into place: DIR/<name>-YYYYmmdd-HHMMSS.duckdb. The newest `keep` are kept.
restore: takes the file for writing (waits, bounded, for the app's current reads; refuses with how
to stop the app when it cannot), keeps the replaced file aside as <name>.replaced-<time>.duckdb,
brings the backup's schema up to this version, gives it a data version above both (so the serving
app's caches, keyed on it, expire) and puts it in place.
PostgreSQL: pg_dump / pg_restore are the tools; these functions say so.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from cocreate.clock import china_now
from cocreate.errors import CocreateError, DatabaseMissing
from cocreate.store import db, filestore
from cocreate.store.file_open import CONFIG, DatabaseBusy, open_file


def _refuse_postgres(target: str, action: str) -> None:
    if db.is_url(target):
        from cocreate.store.pg import safe_target
        raise CocreateError(f"office_{action}_pg", target, target=safe_target(target))


def _wal(path: Path) -> Path:
    return Path(str(path) + ".wal")


def _stamp() -> str:
    return china_now().strftime("%Y%m%d-%H%M%S")


def _version(con) -> int:
    row = con.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()
    return int(row[0]) if row else 0


def _fold(path: Path) -> int:
    """Open a copy on its own: its log (if any) is written into it; returns its data version.
    A file that is not a store of this product is refused."""
    try:
        con = duckdb.connect(str(path), config=CONFIG)
    except duckdb.Error as exc:
        raise CocreateError("office_not_a_store", str(exc), path=str(path)) from exc
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'"
                                            ).fetchall()}
        if "meta" not in tables or "observations" not in tables:
            raise CocreateError("office_not_a_store", "no meta/observations table", path=str(path))
        version = _version(con)
        con.execute("CHECKPOINT")
        return version
    finally:
        con.close()


def backup(out_dir, path=None, keep: int | None = None) -> Path:
    """A consistent copy of the store in out_dir; returns its path. keep: how many of this store's
    backups stay in out_dir (the newest), None for all."""
    _refuse_postgres(db.target(path), "backup")
    src = db.db_path(path)
    if not src.exists():
        raise DatabaseMissing("db_missing", str(src), path=str(src))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    final = out / f"{src.stem}-{_stamp()}.duckdb"
    n = 2
    while final.exists():
        final = out / f"{src.stem}-{_stamp()}-{n}.duckdb"
        n += 1
    part = out / (final.name + ".part")
    filestore.close_idle(src)
    con = open_file(src, read_only=True)   # no writer can hold the file meanwhile
    try:
        shutil.copyfile(src, part)
        if _wal(src).exists():
            shutil.copyfile(_wal(src), _wal(part))
    except BaseException:
        part.unlink(missing_ok=True)
        _wal(part).unlink(missing_ok=True)
        raise
    finally:
        con.close()
    _fold(part)
    os.replace(part, final)
    if keep is not None:
        prune(out, src.stem, keep)
    return final


def backups(out_dir, stem: str) -> list[Path]:
    """This store's backups in out_dir, oldest first."""
    found = [p for p in Path(out_dir).glob(f"{stem}-*.duckdb") if p.is_file()]
    return sorted(found, key=lambda p: (p.stat().st_mtime_ns, p.name))


def prune(out_dir, stem: str, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups; returns the deleted paths."""
    if keep < 1:
        raise CocreateError("office_keep_positive", str(keep), n=keep)
    old = backups(out_dir, stem)[:-keep]
    for p in old:
        p.unlink()
        _wal(p).unlink(missing_ok=True)
    return old


def restore(backup_file, path=None) -> Path:
    """Put a backup in place of the store; returns where the replaced file was kept."""
    _refuse_postgres(db.target(path), "restore")
    source = Path(backup_file)
    if not source.exists():
        raise CocreateError("office_backup_missing", str(source), path=str(source))
    target = db.db_path(path)
    if not target.exists():
        raise DatabaseMissing("db_missing", str(target), path=str(target))
    stamp = _stamp()
    incoming = target.with_name(f"{target.name}.restoring")
    shutil.copyfile(source, incoming)
    if _wal(source).exists():
        shutil.copyfile(_wal(source), _wal(incoming))
    try:
        backup_version = _fold(incoming)
        filestore.close_idle(target)
        try:
            held = open_file(target, read_only=False)
        except DatabaseBusy as exc:
            raise CocreateError("office_restore_busy", exc.detail, path=str(target),
                                who=exc.params.get("pid", "?")) from exc
        try:
            held.execute("CHECKPOINT")   # the current file complete in itself before it is kept aside
            version = _version(held)
            aside = target.with_name(f"{target.stem}.replaced-{stamp}{target.suffix}")
            shutil.copyfile(target, aside)
            con = duckdb.connect(str(incoming), config=CONFIG)   # the copy is this process's alone
            try:
                if db.stored_schema_digest(con) != db.schema_digest():
                    db.apply_schema(con)   # a backup made by an older version gets this one's tables
                con.execute("INSERT INTO meta VALUES ('data_version', ?) ON CONFLICT (key) DO UPDATE "
                            "SET value = excluded.value", [str(max(version, backup_version) + 1)])
                con.execute("CHECKPOINT")
            finally:
                con.close()
            os.replace(incoming, target)   # while this process still holds the old file: nobody writes
        finally:
            held.close()
    finally:
        incoming.unlink(missing_ok=True)
        _wal(incoming).unlink(missing_ok=True)
    return aside
