-- Civilized City assessment (issue #12): score weights, cycles, results (actual and mock), field
-- results by point, questionnaires, material-review criteria and documents. Idempotent.

-- Weights as data: the year's components (material, field, questionnaire) and the cycle's years
-- (year1, year2, year3) in one file, each with where it comes from and how sure it is.
CREATE TABLE IF NOT EXISTS score_weights (
    component VARCHAR PRIMARY KEY,                 -- material | field | questionnaire | year1 | year2 | year3
    weight DOUBLE NOT NULL CHECK (weight >= 0 AND weight <= 1),
    source VARCHAR NOT NULL,
    confidence VARCHAR NOT NULL,                   -- reported | seen | assumed
    name_zh VARCHAR,
    name_en VARCHAR,
    source_zh VARCHAR                              -- the source in Chinese (the Method page in Chinese)
);

-- One assessment cycle per city, and the passing line the city sets for itself.
CREATE TABLE IF NOT EXISTS score_cycles (
    area_code VARCHAR PRIMARY KEY,
    cycle_start_year INTEGER NOT NULL,
    cycle_end_year INTEGER NOT NULL,
    passing_line DOUBLE NOT NULL,
    passing_line_source VARCHAR NOT NULL,          -- says "assumed" where the city has not set it
    material_review_date DATE,                     -- the evidence window (12 months) ends here
    CHECK (cycle_end_year >= cycle_start_year)
);

-- Point types inspected in the field (点位类型).
CREATE TABLE IF NOT EXISTS point_types (
    code VARCHAR PRIMARY KEY,
    name_zh VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    sort_order INTEGER
);

-- Batches of assessment imports (who, when, which file), for history and rollback.
CREATE TABLE IF NOT EXISTS assessment_batches (
    batch_id INTEGER PRIMARY KEY,
    loaded_at TIMESTAMP NOT NULL,
    user_name VARCHAR,
    file_name VARCHAR,
    kind VARCHAR NOT NULL,                         -- assessment_scores | field_results | questionnaire_results
    rows_accepted INTEGER NOT NULL,
    rows_replaced INTEGER NOT NULL
);

-- A year's component scores (0-100): an actual assessment or a mock one (模拟测评).
CREATE TABLE IF NOT EXISTS assessment_scores (
    area_code VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    kind VARCHAR NOT NULL CHECK (kind IN ('actual', 'mock')),
    component VARCHAR NOT NULL,                    -- material | field | questionnaire
    score DOUBLE NOT NULL CHECK (score >= 0 AND score <= 100),
    assessed_on DATE,
    source VARCHAR,
    note VARCHAR,
    batch_id INTEGER,
    PRIMARY KEY (area_code, year, kind, component)
);
CREATE TABLE IF NOT EXISTS assessment_scores_history (
    area_code VARCHAR, year INTEGER, kind VARCHAR, component VARCHAR, score DOUBLE, assessed_on DATE,
    source VARCHAR, note VARCHAR, batch_id INTEGER, replaced_at TIMESTAMP, replaced_by_batch INTEGER
);

-- Field inspection results per point: items checked and passed, so score rates come out by
-- point type and by district.
CREATE TABLE IF NOT EXISTS field_results (
    area_code VARCHAR NOT NULL,                    -- the city
    year INTEGER NOT NULL,
    kind VARCHAR NOT NULL CHECK (kind IN ('actual', 'mock')),
    district_code VARCHAR NOT NULL,                -- where the point lies
    point_type VARCHAR NOT NULL,
    point_name VARCHAR NOT NULL,
    items_checked INTEGER NOT NULL CHECK (items_checked > 0),
    items_passed INTEGER NOT NULL CHECK (items_passed >= 0 AND items_passed <= items_checked),
    inspected_on DATE,
    source VARCHAR,
    batch_id INTEGER,
    PRIMARY KEY (area_code, year, kind, district_code, point_type, point_name)
);
CREATE TABLE IF NOT EXISTS field_results_history (
    area_code VARCHAR, year INTEGER, kind VARCHAR, district_code VARCHAR, point_type VARCHAR,
    point_name VARCHAR, items_checked INTEGER, items_passed INTEGER, inspected_on DATE, source VARCHAR,
    batch_id INTEGER, replaced_at TIMESTAMP, replaced_by_batch INTEGER
);

-- Questionnaire catalog: questions (with what they measure) and respondent groups.
CREATE TABLE IF NOT EXISTS questionnaire_questions (
    code VARCHAR PRIMARY KEY,
    measure VARCHAR NOT NULL,                      -- awareness | participation | satisfaction | support
    text_zh VARCHAR NOT NULL,
    text_en VARCHAR NOT NULL,
    target_pct DOUBLE,
    sort_order INTEGER
);
-- The indicator a question's answers are the figure of (pooled with the other questions tied to the
-- same indicator, every group, per round), or empty; added here so stores built before it gain it.
ALTER TABLE questionnaire_questions ADD COLUMN IF NOT EXISTS indicator_code VARCHAR;
CREATE TABLE IF NOT EXISTS questionnaire_groups (
    code VARCHAR PRIMARY KEY,
    name_zh VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    sort_order INTEGER
);

-- Questionnaire results: per round, question and group, the positive answers and the sample size.
CREATE TABLE IF NOT EXISTS questionnaire_results (
    area_code VARCHAR NOT NULL,
    round VARCHAR NOT NULL,                        -- e.g. 2026-R1
    survey_date DATE NOT NULL,
    question_code VARCHAR NOT NULL,
    group_code VARCHAR NOT NULL,
    sample_size INTEGER NOT NULL CHECK (sample_size > 0),
    n_positive INTEGER NOT NULL CHECK (n_positive >= 0 AND n_positive <= sample_size),
    source VARCHAR,
    batch_id INTEGER,
    PRIMARY KEY (area_code, round, question_code, group_code)
);
CREATE TABLE IF NOT EXISTS questionnaire_results_history (
    area_code VARCHAR, round VARCHAR, survey_date DATE, question_code VARCHAR, group_code VARCHAR,
    sample_size INTEGER, n_positive INTEGER, source VARCHAR, batch_id INTEGER, replaced_at TIMESTAMP,
    replaced_by_batch INTEGER
);

-- Material review: the criteria a city must document, who owns each and how many documents are due.
CREATE TABLE IF NOT EXISTS evaluation_criteria (
    code VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL,                    -- the city (owning departments are the city's)
    name_zh VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    component VARCHAR NOT NULL,                    -- material | field | questionnaire
    department_code VARCHAR NOT NULL,
    documents_due INTEGER NOT NULL CHECK (documents_due > 0),
    evidence_months INTEGER NOT NULL DEFAULT 12,
    documents_zh VARCHAR,                          -- what the documents are
    documents_en VARCHAR,
    PRIMARY KEY (area_code, code)
);

-- Documents uploaded per criterion, with their date and the quality flags found on upload.
CREATE TABLE IF NOT EXISTS material_documents (
    doc_id VARCHAR PRIMARY KEY,
    area_code VARCHAR NOT NULL,
    criterion_code VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    file_type VARCHAR,                             -- pdf | jpeg | png | docx | xlsx | doc (from magic bytes)
    size_bytes BIGINT,
    width_px INTEGER,
    height_px INTEGER,
    doc_date DATE NOT NULL,                        -- the date of the evidence (meeting, inspection...)
    uploaded_at TIMESTAMP,
    uploaded_by VARCHAR,
    flags VARCHAR,                                 -- ';'-separated: blurry_risk, outside_window, bad_type, ...
    checked_on DATE,                               -- the office checked it (审核)
    sha256 VARCHAR,
    source VARCHAR
);

-- Surveys behind figures that do NOT come from the city's questionnaire (a Sanitary City household
-- survey, a greening survey...): which survey gave an indicator's figure for a period, when, and how
-- many answered, so every page showing such a rate names its survey, its date and n (issue 18).
CREATE TABLE IF NOT EXISTS indicator_surveys (
    indicator_code VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL,
    period DATE NOT NULL,                          -- the figure's period (a year as its January)
    survey_zh VARCHAR NOT NULL,
    survey_en VARCHAR NOT NULL,
    survey_date DATE NOT NULL,
    sample_size INTEGER NOT NULL CHECK (sample_size > 0),
    source VARCHAR,
    PRIMARY KEY (indicator_code, area_code, period)
);
