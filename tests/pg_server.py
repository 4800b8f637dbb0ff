"""A throwaway PostgreSQL cluster for tests, benchmarks and the two-replica load run.

Debian's `postgresql` package puts initdb, pg_ctl and postgres in /usr/lib/postgresql/<version>/bin
(not on PATH). The cluster lives in a temp dir, listens on 127.0.0.1 and a unix socket in that dir on a
free port, and is stopped and removed at the end. initdb refuses to run as root, so as root the
cluster belongs to the `postgres` user (runuser); a developer's own account runs it directly.

    with throwaway_cluster() as url:      # postgresql://postgres@127.0.0.1:PORT/cocreate
        ...
    python tests/pg_server.py             # start one, print its URL; Ctrl-C or kill PID stops it
"""
from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

DB_NAME = "cocreate"


def find_bin_dir() -> Path | None:
    """The newest /usr/lib/postgresql/<version>/bin holding initdb, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    return Path(found[-1]).parent if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_owner(cmd: list[str], owner: str | None) -> list[str]:
    return ["runuser", "-u", owner, "--", *cmd] if owner else cmd


def _run(cmd, owner, **kw):
    return subprocess.run(_as_owner([str(c) for c in cmd], owner), check=True, capture_output=True, text=True, **kw)


@contextlib.contextmanager
def throwaway_cluster(db_name: str = DB_NAME, settings: dict | None = None):
    """Yield the URL of a fresh database on a fresh cluster; stop and delete it afterwards."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL server binaries not found: apt-get install postgresql (make test does)")
    owner = None
    if os.geteuid() == 0:  # initdb refuses root: the cluster belongs to the postgres user
        try:
            pwd.getpwnam("postgres")
        except KeyError as exc:
            raise RuntimeError("running as root but there is no `postgres` user to own the cluster") from exc
        owner = "postgres"
    base = Path(tempfile.mkdtemp(prefix="cocreate-pg-"))
    if owner:
        shutil.chown(base, owner, owner)
    data, port = base / "data", free_port()
    log = base / "server.log"
    started = False
    try:
        # C collation and UTF-8: text sorts by code point, as in DuckDB
        _run([bin_dir / "initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C",
              "--no-sync"], owner)
        opts = [f"-p {port}", f"-k {base}", "-c listen_addresses=127.0.0.1", "-c fsync=off",
                "-c synchronous_commit=off", "-c full_page_writes=off", "-c max_connections=200"]
        opts += [f"-c {k}={v}" for k, v in (settings or {}).items()]
        _run([bin_dir / "pg_ctl", "-D", data, "-l", log, "-w", "-t", "60", "-o", " ".join(opts), "start"], owner)
        started = True
        _run([bin_dir / "createdb", "-h", base, "-p", port, "-U", "postgres", db_name], owner)
        yield f"postgresql://postgres@127.0.0.1:{port}/{db_name}"
    except subprocess.CalledProcessError as exc:
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        raise RuntimeError(f"PostgreSQL cluster failed: {exc.cmd}: {exc.stderr}\n{tail}") from exc
    finally:
        if started:
            with contextlib.suppress(subprocess.CalledProcessError):
                _run([bin_dir / "pg_ctl", "-D", data, "-m", "fast", "-w", "-t", "30", "stop"], owner)
        shutil.rmtree(base, ignore_errors=True)


def stop_on_term() -> None:
    """SIGTERM (and SIGINT, which a background job may have inherited as ignored) end the program
    through Python's normal exit, so the cluster is stopped and removed by the `with` block."""
    import signal
    import sys
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: sys.exit(0))


if __name__ == "__main__":
    stop_on_term()
    with throwaway_cluster() as url:
        print(url, flush=True)
        while True:
            time.sleep(3600)
