"""The synthetic city tier (cocreate.bench.scale): sizes by the tier formula, consistent catalog, the status
method runs on it, roll-ups are ratios of district sums, and builds are deterministic.
Only the city tier is built here (about a second); province and nation are benchmarks."""
from __future__ import annotations

import pandas as pd
import pytest

from cocreate.store import db
from cocreate.method.progress import title_progress
from cocreate.bench.scale import N_PERIODS, TIERS, generate
from cocreate.method.status import STATUSES


@pytest.fixture(scope="module")
def city_tier(tmp_path_factory):
    path = tmp_path_factory.mktemp("scale") / "city.duckdb"
    info = generate(path, "city")
    return path, info


@pytest.fixture()
def con(city_tier):
    c = db.connect(city_tier[0], read_only=True)
    yield c
    c.close()


def test_sizes_follow_the_tier_formula(city_tier, con):
    _, info = city_tier
    cities, per_city = TIERS["city"]
    assert con.execute("SELECT count(*) FROM areas WHERE level = 'city'").fetchone()[0] == cities == 1
    assert con.execute("SELECT count(*) FROM areas WHERE level = 'district'").fetchone()[0] == cities * per_city == 12
    assert con.execute("SELECT count(*) FROM areas WHERE length(code) <> 6 OR NOT regexp_full_match(code, '[0-9]+')"
                       ).fetchone()[0] == 0
    n_ind = con.execute("SELECT count(*) FROM indicators").fetchone()[0]
    # "~200 indicators + measures": 116 catalog codes + 2 copies x 60 roll-ups = 236 on this catalog
    assert 180 <= n_ind <= 260
    n_city, n_district = con.execute(
        "SELECT count(*) FILTER (WHERE aggregation = 'city_only'), count(*) FILTER (WHERE aggregation <> 'city_only') "
        "FROM indicators WHERE kind <> 'ratio'").fetchone()
    rows = con.execute("SELECT count(*) FROM observations").fetchone()[0]
    assert rows == N_PERIODS * (cities * n_city + cities * per_city * n_district) == info["rows"] == info["expected_rows"]
    periods = con.execute("SELECT count(DISTINCT period), min(period), max(period) FROM observations").fetchone()
    assert periods[0] == 120 and str(periods[1]) == "2016-11-01" and str(periods[2]) == "2026-10-01"
    assert con.execute("SELECT count(*) FROM observations WHERE source IS DISTINCT FROM 'synthetic'").fetchone()[0] == 0


def test_rows_respect_the_import_rules(con):
    """No ratio rows, city_only only at the city, roll-ups only at districts, yes/no is 0 or 1."""
    bad = con.execute("""
        SELECT count(*) FROM observations o JOIN indicators i ON i.code = o.indicator_code
        JOIN areas a ON a.code = o.area_code
        WHERE i.kind = 'ratio' OR (i.aggregation = 'city_only') <> (a.level = 'city')
           OR (i.direction = 'yes_no' AND o.value NOT IN (0, 1))
           OR o.value < coalesce(i.value_min, o.value) OR o.value > coalesce(i.value_max, o.value)""").fetchone()[0]
    assert bad == 0
    # every title_indicators row names an indicator, every campaign a city
    assert con.execute("SELECT count(*) FROM title_indicators ti LEFT JOIN indicators i ON i.code = ti.indicator_code "
                       "WHERE i.code IS NULL").fetchone()[0] == 0


def test_title_progress_rates_every_title(con):
    city = con.execute("SELECT code FROM areas WHERE level = 'city'").fetchone()[0]
    rated = title_progress(con, city, with_children=True)
    assert len(rated) > 0
    titles = {r[0] for r in con.execute("SELECT title_code FROM campaigns WHERE area_code = ?", [city]).fetchall()}
    at_city = rated[rated["area_code"] == city]
    assert set(at_city["title_code"]) == titles
    assert set(rated["status"]) <= set(STATUSES)
    # the city row of every item has data, and the statuses spread (not all one word)
    assert (at_city["status"] != "insufficient_data").all()
    assert {"met", "off_track"} <= set(at_city["status"])
    assert at_city["status"].nunique() >= 4


def test_city_rollup_is_the_ratio_of_district_sums(con):
    ind = con.execute("SELECT code, numerator_code, denominator_code, scale FROM indicators "
                      "WHERE code = 'public_toilets_per_10k_s2'").fetchone()
    assert ind is not None
    code, num, den, scale = ind
    city = con.execute("SELECT code FROM areas WHERE level = 'city'").fetchone()[0]
    expected = con.execute("""
        SELECT n.period, sum(n.value) / sum(d.value) * ? AS ratio
        FROM observations n JOIN observations d ON d.area_code = n.area_code AND d.period = n.period
        JOIN areas a ON a.code = n.area_code
        WHERE n.indicator_code = ? AND d.indicator_code = ? AND a.parent_code = ?
        GROUP BY n.period ORDER BY n.period""", [scale, num, den, city]).fetchall()
    got = db.run(con, "indicator_series", indicator=code, areas=[city], as_of=None)
    assert len(got) == len(expected) == 120
    assert got["is_complete"].all()
    for (period, ratio), value in zip(expected, got["value"]):
        assert value == pytest.approx(ratio, rel=1e-12)
    # and the ratio is near its threshold, not an arbitrary number
    thr = con.execute("SELECT min(threshold) FROM title_indicators WHERE indicator_code = ?", [code]).fetchone()[0]
    assert 0.4 * thr < got["value"].iloc[-1] < 2 * thr


def test_builds_are_deterministic(city_tier, tmp_path):
    again = tmp_path / "again.duckdb"
    generate(again, "city")
    checksum = ("SELECT count(*), sum(hash(indicator_code, area_code, period, value)), sum(value::DECIMAL(38, 6)) "
                "FROM observations")
    a = db.connect(city_tier[0], read_only=True)
    b = db.connect(again, read_only=True)
    try:
        assert a.execute(checksum).fetchone() == b.execute(checksum).fetchone()
        cat = "SELECT sum(hash(code, parent_code, population_2020)) FROM areas"
        assert a.execute(cat).fetchone() == b.execute(cat).fetchone()
    finally:
        a.close()
        b.close()


def test_demo_command(tmp_path, capsys):
    from cocreate.__main__ import main
    out = tmp_path / "c.duckdb"
    assert main(["demo", "--scale", "city", "--db", str(out)]) == 0
    assert "observation rows" in capsys.readouterr().out
    assert out.exists()


def test_pandas_reference_agrees_with_duckdb(con):
    """The benchmark's plain-pandas answers are the same answers as the named queries."""
    from cocreate.bench.pandas_ref import PandasStore
    from cocreate.bench.pandas_ref import max_diff as _max_diff
    from cocreate.bench.questions import RATIO_INDICATOR
    city = con.execute("SELECT code FROM areas WHERE level = 'city'").fetchone()[0]
    areas = [city] + [r[0] for r in con.execute("SELECT code FROM areas WHERE parent_code = ?", [city]).fetchall()]
    store = PandasStore(con)
    duck = db.run(con, "latest_by_area", indicator=RATIO_INDICATOR, areas=areas, as_of=None)
    assert _max_diff(duck, store.latest_by_area(RATIO_INDICATOR, areas), ["area_code", "period"], "value") < 1e-9
    duck = db.run(con, "title_progress", area=city, title=None, as_of=None, with_children=True,
                  indicator=None)
    duck = duck[duck["n_points"] > 0]
    mine = store.title_progress(city, with_children=True)
    keys = ["title_code", "indicator_code", "area_code"]
    assert _max_diff(duck, mine, keys, "latest_value") < 1e-9
    assert _max_diff(duck, mine, keys, "baseline_value") < 1e-9
    assert _max_diff(duck, mine, keys, "slope_per_year") < 1e-6
    # a page's questions, the pandas way, agree too: one indicator's series for the city and districts
    series = db.run(con, "indicator_series", indicator=RATIO_INDICATOR, areas=areas, as_of=None)
    assert _max_diff(series, store.indicator_series(RATIO_INDICATOR, areas), ["area_code", "period"], "value") < 1e-9


def test_a_build_in_parts_equals_one_in_one_go(tmp_path, monkeypatch):
    """The nation tier is written a few cities per transaction (memory): the parts give the same
    observations and figures as one transaction, and figures stay sorted by area."""
    from cocreate.bench import scale
    monkeypatch.setitem(scale.TIERS, "tiny", (3, 2))
    monkeypatch.setattr(scale, "CITIES_PER_PART", 10)
    generate(tmp_path / "whole.duckdb", "tiny")
    monkeypatch.setattr(scale, "CITIES_PER_PART", 2)   # parts of 2 and 1 cities
    generate(tmp_path / "parts.duckdb", "tiny")
    def read(name):
        con = db.connect(tmp_path / name, read_only=True)
        try:
            obs = con.execute("SELECT indicator_code, area_code, period, value FROM observations "
                              "ORDER BY ALL").df()
            fig = con.execute("SELECT area_code, indicator_code, period, value, source, areas_reported, is_rollup "
                              "FROM figures ORDER BY area_code, indicator_code, period").df()
            unsorted = con.execute("SELECT count(*) FROM (SELECT area_code < lag(area_code) OVER (ORDER BY rowid) "
                                   "AS bad FROM figures) WHERE bad").fetchone()[0]
        finally:
            con.close()
        return obs, fig, unsorted
    (obs_w, fig_w, _), (obs_p, fig_p, unsorted) = read("whole.duckdb"), read("parts.duckdb")
    pd.testing.assert_frame_equal(obs_p, obs_w)
    assert len(fig_p) == len(fig_w) > 0 and unsorted == 0
    # roll-ups may differ in the last bits (summation order), nothing else
    pd.testing.assert_frame_equal(fig_p.drop(columns="value"), fig_w.drop(columns="value"))
    assert ((fig_p["value"] - fig_w["value"]).abs() <= 1e-9 * fig_w["value"].abs().clip(lower=1)).all()


def test_import_bench_measures_both_files(city_tier, tmp_path):
    """The benchmark's import phase: the random file and the monthly file both load, every row changed."""
    from cocreate.bench.import_bench import run_import
    out = run_import(city_tier[0], tmp_path, n_rows=300, repeats=1)
    assert out["import_rows"] == 300 and out["import_replaced"] == 300
    assert out["import_monthly_rows"] == 300 and out["import_monthly_replaced"] == 300
    assert out["import_rows_per_s"] > 0 and out["import_monthly_rows_per_s"] > 0
