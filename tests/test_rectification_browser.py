"""The rectification page in a real browser (Debian chromium): the 2026-W40 ranking of Wuhan's units
draws its bars, the red list names the units the report puts on it, and no exception shows."""
import pytest

from conftest import wait_for_app


@pytest.mark.parametrize("lang,heading,red", [("zh", "问题发现与整改", "汉阳区"), ("en", "problems found and put right", "Hanyang")])
def test_rectification_ranking_in_browser(live_app, page, lang, heading, red):
    page.set_viewport_size({"width": 1280, "height": 1800})
    page.goto(f"{live_app}/rectification?lang={lang}&area=420100&pkind=week&period=2026-W40&as_of=2026-10-31")
    wait_for_app(page, timeout_ms=90000)
    assert heading in page.locator('[data-testid="stMain"] h1').first.inner_text()
    page.wait_for_selector(".js-plotly-plot .barlayer path", state="attached", timeout=60000)
    bars = page.locator(".js-plotly-plot .barlayer .point path").count()
    assert bars >= 10                                          # one bar per ranked unit
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert red in main
    assert "2026-W40" in main
    assert page.locator('[data-testid="stException"]').count() == 0
