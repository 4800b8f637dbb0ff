"""Gap in real units ('+37 public toilets') from rated rows, and the report command listing the
public-service metrics at the ratio of the districts' sums."""
import math

import pandas as pd
import pytest

from cocreate.present.i18n import t
from cocreate.method.progress import report_table, title_progress
from cocreate.present.service_gaps import gap_units_text
from cocreate.method.status import gap_in_units

MEASURES = {"public_toilets": {"code": "public_toilets", "name_zh": "公共厕所", "name_en": "Public toilets",
                               "unit_zh": "座", "unit_en": "toilets"},
            "community_health_centres": {"code": "community_health_centres", "name_zh": "社区卫生服务中心",
                                         "name_en": "Community health centres", "unit_zh": "个", "unit_en": "count"}}


def test_gap_in_units_arithmetic_and_text():
    # 380 toilets for 1,100,000 people = 3.45 per 10k; 4 per 10k needs 440: +60 toilets
    row = dict(kind="ratio", latest_value=380 / 110, latest_numerator=380, latest_denominator=1_100_000, scale=10_000,
               threshold=4, direction="up", numerator_code="public_toilets", denominator_code="population",
               gap_units=None, gap_unit_measure="public_toilets")
    row["gap_units"] = gap_in_units(row)
    assert row["gap_units"] == pytest.approx(60)
    assert gap_units_text(row, MEASURES, "en") == "+60 toilets (Public toilets)"
    assert gap_units_text(row, MEASURES, "zh") == "+60 座（公共厕所）"
    assert gap_units_text(row, MEASURES, "en", with_measure=False) == "+60 toilets"
    row["gap_units"] = 59.2                     # whole toilets: what is still needed rounds up
    assert gap_units_text(row, MEASURES, "en", with_measure=False) == "+60 toilets"
    row["gap_units"] = -3                       # met: nothing to add
    assert gap_units_text(row, MEASURES, "en") == ""


def test_gap_for_residents_per_centre_counts_centres():
    # 1,100,000 residents, 26 centres, at most 30,000 per centre -> 36.67 centres needed: +11
    row = dict(kind="ratio", latest_value=1_100_000 / 26, latest_numerator=1_100_000, latest_denominator=26, scale=1,
               threshold=30_000, direction="down", numerator_code="population",
               denominator_code="community_health_centres")
    g = gap_in_units(row)
    assert g == pytest.approx(1_100_000 / 30_000 - 26)
    row.update(gap_units=g, gap_unit_measure="community_health_centres")
    assert gap_units_text(row, MEASURES, "en") == "+11 community health centres"


def test_gap_units_on_fixture_rows(fixture_con):
    rated = title_progress(fixture_con, "990100", "public_services", with_children=True)
    r = rated[(rated["indicator_code"] == "public_toilets_per_10k") & (rated["area_code"] == "990100")].iloc[0]
    if r["status"] == "met":
        assert pd.isna(r["gap_units"])
    else:
        assert r["gap_units"] == pytest.approx(4 * r["latest_denominator"] / 10_000 - r["latest_numerator"])
        assert r["gap_unit_measure"] == "public_toilets"


def _latest(obs, code, area, period):
    d = obs[(obs["indicator_code"] == code) & (obs["area_code"] == area) & (obs["period"] <= period)]
    return None if d.empty else d.sort_values("period")["value"].iloc[-1]


def test_report_lists_public_services_at_ratio_of_district_sums(demo_con):
    report = report_table(demo_con, "620100")
    ps = report[report["title_code"] == "public_services"]
    assert len(ps) >= 5
    inds = demo_con.execute("SELECT code, kind, numerator_code, denominator_code, scale, coalesce(decimals, 2) "
                            "FROM indicators").df().set_index("code")
    districts = [r[0] for r in demo_con.execute("SELECT code FROM areas WHERE parent_code = '620100'").fetchall()]
    obs = demo_con.execute("SELECT indicator_code, area_code, period, value FROM observations").df()
    checked = 0
    for row in ps.to_dict("records"):
        ind = inds.loc[row["indicator_code"]]
        if ind["kind"] != "ratio" or not row["period"]:
            continue
        period = pd.Timestamp(row["period"])
        nums = obs[(obs["indicator_code"] == ind["numerator_code"]) & (obs["period"] == period)
                   & (obs["area_code"].isin(districts))]
        if ind["numerator_code"] in ("population", "elderly_population"):      # head-count numerators are as-of too
            nums = pd.DataFrame({"area_code": districts,
                                 "value": [_latest(obs, ind["numerator_code"], a, period) for a in districts]})
        assert set(nums["area_code"]) == set(districts), row["indicator_code"]
        dens = [_latest(obs, ind["denominator_code"], a, period) for a in districts]
        expected = nums["value"].sum() / sum(dens) * ind["scale"]
        decimals = int(ind.iloc[-1])
        assert row["value"] == pytest.approx(expected, abs=0.5 * 10 ** -decimals + 1e-9), row["indicator_code"]
        checked += 1
    assert checked >= 5
