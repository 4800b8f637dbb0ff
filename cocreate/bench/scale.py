"""Synthetic databases of the benchmark tiers (DESIGN.md "Scale tiers"), generated inside DuckDB.

    generate(db_path, scale) -> dict   # scale: city | province | nation

The catalog is the real one (data/catalog: titles, indicators, title_indicators) plus suffixed
copies (`<code>_s1`, `_s2`) of every indicator that rolls up from districts (measures, `sum`
and `weighted_mean` values, ratios built on the copy's own measures), about 240 indicators and
measures in all; each copy joins the same titles as its original with the same threshold, so the
titles grow with it. Areas are synthetic: cities `9PCC00` and districts `9PCCDD` (province codes
90-99 are unassigned in GB/T 2260, so they never clash with a real code). Every city campaigns for
every title. Observations follow the import rules, so the data is what a city could have loaded:
`city_only` values at the city, everything else at the districts, no row for a ratio (it is
computed from its measures), 120 monthly periods up to 2026-10, source = 'synthetic'.
Rows = 120 x (cities x 56 city_only + districts x 132 others): city 196,800 (measured); province
and nation by the same formula -- fewer than DESIGN.md's ~300k / 4.7M / 80M, whose figures assume every area
stores every indicator (the importer refuses such rows); copies=N_COPIES sets the volume.

Values are pure functions of (indicator, area, month) through DuckDB's hash(), so a build is
deterministic and one INSERT ... SELECT over series x periods writes every row (no Python loop
over rows). Each series is a line around the indicator's threshold (start 70-105 % of it, drift
-10..+30 % over the ten years, 3 % noise), so the statuses spread over met / on track / off track /
deteriorating. For a ratio, the numerator measure is written as denominator x ratio / scale (or
the denominator from the numerator when the numerator is itself a base such as population), so
the computed ratio follows the same kind of line and city roll-ups are ratios of district sums.
"""
from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

from cocreate import DATA_DIR
from cocreate.store.build import load_frame, new_database, read_catalog_csv
from cocreate.store.db import bump_data_version
from cocreate.store.figures import refresh_figures
from cocreate.bench.scale_catalog import add_city_catalog
from cocreate.bench.scale_sql import (_AREAS, _CAMPAIGNS, _COPY_INDICATORS, _COPY_TITLE_INDICATORS,
                                       _OBSERVATIONS, _PERIODS, _SERIES, _SETUP)

# tier -> (cities, districts per city)
TIERS = {"city": (1, 12), "province": (15, 12), "nation": (300, 10)}
N_COPIES = 2            # suffixed copies of the roll-up part of the catalog (2 since the twelve
                        # public-service areas grew the catalog to 116 codes: 116 + 2 x 60 = 236, "~200")
CITIES_PER_PART = 20     # cities generated (and committed) together: bounds the build's memory
N_PERIODS = 120         # monthly
LAST_PERIOD = dt.date(2026, 10, 1)
FIRST_PERIOD = dt.date(2016, 11, 1)   # LAST_PERIOD - 119 months
SOURCE = "synthetic"

# Base measures: magnitude per resident of the area (a measure not listed uses 0.001).
BASE_FACTORS = {
    "population": 1.0,
    "elderly_population": 0.18,
    "built_up_area_ha": 0.01,          # 100 m2 of built-up land per resident
    "public_parking_lots": 0.0004,
    "heating_households": 0.3,
    "wet_markets": 0.00005,
}
DEFAULT_BASE_FACTOR = 0.001


def tier_sizes(scale: str) -> dict:
    """Areas of a tier: cities, districts per city, districts."""
    if scale not in TIERS:
        raise ValueError(f"unknown scale {scale!r}: choose one of {', '.join(TIERS)}")
    cities, per_city = TIERS[scale]
    return {"cities": cities, "districts_per_city": per_city, "districts": cities * per_city}


def expected_rows(con, scale: str) -> int:
    """The tier formula: periods x (cities x city_only indicators + districts x other stored ones),
    counted from the catalog in `con` (ratios store no rows)."""
    s = tier_sizes(scale)
    n_city, n_district = con.execute(
        "SELECT count(*) FILTER (WHERE aggregation = 'city_only'), count(*) FILTER (WHERE aggregation <> 'city_only') "
        "FROM indicators WHERE kind <> 'ratio'").fetchone()
    return N_PERIODS * (s["cities"] * n_city + s["districts"] * n_district)


def _catalog_plan(con) -> list[tuple]:
    """For each measure that a ratio determines: (measure, ratio, role, source measure).
    role 'num': measure = source (the denominator) x ratio / scale; role 'den': measure = source
    (the numerator) x scale / ratio. A numerator that is itself a denominator elsewhere (population)
    stays a base and the ratio's denominator is derived instead. Small: the catalog, not the rows."""
    ratios = con.execute("SELECT code, numerator_code, denominator_code FROM indicators "
                         "WHERE kind = 'ratio' ORDER BY code").fetchall()
    denominators = {d for _, _, d in ratios}
    plan, derived = [], set()
    for code, num, den in ratios:
        if num not in denominators and num not in derived:
            plan.append((num, code, "num", den))
            derived.add(num)
        elif den not in derived and den not in {n for n, *_ in plan}:
            plan.append((den, code, "den", num))
            derived.add(den)
    # a source that is itself derived would need a second pass; the catalog has none, keep it so
    sources = {p[3] for p in plan}
    if sources & derived:
        raise ValueError(f"derived measure used as a source: {sorted(sources & derived)}")
    return plan


def _strip_suffix(code: str) -> str:
    head, sep, tail = code.rpartition("_s")
    return head if sep and tail.isdigit() else code


def generate(db_path, scale: str = "city", data_dir: Path = DATA_DIR, copies: int = N_COPIES) -> dict:
    """Write the synthetic database of `scale` to `db_path` (replaced if present); return figures:
    scale, rows, expected_rows, indicators, areas, build_seconds."""
    sizes = tier_sizes(scale)
    t0 = time.perf_counter()
    with new_database(Path(db_path)) as con:
        con.execute(_SETUP)
        # the other engineers' processes share the machine: DuckDB spills past this instead of taking 80 % of memory
        con.execute("SET memory_limit = '8GB'")
        con.execute("BEGIN")
        for name in ("titles", "indicators", "title_indicators"):
            load_frame(con, name, read_catalog_csv(data_dir / "catalog" / f"{name}.csv"))
        con.register("_real_campaigns_frame", read_catalog_csv(data_dir / "catalog" / "campaigns.csv"))
        con.execute("CREATE TEMP TABLE _real_campaigns AS SELECT title_code, CAST(deadline AS DATE) AS deadline "
                    "FROM _real_campaigns_frame")
        con.unregister("_real_campaigns_frame")
        con.execute(_COPY_TITLE_INDICATORS, {"copies": copies})   # before the copies exist: originals only
        con.execute(_COPY_INDICATORS, {"copies": copies})
        con.execute(_AREAS, {"n_cities": sizes["cities"], "per_city": sizes["districts_per_city"]})
        con.execute(_CAMPAIGNS)
        add_city_catalog(con, data_dir)
        con.execute(_PERIODS)
        plan = []
        for measure, ratio, role, source in _catalog_plan(con):
            plan.append((measure, ratio, role, source))
        con.execute("CREATE TEMP TABLE _plan (measure_code VARCHAR, ratio_code VARCHAR, role VARCHAR, "
                    "source_code VARCHAR)")
        if plan:
            con.executemany("INSERT INTO _plan VALUES (?, ?, ?, ?)", plan)
        measures = [r[0] for r in con.execute("SELECT code FROM indicators WHERE kind = 'measure'").fetchall()]
        con.execute("CREATE TEMP TABLE _base_factor (code VARCHAR, factor DOUBLE)")
        con.executemany("INSERT INTO _base_factor VALUES (?, ?)",
                        [(m, BASE_FACTORS.get(_strip_suffix(m), DEFAULT_BASE_FACTOR)) for m in measures])
        con.execute(_SERIES.replace("CREATE TEMP TABLE _series", "CREATE TEMP TABLE _series_all"))
        loaded_at = dt.datetime(2026, 11, 1)
        con.execute(
            "INSERT INTO import_batches (batch_id, loaded_at, user_name, file_name, rows_accepted, rows_replaced, "
            "status, note) VALUES (1, ?, 'demo', 'synthetic', 0, 0, 'active', ?)",
            [loaded_at, f"synthetic {scale} tier (cocreate.bench.scale)"])
        con.execute("INSERT INTO meta VALUES ('synthetic_scale', ?) ON CONFLICT (key) DO UPDATE SET value = ?",
                    [scale, scale])
        # observations and figures a few cities at a time, each part committed: one transaction of the
        # nation tier (49M rows) held the whole primary-key index and the figures in memory (18 GB, killed)
        cities = [r[0] for r in con.execute("SELECT code FROM areas WHERE level = 'city' ORDER BY code").fetchall()]
        for k in range(0, len(cities), CITIES_PER_PART):
            part = cities[k:k + CITIES_PER_PART]
            con.execute("CREATE OR REPLACE TEMP TABLE _series AS SELECT s.* FROM _series_all s "
                        "JOIN areas a ON a.code = s.area_code WHERE list_contains($part, coalesce(a.parent_code, a.code))",
                        {"part": part})
            con.execute(_OBSERVATIONS, {"default_factor": DEFAULT_BASE_FACTOR, "loaded_at": loaded_at})
            refresh_figures(con, cities=None if len(part) == len(cities) else part)
            con.execute("COMMIT")
            con.execute("BEGIN")
            if len(cities) > CITIES_PER_PART:
                print(f"  synthetic {scale}: {min(k + CITIES_PER_PART, len(cities))}/{len(cities)} cities "
                      f"in {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
        rows = con.execute("SELECT count(*) FROM observations").fetchone()[0]
        con.execute("UPDATE import_batches SET rows_accepted = ? WHERE batch_id = 1", [rows])
        bump_data_version(con)
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
        expected = expected_rows(con, scale)
        n_ind = con.execute("SELECT count(*) FROM indicators").fetchone()[0]
        n_areas = con.execute("SELECT count(*) FROM areas").fetchone()[0]
    return {"scale": scale, "rows": int(rows), "expected_rows": int(expected), "indicators": int(n_ind),
            "areas": int(n_areas), "build_seconds": round(time.perf_counter() - t0, 2)}
