-- PostgreSQL only: what the embedded file does not need.
-- Figures are read by area (a city and its districts) far more than by indicator first: a second
-- index so a city's question does not scan a province's figures.
CREATE INDEX IF NOT EXISTS observations_by_area ON observations (area_code, period);
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
