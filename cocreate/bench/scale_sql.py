"""The SQL of the synthetic tiers (cocreate/bench/scale.py runs it): the setup, the periods, the
synthetic areas and campaigns, the catalog copies, one line per series and every observation in one
INSERT ... SELECT."""

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
