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
