"""Roll-up invariants on crafted data with very unequal districts (fixture: a district of 1,000,000
people and one of 100,000): a city's ratio is the ratio of its districts' sums, computed here
independently from the raw observations; incomplete periods are flagged and never rated."""
import pandas as pd
import pytest

from cocreate.store import db
from cocreate.method.progress import title_progress
from cocreate.method.services import incomplete_periods

CITY, BIG, SMALL = "990100", "990101", "990102"


def raw(con, code):
    return con.execute("SELECT area_code, period, value FROM observations WHERE indicator_code = ?",
                       [code]).df()


def independent_city_ratio(con, ind):
    """sum(numerator) / sum(denominator as of the period) x scale over periods both districts report."""
    num_code, den_code, scale = con.execute(
        "SELECT numerator_code, denominator_code, scale FROM indicators WHERE code = ?", [ind]).fetchone()
    num, den = raw(con, num_code), raw(con, den_code)
    out = {}
    for period, g in num.groupby("period"):
        if set(g["area_code"]) != {BIG, SMALL}:
            continue
        tot_num = tot_den = 0.0
        for area, v in zip(g["area_code"], g["value"]):
            d = den[(den["area_code"] == area) & (den["period"] <= period)].sort_values("period")
            tot_num += v
            tot_den += d["value"].iloc[-1]
        out[pd.Timestamp(period)] = tot_num / tot_den * scale
    return out


@pytest.mark.parametrize("ind", ["public_toilets_per_10k", "built_up_green_coverage_pct",
                                 "residents_per_health_centre"])
def test_city_value_is_ratio_of_district_sums(fixture_con, ind):
    expected = independent_city_ratio(fixture_con, ind)
    assert expected, "the fixture must have complete periods for " + ind
    view = fixture_con.execute(
        "SELECT period, value, areas_reported, areas_expected FROM indicator_values "
        "WHERE indicator_code = ? AND area_code = ? AND areas_reported = areas_expected", [ind, CITY]).df()
    got = {pd.Timestamp(p): v for p, v in zip(view["period"], view["value"])}
    assert set(expected) <= set(got)
    for period, value in expected.items():
        assert got[period] == pytest.approx(value, rel=1e-12), (ind, period)


def test_city_toilets_ratio_is_not_the_mean_of_ratios(fixture_con):
    v = fixture_con.execute(
        "SELECT value FROM indicator_values WHERE indicator_code = 'public_toilets_per_10k' "
        "AND area_code = ? AND period = '2022-01-01'", [CITY]).fetchone()[0]
    big, small = 300 / 1_000_000 * 10_000, 80 / 100_000 * 10_000          # 3.0 and 8.0
    assert v == pytest.approx(380 / 1_100_000 * 10_000)                     # 3.4545...
    assert abs(v - (big + small) / 2) > 2                                   # the mean of ratios would be 5.5


def test_service_series_matches_view_and_flags_incomplete_periods(fixture_con):
    s = db.run(fixture_con, "service_series", city=CITY, title="public_services", as_of=None)
    assert set(s["indicator_code"]) == {"public_toilets_per_10k", "residents_per_health_centre"}
    assert set(s["area_code"]) == {CITY, BIG, SMALL}
    city = s[(s["area_code"] == CITY) & (s["indicator_code"] == "public_toilets_per_10k")]
    toilets = raw(fixture_con, "public_toilets")
    reporting = toilets.groupby("period")["area_code"].nunique()
    partial = {pd.Timestamp(p) for p, n in reporting.items() if n < 2}
    flagged = {pd.Timestamp(p) for p in city.loc[~city["is_complete"], "period"]}
    assert flagged == partial
    listed = incomplete_periods(s)
    assert {pd.Timestamp(p) for p in listed[listed["indicator_code"] == "public_toilets_per_10k"]["period"]} == partial
    assert (listed["areas_reported"] < listed["areas_expected"]).all()


def test_incomplete_period_is_shown_but_not_rated(fixture_con):
    view = fixture_con.execute(
        "SELECT period, areas_reported, areas_expected FROM indicator_values "
        "WHERE indicator_code = 'built_up_green_coverage_pct' AND area_code = ? ORDER BY period", [CITY]).df()
    incomplete = view[view["areas_reported"] < view["areas_expected"]]
    assert len(incomplete) >= 1, "the fixture has a period the small district did not report"
    last_incomplete = incomplete["period"].max()
    rated = title_progress(fixture_con, CITY, "garden")
    row = rated[(rated["indicator_code"] == "built_up_green_coverage_pct") & (rated["area_code"] == CITY)].iloc[0]
    complete = view[view["areas_reported"] == view["areas_expected"]]
    assert pd.Timestamp(row["latest_period"]) == pd.Timestamp(complete["period"].max())
    if pd.Timestamp(last_incomplete) > pd.Timestamp(complete["period"].max()):
        assert pd.Timestamp(row["latest_period"]) < pd.Timestamp(last_incomplete)
