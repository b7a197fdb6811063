-- A password set by someone else (an administrator creating or resetting an
-- account) must be replaced by its owner at the next login; until then the
-- account may only change its password, read itself and sign out.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
