"""Several app replicas on one PostgreSQL server: what one process writes, another shows at its next
read, because caches are keyed on the data version read from the server (nothing is kept on a
replica's disk). And the app's pages run on the server as they run on the file."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from cocreate import REPO_ROOT
from cocreate.store import db

AREAS = ["620100", "620102", "620103"]


def latest(con, indicator="ambulances"):
    df = db.run(con, "latest_by_area", indicator=indicator, areas=AREAS, as_of=None)
    return dict(zip(df["area_code"], df["value"]))


def test_import_through_one_process_shows_on_another(pg_demo_url, tmp_path):
    """Replica A (this process, its pool open all along) reads; replica B (another process, the
    command line) imports; A's next read has the new data version and the new figures."""
    replica_a = db.connect(pg_demo_url)
    try:
        version, before = db.data_version(replica_a), latest(replica_a)
        f = tmp_path / "b.csv"
        f.write_text("indicator_code,area_code,period,value\nambulances,620102,2026-10,52\n"
                     "ambulances,620103,2026-10,31\n", encoding="utf-8")
        env = {**os.environ, "COCREATE_DATABASE_URL": pg_demo_url}
        env.pop("COCREATE_DB", None)
        out = subprocess.run([sys.executable, "-m", "cocreate", "import", str(f), "--lang", "en"], cwd=REPO_ROOT,
                             env=env, capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        assert db.data_version(replica_a) == version + 1
        after = latest(replica_a)
        assert (after["620102"], after["620103"]) == (52, 31)
        assert after["620100"] == before["620100"] - before["620102"] - before["620103"] + 52 + 31  # rolled up
    finally:
        replica_a.close()


PAGES = ["pages/overview.py", "pages/title.py", "pages/explorer.py", "pages/services.py", "pages/rankings.py",
         "pages/map.py", "pages/timeline.py", "pages/tasks.py", "pages/rectification.py", "pages/present.py",
         "pages/score.py", "pages/readiness.py", "pages/questionnaire.py", "pages/data.py", "pages/method.py"]


@pytest.fixture()
def pg_app(pg_demo_url, monkeypatch):
    """AppTest of app.py on the PostgreSQL copy of the demo store (the replica's configuration)."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest
    monkeypatch.setenv("COCREATE_DATABASE_URL", pg_demo_url)
    monkeypatch.delenv("COCREATE_DB", raising=False)
    original_init = PagesManager.__init__

    def init_without_v1(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False
    monkeypatch.setattr(PagesManager, "__init__", init_without_v1)
    monkeypatch.chdir(REPO_ROOT)

    def make(page=None, **query):
        at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=90)
        for k, v in query.items():
            at.query_params[k] = v
        at.run()
        if page:
            at.switch_page(page).run()
        return at
    yield make
    from webui import common
    common._connection(pg_demo_url).close()    # the cached pool of this "replica"


def test_every_page_runs_on_postgres(pg_app):
    missing = [p for p in PAGES if not (REPO_ROOT / p).exists()]
    assert not missing
    for page in PAGES:
        at = pg_app(page if page != "pages/overview.py" else None, lang="en")
        assert not at.exception, (page, [e.value for e in at.exception])
        # the rectification page shows its black and red lists in error/success boxes: content
        errors = [e.value for e in at.error if not e.value.startswith(("**Red list", "**Black list", "**红榜", "**黑榜"))]
        assert not errors, (page, errors)


def test_page_shows_an_import_made_through_another_replica(pg_app, pg_demo_url):
    at = pg_app("pages/explorer.py", lang="en", indicator="ambulances", area="620100")
    assert not at.exception

    def shown():
        return "\n".join(df.value.to_string() for df in at.dataframe)
    before = shown()
    other = db.connect(pg_demo_url)           # replica B
    try:
        from cocreate.intake.observations import import_file
        import_file(other, b"indicator_code,area_code,period,value\nambulances,620102,2026-10,9876\n", "b.csv")
    finally:
        other.close()
    at.run()                                  # the next click on replica A
    assert not at.exception
    assert "9876" not in before and "9876" in shown().replace(",", "")
