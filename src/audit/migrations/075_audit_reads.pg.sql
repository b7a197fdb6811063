-- PostgreSQL's form (075_audit_reads.sqlite.sql is SQLite's, with the reasons).
CREATE TABLE audit_reads (
    target_id BIGINT NOT NULL,
    entry_id BIGINT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (target_id, entry_id)
);
CREATE TABLE audit_reads_recent (
    entry_id BIGINT NOT NULL,
    target_id BIGINT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (entry_id, target_id)
);
