"""A few real-browser checks (Debian chromium + playwright) against `streamlit run app.py`."""
from conftest import wait_for_app


def errors(pg) -> int:
    return pg.locator('[data-testid="stException"]').count() + pg.locator('[data-testid="stAlertContentError"]').count()


def test_overview_loads_with_six_titles(live_app, page):
    page.goto(live_app + "/?lang=zh", wait_until="domcontentloaded")
    wait_for_app(page)
    page.wait_for_function("() => [...document.querySelectorAll('h1')].some(h => h.innerText.includes('兰州市'))",
                           timeout=30000)
    page.wait_for_selector("text=全国双拥模范城市", timeout=30000)
    body = page.locator('[data-testid="stMain"]').inner_text()
    for name in ["全国文明城市", "国家卫生城市", "国家环境保护模范城市", "国家园林城市", "国家历史文化名城", "全国双拥模范城市"]:
        assert name in body
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30000)
    assert errors(page) == 0


def test_title_page_draws_trend_chart_from_a_link(live_app, page):
    # a colleague's link opens the same view: title, indicator, area and language from the URL
    page.goto(live_app + "/title?lang=en&area=620100&title=garden&indicator=green_space_ratio_pct",
              wait_until="domcontentloaded")
    wait_for_app(page)
    assert page.locator("h1").first.inner_text().startswith("National Garden City")
    page.wait_for_selector(".js-plotly-plot .scatterlayer .trace", timeout=30000)
    assert page.locator(".js-plotly-plot").count() >= 2  # trend + district bars
    assert "28.63" in page.locator('[data-testid="stMain"]').inner_text()
    assert errors(page) == 0
    # the server-rendered PNG of the trend chart: presentation size, file named from the chart title
    with page.expect_download(timeout=60000) as download:
        page.get_by_role("button", name="Download PNG").first.click()
    assert download.value.suggested_filename.endswith(".png")
    assert "Built-up_area_green-space_ratio" in download.value.suggested_filename
    png = open(download.value.path(), "rb").read()
    assert png[:4] == b"\x89PNG" and int.from_bytes(png[16:20], "big") >= 3200


def test_language_switch_changes_every_label(live_app, page):
    page.goto(live_app + "/?lang=zh", wait_until="domcontentloaded")
    wait_for_app(page)
    page.locator('[data-testid="stSidebar"] button:has-text("English")').first.click()
    page.wait_for_function("() => document.querySelector('h1') && document.querySelector('h1').innerText.includes('Lanzhou')",
                           timeout=30000)
    wait_for_app(page)
    assert "lang=en" in page.url
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "Overview" in nav and "总览" not in nav
    assert errors(page) == 0
