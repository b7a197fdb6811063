-- The audit chain is keyed (a MAC with a key kept outside the database):
-- the head names the key it was written with ('' before keys), so a wrong
-- key file is told apart from an altered entry.
ALTER TABLE audit_head ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
