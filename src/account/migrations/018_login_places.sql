-- The places (client addresses) each account signed in from, with the time of
-- the last sign-in there: the login limits per account and per address do not
-- shut an account out where it signed in within the last 30 days, and this
-- survives a restart of the server (the failure counts themselves are in memory).
CREATE TABLE login_places (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    address TEXT NOT NULL,
    last_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, address)
);
