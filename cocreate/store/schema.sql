-- Schema of the co-creation store. Applied by cocreate.db.apply_schema; idempotent.
CREATE TABLE IF NOT EXISTS titles (
    code VARCHAR PRIMARY KEY,
    name_zh VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    short_zh VARCHAR,
    short_en VARCHAR,
    kind VARCHAR NOT NULL DEFAULT 'title',          -- title | benchmark
    is_leader BOOLEAN NOT NULL DEFAULT false,
    standard_version VARCHAR,
    sort_order INTEGER,
    notes VARCHAR
);

CREATE TABLE IF NOT EXISTS areas (
    code VARCHAR PRIMARY KEY,
    name_zh VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    level VARCHAR NOT NULL,                        -- city | district | county | zone
    parent_code VARCHAR,
    population_2020 BIGINT,
    elderly_60_2020 BIGINT,
    population_source VARCHAR,
    lat DOUBLE,
    lon DOUBLE,
    notes VARCHAR
);

CREATE TABLE IF NOT EXISTS campaigns (
    title_code VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL,
    campaign_start DATE NOT NULL,
    deadline DATE NOT NULL,
    notes VARCHAR,
    PRIMARY KEY (title_code, area_code)
);

CREATE TABLE IF NOT EXISTS indicators (
    code VARCHAR PRIMARY KEY,
    name_zh VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    category_zh VARCHAR,
    category_en VARCHAR,
    unit VARCHAR,
    unit_zh VARCHAR,
    unit_en VARCHAR,
    direction VARCHAR NOT NULL,                    -- up | down | yes_no
    kind VARCHAR NOT NULL,                         -- value | ratio | measure
    numerator_code VARCHAR,
    denominator_code VARCHAR,
    scale DOUBLE,
    aggregation VARCHAR NOT NULL,                  -- sum | ratio_of_sums | weighted_mean | city_only
    weight_code VARCHAR,
    value_min DOUBLE,
    value_max DOUBLE,
    decimals INTEGER,
    lead_dept_zh VARCHAR,
    lead_dept_en VARCHAR,
    frequency VARCHAR,
    notes VARCHAR
);

CREATE TABLE IF NOT EXISTS title_indicators (
    title_code VARCHAR NOT NULL,
    indicator_code VARCHAR NOT NULL,
    threshold DOUBLE NOT NULL,
    threshold_confidence VARCHAR,
    is_veto BOOLEAN NOT NULL DEFAULT false,
    points DOUBLE,
    standard_ref VARCHAR,
    notes VARCHAR,
    PRIMARY KEY (title_code, indicator_code)
);


CREATE TABLE IF NOT EXISTS import_batches (
    batch_id INTEGER PRIMARY KEY,
    loaded_at TIMESTAMP NOT NULL,
    user_name VARCHAR,
    file_name VARCHAR,
    file_sha256 VARCHAR,
    rows_accepted INTEGER,
    rows_replaced INTEGER,
    status VARCHAR NOT NULL DEFAULT 'active',      -- active | rolled_back
    rolled_back_at TIMESTAMP,
    rolled_back_by VARCHAR,
    note VARCHAR
);

-- One figure per indicator or measure, area and period (first day of its month).
CREATE TABLE IF NOT EXISTS observations (
    indicator_code VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL,
    period DATE NOT NULL,
    value DOUBLE NOT NULL,
    source VARCHAR,
    note VARCHAR,
    loaded_at TIMESTAMP,
    batch_id INTEGER,
    PRIMARY KEY (indicator_code, area_code, period)
);

-- Every value an import replaced, so nothing is ever lost.
CREATE TABLE IF NOT EXISTS observation_history (
    indicator_code VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL,
    period DATE NOT NULL,
    old_value DOUBLE,
    old_source VARCHAR,
    old_note VARCHAR,
    old_batch_id INTEGER,
    new_value DOUBLE,
    replaced_by_batch INTEGER,
    replaced_at TIMESTAMP
);

CREATE TABLE IF NOT EXISTS users (
    name VARCHAR PRIMARY KEY,
    password_hash VARCHAR NOT NULL,
    role VARCHAR NOT NULL,                         -- viewer | clerk | inspector | admin
    areas VARCHAR,                                 -- comma-separated area codes a clerk may edit
    created_at TIMESTAMP,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP
);

CREATE TABLE IF NOT EXISTS meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);
