"""A status always names the standard it is judged by, and an indicator serving several standards
shows the others (issue 18). Lanzhou (620100), ambulances per 50,000 people, demo data, October 2026:
103 ambulances, 4,531,586 residents -> 103 / 4,531,586 x 50,000 = 1.1365, shown 1.14.
  - national public-service benchmark >= 1.00: 1.1365 >= 1.00 -> met
  - National Civilized City >= 1.20: 1.1365 < 1.20 -> not met; the demo's trend rates it
    needs acceleration (需加快); vehicles still needed = 1.20 x 4,531,586 / 50,000 - 103
    = 108.76 - 103 = 5.76 -> +6.
Qilihe (620103): 15 / 727,282 x 50,000 = 1.0312: met against 1.00; against 1.20 short by
1.20 x 727,282 / 50,000 - 15 = 17.45 - 15 = 2.45 -> +3 vehicles."""
import pandas as pd
import pytest

from cocreate.method.progress import title_progress
from cocreate.method.standards import other_standards, standards_for
from cocreate.present.i18n import t
from cocreate.present.standards import against_text, others_text, threshold_text

IND = "ambulances_per_50k"


def test_standards_for_lanzhou_ambulances(demo_con):
    public = title_progress(demo_con, "620100", "public_services", with_children=True)
    civil = title_progress(demo_con, "620100", "civilized", with_children=True)
    rows = standards_for([civil, public], IND, "620100", first="public_services")
    assert rows["title_code"].tolist() == ["public_services", "civilized"]   # the page's own standard first
    assert rows["threshold"].tolist() == [1.0, 1.2]
    assert rows["status"].tolist() == ["met", "needs_acceleration"]
    assert rows["latest_value"].round(4).tolist() == [1.1365, 1.1365]
    assert round(rows.loc[1, "gap_units"], 2) == 5.76
    # the same row the Civilized City title page shows (never rated again)
    own = civil[(civil["indicator_code"] == IND) & (civil["area_code"] == "620100")].iloc[0]
    assert rows.loc[1, "status"] == own["status"] and rows.loc[1, "gap_units"] == own["gap_units"]
    assert against_text(rows.iloc[0], "zh") == "对照 国家公共服务基准 ≥ 1.00"
    assert against_text(rows.iloc[1], "zh") == "对照 全国文明城市 ≥ 1.20 ?"      # ? = threshold to verify
    assert against_text(rows.iloc[1], "en", mark=False) == "vs National Civilized City ≥ 1.20"
    # the title page's "other standards" for the Civilized City: the benchmark, met
    others = other_standards(pd.concat([civil, public]), "civilized", "620100")
    assert others[IND]["title_code"].tolist() == ["public_services"]
    assert others_text(others[IND], "zh") == "公共服务 ≥ 1.00 ✔ 达标"


def test_threshold_text_by_direction():
    assert threshold_text({"direction": "down", "threshold": 300, "decimals": 0}, "zh") == "≤ 300"
    assert threshold_text({"direction": "yes_no", "threshold": 0}, "en") == "= Yes"   # met at 1 whatever the catalog says
    assert threshold_text({"direction": "up", "threshold": 35, "decimals": 1, "threshold_confidence": "assumed"},
                          "en") == "≥ 35.0 △"


def _md(at) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_services_page_names_both_standards(app_test, lang):
    at = app_test("pages/services.py", lang=lang, sv_metric=IND)
    assert not at.exception
    text = _md(at)
    if lang == "zh":
        assert "对照 国家公共服务基准 ≥ 1.00（✓ 已核对）：:green-badge[✔ 达标]" in text
        assert "对照 全国文明城市 ≥ 1.20（? 待核实）：:orange-badge[⚠ 需加快] +6 辆（急救车辆数）" in text
    else:
        assert "vs National public-service benchmarks ≥ 1.00 (✓ checked): :green-badge[✔ Met]" in text
        assert "vs National Civilized City ≥ 1.20 (? to verify): :orange-badge[⚠ Needs acceleration] +6 vehicles" in text
    # the metric's table (the one with a period column; the twelve areas' tables come before it)
    table = [d.value for d in at.dataframe if t("col_period", lang) in d.value.columns][0]
    own = "对照 公共服务 ≥ 1.00" if lang == "zh" else "vs Public Services ≥ 1.00"
    civil = "对照 文明城市 ≥ 1.20 ?" if lang == "zh" else "vs Civilized City ≥ 1.20 ?"
    area = t("col_area", lang)
    by_area = table.set_index(area)
    lanzhou, qilihe = ("兰州市", "七里河区") if lang == "zh" else ("Lanzhou", "Qilihe District")
    met, slow = ("✔ 达标", "⚠ 需加快") if lang == "zh" else ("✔ Met", "⚠ Needs acceleration")
    unit = "辆" if lang == "zh" else "vehicles"
    assert by_area.loc[lanzhou, own] == met and by_area.loc[lanzhou, civil] == f"{slow} +6 {unit}"
    assert by_area.loc[qilihe, own] == met and by_area.loc[qilihe, civil] == f"{slow} +3 {unit}"


def test_title_page_names_its_standard_and_the_others(app_test):
    at = app_test("pages/title.py", lang="zh", title="civilized", indicator=IND)
    assert not at.exception
    table = at.dataframe[0].value
    row = table[table[t("col_indicator", "zh")] == "每5万人拥有急救车辆数"].iloc[0]
    assert row[t("col_status", "zh")] == "需加快"                         # the word the services page shows
    assert row[t("col_gap_units", "zh")] == "+6 辆"
    assert row[t("std_col_others", "zh")] == "公共服务 ≥ 1.00 ✔ 达标"
    captions = [c.value for c in at.caption]
    assert "对照 全国文明城市 ≥ 1.20 ?" in captions
    assert any("状态均对照 全国文明城市 的标准值" in c for c in captions)
    assert "- 对照 国家公共服务基准 ≥ 1.00：:green-badge[✔ 达标]" in _md(at)   # the popover's line


def test_explorer_lists_each_standard_with_its_status(app_test):
    at = app_test("pages/explorer.py", lang="zh", indicator=IND)
    assert not at.exception
    thr = at.dataframe[1].value.set_index(t("col_title", "zh"))
    status = t("std_col_status_here", "zh", area="兰州市")
    assert thr.loc["文明城市", t("col_threshold", "zh")] == "≥ 1.20 ?" and thr.loc["文明城市", status] == "⚠ 需加快"
    assert thr.loc["公共服务", t("col_threshold", "zh")] == "≥ 1.00" and thr.loc["公共服务", status] == "✔ 达标"
