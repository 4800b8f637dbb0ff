"""Published statistics kept beside the campaign data: every value has its base, source and
confidence; the census city totals are the official ones; the panel draws them in a chart of
their own, never inside the campaign series."""
import json

import pandas as pd
import pytest

from cocreate import DATA_DIR

from cocreate.store import db
from cocreate.store.build import read_catalog_csv
from cocreate.present.i18n import t

def arr(x):
    """A plotly array from a figure spec: a list, or a base64 typed array."""
    if isinstance(x, dict) and "bdata" in x:
        import base64
        import numpy as np
        return np.frombuffer(base64.b64decode(x["bdata"]), dtype=x["dtype"]).tolist()
    return list(x or [])


PUB = DATA_DIR / "catalog" / "published_figures.csv"


def test_every_value_has_base_source_and_confidence():
    p = read_catalog_csv(PUB)
    for col in ("statistical_base_zh", "statistical_base_en", "source", "confidence", "series_name_zh", "series_name_en"):
        assert p[col].notna().all() and (p[col].astype(str).str.len() > 0).all(), col
    assert set(p["confidence"]) <= {"published", "derived", "uncertain"}
    assert not p.duplicated(["series_code", "area_code", "year"]).any()
    # one statistical base per series: never mix bases in one line
    assert (p.groupby("series_code")["statistical_base_en"].nunique() == 1).all()


def test_known_values_and_marks():
    p = read_catalog_csv(PUB).set_index(["series_code", "area_code", "year"])
    assert p.loc[("census_population", "620100", 2020), "value"] == 4_359_446
    assert p.loc[("census_population", "420100", 2020), "value"] == 12_326_518
    lz = read_catalog_csv(PUB).query("series_code == 'census_population' and area_code != '620100' "
                                     "and area_code.str.startswith('6201')", engine="python")
    assert lz["value"].sum() == 4_359_446                          # the eight units + the New Area
    assert p.loc[("yearbook_green_coverage_pct", "420100", 2017), "confidence"] == "uncertain"   # 34.47 (?)
    assert p.loc[("yearbook_waste_harmless_pct", "620100", 2014), "confidence"] == "uncertain"
    assert p.loc[("census_elderly_60", "620102", 2020), "confidence"] == "derived"
    assert p.loc[("bulletin_pm25_ugm3", "420100", 2022), "qualifier"] == "<="
    assert p.loc[("yearbook_hospital_beds", "420100", 2020), "value"] == 81_228


def test_query_filters_by_area_and_indicator(demo_con):
    all_lz = db.run(demo_con, "published_figures", area="620100", indicators=None)
    assert set(all_lz["area_code"]) <= {"620100"} | {r[0] for r in demo_con.execute(
        "SELECT code FROM areas WHERE parent_code = '620100'").fetchall()}
    beds = db.run(demo_con, "published_figures", area="620100", indicators=["hospital_beds"])
    assert beds["series_code"].unique().tolist() == ["yearbook_hospital_beds"]
    assert beds.set_index("year").loc[2020, "value"] == 28_452
    refs = db.run(demo_con, "service_references", title="public_services")
    toilets = refs[refs["indicator_code"] == "public_toilets_per_10k"]
    assert toilets["value"].tolist() == [5.9]
    beds_ref = refs[(refs["indicator_code"] == "elderly_care_beds_per_1000_elderly")]
    assert beds_ref["value"].max() == 50


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_panel_on_services_page_is_a_separate_chart(app_test, lang):
    at = app_test("pages/services.py", lang=lang, sv_metric="hospital_beds_per_1000")
    assert not at.exception
    captions = "\n".join(c.value for c in at.caption)
    assert t("pub_caption", lang) in captions
    base = "《中国城市统计年鉴》全市口径" if lang == "zh" else "China City Statistical Yearbook, whole city"
    assert base in captions
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    pub = charts[-1]
    assert arr(pub["data"][0]["x"]) == list(range(2014, 2021))
    assert arr(pub["data"][0]["y"])[-1] == 28_452
    assert pub["data"][0]["line"]["dash"] == "dot"                 # drawn unlike the campaign series
    # the campaign trend chart carries no published values
    trend = charts[0]
    assert all(2014 not in arr(d.get("x")) for d in trend["data"])
