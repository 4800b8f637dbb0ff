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
    # its stamp names the yearbook it comes from, not the campaign data's sources (census, illustrative)
    stamp = " ".join(a.get("text", "") for a in pub["layout"].get("annotations", []))
    assert ("《中国城市统计年鉴》" if lang == "zh" else "China City Statistical Yearbook") in stamp
    assert "示例" not in stamp and "illustrative" not in stamp
    # the campaign trend chart carries no published values
    trend = charts[0]
    assert all(2014 not in arr(d.get("x")) for d in trend["data"])


def test_source_and_note_in_chinese():
    p = read_catalog_csv(PUB)
    # every source has its Chinese text; a note has one exactly when the English note is there
    assert p["source_zh"].notna().all()
    assert (p["note"].isna() == p["note_zh"].isna()).all()
    k = p.set_index(["series_code", "area_code", "year"])
    assert k.loc[("bulletin_pm25_ugm3", "420100", 2022), "note_zh"] == "不高于35：首次达到国家二级标准；公报此处未给出确切数值。"
    # document and file names kept as written
    src = k.loc[("census_population", "620102", 2020), "source_zh"]
    assert src == "第七次全国人口普查分县资料（GitHub leiii/census，data/census/census_county_2020_v1.xlsx）"


def test_query_carries_the_chinese_text(demo_con):
    beds = db.run(demo_con, "published_figures", area="620100", indicators=["hospital_beds"]).set_index("year")
    assert beds.loc[2014, "note_zh"] == "2014—2016年含医院和乡镇卫生院；2017年起仅含医院（口径变化）。"
    assert beds.loc[2014, "source"].startswith("China City Statistical Yearbook")
    assert beds.loc[2014, "source_zh"].startswith("《中国城市统计年鉴》地级市表")


def test_wrapped_lines_and_footnotes():
    from webui.published import footnoted, wrapped_lines
    # 138 px column, 122 px usable: 8 CJK characters (8 x 14 = 112) a line; "兰州市城市园林绿化统计公报，" is 14
    # characters -> 8 + 6; "2015" (4 x 7 = 28) joins line 2 (84 + 28 = 112); 年 (126 > 122) starts line 3
    assert wrapped_lines("兰州市城市园林绿化统计公报，2015年末", 138) == 3
    long = "甲" * 50                                   # 50 x 14 = 700 px: 8 a line -> 7 lines > 4
    cells, notes = footnoted({"src": (["短", long, long], 138), "note": (["", long, ""], 138)}, "zh")
    assert cells == {"src": ["短", "注1（见表下）", "注1（见表下）"], "note": ["", "注1（见表下）", ""]}
    assert notes == ["注1：" + long]                   # one text, one note
    cells, notes = footnoted({"src": (["a " * 60], 138)}, "en")
    assert cells["src"] == ["note 1 (below the table)"] and notes == ["Note 1: " + "a " * 60]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_explorer_table_in_the_interface_language(app_test, lang):
    at = app_test("pages/explorer.py", lang=lang, indicator="population", area="420100")
    assert not at.exception
    table = at.dataframe[-1].value
    src = table[t("pub_col_source", lang)].tolist()
    # census_population, Wuhan first (city before districts); its long note goes under the table
    assert src[0] == ("武汉市第七次全国人口普查公报第二号（2021-05-28）" if lang == "zh"
                      else "Wuhan 7th census bulletin no. 2 (2021-05-28)")
    assert table[t("pub_col_note", lang)].tolist()[0] == ("注1（见表下）" if lang == "zh" else "note 1 (below the table)")
    captions = [c.value for c in at.caption]
    first = "注1：官方合计。" if lang == "zh" else "Note 1: Official total."
    assert any(x.startswith(first) for x in captions)
