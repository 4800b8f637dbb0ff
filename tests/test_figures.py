"""The figures table always equals what the roll-up macro (the reference) computes from scratch:
after a build, and after every one of a seeded run of random imports, rollbacks and direct edits."""
from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pandas as pd
import pytest

from cocreate.intake.observations import ImportResult, load_frame
from cocreate.store import db
from cocreate.store.figures import refresh_figures
from tests.random_writes import random_writes

KEYS = ["indicator_code", "area_code", "period"]
NUMBERS = ["value", "numerator", "denominator"]
COUNTS = ["areas_reported", "areas_expected"]


def _mismatches(con) -> pd.DataFrame:
    """Rows that differ between `figures` and the macro over every area (empty = equal)."""
    ref = con.execute("SELECT * FROM indicator_values").df()
    got = con.execute("SELECT * EXCLUDE (source) FROM figures").df()
    assert not got.duplicated(KEYS).any(), "figures has a key twice"
    m = ref.merge(got, on=KEYS, how="outer", suffixes=("_ref", "_fig"), indicator=True)
    bad = m["_merge"] != "both"
    for col in NUMBERS:
        a, b = m[col + "_ref"].astype(float), m[col + "_fig"].astype(float)
        same = (a.isna() & b.isna()) | np.isclose(a, b, rtol=1e-9, atol=1e-9)
        bad |= ~same
    for col in COUNTS + ["is_rollup"]:
        bad |= m[col + "_ref"].astype(str) != m[col + "_fig"].astype(str)
    return m[bad]


def _catalog(con):
    ind = con.execute("SELECT code, aggregation FROM indicators WHERE kind <> 'ratio' ORDER BY code").fetchall()
    return ind


def _random_rows(rng: random.Random, indicators, n: int) -> pd.DataFrame:
    rows, seen = [], set()
    for _ in range(n):
        code, aggregation = rng.choice(indicators)
        if aggregation == "city_only":
            area = rng.choice(["990100", "880100"])
        else:  # districts; now and then a city-level row the macro must ignore
            area = rng.choice(["990101", "990102", "990102", "990101", "990100"])
        period = dt.date(2021 + rng.randrange(3), 1 + rng.randrange(12), 1)
        if (code, area, period) in seen:
            continue
        seen.add((code, area, period))
        value = rng.choice([0.0, 1.0, round(rng.uniform(0, 2_000_000), 2), round(rng.uniform(0, 100), 1)])
        rows.append({"indicator_code": code, "area_code": area, "period": pd.Timestamp(period), "value": value,
                     "note": None, "source": rng.choice(["fixture", "survey", None])})
    frame = pd.DataFrame(rows).astype({"indicator_code": "string", "area_code": "string", "value": "float64",
                                       "note": "string", "source": "string"})
    frame["period"] = frame["period"].astype("datetime64[s]")
    return frame


def test_figures_equal_the_macro_after_build(fixture_con):
    assert len(fixture_con.execute("SELECT * FROM figures").fetchall()) > 100
    assert _mismatches(fixture_con).empty
    # the source of a leaf is its observation's
    src = fixture_con.execute(
        "SELECT count(*) FROM figures f JOIN observations o USING (indicator_code, area_code, period) "
        "WHERE NOT f.is_rollup AND f.source IS DISTINCT FROM o.source").fetchone()[0]
    assert src == 0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_figures_follow_random_imports_and_rollbacks(fixture_con, seed):
    rng = random.Random(seed)
    indicators = _catalog(fixture_con)

    def check(step):
        bad = _mismatches(fixture_con)
        assert bad.empty, f"seed {seed} step {step}:\n{bad.head(10).to_string()}"

    random_writes(fixture_con, rng, 14, lambda step: _random_rows(rng, indicators, rng.randrange(1, 25)), check)


def test_refresh_touches_only_what_changed(fixture_con):
    """A changed district figure of a summed value rewrites that figure and its city's roll-up only."""
    key = ["historic_districts_count", "990101", dt.date(2023, 1, 1)]
    with db.transaction(fixture_con) as cur:
        cur.execute("UPDATE observations SET value = 7 WHERE indicator_code = ? AND area_code = ? AND period = ?", key)
        counts = refresh_figures(cur, indicator_codes=[key[0]], area_codes=[key[1]], periods=[key[2]])
    assert counts == {"deleted": 2, "inserted": 2, "full": False}
    assert _mismatches(fixture_con).empty
    city = fixture_con.execute("SELECT value, areas_reported FROM figures WHERE indicator_code = ? "
                               "AND area_code = '990100' AND period = ?", [key[0], key[2]]).fetchone()
    assert city == (7.0, 2)


def test_a_denominator_change_reaches_later_ratios(fixture_con):
    """Population is read as of the period: a new population figure changes every later ratio (until
    the next stored population, 2023-01)."""
    before = fixture_con.execute(
        "SELECT count(*) FROM figures WHERE indicator_code = 'public_toilets_per_10k' AND area_code = '990101' "
        "AND period BETWEEN DATE '2022-02-01' AND DATE '2022-12-01'").fetchone()[0]
    assert before > 1
    frame = pd.DataFrame({"indicator_code": ["population"], "area_code": ["990101"],
                          "period": pd.to_datetime(["2022-02-01"]).astype("datetime64[s]"), "value": [2_000_000.0],
                          "note": [None], "source": ["fixture"]}).astype(
        {"indicator_code": "string", "area_code": "string", "note": "string", "source": "string"})
    load_frame(fixture_con, frame, ImportResult(file_name="pop.csv", sha256="x", rows_accepted=1), user_name="t")
    assert _mismatches(fixture_con).empty
    dens = fixture_con.execute(
        "SELECT DISTINCT denominator FROM figures WHERE indicator_code = 'public_toilets_per_10k' "
        "AND area_code = '990101' AND period BETWEEN DATE '2022-02-01' AND DATE '2022-12-01'").fetchall()
    assert dens == [(2_000_000.0,)]


def _load(con, rows: list[tuple[str, str, str, float, str | None]]) -> None:
    frame = pd.DataFrame({"indicator_code": [r[0] for r in rows], "area_code": [r[1] for r in rows],
                          "period": pd.to_datetime([r[2] for r in rows]).astype("datetime64[s]"),
                          "value": [r[3] for r in rows], "note": [None] * len(rows), "source": [r[4] for r in rows]}
                         ).astype({"indicator_code": "string", "area_code": "string", "note": "string",
                                   "source": "string"})
    load_frame(con, frame, ImportResult(file_name="src.csv", sha256="x", rows_accepted=len(rows)), user_name="t")


def check_sources(con) -> None:
    """A figure's sources (glossary "figure_sources"): the distinct sources of the observations it is
    worked out from, sorted byte-wise, '; '-joined, a NULL source 'unknown'. The fixture's are all
    'fixture'; this write gives 990101 a population (the toilets ratio's denominator) from 'census'
    at 2022-02, 990102 public toilets from 'Survey' at 2022-03 and 990101 public toilets with no
    source at 2022-04."""
    _load(con, [("population", "990101", "2022-02-01", 1_000_000.0, "census"),
                ("public_toilets", "990102", "2022-03-01", 81.0, "Survey"),
                ("public_toilets", "990101", "2022-04-01", 300.0, None)])
    got = {(i, a, str(p)[:10]): s for i, a, p, s in con.execute(
        "SELECT indicator_code, area_code, period, source FROM figures WHERE period BETWEEN "
        "DATE '2022-01-01' AND DATE '2022-04-01' AND indicator_code IN ('public_toilets', "
        "'public_toilets_per_10k')").fetchall()}
    ratio, toilets = "public_toilets_per_10k", "public_toilets"
    # 2022-01: untouched, all 'fixture'
    assert got[(ratio, "990101", "2022-01-01")] == got[(ratio, "990100", "2022-01-01")] == "fixture"
    # the ratio at 2022-02 reads its numerator ('fixture') and the population as of 2022-02 ('census'):
    # both, sorted ('c' < 'f'), though the numerator comes first in the ratio
    assert got[(ratio, "990101", "2022-02-01")] == "census; fixture"
    # ... and at 2022-03 the same population (the next stored one is 2023-01)
    assert got[(ratio, "990101", "2022-03-01")] == "census; fixture"
    # the city's ratio at 2022-02: its districts' lists {census, fixture} u {fixture}
    assert got[(ratio, "990100", "2022-02-01")] == "census; fixture"
    # the city's toilets at 2022-03: 990101 'fixture', 990102 'Survey': byte order puts 'S' (0x53)
    # before 'f' (0x66), whatever the server's locale
    assert got[(toilets, "990102", "2022-03-01")] == "Survey"
    assert got[(toilets, "990100", "2022-03-01")] == "Survey; fixture"
    # 2022-04: 990101's toilets have no source -> 'unknown'; its ratio {unknown} u {census};
    # the city's ratio {census, unknown} u 990102's {fixture} (split, united, sorted)
    assert got[(toilets, "990101", "2022-04-01")] == "unknown"
    assert got[(toilets, "990100", "2022-04-01")] == "fixture; unknown"
    assert got[(ratio, "990101", "2022-04-01")] == "census; unknown"
    assert got[(ratio, "990100", "2022-04-01")] == "census; fixture; unknown"


def test_a_figures_sources_are_every_observation_behind_it(fixture_con):
    check_sources(fixture_con)
    assert _mismatches(fixture_con).empty
