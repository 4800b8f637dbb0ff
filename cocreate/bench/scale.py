"""Synthetic databases of the benchmark tiers (DESIGN.md "Scale tiers"), generated inside DuckDB.

    generate(db_path, scale) -> dict   # scale: city | province | nation

The catalog is the real one (data/catalog: titles, indicators, title_indicators) plus suffixed
copies (`<code>_s1`, `_s2`, `_s3`) of every indicator that rolls up from districts (measures, `sum`
and `weighted_mean` values, ratios built on the copy's own measures), about 220 indicators and
measures in all; each copy joins the same titles as its original with the same threshold, so the
titles grow with it. Areas are synthetic: cities `9PCC00` and districts `9PCCDD` (province codes
90-99 are unassigned in GB/T 2260, so they never clash with a real code). Every city campaigns for
every title. Observations follow the import rules, so the data is what a city could have loaded:
`city_only` values at the city, everything else at the districts, no row for a ratio (it is
computed from its measures), 120 monthly periods up to 2026-10, source = 'synthetic'.
Rows = 120 x (cities x 37 city_only + districts x 132 others): city 194,520, province 2,917,800,
nation 48,852,000 -- fewer than DESIGN.md's ~300k / 4.7M / 80M, whose figures assume every area
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
import time
from pathlib import Path

from cocreate import DATA_DIR
from cocreate.store.build import load_frame, new_database, read_catalog_csv
from cocreate.store.db import bump_data_version
from cocreate.store.figures import refresh_figures
from cocreate.bench.scale_catalog import add_city_catalog

# tier -> (cities, districts per city)
TIERS = {"city": (1, 12), "province": (15, 12), "nation": (300, 10)}
N_COPIES = 3            # suffixed copies of the roll-up part of the catalog
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


_SETUP = """
SET enable_progress_bar = false;
CREATE OR REPLACE TEMP MACRO u01(x) AS (hash(x) % 1000003)::DOUBLE / 1000003;
-- the line of an indicator (or a ratio) around its threshold: 1.0 = at the threshold
CREATE OR REPLACE TEMP MACRO lvl(a, b, m, sid) AS
    a + b * m / 119.0 + 0.03 * (u01(sid * 1000 + m) - 0.5);
CREATE OR REPLACE TEMP MACRO target(thr, direction, level) AS
    CASE WHEN direction = 'yes_no' THEN CASE WHEN level >= 1.0 THEN 1.0 ELSE 0.0 END
         WHEN thr = 0 AND direction = 'down' THEN greatest(0.0, round((1.0 - level) * 4))
         WHEN thr = 0 THEN greatest(0.0, level)
         WHEN direction = 'down' THEN thr * greatest(0.05, 2.0 - level)
         ELSE thr * level END;
-- a base measure: size of the area x factor, growing by g a year, 0.2 % noise
CREATE OR REPLACE TEMP MACRO basev(pop, factor, g, m, sid, decimals) AS
    round(pop * factor * (1 + g * m / 12.0) * (1 + 0.004 * (u01(sid * 1000 + m) - 0.5)), decimals);
"""

_PERIODS = """
CREATE TEMP TABLE _periods AS
SELECT m::INTEGER AS m, (DATE '2016-11-01' + to_months(m::INTEGER))::DATE AS period
FROM range(120) r(m)
"""

_AREAS = """
INSERT INTO areas (code, name_zh, name_en, level, parent_code, population_2020, elderly_60_2020,
                   population_source, notes)
WITH cities AS (
    SELECT i, printf('%02d%02d', 90 + i // 30, 1 + i % 30) AS prefix FROM range($n_cities) r(i)
),
districts AS (
    SELECT c.i, j, c.prefix || '00' AS city_code, c.prefix || printf('%02d', 1 + j) AS code,
           (150000 + hash('pop|' || c.prefix || printf('%02d', 1 + j)) % 1350000)::BIGINT AS pop
    FROM cities c, range($per_city) r(j)
)
SELECT code, printf('合成%04d市%02d区', i + 1, j + 1), printf('Synthetic city %04d district %02d', i + 1, j + 1),
       'district', city_code, pop, (pop * 0.18)::BIGINT, 'synthetic', 'synthetic benchmark area'
FROM districts
UNION ALL
SELECT c.prefix || '00', printf('合成%04d市', c.i + 1), printf('Synthetic city %04d', c.i + 1), 'city', NULL,
       sum(d.pop), (sum(d.pop) * 0.18)::BIGINT, 'synthetic', 'synthetic benchmark area'
FROM cities c JOIN districts d ON d.i = c.i
GROUP BY c.i, c.prefix
"""

_CAMPAIGNS = """
INSERT INTO campaigns (title_code, area_code, campaign_start, deadline, notes)
SELECT t.code, a.code,
       (DATE '2024-01-01' + to_months((hash('start|' || a.code || t.code) % 12)::INTEGER))::DATE,
       coalesce(real.deadline, DATE '2028-06-30'), 'synthetic'
FROM titles t CROSS JOIN areas a
LEFT JOIN (SELECT title_code, max(deadline) AS deadline FROM _real_campaigns GROUP BY title_code) real
  ON real.title_code = t.code
WHERE a.level = 'city'
"""

_COPY_INDICATORS = """
INSERT INTO indicators BY NAME
SELECT i.* REPLACE (
    code || '_s' || k AS code,
    name_zh || '（副本' || k || '）' AS name_zh,
    name_en || ' (copy ' || k || ')' AS name_en,
    numerator_code || '_s' || k AS numerator_code,
    denominator_code || '_s' || k AS denominator_code,
    weight_code || '_s' || k AS weight_code,
    'synthetic copy ' || k || ' of ' || code AS notes)
FROM indicators i, range(1, $copies + 1) r(k)
WHERE i.kind = 'measure' OR i.aggregation <> 'city_only'
"""

_COPY_TITLE_INDICATORS = """
INSERT INTO title_indicators BY NAME
SELECT ti.* REPLACE (ti.indicator_code || '_s' || k AS indicator_code)
FROM title_indicators ti JOIN indicators i ON i.code = ti.indicator_code, range(1, $copies + 1) r(k)
WHERE i.kind = 'measure' OR i.aggregation <> 'city_only'
"""

# One row per indicator x area that has a line (stored series and ratio lines), with its parameters.
_SERIES = """
CREATE TEMP TABLE _series AS
WITH thr AS (
    SELECT indicator_code, arg_min(threshold, title_code) AS threshold
    FROM title_indicators GROUP BY indicator_code
),
ind AS (
    SELECT i.code, i.kind, i.direction, i.aggregation, i.value_min, i.value_max,
           coalesce(i.decimals, 2) AS decimals, coalesce(i.scale, 1) AS scale,
           coalesce(thr.threshold, CASE WHEN i.kind <> 'measure' THEN 0.8 * i.value_max END, 50) AS threshold
    FROM indicators i LEFT JOIN thr ON thr.indicator_code = i.code
),
placed AS (
    SELECT ind.*, a.code AS area_code,
           CASE WHEN a.level = 'city' THEN 1
                ELSE (SELECT count(*) FROM areas s WHERE s.parent_code = a.parent_code) END AS n_siblings,
           a.population_2020 AS pop
    FROM ind JOIN areas a
      ON (ind.aggregation = 'city_only' AND ind.kind <> 'ratio' AND a.level = 'city')
      OR ((ind.aggregation <> 'city_only' OR ind.kind = 'ratio') AND a.level <> 'city')
)
SELECT row_number() OVER (ORDER BY code, area_code)::BIGINT AS sid, *,
       0.70 + 0.35 * u01(code || '|' || area_code || '|a') AS a,
       -0.10 + 0.40 * u01(code || '|' || area_code || '|b') AS b,
       -0.005 + 0.03 * u01(code || '|' || area_code || '|g') AS g
FROM placed
"""

# Every stored row in one statement: values, base measures, and measures derived from a ratio line.
_OBSERVATIONS = """
INSERT INTO observations (indicator_code, area_code, period, value, source, note, loaded_at, batch_id)
WITH plan AS (SELECT * FROM _plan),
base_factor AS (SELECT * FROM _base_factor),
stored AS (
    SELECT s.*, p.role, p.ratio_code, p.source_code, coalesce(f.factor, $default_factor) AS factor
    FROM _series s
    LEFT JOIN plan p ON p.measure_code = s.code
    LEFT JOIN base_factor f ON f.code = s.code
    WHERE s.kind <> 'ratio'
),
derived AS (   -- a measure set by a ratio: carry the ratio's line and its source measure's parameters
    SELECT st.sid, r.sid AS r_sid, r.a AS r_a, r.b AS r_b, r.threshold AS r_thr, r.direction AS r_dir,
           r.scale AS r_scale, src.sid AS src_sid, src.g AS src_g, src.decimals AS src_dec,
           coalesce(f.factor, $default_factor) AS src_factor
    FROM stored st
    JOIN _series r ON r.code = st.ratio_code AND r.area_code = st.area_code
    JOIN _series src ON src.code = st.source_code AND src.area_code = st.area_code
    LEFT JOIN base_factor f ON f.code = src.code
),
series AS (
    SELECT st.*, d.r_sid, d.r_a, d.r_b, d.r_thr, d.r_dir, d.r_scale, d.src_sid, d.src_g, d.src_dec, d.src_factor
    FROM stored st LEFT JOIN derived d ON d.sid = st.sid
),
valued AS (
    SELECT s.code, s.area_code, p.period,
           CASE
             WHEN s.kind = 'value' AND s.aggregation = 'sum' THEN
                 round(target(s.threshold, s.direction, lvl(s.a, s.b, p.m, s.sid)) / s.n_siblings
                       + (u01(s.sid) - 0.5) * pow(10, -s.decimals), s.decimals)
             WHEN s.kind = 'value' THEN round(target(s.threshold, s.direction, lvl(s.a, s.b, p.m, s.sid)), s.decimals)
             WHEN s.role = 'num' THEN round(
                 basev(s.pop, s.src_factor, s.src_g, p.m, s.src_sid, s.src_dec)
                 * target(s.r_thr, s.r_dir, lvl(s.r_a, s.r_b, p.m, s.r_sid)) / s.r_scale, s.decimals)
             WHEN s.role = 'den' THEN greatest(1, round(
                 basev(s.pop, s.src_factor, s.src_g, p.m, s.src_sid, s.src_dec) * s.r_scale
                 / greatest(target(s.r_thr, s.r_dir, lvl(s.r_a, s.r_b, p.m, s.r_sid)), 1e-9), s.decimals))
             ELSE basev(s.pop, s.factor, s.g, p.m, s.sid, s.decimals)
           END AS raw_value,
           s.value_min, s.value_max
    FROM series s CROSS JOIN _periods p
)
SELECT code, area_code, period,
       least(greatest(raw_value, coalesce(value_min, raw_value)), coalesce(value_max, raw_value)),
       'synthetic', NULL, $loaded_at, 1
FROM valued
"""


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
        con.execute(_SERIES)
        loaded_at = dt.datetime(2026, 11, 1)
        con.execute(
            "INSERT INTO import_batches (batch_id, loaded_at, user_name, file_name, rows_accepted, rows_replaced, "
            "status, note) VALUES (1, ?, 'demo', 'synthetic', 0, 0, 'active', ?)",
            [loaded_at, f"synthetic {scale} tier (cocreate.bench.scale)"])
        con.execute(_OBSERVATIONS, {"default_factor": DEFAULT_BASE_FACTOR, "loaded_at": loaded_at})
        rows = con.execute("SELECT count(*) FROM observations").fetchone()[0]
        con.execute("UPDATE import_batches SET rows_accepted = ? WHERE batch_id = 1", [rows])
        con.execute("INSERT INTO meta VALUES ('synthetic_scale', ?) ON CONFLICT (key) DO UPDATE SET value = ?",
                    [scale, scale])
        refresh_figures(con)
        bump_data_version(con)
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
        expected = expected_rows(con, scale)
        n_ind = con.execute("SELECT count(*) FROM indicators").fetchone()[0]
        n_areas = con.execute("SELECT count(*) FROM areas").fetchone()[0]
    return {"scale": scale, "rows": int(rows), "expected_rows": int(expected), "indicators": int(n_ind),
            "areas": int(n_areas), "build_seconds": round(time.perf_counter() - t0, 2)}
