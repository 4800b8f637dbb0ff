-- Citizens' reports (随手拍, issue 21 item 3): a moderation queue, complaints, the hourly limit. Idempotent.

-- One row per report a citizen sent from /report. The office accepts it (a problem at a ledger point:
-- problem_id) or declines it with a reason. photo_lat/photo_lon are the photo's EXIF GPS (WGS-84), for
-- the office only: never shown on the public page. No name, telephone or IP of the sender is kept.
CREATE TABLE IF NOT EXISTS citizen_reports (
    receipt VARCHAR PRIMARY KEY,           -- SP<yymmdd>-<8 random letters/digits>: what the citizen looks up
    submitted_at TIMESTAMP NOT NULL,       -- China time
    area_code VARCHAR NOT NULL,            -- the district: the point's, or the one the citizen picked
    point_code VARCHAR,                    -- a ledger point the citizen picked (or NULL: an address)
    address VARCHAR,                       -- the place in the citizen's words (no point picked)
    text VARCHAR NOT NULL,
    photo VARCHAR,                         -- stored name (<sha256>.<ext>), as the problems' photos
    photo_mime VARCHAR,
    photo_size INTEGER,
    photo_lat DOUBLE,
    photo_lon DOUBLE,
    status VARCHAR NOT NULL,               -- received | accepted | declined
    problem_id VARCHAR,                    -- accepted: the problem it became
    reason VARCHAR,                        -- declined: why (required)
    decided_at TIMESTAMP,
    decided_by VARCHAR,
    CHECK (status IN ('received', 'accepted', 'declined'))
);

-- A citizen's complaint (投诉) about how a report was handled, listed to the office.
CREATE TABLE IF NOT EXISTS citizen_complaints (
    receipt VARCHAR NOT NULL,
    filed_at TIMESTAMP NOT NULL,
    text VARCHAR NOT NULL
);

-- The hourly limit: one row per report or complaint sent, kept an hour. client_hash is the SHA-256 of
-- a random id kept in the sender's browser (never an IP address); rows older than an hour are deleted
-- by the next send. State, not data: never exported.
CREATE TABLE IF NOT EXISTS citizen_sends (
    client_hash VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,                 -- report | complaint
    sent_at TIMESTAMP NOT NULL
);
