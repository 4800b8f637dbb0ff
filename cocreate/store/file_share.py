"""One DuckDB file's open in this process, shared by every FileCursor (cocreate.store.filestore):
readers share a read-only open; a writer waits for the process's readers, then reopens read-write
for its transaction; an idle read-only open lingers briefly, a read-write one closes at once; and
readers stand back while another process's writer waits (file_open's gate)."""
from __future__ import annotations

import os
import threading
import time
import weakref
from pathlib import Path

import duckdb

from cocreate.store.file_open import busy_error, busy_seconds, gate, open_file


def linger_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get("COCREATE_LINGER_SECONDS", "0.25")))
    except ValueError:
        return 0.25


class _Shared:
    """One file's open in this process: the root connection, its mode, the cursors holding it."""

    def __init__(self, path: Path):
        self.path = path
        self.cond = threading.Condition(threading.RLock())
        self.root: duckdb.DuckDBPyConnection | None = None
        self.mode: str | None = None          # "read" or "write"
        self.holders: weakref.WeakSet = weakref.WeakSet()
        self.writers_waiting = 0
        self.timer: threading.Timer | None = None
        self.opens = 0                        # how many times the file was opened (measured by tests)
        self.gate = gate(path)                # another process's writer waiting (file_open._Gate)

    def lease(self, fc: "FileCursor", mode: str) -> None:
        """Give `fc` a cursor of an open that serves `mode` (waits for this process's readers before
        a write, and for other processes, bounded)."""
        deadline = time.monotonic() + busy_seconds()
        me = threading.get_ident()
        waiting = False
        with self.cond:
            try:
                while True:
                    self._cancel_timer()
                    outside = False
                    if self.root is not None:
                        mine = any(h._thread == me for h in self.holders)
                        if self.mode == "write" or (mode == "read" and mine):
                            return self._give(fc)
                        outside = self.gate.writer_waiting()
                        if mode == "read" and not self.writers_waiting and not outside:
                            return self._give(fc)
                        if mode == "write":
                            self._evict(me)
                        if not len(self.holders):
                            self._close()
                    if self.root is None:
                        self._open(mode, deadline)
                        continue
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise busy_error(self.path, "held by this process", mode, busy_seconds())
                    if mode == "write" and not waiting:
                        self.writers_waiting, waiting = self.writers_waiting + 1, True
                    # another process's writer: look again shortly (it cannot notify this process)
                    self.cond.wait(min(remaining, 0.05) if outside else remaining)
            finally:
                if waiting:
                    self.writers_waiting -= 1
                    self.cond.notify_all()

    def _give(self, fc: "FileCursor") -> None:
        fc._cur, fc._mode, fc._thread = self.root.cursor(), self.mode, threading.get_ident()
        self.holders.add(fc)

    def _evict(self, me: int) -> None:
        """A writer's own thread gives back its idle read cursors (they take the file again at their
        next statement); a read snapshot still open is never taken away."""
        for h in list(self.holders):
            if h._thread == me and not h._in_tx:
                h._drop()

    def _open(self, mode: str, deadline: float) -> None:
        wait = max(0.0, deadline - time.monotonic())
        try:
            self.root, self.mode = open_file(self.path, read_only=(mode == "read"), wait=wait), mode
        except duckdb.ConnectionException as exc:
            # this process holds the file read-write outside the store (a command's or a test's own
            # connection): a reader shares that open; anything else cannot end by waiting
            if mode != "read" or "configuration" not in str(exc):
                raise busy_error(self.path, str(exc), mode, 0) from exc
            self.root, self.mode = open_file(self.path, read_only=False, wait=wait), "write"
        self.opens += 1

    def release(self, fc: "FileCursor") -> None:
        with self.cond:
            self.holders.discard(fc)
            if not len(self.holders) and self.root is not None:
                if (self.mode == "write" or self.writers_waiting or linger_seconds() == 0
                        or self.gate.writer_waiting()):
                    self._close()
                else:
                    self._cancel_timer()
                    self.timer = threading.Timer(linger_seconds(), self.close_idle)
                    self.timer.daemon = True
                    self.timer.start()
            self.cond.notify_all()

    def close_idle(self) -> bool:
        """Close the open file if no cursor holds it (True when nothing is open afterwards)."""
        with self.cond:
            if len(self.holders):
                return False
            self._cancel_timer()
            self._close()
            return True

    def _cancel_timer(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None

    def _close(self) -> None:
        if self.root is not None:
            try:
                self.root.close()
            finally:
                self.root, self.mode = None, None


_SHARED: dict[str, _Shared] = {}
_SHARED_LOCK = threading.Lock()


def shared(path) -> _Shared:
    key = str(Path(path).resolve())
    with _SHARED_LOCK:
        if key not in _SHARED:
            _SHARED[key] = _Shared(Path(key))
        return _SHARED[key]


def close_idle(path) -> bool:
    """Let go of this process's idle open of `path` (before a command or test opens it directly)."""
    key = str(Path(path).resolve())
    with _SHARED_LOCK:
        s = _SHARED.get(key)
    return True if s is None else s.close_idle()
