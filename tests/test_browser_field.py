"""Issue 21 "Done when", in a real browser at 390 x 844: an inspector signs in on /field, adds a
photo whose EXIF GPS (WGS-84) lies a few metres from a demo point, sees that point offered first,
ticks a checklist item and submits; the receipt's problem id then shows in `problems report` (its
unit's `found` for the week went up by 1), in `points list` (the point's `open` went up by 1) and on
the /points map (the point's card lists the id; the map draws the point as open or overdue)."""
from __future__ import annotations

import csv
import io
import os
import re
import shutil

import pytest
from PIL import Image

from cocreate import auth
from cocreate.__main__ import main
from cocreate.clock import china_today
from cocreate.problems import periods
from cocreate.store import db
from conftest import start_app, wait_for_app

POINT = "PT-420102-d158b5d9"    # 江岸区球场街农贸市场, demo ledger: 30.619, 114.30225 (WGS-84), unit wh_market
UNIT = "wh_market"


def photo_near_point() -> bytes:
    """A JPEG with EXIF GPS 30°37'8.508" N, 114°18'8.208" E = 30.61903, 114.30228: 0.00003° north
    (~3.3 m) and 0.00003° east (~2.9 m at 30.6° N) of the point, ~4 m away."""
    img = Image.new("RGB", (64, 48), (180, 40, 40))
    exif = img.getexif()
    exif.get_ifd(0x8825).update({1: "N", 2: (30.0, 37.0, 8.508), 3: "E", 4: (114.0, 18.0, 8.208)})
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif)
    return buf.getvalue()


@pytest.fixture(scope="module")
def field_app(demo_db_file, tmp_path_factory):
    path = tmp_path_factory.mktemp("field") / "field.duckdb"
    shutil.copy(demo_db_file, path)
    old = os.environ.get("COCREATE_BCRYPT_ROUNDS")
    os.environ["COCREATE_BCRYPT_ROUNDS"] = "4"
    con = db.connect(path)
    try:
        auth.add_user(con, "xuncha", "a-long-password", "inspector", "420102")
    finally:
        con.close()
        if old is None:
            os.environ.pop("COCREATE_BCRYPT_ROUNDS")
        else:
            os.environ["COCREATE_BCRYPT_ROUNDS"] = old
    proc, base = start_app(path, {"COCREATE_BCRYPT_ROUNDS": "4"})
    yield base, path
    proc.terminate()
    proc.wait(timeout=10)


def _cli_rows(capsys, args) -> list[dict]:
    capsys.readouterr()
    assert main(args) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def _counts(capsys, path, week: str) -> tuple[int, int]:
    """(the unit's `found` in `problems report` for the week, the point's `open` in `points list`)."""
    report = _cli_rows(capsys, ["problems", "report", "--area", "420102", "--period", week, "--db", str(path)])
    found = next((int(r["found"]) for r in report if r["unit_code"] == UNIT), 0)
    listed = _cli_rows(capsys, ["points", "list", "--area", "420102", "--db", str(path)])
    return found, next(int(r["open"]) for r in listed if r["point_code"] == POINT)


def test_inspector_files_at_the_nearest_point_and_it_shows_everywhere(field_app, browser, capsys):
    base, path = field_app
    week = periods.containing("week", china_today()).code      # the week the problem is found in
    found_before, open_before = _counts(capsys, path, week)

    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    try:
        page.goto(base + "/field?lang=en", wait_until="domcontentloaded")
        wait_for_app(page)
        page.get_by_role("textbox", name="User name").first.fill("xuncha")
        page.get_by_label("Password", exact=True).first.fill("a-long-password")
        page.get_by_role("button", name="Log in").first.click()
        page.locator('input[type="file"]').first.wait_for(state="attached", timeout=30000)

        page.locator('input[type="file"]').first.set_input_files(
            files=[{"name": "IMG_0001.jpg", "mimeType": "image/jpeg", "buffer": photo_near_point()}])
        page.get_by_text("points are listed nearest first").wait_for(timeout=30000)
        wait_for_app(page)
        # the nearest point comes first and is chosen: its name, ~4 m away
        chosen = page.locator('[data-testid="stSelectbox"]').filter(has_text="Point").first
        shown = chosen.inner_text() + " " + " ".join(
            chosen.locator("input").nth(i).input_value() for i in range(chosen.locator("input").count()))
        assert "Qiuchang" in shown or "球场街农贸市场" in shown, shown
        assert re.search(r"\b[3-6] m\b", shown), shown
        page.get_by_text(POINT).first.wait_for(timeout=15000)             # the card under it names the code

        item = page.locator('[data-testid="stCheckbox"]').filter(has_text=re.compile(r"\(\d+ days?\)")).first
        item.locator("label").first.click()                                # the first checklist item fails
        wait_for_app(page)
        page.get_by_role("button", name="Submit").click()
        receipt = page.locator('[data-testid="stAlertContentSuccess"]').first
        receipt.wait_for(timeout=30000)
        pid = re.search(r"FR\d{6}-\d{3}", receipt.inner_text()).group(0)

        con = db.connect(path, read_only=True)
        try:
            row = con.execute("SELECT point_code, unit_code, status, photo IS NOT NULL FROM problems "
                              "WHERE problem_id = ?", [pid]).fetchone()
        finally:
            con.close()
        assert row == (POINT, UNIT, "open", True)
        # problems report: the unit found one more this week; points list: the point has one more open
        assert _counts(capsys, path, week) == (found_before + 1, open_before + 1)

        # the map of points: the point's card lists the id, and the figure draws the point open or overdue
        page.goto(base + f"/points?lang=en&area=420102&pm_point={POINT}", wait_until="domcontentloaded")
        wait_for_app(page)
        page.get_by_text(pid).first.wait_for(timeout=30000)
        page.locator(".js-plotly-plot").first.wait_for(timeout=30000)
        state = page.evaluate("""(code) => {
            for (const tr of document.querySelector('.js-plotly-plot').data) {
                if (tr.customdata && Array.from(tr.customdata).includes(code)) return tr.name; }
            return null; }""", POINT)
        assert state is not None and state.split(" (")[0] in ("Open", "Overdue"), state
    finally:
        ctx.close()


def test_clicking_a_point_on_the_map_opens_its_card(field_app, browser):
    base, _ = field_app
    ctx = browser.new_context(viewport={"width": 1280, "height": 2400})
    page = ctx.new_page()
    try:
        page.goto(base + "/points?lang=en&area=420102", wait_until="domcontentloaded")
        wait_for_app(page)
        page.wait_for_selector(".js-plotly-plot .scatterlayer", timeout=30000)
        page.wait_for_timeout(1000)
        before = page.locator(".st-key-pm_card h4").first.inner_text()
        # a "Clear" point (never the card shown first, which is an overdue or open one): where plotly drew it
        spot = page.evaluate("""() => { const gd = document.querySelector('.js-plotly-plot'), fl = gd._fullLayout;
            for (let i = 0; i < gd._fullData.length; i++) { const tr = gd._fullData[i];
                if (!tr.customdata || !tr.name.startsWith('Clear')) continue;
                const c = gd.calcdata[i][0], r = gd.getBoundingClientRect();
                return {code: tr.customdata[0], x: r.left + fl._size.l + fl.xaxis.l2p(c.x),
                        y: r.top + fl._size.t + fl.yaxis.l2p(c.y)}; } }""")
        page.mouse.click(spot["x"], spot["y"])
        page.locator(".st-key-pm_card").get_by_text(spot["code"]).wait_for(timeout=30000)
        assert page.locator(".st-key-pm_card h4").first.inner_text() != before
    finally:
        ctx.close()
