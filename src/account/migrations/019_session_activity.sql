-- A session ends after a time without use (setting session_idle_minutes) as well as
-- after its absolute length; its owner sees where and with what it was opened.
ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
UPDATE sessions SET last_seen_at = created_at;
