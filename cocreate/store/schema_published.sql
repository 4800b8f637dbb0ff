-- Published statistics (yearbooks, bulletins, census) kept BESIDE the campaign data, never mixed
-- into observations: each value carries its statistical base and its source. Idempotent.
CREATE TABLE IF NOT EXISTS published_figures (
    series_code VARCHAR NOT NULL,            -- one statistical base per series (never mix bases in a line)
    indicator_code VARCHAR,                  -- the catalog indicator it sits beside (may be NULL)
    series_name_zh VARCHAR NOT NULL,
    series_name_en VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    value DOUBLE NOT NULL,
    qualifier VARCHAR,                       -- '' or '<=' / '>=' when the source gives a bound
    unit_zh VARCHAR,
    unit_en VARCHAR,
    statistical_base_zh VARCHAR NOT NULL,
    statistical_base_en VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    confidence VARCHAR NOT NULL,             -- published | derived (D) | uncertain (?)
    note VARCHAR,
    PRIMARY KEY (series_code, area_code, year)
);
-- the source and note in Chinese (source, note: English); document and file names kept as written
ALTER TABLE published_figures ADD COLUMN IF NOT EXISTS source_zh VARCHAR;
ALTER TABLE published_figures ADD COLUMN IF NOT EXISTS note_zh VARCHAR;

-- Reference values for the public-service metrics beyond the benchmark threshold (best
-- practice in the source documents, national averages, plan targets).
CREATE TABLE IF NOT EXISTS benchmark_references (
    indicator_code VARCHAR NOT NULL,
    reference_code VARCHAR NOT NULL,
    label_zh VARCHAR NOT NULL,
    label_en VARCHAR NOT NULL,
    value DOUBLE NOT NULL,
    qualifier VARCHAR,                       -- '' or '>=' / '<='
    year INTEGER,
    kind VARCHAR NOT NULL,                   -- best_practice | plan_target | national_average | standard
    source VARCHAR NOT NULL,
    confidence VARCHAR NOT NULL,             -- published | uncertain
    note VARCHAR,
    PRIMARY KEY (indicator_code, reference_code)
);
