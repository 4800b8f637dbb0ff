"""The map page in a real browser (Debian chromium through playwright): the district shapes render
offline and the page shows no exception. Uses conftest's live_app / page fixtures (one playwright
per session: a second sync_playwright inside the first is refused)."""
import pytest


@pytest.mark.parametrize("lang,name", [("zh", "城关区"), ("en", "Chengguan")])
def test_map_renders_in_browser(live_app, page, lang, name):
    page.set_viewport_size({"width": 1280, "height": 1600})
    page.goto(f"{live_app}/map?lang={lang}&area=620100")
    page.wait_for_selector(".js-plotly-plot .scatterlayer path.js-fill", timeout=30000)
    fills = page.locator(".js-plotly-plot .scatterlayer path.js-fill").count()
    assert fills >= 8                                          # one filled shape per district
    labels = page.eval_on_selector_all(".js-plotly-plot .textpoint text", "els => els.map(e => e.textContent)")
    assert any(name in x for x in labels), labels
    assert page.locator('[data-testid="stException"]').count() == 0
