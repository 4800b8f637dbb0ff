-- PostgreSQL only: what the embedded file does not need.
-- Figures are read by area (a city and its districts) far more than by indicator first: a second
-- index so a city's question does not scan a province's figures. It carries the source, so the
-- sidebar's and the stamp's questions (demo_data_share, area_sources: every figure of a city) are
-- answered from the index alone (issue 19: 157-292 ms a parallel scan of a province's observations).
-- It replaces the index on (area_code, period) without the source.
CREATE INDEX IF NOT EXISTS observations_by_area_source ON observations (area_code, period) INCLUDE (source);
DROP INDEX IF EXISTS observations_by_area;
-- Pages read `figures` by area the same way (the embedded file relies on its area sort instead):
-- without it every question scanned all figures (a province's 4.4M rows).
CREATE INDEX IF NOT EXISTS figures_by_area ON figures (area_code, indicator_code, period);
-- The source counts kept beside figures (source_counts.py) are read by area and period only.
CREATE INDEX IF NOT EXISTS observation_sources_by_area ON observation_sources (area_code, period)
    INCLUDE (source, n_observations);
-- The series kept beside figures (figure_series) are read the same way: by area and indicator, then
-- the period (the latest row as of a date, the window from the baseline). It carries the change, so a
-- write's upkeep of the typical change (the median |change| of each touched series, series.py) reads a
-- series' changes from the index alone (a monthly file at the province tier: 35,825 series x 118 rows,
-- 0.083 -> 0.030 ms a series). It replaces the index without the change.
CREATE INDEX IF NOT EXISTS figure_series_by_area_change ON figure_series (area_code, indicator_code, period) INCLUDE (change);
DROP INDEX IF EXISTS figure_series_by_area;
-- ... and by the date each row stops being the latest (title_progress's `recent`: the rows current on a
-- date are the few whose next period is after it; by the index above a city's districts read all their rows)
CREATE INDEX IF NOT EXISTS figure_series_by_area_until
    ON figure_series (area_code, (coalesce(next_period, DATE '9999-12-31')), indicator_code) INCLUDE (period);
-- A write rewrites its figures and series rows by difference (delete + insert, figures_pg.py, series.py):
-- a monthly file leaves ~33k dead figures and ~72k dead series rows. Vacuumed at the default 20% of the
-- table (a province: every ~12 files), the series' pages lose their all-visible bit one file after another
-- and the index-only reads above turn back into heap reads (the series upkeep 1.9 -> 5.5 s over three
-- files); at 1% the server vacuums them in the background about once a file.
ALTER TABLE figures SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01);
ALTER TABLE figure_series SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01);
-- Questions keep only complete figures, `(areas_reported = areas_expected) IS TRUE`: without
-- statistics on that expression the planner guesses 0.5% of the rows (nearly all match), and every
-- step after it was planned for a few rows (title_progress ran 2 minutes on the city tier in a nested
-- loop over observations). Statistics on expressions need PostgreSQL 14. A store upgraded to this
-- schema is analysed once when they are made (they are empty until the next ANALYZE).
DO $fn$
BEGIN
    IF current_setting('server_version_num')::int >= 140000
       AND NOT EXISTS (SELECT 1 FROM pg_statistic_ext WHERE stxname = 'figures_complete'
                       AND stxnamespace = current_schema()::regnamespace) THEN
        CREATE STATISTICS figures_complete ON (areas_reported = areas_expected) FROM figures;
        ANALYZE figures;
    END IF;
END
$fn$;
-- Files kept beside the DuckDB file (problem photos) live here on a shared server: no replica keeps
-- state on its own disk. Content-addressed (the name is the SHA-256 of the bytes).
CREATE TABLE IF NOT EXISTS stored_files (
    folder VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    data BYTEA NOT NULL,
    stored_at TIMESTAMP NOT NULL DEFAULT now(),
    PRIMARY KEY (folder, name)
);
-- Which schema text was last applied (a hash), so replicas starting together apply it once.
CREATE TABLE IF NOT EXISTS cocreate_schema (
    id INTEGER PRIMARY KEY,
    sha256 VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL DEFAULT now()
);
