"""The campaign Gantt in a real browser (Debian chromium + playwright) against `streamlit run app.py`
(the live_app and browser fixtures of conftest start streamlit on a free port and skip when
/usr/bin/chromium is absent)."""
from conftest import wait_for_app


def test_timeline_gantt_renders_in_chromium(live_app, page):
    page.goto(live_app + "/timeline?lang=en&area=620100", wait_until="domcontentloaded")
    wait_for_app(page)
    page.wait_for_function("() => [...document.querySelectorAll('h1')].some(h => h.innerText.includes('campaign timeline'))",
                           timeout=30000)
    # the plotly SVG with the stage bars (6 campaigns, double-support included, x 4 stages) and the legend's stage names
    page.wait_for_selector(".js-plotly-plot .main-svg .barlayer .trace", timeout=30000)
    assert page.locator(".js-plotly-plot .barlayer .trace").count() == 4
    assert page.locator(".js-plotly-plot .barlayer .point").count() == 24
    legend = " ".join(page.locator(".js-plotly-plot .legend .legendtext").all_text_contents())
    for name in ("Start-up", "Establishment and implementation", "Self-inspection and acceptance",
                 "Inspection preparation", "National inspection"):
        assert name in legend
    assert any(x.startswith("Today ") for x in page.locator(".js-plotly-plot .annotation-text").all_text_contents())
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
