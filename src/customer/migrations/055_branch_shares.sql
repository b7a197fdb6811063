-- Sharing between branches 分公司 (R-OWN-6): a rule lets the managers of
-- to_branch_id (users whose customer scope is their department) read the
-- customers of from_branch_id, of one grade ('' for every grade), without
-- changing them; revoking it (revoked_at) ends the reads at once. Only the
-- general manager sets rules (customer.share).
CREATE TABLE branch_shares (
    id INTEGER PRIMARY KEY,
    from_branch_id INTEGER NOT NULL REFERENCES branches(id),
    to_branch_id INTEGER NOT NULL REFERENCES branches(id),
    grade TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    revoked_by INTEGER REFERENCES users(id),
    revoked_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX branch_shares_to ON branch_shares(to_branch_id, from_branch_id, revoked_at);

UPDATE roles SET permissions = permissions || ' customer.share' WHERE code = 'gm';
