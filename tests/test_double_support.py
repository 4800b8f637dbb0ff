"""Lanzhou's demo campaign for the National Double-Support Model City (全国双拥模范城市): campaign, report
rows, overview card and title page, on the demo database. Expected values are worked out by hand from
data/catalog and data/demo/make_demo.py (double_support)."""
import csv
import io
import subprocess
import sys

import pandas as pd
import pytest

from cocreate import REPO_ROOT
from cocreate.present.i18n import t
from cocreate.store import db

# indicator -> (threshold, confidence), as written in data/catalog/title_indicators.csv
THRESHOLDS = {
    "double_support_assessment_score": (90, "assumed"),
    "ds_org_leadership_points": (6, "assumed"),
    "ds_publicity_education_points": (5, "assumed"),
    "ds_preferential_policies_yn": (1, "uncertain"),
    "ds_leading_group_meetings": (1, "uncertain"),
    "ds_joint_office_yn": (1, "uncertain"),
    "ds_budget_yn": (1, "uncertain"),
    "ds_conscription_completion_pct": (100, "assumed"),
    "ds_veteran_placement_pct": (100, "assumed"),
    "ds_service_station_coverage_pct": (100, "assumed"),
    "ds_pension_on_time_pct": (100, "assumed"),
    "ds_military_spouse_employment_pct": (100, "assumed"),
}
# Statuses by hand. Baseline = the January 2024 figure (last at or before the 2024-07-01 start); years to
# the 2028-09-30 deadline from it = 4.75.
STATUSES = {
    "ds_org_leadership_points": "met",          # 6.0 >= 6
    "ds_preferential_policies_yn": "met",       # 1
    "ds_leading_group_meetings": "met",         # 2 >= 1
    "ds_budget_yn": "met",                      # 1
    "ds_pension_on_time_pct": "met",            # 100 >= 100
    # 85 -> 87.5 (2024-2026): 1.25/yr vs (90-85)/4.75 = 1.05/yr needed, R = 1.19, crossing late 2027
    "double_support_assessment_score": "on_track",
    # 95.5 -> 98.2: ~1.35/yr vs 4.5/4.75 = 0.95/yr, R = 1.42, crossing 2027
    "ds_veteran_placement_pct": "on_track",
    # 93.5 -> 96.4: ~1.45/yr vs 6.5/4.75 = 1.37/yr, R = 1.06, crossing mid 2028
    "ds_service_station_coverage_pct": "on_track",
    # 4.25, 4.25, 4.5: least-squares 0.125/yr vs 0.75/4.75 = 0.158/yr, R = 0.79
    "ds_publicity_education_points": "needs_acceleration",
    # 71 -> 73.4: ~1.2/yr vs 29/4.75 = 6.1/yr, R = 0.2
    "ds_military_spouse_employment_pct": "off_track",
    # 0 every year: slope 0, R = 0
    "ds_joint_office_yn": "off_track",
    # 100 % in 2024 (met at the baseline), 2,463 / 2,505 = 98.32 % in 2026: ground lost
    "ds_conscription_completion_pct": "deteriorating",
}


def test_lanzhou_campaigns_include_double_support(demo_con):
    camp = db.run(demo_con, "campaigns_for_area", area="620100")
    row = camp[camp["title_code"] == "double_support"]
    assert len(row) == 1
    r = row.iloc[0]
    assert r["kind"] == "title" and r["name_zh"] == "全国双拥模范城市"
    assert pd.Timestamp(r["campaign_start"]) == pd.Timestamp("2024-07-01")
    assert pd.Timestamp(r["deadline"]) == pd.Timestamp("2028-09-30")
    assert int(r["n_indicators"]) == 12  # 4 items before + 8 added
    assert pd.isna(r["indicators_in_standard"])  # the 12th-round item count was not read: not stated
    # Wuhan keeps its campaigns: no double-support there
    wuhan = db.run(demo_con, "campaigns_for_area", area="420100")
    assert "double_support" not in set(wuhan["title_code"])


def test_double_support_report_rows(demo_db_file):
    out = subprocess.run([sys.executable, "-m", "cocreate", "report", "--area", "620100", "--title", "double_support",
                          "--db", str(demo_db_file)], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    rows = {r["indicator_code"]: r for r in csv.DictReader(io.StringIO(out.stdout))}
    assert set(rows) == set(THRESHOLDS)
    for code, (threshold, confidence) in THRESHOLDS.items():
        assert float(rows[code]["threshold"]) == threshold, code
        assert rows[code]["confidence"] == confidence, code
        assert rows[code]["period"] == "2026-01-01", code  # yearly figures: January 2026 is the latest
    assert {c: r["status"] for c, r in rows.items()} == STATUSES
    cons = rows["ds_conscription_completion_pct"]
    # quotas 620+380+260+240+110+330+120+360+85 = 2,505; delivered 2,505 - 17 - 20 - 5 = 2,463
    # 2,463 / 2,505 x 100 = 98.32 -> shown 98.3; gap 100 - 98.32 = 1.68 -> 1.7
    assert float(cons["value"]) == 98.3 and float(cons["gap"]) == 1.7
    assert "recent_drop" in cons["flags"]
    assert float(rows["ds_military_spouse_employment_pct"]["gap"]) == 26.6  # 100 - 73.4


def test_double_support_observations_are_labelled_demo():
    obs = pd.read_csv(REPO_ROOT / "data" / "demo" / "observations.csv", dtype=str, keep_default_na=False)
    mine = obs[obs["indicator_code"].str.startswith(("ds_", "double_support", "conscript"))]
    # 10 city-only items x 8 years = 80; station coverage, quota and recruits: 3 x 9 children x 8 years = 216
    assert len(mine) == 80 + 216
    assert set(mine["source"]) == {"illustrative"}
    city_only = mine[mine["area_code"] == "620100"]
    assert set(city_only["indicator_code"]) == set(THRESHOLDS) - {"ds_conscription_completion_pct",
                                                                 "ds_service_station_coverage_pct"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_overview_card_and_title_page(app_test, lang):
    name = "全国双拥模范城市" if lang == "zh" else "National Double-Support Model City"
    at = app_test(lang=lang)
    assert not at.exception
    # the card: 5 of the 12 items met; the title no longer under "other titles in the catalog"
    assert "5 / 12" in [m.value for m in at.metric]
    assert t("other_titles", lang) not in [s.value for s in at.subheader]
    at = app_test("pages/title.py", lang=lang, title="double_support")
    assert not at.exception and not at.error
    assert any(name in str(el.value) for el in list(at.title) + list(at.header) + list(at.subheader)
               + list(at.markdown))
    table = at.dataframe[0].value
    assert len(table) == 12
