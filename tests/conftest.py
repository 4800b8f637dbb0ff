"""Shared fixtures: a crafted fixture database built from tests/fixture_data (text), the demo
database built from data/, and AppTest with caches cleared between tests."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from cocreate import REPO_ROOT, db
from cocreate.build import build_db

FIXTURE_DATA = Path(__file__).parent / "fixture_data"


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
    from streamlit.testing.v1 import AppTest
    monkeypatch.setenv("COCREATE_DB", str(demo_db_path))
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
