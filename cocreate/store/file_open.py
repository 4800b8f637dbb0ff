"""Opening the DuckDB file when other processes may hold it.

DuckDB lets one process open a file for writing, or several for reading, never both. The app and the
commands therefore hold the file only for a unit of work (cocreate.store.filestore); an open that finds
it held waits with growing pauses for at most COCREATE_BUSY_SECONDS (default 30) and then raises
DatabaseBusy, which says in the user's language who holds the file where DuckDB names the process.
"""
from __future__ import annotations

import fcntl
import os
import re
import threading
import time
from pathlib import Path

import duckdb

from cocreate.errors import CocreateError

# Only extensions built into the wheel may load: anything else would try the network.
CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
_HOLDER = re.compile(r"held in (?P<program>\S+) \(PID (?P<pid>\d+)\)")
FIRST_PAUSE, LONGEST_PAUSE = 0.02, 0.5


class DatabaseBusy(CocreateError):
    """The database file stayed held by another process (or another part of this one) for the whole
    wait; nothing was done."""


def busy_seconds() -> float:
    """How long an open waits for a file another process holds (COCREATE_BUSY_SECONDS, default 30)."""
    try:
        return max(0.0, float(os.environ.get("COCREATE_BUSY_SECONDS", "30")))
    except ValueError:
        return 30.0


def is_lock_error(exc: BaseException) -> bool:
    return isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()


def holder(message: str) -> tuple[str, str] | None:
    """(program, PID) of the process DuckDB names as holding the file, if it names one."""
    m = _HOLDER.search(message or "")
    return (Path(m["program"]).name, m["pid"]) if m else None


def busy_error(path, message: str, wanted: str, waited: float) -> DatabaseBusy:
    """The typed error of an open that waited its whole bound: db_busy_pid when DuckDB named the holder."""
    who = holder(message)
    params = {"path": str(path), "seconds": round(waited), "wanted": wanted}
    if who:
        return DatabaseBusy("db_busy_pid", message, program=who[0], pid=who[1], **params)
    return DatabaseBusy("db_busy", message, **params)


class _Gate:
    """`<file>.wait`, a lock file beside the database through which a writer that found the file held
    says it is waiting: it holds an exclusive flock on it until its own open succeeds. Readers in every
    process probe it before they open or share an open, and stand back while it is held, so a writer
    gets in even while the app reads without pause. The lock goes with the process that held it (a
    killed writer leaves nothing behind). Where the folder is not writable there is no gate."""

    def __init__(self, path: Path):
        self.path = Path(str(path) + ".wait")
        self.lock = threading.Lock()
        self.fd: int | None = None
        self.held = False

    def _fd(self, create: bool) -> int | None:
        """The gate's descriptor; made only by a writer that waits (a reader finding no gate file
        knows no writer waits)."""
        if self.fd is None:
            try:
                self.fd = os.open(self.path, os.O_RDWR | (os.O_CREAT if create else 0), 0o664)
            except OSError:
                return None
        return self.fd

    def writer_waiting(self) -> bool:
        with self.lock:
            fd = self._fd(create=False)
            if fd is None or self.held:
                return False
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except OSError:
                return True
            fcntl.flock(fd, fcntl.LOCK_UN)
            return False

    def hold(self) -> None:
        with self.lock:
            fd = self._fd(create=True)
            if fd is None or self.held:
                return
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self.held = True
            except OSError:   # another writer is waiting already: it goes first
                pass

    def let_go(self) -> None:
        with self.lock:
            if self.held:
                fcntl.flock(self.fd, fcntl.LOCK_UN)
                self.held = False


_GATES: dict[str, _Gate] = {}
_GATES_LOCK = threading.Lock()


def gate(path) -> _Gate:
    key = str(Path(path).resolve())
    with _GATES_LOCK:
        if key not in _GATES:
            _GATES[key] = _Gate(Path(key))
        return _GATES[key]


def open_file(path, read_only: bool, wait: float | None = None) -> duckdb.DuckDBPyConnection:
    """duckdb.connect(path) that waits (bounded) while another process holds the file.

    `wait` defaults to busy_seconds(); 0 tries once. The same process holding the file in the other
    mode (a ConnectionException about the configuration) is not waited for: it cannot end by waiting."""
    bound = busy_seconds() if wait is None else wait
    start = time.monotonic()
    pause = FIRST_PAUSE
    door = gate(path)
    message = "a writer is waiting"
    try:
        while True:
            if not (read_only and door.writer_waiting()):
                try:
                    return duckdb.connect(str(path), read_only=read_only, config=CONFIG)
                except duckdb.IOException as exc:
                    if not is_lock_error(exc):
                        raise
                    message = str(exc)
                    if not read_only:
                        door.hold()   # readers stand back until this writer is in
            waited = time.monotonic() - start
            if waited + pause > bound:
                raise busy_error(path, message, "read" if read_only else "write", max(waited, bound))
            time.sleep(pause)
            pause = min(pause * 2, LONGEST_PAUSE)
    finally:
        door.let_go()
