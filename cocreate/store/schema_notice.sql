-- Sending the weekly notice (issue #20): each responsible unit's own group robot. Idempotent.

-- One row per responsible unit (an area code for a district, or a department code) that gets its
-- own list of overdue problems and coming deadlines from `notice --send`. The URL holds the robot's
-- key, a secret: the repository's data/catalog/unit_robots.csv is a header only; an office fills in
-- its own (deploy/office/README.md). Only http(s) URLs are posted to (cocreate.problems.webhook).
CREATE TABLE IF NOT EXISTS unit_robots (
    unit_code VARCHAR PRIMARY KEY,
    robot_url VARCHAR NOT NULL,
    notes VARCHAR
);

-- What a city's weekly notice says besides its figures (issue 22): the rules it applies by document
-- number, who gets a copy (抄送), who issues it (印发), whom to call, and how many days the units have
-- to report back on the attached problems. One row per city. Idempotent.
CREATE TABLE IF NOT EXISTS notice_settings (
    area_code VARCHAR PRIMARY KEY,        -- the city
    basis_zh VARCHAR NOT NULL,            -- 依据：the rules / plan, by document number
    basis_en VARCHAR NOT NULL,
    cc_zh VARCHAR NOT NULL,               -- 抄送
    cc_en VARCHAR NOT NULL,
    issued_by_zh VARCHAR NOT NULL,        -- 印发 (the office that prints and sends it)
    issued_by_en VARCHAR NOT NULL,
    contact_zh VARCHAR NOT NULL,          -- 联系人、电话
    contact_en VARCHAR NOT NULL,
    reply_days INTEGER NOT NULL,          -- days after the issue date to report back on the attached problems
    demo BOOLEAN NOT NULL                 -- true: made-up demo values, said so in the notice
);
