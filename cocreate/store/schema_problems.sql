-- Problems found and put right (issue #11): inspection points, problems, their history, photos. Idempotent.

-- Catalogs: the kinds of point and of problem of the civilized-city field assessment, and the
-- escalation steps for overdue problems (督办 / 约谈) with their thresholds in days overdue.
CREATE TABLE IF NOT EXISTS point_types (
    code VARCHAR PRIMARY KEY,
    name_zh VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    sort_order INTEGER
);
CREATE TABLE IF NOT EXISTS problem_categories (
    code VARCHAR PRIMARY KEY,
    name_zh VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    deadline_days INTEGER,                         -- usual time allowed to put it right
    sort_order INTEGER
);
CREATE TABLE IF NOT EXISTS escalation_levels (
    code VARCHAR PRIMARY KEY,
    name_zh VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    days_overdue INTEGER NOT NULL,                 -- reached when a problem is this many days past its deadline
    sort_order INTEGER,
    notes VARCHAR
);

-- Inspection points (点位): a market, a back lane, a bus stop... in a district.
CREATE TABLE IF NOT EXISTS inspection_points (
    code VARCHAR PRIMARY KEY,                      -- PT-<area>-<hash of the name>, see cocreate.problems.intake
    name_zh VARCHAR NOT NULL,
    name_en VARCHAR,
    point_type VARCHAR,
    area_code VARCHAR NOT NULL,                    -- the district where the point lies
    lat DOUBLE,                                    -- WGS-84 (GPS, EXIF); the boundaries in data/geo are GCJ-02
    lon DOUBLE
);
-- The point ledger (点位台账, issue 21): `points import` keeps it; a replaced row goes to point_history.
ALTER TABLE inspection_points ADD COLUMN IF NOT EXISTS unit_code VARCHAR;      -- responsible unit: area or department code
ALTER TABLE inspection_points ADD COLUMN IF NOT EXISTS address VARCHAR;
ALTER TABLE inspection_points ADD COLUMN IF NOT EXISTS active BOOLEAN DEFAULT true;
ALTER TABLE inspection_points ADD COLUMN IF NOT EXISTS datum VARCHAR DEFAULT 'WGS-84';   -- of lat/lon: always WGS-84
ALTER TABLE inspection_points ADD COLUMN IF NOT EXISTS illustrative BOOLEAN DEFAULT false;  -- demo data (示例数据)
ALTER TABLE inspection_points ADD COLUMN IF NOT EXISTS batch_id INTEGER;       -- the ledger import that last wrote it
ALTER TABLE inspection_points ADD COLUMN IF NOT EXISTS updated_at TIMESTAMP;
ALTER TABLE inspection_points ADD COLUMN IF NOT EXISTS updated_by VARCHAR;

-- A point type's checklist for the field report (issue 21): an item that fails is a problem of its category.
-- data/catalog/point_type_checks.csv (illustrative items, not the assessment's text).
CREATE TABLE IF NOT EXISTS point_type_checks (
    point_type VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    check_zh VARCHAR NOT NULL,
    check_en VARCHAR,
    sort_order INTEGER,
    notes VARCHAR,
    PRIMARY KEY (point_type, category)
);

-- Every ledger import that changed something, and every point row it replaced (JSON of the old row).
CREATE TABLE IF NOT EXISTS point_batches (
    batch_id INTEGER PRIMARY KEY,
    loaded_at TIMESTAMP NOT NULL,
    user_name VARCHAR,
    file_name VARCHAR,
    file_sha256 VARCHAR,
    rows_inserted INTEGER,
    rows_updated INTEGER,
    rows_unchanged INTEGER
);
CREATE TABLE IF NOT EXISTS point_history (
    point_code VARCHAR NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    user_name VARCHAR,
    action VARCHAR NOT NULL,                       -- insert | update
    via VARCHAR,                                   -- the file name
    batch_id INTEGER,
    old_row VARCHAR                                -- JSON of the replaced row (update)
);

-- One row per problem, as it stands now; every change is in problem_history.
CREATE TABLE IF NOT EXISTS problems (
    problem_id VARCHAR PRIMARY KEY,
    area_code VARCHAR NOT NULL,                    -- district where the point lies
    unit_code VARCHAR NOT NULL,                    -- responsible unit: an area code or a department code
    point_code VARCHAR NOT NULL,
    point_type VARCHAR,
    point_name VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    description VARCHAR,
    found_date DATE NOT NULL,
    deadline DATE NOT NULL,
    status VARCHAR NOT NULL,                       -- open | rectified | verified | returned
    rectified_date DATE,
    verified_date DATE,
    source VARCHAR,                                -- how it was found: 暗访, 巡查, 12345, 随手拍...
    photo VARCHAR,                                 -- photo reference as written in the import file
    illustrative BOOLEAN NOT NULL DEFAULT false,   -- demo data (示例数据)
    batch_id INTEGER,                              -- the import that last wrote it
    updated_at TIMESTAMP,
    updated_by VARCHAR,
    CHECK (status IN ('open', 'rectified', 'verified', 'returned')),
    CHECK (deadline >= found_date)
);

-- Every state change: who, when, from which file or screen; the row as it was before (JSON).
CREATE TABLE IF NOT EXISTS problem_history (
    problem_id VARCHAR NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    user_name VARCHAR,
    action VARCHAR NOT NULL,                       -- found | import | rectify | verify | return | photo
    old_status VARCHAR,
    new_status VARCHAR,
    via VARCHAR,                                   -- a file name, or 'page'
    batch_id INTEGER,
    note VARCHAR,
    old_row VARCHAR                                -- JSON of the replaced row (imports)
);

CREATE TABLE IF NOT EXISTS problem_batches (
    batch_id INTEGER PRIMARY KEY,
    loaded_at TIMESTAMP NOT NULL,
    user_name VARCHAR,
    file_name VARCHAR,
    file_sha256 VARCHAR,
    rows_inserted INTEGER,
    rows_updated INTEGER,
    rows_unchanged INTEGER
);

-- Photos are files beside the database (photos/<stored_name>); only the checked metadata is here.
CREATE TABLE IF NOT EXISTS problem_photos (
    problem_id VARCHAR NOT NULL,
    stored_name VARCHAR NOT NULL,                  -- <sha256>.<ext>: content-addressed, never the uploaded name
    original_name VARCHAR,
    mime VARCHAR NOT NULL,                         -- image/jpeg | image/png | image/webp (from magic bytes)
    size_bytes INTEGER NOT NULL,
    kind VARCHAR NOT NULL,                         -- found | proof
    uploaded_at TIMESTAMP NOT NULL,
    uploaded_by VARCHAR,
    PRIMARY KEY (problem_id, stored_name)
);
-- before = the problem as found, after = put right (the proof of a fix); photos kept before this column say before
ALTER TABLE problem_photos ADD COLUMN IF NOT EXISTS role VARCHAR DEFAULT 'before';
UPDATE problem_photos SET role = 'after' WHERE kind = 'proof' AND role <> 'after';
