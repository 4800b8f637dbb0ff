"""Presentation mode (AppTest, both languages): heading, the status matrix on slide 1, the next
button, the slide in the URL, the worst indicator's trend on a title slide."""
import json

import pytest

PAGE = "pages/present.py"
HEADING_1 = {"zh": "兰州市：各称号创建进度", "en": "Lanzhou: progress towards each title"}
HEADING_2 = {"zh": "全国文明城市 · 兰州市", "en": "National Civilized City · Lanzhou"}
HEADING_5 = {"zh": "国家园林城市 · 兰州市", "en": "National Garden City · Lanzhou"}
# the matrix's traces: the six status words of the fixed method (DESIGN.md), in their order
STATUS_WORDS = {"zh": ["达标", "按期可达", "需加快", "难以按期", "退步", "数据不足"],
                "en": ["Met", "On track", "Needs acceleration", "Off track", "Deteriorating", "Insufficient data"]}


def _spec(at, i=0):
    return json.loads(at.get("plotly_chart")[i].proto.spec)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_present_steps_through_slides(app_test, lang):
    at = app_test(PAGE, lang=lang, area="620100")
    assert not at.exception
    assert at.title[0].value == HEADING_1[lang]
    traces = _spec(at)["data"]
    assert [t["name"] for t in traces] == STATUS_WORDS[lang]
    met = next(t for t in traces if t["name"] == STATUS_WORDS[lang][0])
    # six titles, 40 indicators met in all (4 + 13 + 9 + 4 + 5 + double-support 5; the bar labels carry them)
    assert len(met["y"]) == 6 and sum(int(v) for v in met["text"] if v) == 40
    # garden: 4 of its 11 indicators met (worked out by hand in tests/test_pages_spine.py's overview card test)
    assert dict(zip(met["y"], met["text"]))["园林城市" if lang == "zh" else "Garden City"] == "4"
    assert at.button(key="pr_prev").disabled
    assert str(at.query_params["slide"]).strip("[]'\"") == "1"

    at.button(key="pr_next").click().run()
    assert not at.exception
    assert at.title[0].value == HEADING_2[lang]
    assert str(at.query_params["slide"]).strip("[]'\"") == "2"
    names = [t.get("name") for t in _spec(at)["data"]]
    assert names[0] in ("实际值", "Observed")  # the worst indicator's trend
    assert len(at.get("download_button")) >= 1


def test_present_slide_from_url_opens_garden_city(app_test):
    at = app_test(PAGE, lang="zh", area="620100", slide="5")
    assert not at.exception
    assert at.title[0].value == HEADING_5["zh"]
    text = " ".join(m.value for m in at.markdown)
    assert "31.44%" in text and "≥ 36%" in text  # built-up green coverage, the worst of the title
    at.button(key="pr_prev").click().run()
    assert at.title[0].value.startswith("国家环境保护模范城市")


def test_present_wall_mode_opens_on_slide_one(app_test):
    # ?wall=6: the slides advance every 6 s (a timer in the browser); the first run shows slide 1 of 7
    # (the matrix + six titles) and the buttons still work
    at = app_test(PAGE, lang="en", area="620100", wall="6")
    assert not at.exception
    assert at.title[0].value == HEADING_1["en"]
    at.button(key="pr_next").click().run()
    assert not at.exception
    assert at.title[0].value == HEADING_2["en"]
