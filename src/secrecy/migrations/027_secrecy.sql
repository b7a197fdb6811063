-- Secrecy levels 密级 (R-SEC-2): 0 normal, 1 confidential 机密, 2 top secret
-- 绝密 per customer; a user reads a record only up to their clearance.
ALTER TABLE customers ADD COLUMN secrecy INTEGER NOT NULL DEFAULT 0;

-- A user's clearance, the highest level they read. NULL: their role's
-- default (a role that sees all customers: top secret; any other: normal).
ALTER TABLE users ADD COLUMN clearance INTEGER;

-- The named custodian 专人 of each level above normal: keeps its records,
-- is shown on them and sees who used them.
CREATE TABLE secrecy_custodians (
    level INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    assigned_by INTEGER,
    assigned_at INTEGER NOT NULL
);

UPDATE roles SET permissions = permissions || ' customer.classify' WHERE code IN ('gm', 'info_supervisor');
UPDATE roles SET permissions = permissions || ' secrecy.manage' WHERE code = 'admin';
