"""The map rates only the indicator it colours by (issue 19, item 3): its selectors come from
map_indicators.sql, the chosen indicator is rated through title_progress with `indicator`, and the
statuses are the title page's for the same title, indicator and district."""
import datetime as dt
import json

import pandas as pd

from cocreate.method.progress import title_progress
from cocreate.present.i18n import status_word
from cocreate.store import db

LZ, AS_OF = "620100", dt.date(2026, 11, 29)
BEDS = "hospital_beds_per_1000"   # public_services, threshold 6 beds per 1,000, direction up


def _fills(at) -> dict:
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return {d["name"]: d["text"] for d in spec["data"] if d.get("fill") == "toself"}


def test_map_statuses_are_the_title_pages(app_test, demo_con):
    at = app_test("pages/map.py", lang="en", map_metric=BEDS, as_of=AS_OF.isoformat())
    assert not at.exception, [e.value for e in at.exception]
    fills = _fills(at)
    # by hand from data/demo/observations.csv (hospital_beds / population x 1000, latest 2026-01-01):
    #   Chengguan 7,700 / 1,537,593 x 1000 = 5.008 < 6: short; pace 0.069 a year against 0.283 needed
    #             (tests/test_services_page.py): off track
    #   Qilihe    7,918 /   727,282 x 1000 = 10.887 >= 6: met
    assert "5.01" in fills["Chengguan District"] and "Off track" in fills["Chengguan District"]
    assert "10.89" in fills["Qilihe District"] and "Met" in fills["Qilihe District"]
    # every district: the status the title page's question (the whole title, with districts) gives
    title_page = title_progress(demo_con, LZ, "public_services", AS_OF, with_children=True)
    beds = title_page[(title_page["indicator_code"] == BEDS) & (title_page["level"] != "city")]
    names = db.run(demo_con, "areas").set_index("code")["name_en"]
    checked = 0
    for r in beds.to_dict("records"):
        name = names[r["area_code"]]
        if name in fills:   # a district drawn as a shape (one without a boundary is a circle)
            assert status_word(r["status"], "en") in fills[name], name
            checked += 1
    assert checked == 8


def test_indicator_filter_rates_exactly_as_the_whole_title(demo_con):
    one = title_progress(demo_con, LZ, "public_services", AS_OF, with_children=True, indicator=BEDS)
    whole = title_progress(demo_con, LZ, "public_services", AS_OF, with_children=True)
    whole = whole[whole["indicator_code"] == BEDS].reset_index(drop=True)
    assert len(one) == 1 + 9                       # the city and its nine districts and counties
    cols = ["area_code", "status", "latest_value", "latest_period", "baseline_value", "slope_per_year", "sources"]
    pd.testing.assert_frame_equal(one[cols].reset_index(drop=True), whole[cols])


def test_map_indicators_offers_what_the_districts_have(demo_con):
    items = db.run(demo_con, "map_indicators", city=LZ, as_of=AS_OF)
    assert not items.duplicated(["title_code", "indicator_code"]).any()
    beds = items[items["indicator_code"] == BEDS]
    assert beds["title_code"].tolist() == ["public_services"] and beds["has_data"].all()
    # city_only indicators are not drawn by district
    city_only = set(db.run(demo_con, "indicators").query("aggregation == 'city_only'")["code"])
    assert city_only and not set(items["indicator_code"]) & city_only
