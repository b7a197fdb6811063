-- An all-or-nothing import stores its rows in many short commits while
-- other writes and logins go on, and publishes them all at once. Its rows
-- carry their batch; a row of a batch that is not published is seen by no
-- read (the customer's visibility condition). Publishing is one update of
-- the batch's state; a discarded batch's rows are deleted.
ALTER TABLE customers ADD COLUMN import_batch INTEGER NOT NULL DEFAULT 0;
CREATE TABLE import_batches (
    id INTEGER PRIMARY KEY,
    job_id INTEGER,
    state TEXT NOT NULL CHECK (state IN ('pending', 'published', 'discarded')),
    created_at INTEGER NOT NULL,
    finished_at INTEGER
);
CREATE INDEX import_batches_job ON import_batches(job_id);
CREATE INDEX customers_import_batch ON customers(import_batch) WHERE import_batch <> 0;
