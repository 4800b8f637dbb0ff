-- Public services (issue 24): the twelve monitored areas and each indicator's area (DESIGN.md:
-- indicators.service_area, one of the twelve codes for a public-service metric, empty otherwise).
ALTER TABLE indicators ADD COLUMN IF NOT EXISTS service_area VARCHAR;

CREATE TABLE IF NOT EXISTS service_areas (
    code VARCHAR PRIMARY KEY,   -- education, employment, medical, ... (DESIGN.md's twelve codes)
    sort_order INTEGER NOT NULL,
    name_zh VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL
);
