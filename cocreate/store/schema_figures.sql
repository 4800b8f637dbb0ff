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
    source VARCHAR                                 -- the observation's; a ratio: its numerator's; a roll-up: its children's, '; '-joined
);
