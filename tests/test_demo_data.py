"""Invariants of the catalog and the demo observations (reads the CSVs with pandas only)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT / "data" / "catalog"
DEMO = ROOT / "data" / "demo"
LZ, WH = "620100", "420100"
LZ_CENSUS_TOTAL = 4_359_446


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(CATALOG / name, dtype=str, keep_default_na=False, encoding="utf-8")


@pytest.fixture(scope="module")
def ind():
    return read("indicators.csv").set_index("code")


@pytest.fixture(scope="module")
def areas():
    return read("areas.csv")


@pytest.fixture(scope="module")
def obs():
    return pd.read_csv(DEMO / "observations.csv", dtype={"area_code": str, "indicator_code": str, "period": str},
                       keep_default_na=False, encoding="utf-8")


def children(areas, city):
    return areas.loc[areas.parent_code == city, "code"].tolist()


def wide(obs, code, kids):
    f = obs[(obs.indicator_code == code) & obs.area_code.isin(kids)]
    f = f.pivot(index="period", columns="area_code", values="value").astype(float)
    f.index = pd.DatetimeIndex(f.index)
    return f.sort_index()


def asof(frame, index):
    return frame.reindex(frame.index.union(index)).ffill().reindex(index)


def city_ratio(obs, ind, areas, code, city) -> pd.Series:
    """Ratio of district sums, the denominator as of the numerator's period."""
    r = ind.loc[code]
    kids = children(areas, city)
    num, den = wide(obs, r.numerator_code, kids), wide(obs, r.denominator_code, kids)
    assert set(num.columns) == set(kids), f"{r.numerator_code}: every child must report"
    den = asof(den, num.index)[num.columns]
    return num.sum(axis=1) / den.sum(axis=1) * float(r.scale)


# ------------------------------------------------------------------ files
@pytest.mark.parametrize("name,cols", [
    ("titles.csv", "code,name_zh,name_en,short_zh,short_en,kind,is_leader,standard_version,standard_version_zh,"
                   "sort_order,notes,indicators_in_standard,indicators_in_standard_source"),
    ("areas.csv", "code,name_zh,name_en,level,parent_code,population_2020,elderly_60_2020,population_source,lat,lon,notes,ratio_base_zh,ratio_base_en,"
                  "demo_note_zh,demo_note_en"),
    ("campaigns.csv", "title_code,area_code,campaign_start,deadline,notes"),
    ("indicators.csv", "code,name_zh,name_en,category_zh,category_en,unit,unit_zh,unit_en,direction,kind,"
                       "numerator_code,denominator_code,scale,aggregation,weight_code,value_min,value_max,decimals,"
                       "lead_dept_zh,lead_dept_en,frequency,notes,service_area"),
    ("title_indicators.csv", "title_code,indicator_code,threshold,threshold_confidence,is_veto,points,standard_ref,"
                             "standard_ref_zh,notes,notes_zh"),
])
def test_catalog_headers_and_encoding(name, cols):
    raw = (CATALOG / name).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "no BOM"
    raw.decode("utf-8")
    assert list(read(name).columns) == cols.split(",")


def test_observations_header():
    raw = (DEMO / "observations.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert raw.split(b"\n", 1)[0].decode() == "indicator_code,area_code,period,value,source,note"


# ------------------------------------------------------------------ catalog
def test_titles():
    t = read("titles.csv")
    assert t.code.is_unique
    assert set(t.code) >= {"civilized", "sanitary", "env_model", "garden", "historic", "double_support", "public_services"}
    assert t.loc[t.is_leader == "true", "code"].tolist() == ["civilized"]
    assert set(t.is_leader) <= {"true", "false"}
    assert set(t.kind) == {"title", "benchmark"}
    assert (t.name_zh != "").all() and (t.short_zh != "").all()


def test_indicator_columns(ind):
    assert ind.index.is_unique
    assert set(ind.direction) <= {"up", "down", "yes_no"}
    assert set(ind.kind) <= {"value", "ratio", "measure"}
    assert set(ind.aggregation) <= {"sum", "ratio_of_sums", "weighted_mean", "city_only"}
    assert set(ind.frequency) <= {"month", "quarter", "year"}
    m = ind[ind.kind == "measure"]
    assert (m.aggregation == "sum").all() and (m.direction == "up").all()
    assert (ind.loc[ind.kind == "ratio", "aggregation"] == "ratio_of_sums").all()
    # 21 measures + the 2 conscription measures = 23; 62 rated items + 8 double-support items = 70
    # issue 24 added 8 measures (schools renovated, new places, training, medical institutions, doctors,
    # first-level libraries and centres, culture visits) and 15 metrics: 23 + 8 = 31, 70 + 15 = 85
    assert len(m) == 31 and len(ind) - len(m) == 85


def test_ratio_and_weight_references(ind):
    for code, r in ind[ind.kind == "ratio"].iterrows():
        for ref in (r.numerator_code, r.denominator_code):
            assert ref in ind.index, (code, ref)
            assert ind.loc[ref, "kind"] == "measure", (code, ref)
        assert float(r.scale) > 0
    for code, r in ind[ind.aggregation == "weighted_mean"].iterrows():
        assert r.weight_code in ind.index and ind.loc[r.weight_code, "kind"] == "measure", code
    for code, r in ind[ind.kind != "ratio"].iterrows():
        assert r.numerator_code == r.denominator_code == "", code


def test_area_based_ratios(ind):
    assert ind.loc["built_up_green_coverage_pct", ["numerator_code", "denominator_code", "scale"]].tolist() == \
        ["green_coverage_area_ha", "built_up_area_ha", "100"]
    assert ind.loc["green_space_ratio_pct", ["numerator_code", "denominator_code"]].tolist() == \
        ["green_space_area_ha", "built_up_area_ha"]
    assert ind.loc["park_green_per_capita_m2", "kind"] == "ratio"
    assert ind.loc["residents_per_health_centre", "direction"] == "down"


def test_title_indicators(ind):
    ti = read("title_indicators.csv")
    titles = set(read("titles.csv").code)
    assert set(ti.title_code) <= titles
    assert set(ti.indicator_code) <= set(ind.index)
    assert not ti.duplicated(["title_code", "indicator_code"]).any()
    assert set(ti.threshold_confidence) <= {"seen", "uncertain", "plan", "assumed"}
    # a threshold the catalog's own note calls assumed is marked assumed, and only those
    noted = ti.notes.str.contains("assumed", case=False)
    # 6 outside double-support + 8 double-support (score, two full-marks items, 5 unpublished figures) = 14
    assert (ti.loc[noted, "threshold_confidence"] == "assumed").all() and noted.sum() == 14
    assert (ti.loc[~noted, "threshold_confidence"] != "assumed").all()
    assert (ti.standard_ref_zh != "").sum() == (ti.standard_ref != "").sum()
    assert (ti.notes_zh != "").sum() == (ti.notes != "").sum()
    assert set(ti.is_veto) <= {"true", "false"}
    pd.to_numeric(ti.threshold)  # every threshold is a number
    veto = set(zip(ti.loc[ti.is_veto == "true", "title_code"], ti.loc[ti.is_veto == "true", "indicator_code"]))
    assert ("civilized", "minors_moral_education_score") in veto and ("env_model", "major_env_incidents_3y") in veto
    assert not (ti.loc[ti.title_code == "sanitary", "is_veto"] == "true").any()
    cov = ti[ti.indicator_code == "built_up_green_coverage_pct"].set_index("title_code").threshold.astype(float)
    assert cov.to_dict() == {"garden": 36, "sanitary": 36, "env_model": 35}
    # measures are not rated against thresholds
    assert not ti.indicator_code.map(ind.kind).eq("measure").any()


def test_campaigns(areas):
    c = read("campaigns.csv")
    lvl = areas.set_index("code").level
    assert (c.area_code.map(lvl) == "city").all()
    assert set(c.title_code) <= set(read("titles.csv").code)
    start, deadline = pd.to_datetime(c.campaign_start), pd.to_datetime(c.deadline)
    assert (start.dt.year == 2024).all()
    assert (deadline >= "2027-06-01").all() and (deadline <= "2028-10-31").all()
    assert set(c.loc[c.area_code == LZ, "title_code"]) == {"civilized", "sanitary", "env_model", "garden", "historic",
                                                           "double_support", "public_services"}
    assert set(c.loc[c.area_code == WH, "title_code"]) == {"civilized", "sanitary", "env_model", "garden", "public_services"}


def test_areas(areas):
    a = areas.set_index("code")
    assert a.index.is_unique
    assert set(a.level) <= {"city", "district", "county", "zone"}
    kids_lz = children(areas, LZ)
    assert len(kids_lz) == 9 and "620171" in kids_lz
    assert a.loc[kids_lz, "population_2020"].astype(int).sum() == LZ_CENSUS_TOTAL == int(a.loc[LZ, "population_2020"])
    assert a.loc[kids_lz, "elderly_60_2020"].astype(int).sum() == int(a.loc[LZ, "elderly_60_2020"]) == 722_079
    kids_wh = children(areas, WH)
    assert len(kids_wh) == 13 and int(a.loc["420113", "population_2020"]) == 145_103
    assert int(a.loc[WH, "population_2020"]) == 12_326_518
    assert a.loc[kids_wh, "population_2020"].astype(int).sum() == 12_326_518 - 336_235 - 935_146 - 121_161
    for k in kids_wh:
        assert int(a.loc[k, "elderly_60_2020"]) == round(int(a.loc[k, "population_2020"]) * 0.1723)
    lat, lon = a.lat.astype(float), a.lon.astype(float)
    assert lat.between(29, 37.5).all() and lon.between(102, 115).all()


# ------------------------------------------------------------------ observations
def test_codes_exist(obs, ind, areas):
    assert set(obs.indicator_code) <= set(ind.index)
    assert set(obs.area_code) <= set(areas.code)
    assert not obs.duplicated(["indicator_code", "area_code", "period"]).any()
    assert (obs[["indicator_code", "area_code", "period"]].apply(tuple, axis=1).is_monotonic_increasing)


def test_no_city_row_for_rolled_up_indicators(obs, ind, areas):
    cities = set(areas.loc[areas.level == "city", "code"])
    at_city = obs[obs.area_code.isin(cities)]
    assert (at_city.indicator_code.map(ind.aggregation) == "city_only").all()
    leaf = obs[~obs.area_code.isin(cities)]
    assert not (leaf.indicator_code.map(ind.aggregation) == "city_only").any()
    # ratios are carried by their measures only
    assert not (obs.indicator_code.map(ind.kind) == "ratio").any()


def test_periods(obs, ind):
    p = pd.to_datetime(obs.period, format="%Y-%m-%d")
    assert (p.dt.day == 1).all()
    assert p.min() >= pd.Timestamp("2019-01-01") and p.max() <= pd.Timestamp("2026-10-01")
    freq = obs.indicator_code.map(ind.frequency)
    assert ((p.dt.month - 1) % 3 == 0)[freq == "quarter"].all()
    assert (p.dt.month == 1)[freq == "year"].all()


def test_value_bounds(obs, ind):
    v = obs.value.astype(float)
    unit = obs.indicator_code.map(ind.unit)
    assert v[unit == "pct"].between(0, 100).all()
    assert (v[obs.indicator_code.map(ind.kind) == "measure"] >= 0).all()
    assert v[obs.indicator_code.map(ind.direction) == "yes_no"].isin([0, 1]).all()
    lo = pd.to_numeric(obs.indicator_code.map(ind.value_min), errors="coerce")
    hi = pd.to_numeric(obs.indicator_code.map(ind.value_max), errors="coerce")
    assert not (v < lo).any() and not (v > hi).any()
    counts = obs.indicator_code.map(ind.unit).isin(["persons", "toilets", "beds", "vehicles", "count", "lots", "households", "markets"])
    assert (v[counts] == v[counts].round()).all()


def test_complete_district_coverage(obs, ind, areas):
    """Every child reports every period of a rolled-up series (else the city period is incomplete)."""
    for city in (LZ, WH):
        kids = set(children(areas, city))
        sub = obs[obs.area_code.isin(kids)]
        for code, g in sub.groupby("indicator_code"):
            per_period = g.groupby("period").area_code.nunique()
            assert (per_period == len(kids)).all(), (city, code)


def test_census_rows(obs, areas):
    a = areas.set_index("code")
    pop = obs[(obs.indicator_code == "population") & (obs.period == "2020-01-01")].set_index("area_code")
    assert (pop.source == "2020 census").all()
    # Wuhan's district 60+ are invented from the city's share: their source says so
    old = obs[(obs.indicator_code == "elderly_population") & (obs.period == "2020-01-01")].set_index("area_code")
    assert old.loc[children(areas, WH), "source"].str.startswith("illustrative split of a city figure").all()
    assert (old.loc[children(areas, LZ), "source"] == "2020 census").all()
    for k in children(areas, LZ) + children(areas, WH):
        assert float(pop.loc[k, "value"]) == float(a.loc[k, "population_2020"])
    assert pop.loc[children(areas, LZ), "value"].astype(float).sum() == LZ_CENSUS_TOTAL


def test_lanzhou_garden_seeds(obs, ind, areas):
    cov = city_ratio(obs, ind, areas, "built_up_green_coverage_pct", LZ)
    gs = city_ratio(obs, ind, areas, "green_space_ratio_pct", LZ)
    assert cov.index[-1] == pd.Timestamp("2026-10-01")
    assert round(cov.iloc[-1], 2) == 31.44
    assert round(gs.iloc[-1], 2) == 28.63
    assert round(36 - cov.iloc[-1], 2) == 4.56 and round(31 - gs.iloc[-1], 2) == 2.37
    kids = children(areas, LZ)
    latest = obs[(obs.indicator_code == "green_coverage_area_ha") & (obs.period == "2026-10-01") & obs.area_code.isin(kids)]
    assert len(latest) == len(kids) and (latest.source == "illustrative split of a city figure (source documents)").all()
    # Xigu's green coverage slipped
    xg = wide(obs, "green_coverage_area_ha", kids)["620104"] / wide(obs, "built_up_area_ha", kids)["620104"]
    assert xg.iloc[-1] < xg.iloc[0]


def test_lanzhou_unmet_items(obs, ind, areas):
    def latest_city_only(code):
        f = obs[(obs.indicator_code == code) & (obs.area_code == LZ)].sort_values("period")
        return float(f.value.iloc[-1]), len(f)
    assert latest_city_only("clean_energy_use_pct")[0] < 50
    assert latest_city_only("env_protection_agency_yn")[0] == 0
    assert latest_city_only("school_env_education_pct")[0] < 85
    assert latest_city_only("good_air_share_pct")[0] < 85
    value, n = latest_city_only("env_public_satisfaction_pct")
    assert value < 85 and n == 1  # one-off survey: insufficient_data
    kids = children(areas, LZ)
    hd = wide(obs, "historic_districts_count", kids)
    assert hd.iloc[-1].sum() == 0
    w = wide(obs, "domestic_waste_harmless_pct", kids)
    pop = asof(wide(obs, "population", kids), w.index)[w.columns]
    assert ((w * pop).sum(axis=1) / pop.sum(axis=1)).iloc[-1] < 85
    toilets = city_ratio(obs, ind, areas, "public_toilets_per_10k", LZ)
    assert toilets.iloc[-1] < 4
    shaded = city_ratio(obs, ind, areas, "shaded_parking_share_pct", LZ)
    assert shaded.iloc[-1] < 60


def test_published_air_figures(obs):
    lz = obs[obs.area_code == LZ].set_index(["indicator_code", "period"]).value.astype(float)
    assert lz[("good_air_days", "2020-12-01")] == 312 and round(lz[("good_air_share_pct", "2020-12-01")], 1) == 85.2
    assert lz[("good_air_days", "2023-12-01")] == 282 and round(lz[("good_air_share_pct", "2023-12-01")], 1) == 77.3


def test_wuhan_public_service_seeds(obs, ind, areas):
    toilets = city_ratio(obs, ind, areas, "public_toilets_per_10k", WH)
    beds = city_ratio(obs, ind, areas, "elderly_care_beds_per_1000_elderly", WH)
    assert round(toilets.iloc[-1], 1) == 5.9
    assert beds.iloc[-1] > 50


def test_generator_is_deterministic(tmp_path):
    outs = []
    for i in range(2):
        out = tmp_path / f"obs{i}.csv"
        subprocess.run([sys.executable, str(DEMO / "make_demo.py"), "--out", str(out), "--quiet"],
                       check=True, cwd=tmp_path, capture_output=True)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert outs[0] == (DEMO / "observations.csv").read_bytes(), "committed CSV is stale: rerun make_demo.py"
