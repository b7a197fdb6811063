-- The scheduler's queue is the jobs table: parameters to run a job again
-- after a restart, a due time (retries wait), attempts, and a lease (which
-- server runs it, until when). Periodic tasks record the last period they
-- queued a job for, so each runs once per period.
ALTER TABLE jobs ADD COLUMN params TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN due_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN max_attempts INTEGER NOT NULL DEFAULT 1;
ALTER TABLE jobs ADD COLUMN lease_owner TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN task TEXT NOT NULL DEFAULT '';
CREATE INDEX jobs_due ON jobs(state, due_at, id);

CREATE TABLE task_runs (
    task TEXT PRIMARY KEY,
    period TEXT NOT NULL,
    job_id INTEGER,
    at INTEGER NOT NULL
);
