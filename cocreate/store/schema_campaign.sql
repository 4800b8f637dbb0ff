-- Campaign timeline and the five-fixes task board (issue #4). Idempotent.

-- Departments of a city (定部门): bureaus, offices and district governments that own tasks.
-- name_zh / name_en match indicators.lead_dept_zh / lead_dept_en where the department leads indicators.
CREATE TABLE IF NOT EXISTS departments (
    code VARCHAR PRIMARY KEY,
    name_zh VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL,                    -- the city (GB/T 2260)
    kind VARCHAR,                                  -- office | bureau | district
    sort_order INTEGER,
    notes VARCHAR
);

-- The four stages of each campaign (city x title), within campaign_start..deadline.
CREATE TABLE IF NOT EXISTS stages (
    title_code VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL,
    stage_no INTEGER NOT NULL,                     -- 1..4
    stage_code VARCHAR NOT NULL,                   -- startup | implementation | self_inspection | inspection_prep
    name_zh VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    notes VARCHAR,
    PRIMARY KEY (title_code, area_code, stage_no),
    CHECK (end_date >= start_date)
);

-- Dated milestones of a campaign: mobilisation, self-assessment, provincial check, national inspection.
CREATE TABLE IF NOT EXISTS milestones (
    title_code VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL,
    milestone_code VARCHAR NOT NULL,               -- mobilisation | self_assessment | provincial_check | national_inspection
    name_zh VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    date DATE NOT NULL,
    notes VARCHAR,
    PRIMARY KEY (title_code, area_code, milestone_code)
);

-- Tasks with the five fixes: department, leader, task, due date (schedule), responsibility.
-- `status` is what people record; "overdue" is never stored: it is derived from due_date
-- against the as-of date (cocreate.campaign.derive_status).
CREATE TABLE IF NOT EXISTS tasks (
    task_id VARCHAR PRIMARY KEY,
    area_code VARCHAR NOT NULL,                    -- the city (the department's city)
    title_code VARCHAR NOT NULL,
    department_code VARCHAR NOT NULL,
    leader_zh VARCHAR,                             -- a role, e.g. 分管副市长
    leader_en VARCHAR,
    task_zh VARCHAR,
    task_en VARCHAR,
    responsible_zh VARCHAR,                        -- who answers for it (a post) and how
    responsible_en VARCHAR,
    due_date DATE NOT NULL,
    status VARCHAR NOT NULL DEFAULT 'not_started', -- not_started | in_progress | done
    indicator_codes VARCHAR,                       -- linked indicators, ';'-separated
    closed_date DATE,                              -- 销号 date (done tasks)
    evidence_zh VARCHAR,                           -- evidence note for the closing
    evidence_en VARCHAR,
    source VARCHAR,
    updated_at TIMESTAMP,
    updated_by VARCHAR,
    CHECK (status IN ('not_started', 'in_progress', 'done')),
    CHECK (coalesce(task_zh, task_en) IS NOT NULL)
);

-- Every status change (and every edit) of a task: who, when, old/new status, note.
CREATE TABLE IF NOT EXISTS task_history (
    task_id VARCHAR NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    user_name VARCHAR,
    action VARCHAR NOT NULL,                       -- create | edit | close | import
    old_status VARCHAR,
    new_status VARCHAR,
    note VARCHAR
);
