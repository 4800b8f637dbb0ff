-- The figures as the product reads them, worked out when observations change (cocreate/store/figures.py),
-- never when a page asks: one row per indicator (or measure) x area x period, exactly what the
-- roll-up macro indicator_values_for (views.sql, kept as the reference) computes, plus the source.
-- Rows are written sorted by area_code; a city and its districts share a
-- code prefix, so one city's rows sit in a few row groups and the others are skipped by min/max.
CREATE TABLE IF NOT EXISTS figures (
    area_code VARCHAR NOT NULL,
    indicator_code VARCHAR NOT NULL,
    period DATE NOT NULL,
    value DOUBLE,
    numerator DOUBLE,
    denominator DOUBLE,
    areas_reported INTEGER NOT NULL,
    areas_expected INTEGER NOT NULL,
    is_rollup BOOLEAN NOT NULL,
    source VARCHAR                                 -- glossary "figure_sources" (store/sources_sql.py): the sorted, '; '-joined
                                                   -- sources of the observations behind it (a ratio: numerator and denominator; a roll-up: its districts')
);

-- Each series of complete figures (indicator x area, areas_reported = areas_expected) as the status
-- method reads it, kept beside `figures` by cocreate/store/series.py in the same transaction: one row
-- per complete figure with the series' state up to it (the flags' inputs, method/flags.py), so a page's
-- question is lookups, not a window over each series (issue 19). The latest figure as of a date D is
-- the row with period <= D < coalesce(next_period, infinity).
CREATE TABLE IF NOT EXISTS figure_series (
    area_code VARCHAR NOT NULL,
    indicator_code VARCHAR NOT NULL,
    period DATE NOT NULL,
    next_period DATE,                              -- the series' next complete period; NULL: the latest
    value DOUBLE,
    numerator DOUBLE,
    denominator DOUBLE,
    value_before_1 DOUBLE,                         -- the two values before it in the series
    value_before_2 DOUBLE,
    change DOUBLE,                                 -- value - value_before_1
    typical_change DOUBLE,                         -- median |change| of the series up to this period
    first_period DATE NOT NULL                     -- the series' first complete period
);

-- How many observations each area holds per period and source, kept beside `figures` by
-- cocreate/store/source_counts.py in the same transaction: the sidebar's and the stamp's questions
-- (demo_data_share, area_sources) read these few rows per area and period, not every observation (issue 19).
CREATE TABLE IF NOT EXISTS observation_sources (
    area_code VARCHAR NOT NULL,
    period DATE NOT NULL,
    source VARCHAR,                                -- the observations' own (NULL kept as NULL)
    n_observations BIGINT NOT NULL
);
