"""One truth across outputs (issue 18): every indicator fact shown in more than one place (the
overview's cards and 'behind' count, the title page, the presentation page, the deck, `report`)
reads the same, for each demo city at the latest data and at random earlier as-of dates.

The reference is the `report` command's CSV (the fixed text form, run as a subprocess); the pages are
read as a user reads them (AppTest text), the deck from its PPTX. Titles and benchmarks are told apart
from data/catalog/titles.csv read here, not through the product."""
from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CITIES = ("620100", "420100")
BEHIND = {"deteriorating", "off_track", "needs_acceleration"}  # DESIGN.md's words, written out here


def _benchmarks() -> set[str]:
    with open(REPO / "data" / "catalog" / "titles.csv", encoding="utf-8-sig") as f:
        return {r["code"] for r in csv.DictReader(f) if r["kind"] == "benchmark"}


def _as_of_dates() -> list[dt.date | None]:
    """The latest data (None: the product's default) and two random earlier dates (seeded, so a failure
    can be run again), inside the demo's campaigns (from 2024-03)."""
    rng = random.Random(18)
    start, end = dt.date(2024, 9, 1), dt.date(2026, 9, 30)
    return [None] + sorted(start + dt.timedelta(days=rng.randrange((end - start).days)) for _ in range(2))


def report_rows(db_path, city: str, as_of: dt.date | None) -> list[dict]:
    cmd = [sys.executable, "-m", "cocreate", "report", "--area", city, "--format", "csv", "--db", str(db_path)]
    if as_of:
        cmd += ["--as-of", as_of.isoformat()]
    out = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=True).stdout
    return list(csv.DictReader(io.StringIO(out)))


def per_title(rows: list[dict]) -> dict[str, dict]:
    """title -> met, rated (not-applicable left out), behind, counts by status, from report rows."""
    out: dict[str, dict] = {}
    for r in rows:
        x = out.setdefault(r["title_code"], {"met": 0, "rated": 0, "behind": 0, "status": Counter()})
        if r["status"] == "not_applicable":
            continue
        x["rated"] += 1
        x["met"] += r["status"] == "met"
        x["behind"] += r["status"] in BEHIND
        x["status"][r["status"]] += 1
    return out


def _text(at) -> str:
    parts = []
    for kind in ("title", "subheader", "markdown", "caption", "info", "metric"):
        for el in getattr(at, kind):
            parts.append(str(getattr(el, "value", "")))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def cases(demo_db_file):
    return [(city, as_of, per_title(report_rows(demo_db_file, city, as_of)))
            for city in CITIES for as_of in _as_of_dates()]


def _query(city, as_of) -> dict:
    q = {"lang": "en", "area": city}
    if as_of:
        q["as_of"] = as_of.isoformat()
    return q


def test_overview_cards_and_behind_equal_report(app_test, cases):
    bench = _benchmarks()
    for city, as_of, ref in cases:
        at = app_test(**_query(city, as_of))
        assert not at.exception, [e.value for e in at.exception]
        cards = sorted(m.value for m in at.metric if re.fullmatch(r"\d+ / \d+", str(m.value)))
        want = sorted(f"{x['met']} / {x['rated']}" for code, x in ref.items() if code not in bench)
        assert cards == want, (city, as_of)
        n_behind = sum(x["behind"] for code, x in ref.items() if code not in bench)
        assert f"Indicators behind ({n_behind})" in [s.value for s in at.subheader], (city, as_of)


def test_title_pages_equal_report(app_test, cases):
    for city, as_of, ref in cases:
        titles = [code for code in ref if code not in _benchmarks()]
        if as_of is not None:  # every title at the latest data, one at each earlier date
            titles = [random.Random(f"{city}{as_of}").choice(titles)]
        for code in titles:
            at = app_test("pages/title.py", title=code, **_query(city, as_of))
            assert not at.exception, [e.value for e in at.exception]
            x = ref[code]
            assert f"{x['met']} of the {x['rated']} rated met" in _text(at), (city, as_of, code)


def test_presentation_page_and_deck_equal_report(app_test, cases, demo_db_file, tmp_path):
    from pptx import Presentation
    bench = _benchmarks()
    for city, as_of, ref in cases:
        titles = {code: x for code, x in ref.items() if code not in bench}
        n_rated = sum(x["rated"] for x in titles.values())
        at = app_test("pages/present.py", **_query(city, as_of))
        text = _text(at)
        m = re.search(r"(\d+) titles · (\d+) indicators · (\d+) met · (\d+) behind", text)
        assert m, text[:500]
        assert int(m.group(1)) == len(titles)
        assert int(m.group(2)) >= n_rated  # k counts every rating shown, not-applicable included
        assert int(m.group(3)) == sum(x["met"] for x in titles.values())
        assert int(m.group(4)) == sum(x["behind"] for x in titles.values())
        if as_of is not None:
            continue
        out = tmp_path / f"deck_{city}.pptx"
        subprocess.run([sys.executable, "-m", "cocreate", "deck", "--area", city, "--out", str(out), "--lang", "en",
                        "--db", str(demo_db_file)], cwd=REPO, check=True, capture_output=True)
        cells = [c.text for s in Presentation(str(out)).slides for sh in s.shapes if sh.has_table
                 for row in sh.table.rows for c in row.cells]
        shown = sorted(c.split("\n")[0] for c in cells if re.fullmatch(r"\d+/\d+", c.split("\n")[0]))
        assert shown == sorted(f"{x['met']}/{x['rated']}" for x in titles.values()), city


def _tasks_by_hand(city: str, day: dt.date) -> tuple[int, int]:
    """Tasks of a city and, of them, those overdue on `day` (not closed by that day, due before it),
    counted from data/demo/tasks.csv with the rule written out here."""
    with open(REPO / "data" / "demo" / "tasks.csv", encoding="utf-8-sig") as f:
        rows = [r for r in csv.DictReader(f) if r["area_code"] == city]
    overdue = 0
    for r in rows:
        closed = r["status"] == "done" and (not r["closed_date"] or dt.date.fromisoformat(r["closed_date"]) <= day)
        overdue += (not closed) and bool(r["due_date"]) and dt.date.fromisoformat(r["due_date"]) < day
    return len(rows), overdue


@pytest.mark.parametrize("city", CITIES)
def test_task_board_and_notice_agree(app_test, demo_con, city):
    from cocreate.problems.notice_data import gather_notice
    from cocreate.problems.periods import parse_period
    for code in ("2026-W48", "2026-W10", "2025-W30"):
        period = parse_period(code)
        n_tasks, n_overdue = _tasks_by_hand(city, period.end)
        at = app_test("pages/tasks.py", lang="en", area=city, as_of=period.end.isoformat())
        assert not at.exception, [e.value for e in at.exception]
        metrics = [int(m.value) for m in at.metric]
        notice = gather_notice(demo_con, city, period, "en")
        assert metrics[0] == n_tasks and metrics[1] == n_overdue, (city, code, metrics)
        assert len(notice.tasks_overdue) + notice.extra["tasks"] == n_overdue, (city, code)
        assert metrics[4] == len(notice.tasks_closed_unmet), (city, code)
