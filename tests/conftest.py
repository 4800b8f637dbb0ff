"""Shared fixtures: a crafted fixture database built from tests/fixture_data (text), the demo
database built from data/, and AppTest with caches cleared between tests."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from cocreate import REPO_ROOT

from cocreate.store import db
from cocreate.store.build import build_db

FIXTURE_DATA = Path(__file__).parent / "fixture_data"
# The suite runs on DuckDB files; the PostgreSQL tests pass their server's URL explicitly.
os.environ.pop("COCREATE_DATABASE_URL", None)


@pytest.fixture(scope="session")
def _fixture_db_file(tmp_path_factory) -> Path:
    return build_db(tmp_path_factory.mktemp("fixture") / "fixture.duckdb", data_dir=FIXTURE_DATA)


@pytest.fixture()
def fixture_db_path(_fixture_db_file, tmp_path) -> Path:
    """A private copy of the crafted fixture database (tests may write to it)."""
    p = tmp_path / "fixture.duckdb"
    shutil.copy(_fixture_db_file, p)
    return p


@pytest.fixture()
def fixture_con(fixture_db_path):
    con = db.connect(fixture_db_path)
    yield con
    con.close()


@pytest.fixture(scope="session")
def demo_db_file(tmp_path_factory) -> Path:
    """The demo database built from data/ exactly as `make run` builds it (read it, don't write)."""
    return build_db(tmp_path_factory.mktemp("demo") / "demo.duckdb")


@pytest.fixture()
def demo_db_path(demo_db_file, tmp_path) -> Path:
    """A private, writable copy of the demo database."""
    p = tmp_path / "demo.duckdb"
    shutil.copy(demo_db_file, p)
    return p


@pytest.fixture()
def demo_con(demo_db_file):
    con = db.connect(demo_db_file, read_only=True)
    yield con
    con.close()


@pytest.fixture(autouse=True)
def _clear_streamlit_caches():
    """AppTest caches persist across instances: start every test clean."""
    yield
    try:
        import streamlit as st
        st.cache_data.clear()
        st.cache_resource.clear()
    except Exception:
        pass


@pytest.fixture()
def app_test(demo_db_path, monkeypatch):
    """Factory: AppTest of app.py on a copy of the demo database, with query params."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest
    monkeypatch.setenv("COCREATE_DB", str(demo_db_path))
    # AppTest resets Streamlit's "pages/ folder = old multipage mode" flag before every run; the
    # app leaves that mode at its first st.navigation call, so tests start where the app runs.
    original_init = PagesManager.__init__

    def init_without_v1(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False
    monkeypatch.setattr(PagesManager, "__init__", init_without_v1)
    monkeypatch.chdir(REPO_ROOT)

    def make(page: str | None = None, **query):
        at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60)
        for k, v in query.items():
            at.query_params[k] = v
        at.run()
        if page:
            at.switch_page(page).run()
        return at
    return make


@pytest.fixture()
def signed_in_page(app_test, demo_db_path, monkeypatch):
    """Factory: a page through app_test; `user` (name, role, areas) creates that login and signs it in."""
    monkeypatch.setenv("COCREATE_BCRYPT_ROUNDS", "4")

    def make(page: str, user: dict | None = None, **query):
        if user:
            from cocreate import auth
            from cocreate.clock import china_now
            con = db.connect(demo_db_path)
            try:
                auth.add_user(con, user["name"], "a-long-password", user["role"], user.get("areas"))
            finally:
                con.close()
        at = app_test(page, **query)
        if user:
            at.session_state["auth_user"] = user["name"]
            at.session_state["auth_seen"] = china_now()
            at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at
    return make


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def _free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(db_path, env: dict | None = None, out=None):
    """`streamlit run app.py` on a free loopback port over `db_path`, waited for until healthy (60 s):
    (process, base URL). `out`: a file for the console (default: discarded)."""
    import subprocess
    import sys
    import time
    import urllib.request
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(REPO_ROOT / "app.py"), "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1"],
        cwd=REPO_ROOT, env={**os.environ, "COCREATE_DB": str(db_path), **(env or {})},
        stdout=out or subprocess.DEVNULL, stderr=subprocess.STDOUT if out else subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(base + "/_stcore/health", timeout=2)
            return proc, base
        except Exception:
            time.sleep(0.5)
    proc.kill()
    pytest.fail("streamlit did not start within 60 s")


@pytest.fixture(scope="session")
def live_app(demo_db_file, tmp_path_factory):
    """A real `streamlit run app.py` on a free loopback port, on a copy of the demo database."""
    db_copy = tmp_path_factory.mktemp("live") / "live.duckdb"
    shutil.copy(demo_db_file, db_copy)
    proc, base = start_app(db_copy)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except Exception:
        proc.kill()


@pytest.fixture(scope="session")
def browser():
    """Debian chromium driven by playwright (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 1000})
    pg = ctx.new_page()
    yield pg
    ctx.close()


def wait_for_app(pg, timeout_ms: int = 45000) -> None:
    """Wait until the script run is over (no running indicator) and the main area has content."""
    pg.wait_for_selector('[data-testid="stMain"] h1', timeout=timeout_ms)
    pg.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                         timeout=timeout_ms)
    pg.wait_for_timeout(500)


# --------------------------------------------------------------------------- PostgreSQL backend

@pytest.fixture(scope="session")
def pg_server():
    """A throwaway PostgreSQL cluster for the session (tests/pg_server.py): yields a function that
    makes a fresh database (optionally a copy of another) and returns its URL. `make test` installs
    Debian's postgresql and sets COCREATE_REQUIRE_PG=1, so there a missing server fails the run.
    COCREATE_TEST_PG_URL=postgresql://user:pw@host/db (a role that may create databases) runs the
    same tests on another server instead, e.g. to qualify openGauss or KingbaseES; the databases
    made there are dropped at the end."""
    import contextlib
    import itertools
    import psycopg
    from psycopg import sql
    from pg_server import find_bin_dir, throwaway_cluster
    external = os.environ.get("COCREATE_TEST_PG_URL")
    if find_bin_dir() is None and not external:
        if os.environ.get("COCREATE_REQUIRE_PG") == "1":
            pytest.fail("PostgreSQL server binaries not found (apt-get install postgresql)")
        pytest.skip("PostgreSQL server binaries not found (make test installs Debian's postgresql)")
    counter, made = itertools.count(1), []
    with (contextlib.nullcontext(external) if external else throwaway_cluster()) as admin_url:
        base, prefix = admin_url.rsplit("/", 1)[0], f"cocreate_t{os.getpid()}_"

        def new_database(template: str | None = None) -> str:
            name = f"{prefix}{next(counter)}"
            # database names cannot be bound: composed as identifiers by psycopg, never formatted in
            statement = (sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template))
                         if template else
                         sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")
                         .format(sql.Identifier(name)))
            with psycopg.connect(admin_url, autocommit=True) as c:
                c.execute(statement)
            made.append(name)
            return f"{base}/{name}"
        yield new_database
        if external:
            with psycopg.connect(admin_url, autocommit=True) as c:
                for name in reversed(made):
                    c.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _template_name(url: str) -> str:
    return url.rsplit("/", 1)[1]


@pytest.fixture(scope="session")
def pg_demo_template(pg_server):
    """A PostgreSQL database built from data/ by build-db (copied per test, never opened by tests)."""
    url = pg_server()
    build_db(url)
    return url


@pytest.fixture(scope="session")
def pg_fixture_template(pg_server):
    """A PostgreSQL database built from tests/fixture_data."""
    url = pg_server()
    build_db(url, data_dir=FIXTURE_DATA)
    return url


@pytest.fixture()
def pg_demo_url(pg_server, pg_demo_template):
    """URL of a private, writable PostgreSQL copy of the demo store."""
    return pg_server(_template_name(pg_demo_template))


@pytest.fixture()
def pg_fixture_url(pg_server, pg_fixture_template):
    return pg_server(_template_name(pg_fixture_template))
