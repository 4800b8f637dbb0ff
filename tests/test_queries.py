"""One test per query file, against the fixture database built from text (tests/fixture_data):
grain unique, keys not null, and the invariants each query promises."""
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from cocreate import QUERIES_DIR

from cocreate.store import db
from cocreate.errors import QueryError

CITY, BIG, SMALL = "990100", "990101", "990102"


def test_every_query_file_states_its_grain():
    for path in QUERIES_DIR.glob("*.sql"):
        first = path.read_text(encoding="utf-8").lstrip().splitlines()[0]
        assert first.startswith("-- one row"), f"{path.name} must open with its grain: {first!r}"


def test_gateway_refuses_missing_and_extra_params(fixture_con):
    with pytest.raises(QueryError):
        db.run(fixture_con, "title_progress", area=CITY)
    with pytest.raises(QueryError):
        db.run(fixture_con, "areas", area=CITY)
    with pytest.raises(QueryError):
        db.run(fixture_con, "../etc/passwd")


def test_title_progress_grain_and_inputs(fixture_con):
    df = db.run(fixture_con, "title_progress", area=CITY, title=None, as_of=None, with_children=True,
                indicator=None)
    assert not df.duplicated(["title_code", "indicator_code", "area_code"]).any()
    assert df[["title_code", "indicator_code", "area_code", "threshold", "deadline"]].notna().all().all()
    assert set(df["area_code"]) == {CITY, BIG, SMALL}
    assert set(df["title_code"]) == {"civilized", "garden", "public_services"}  # env_model: no campaign
    green = df[(df.title_code == "garden") & (df.indicator_code == "built_up_green_coverage_pct")
               & (df.area_code == CITY)].iloc[0]
    # the incomplete last quarter (small district missing) is not the city's latest period
    assert pd.Timestamp(green["latest_period"]).date() == dt.date(2026, 7, 1)
    assert green["latest_value"] == pytest.approx((3000 + 20 * 18 + 500) / 11000 * 100)
    assert pd.Timestamp(green["baseline_period"]).date() == dt.date(2024, 1, 1)
    # least squares on a straight line: slope is exact (20 ha per quarter over 11,000 ha)
    assert green["slope_per_year"] == pytest.approx(20 * 4 / 11000 * 100 * 365.25 / 365.25, rel=0.02)
    big = df[(df.title_code == "garden") & (df.indicator_code == "built_up_green_coverage_pct")
             & (df.area_code == BIG)].iloc[0]
    assert pd.Timestamp(big["latest_period"]).date() == dt.date(2026, 10, 1)  # a district has its own last quarter


def test_title_progress_as_of_and_title_filter(fixture_con):
    df = db.run(fixture_con, "title_progress", area=CITY, title="civilized", as_of=dt.date(2025, 3, 1),
                with_children=False, indicator=None)
    assert set(df["title_code"]) == {"civilized"} and set(df["area_code"]) == {CITY}
    assert (pd.to_datetime(df["latest_period"].dropna()) <= "2025-03-01").all()
    survey = df[df.indicator_code == "single_survey_pct"].iloc[0]
    assert pd.isna(survey["latest_value"]) and survey["n_points"] == 0  # first figure is 2026


def test_indicator_series_marks_incomplete_city_periods(fixture_con):
    df = db.run(fixture_con, "indicator_series", indicator="built_up_green_coverage_pct",
                areas=[CITY, BIG, SMALL], as_of=None)
    assert not df.duplicated(["area_code", "period"]).any()
    city = df[df.area_code == CITY]
    last = city[city.period == pd.Timestamp("2026-10-01")].iloc[0]
    assert not last["is_complete"] and last["areas_reported"] == 1 and last["areas_expected"] == 2
    assert city[city.period < pd.Timestamp("2026-10-01")]["is_complete"].all()


def test_indicator_values_rollup_rules(fixture_con):
    def city_value(code, period):
        return fixture_con.execute(
            "SELECT value FROM indicator_values WHERE indicator_code=? AND area_code=? AND period=?",
            [code, CITY, period]).fetchone()[0]
    assert city_value("historic_districts_count", "2025-01-01") == 1  # sum
    # population-weighted mean: (80 + 0.5*12)*1e6 + 95*1e5 over 1.1e6 at quarter 12 (2025-01)
    assert city_value("satisfaction_pct", "2025-01-01") == pytest.approx((86 * 1e6 + 95 * 1e5) / 1.1e6)
    assert city_value("residents_per_health_centre", "2025-01-01") == pytest.approx(1_100_000 / 26)
    # a city-level row for a rolled-up indicator is never read: only city_only figures are
    n = fixture_con.execute("SELECT count(*) FROM indicator_values WHERE area_code=? AND NOT is_rollup "
                            "AND indicator_code NOT IN (SELECT code FROM indicators WHERE aggregation='city_only')",
                            [CITY]).fetchone()[0]
    assert n == 0


def test_latest_by_area(fixture_con):
    df = db.run(fixture_con, "latest_by_area", indicator="public_toilets_per_10k", areas=[CITY, BIG, SMALL],
                as_of=None)
    assert list(df["area_code"])[0] == CITY and df["area_code"].is_unique
    v = dict(zip(df.area_code, df.value))
    assert v[BIG] == pytest.approx(3.0) and v[SMALL] == pytest.approx(8.0)
    assert v[CITY] == pytest.approx(380 / 1.1e6 * 1e4)  # not the 5.5 mean of ratios


def test_catalog_queries(fixture_con):
    areas = db.run(fixture_con, "areas")
    assert areas["code"].is_unique and areas.iloc[0]["level"] == "city"
    titles = db.run(fixture_con, "titles")
    assert titles.iloc[0]["code"] == "civilized" and titles["code"].is_unique  # leader first
    assert titles.iloc[-1]["kind"] == "benchmark"
    inds = db.run(fixture_con, "indicators")
    assert inds["code"].is_unique
    assert int(inds.set_index("code").loc["built_up_green_coverage_pct", "n_titles"]) == 3
    camp = db.run(fixture_con, "campaigns_for_area", area=BIG)  # a district shares its city's campaigns
    assert list(camp["title_code"]) == ["civilized", "garden", "public_services"]
    assert db.run(fixture_con, "campaigns_for_area", area="880100").empty


def test_shared_indicators_and_thresholds(fixture_con):
    shared = db.run(fixture_con, "shared_indicators")
    assert set(shared["indicator_code"]) == {"built_up_green_coverage_pct"}
    assert not shared.duplicated(["indicator_code", "title_code"]).any()
    assert dict(zip(shared.title_code, shared.threshold)) == {"civilized": 35, "env_model": 35, "garden": 36}
    thr = db.run(fixture_con, "indicator_thresholds", indicator="built_up_green_coverage_pct")
    assert thr["title_code"].is_unique and len(thr) == 3


def test_latest_period_and_demo_share(fixture_con):
    lp = db.run(fixture_con, "latest_period", area=CITY)
    assert len(lp) == 1 and pd.Timestamp(lp.iloc[0]["latest_period"]).date() == dt.date(2026, 10, 1)
    share = db.run(fixture_con, "demo_data_share", area=CITY)
    assert int(share.iloc[0]["n_illustrative"]) == 0 and int(share.iloc[0]["n_total"]) > 200
