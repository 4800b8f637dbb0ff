-- Honesty rules (DESIGN.md): titles the city cannot be rated on, the standard's own size, and
-- the Chinese text of versions, references and notes. ALTERs so an older database file gains them.
CREATE TABLE IF NOT EXISTS not_applicable (
    area_code VARCHAR NOT NULL,                    -- a city's row applies to its districts too
    title_code VARCHAR NOT NULL,
    indicator_code VARCHAR NOT NULL,
    reason_zh VARCHAR NOT NULL,
    reason_en VARCHAR NOT NULL,
    PRIMARY KEY (area_code, title_code, indicator_code)
);
ALTER TABLE titles ADD COLUMN IF NOT EXISTS indicators_in_standard INTEGER;
-- what a city's ratios are computed over, when that is not the whole city (Wuhan: its 13 districts)
ALTER TABLE areas ADD COLUMN IF NOT EXISTS ratio_base_zh VARCHAR;
ALTER TABLE areas ADD COLUMN IF NOT EXISTS ratio_base_en VARCHAR;
ALTER TABLE titles ADD COLUMN IF NOT EXISTS indicators_in_standard_source VARCHAR;
ALTER TABLE titles ADD COLUMN IF NOT EXISTS standard_version_zh VARCHAR;
ALTER TABLE title_indicators ADD COLUMN IF NOT EXISTS standard_ref_zh VARCHAR;
ALTER TABLE title_indicators ADD COLUMN IF NOT EXISTS notes_zh VARCHAR;
-- what is demo about a city's data, said on its own pages only (a banner tells only what is true of the city shown)
ALTER TABLE areas ADD COLUMN IF NOT EXISTS demo_note_zh VARCHAR;
ALTER TABLE areas ADD COLUMN IF NOT EXISTS demo_note_en VARCHAR;
