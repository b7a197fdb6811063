-- SQLite's form (075_audit_reads.pg.sql is PostgreSQL's).
-- Reads audited in batches (DECISIONS 156): the reads one user made of several records in
-- one second are one entry of the chain, whose detail names every record; "who saw this
-- record" finds those entries through this index of the batches, one row per record and
-- entry (n: how many times that second). A batch's rows go first to audit_reads_recent,
-- whose key is the entry (each flush appends at its end), and from there, many at a time and
-- in the index's order, to audit_reads: an index keyed by record takes its rows together,
-- a page written once for many of them, instead of one random page for each read.
CREATE TABLE audit_reads (
    target_id INTEGER NOT NULL,
    entry_id INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (target_id, entry_id)
) WITHOUT ROWID;
CREATE TABLE audit_reads_recent (
    entry_id INTEGER NOT NULL,
    target_id INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (entry_id, target_id)
) WITHOUT ROWID;
