-- What an account is told at its next sign-in about a change someone else
-- made to it: a role that sees more records, a password set for it (both
-- made on the server's command line until approvals exist). Shown once and
-- acknowledged; the approvals engine's inbox takes them over later.
CREATE TABLE notices (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT '',
    by_user INTEGER REFERENCES users(id),
    by_name TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    read_at INTEGER
);
CREATE INDEX notices_user ON notices(user_id, read_at);
