-- Sign-ins that survive a reload (issue 21 item 2). Idempotent.

-- One row per signed-in browser. Only the SHA-256 of the random token is kept (the token itself
-- lives in the browser's cookie), so a copy of this table signs no one in. A row ends when its
-- user signs out, when it has been idle for auth.SESSION_IDLE_HOURS, or at expires_at.
CREATE TABLE IF NOT EXISTS web_sessions (
    token_hash VARCHAR PRIMARY KEY,       -- hex SHA-256 of the cookie's token
    user_name VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,        -- China time, as elsewhere
    last_seen TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL         -- hard end, however active the session
);
