-- Retention and destruction 销毁 (R-SEC-7, DECISIONS §120). An archived
-- customer becomes due for destruction a retention period after its
-- archival; the period is set per category and lifecycle stage ('*' for
-- any), the most specific rule winning. Destruction goes through the
-- approvals engine (kind customer.destroy) and leaves a register entry with
-- no personal data.
ALTER TABLE customers ADD COLUMN archived_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN destroy_due_at INTEGER NOT NULL DEFAULT 0;
UPDATE customers SET archived_at = updated_at WHERE archived = 1;

CREATE TABLE retention_rules (
    category TEXT NOT NULL,
    stage TEXT NOT NULL,
    months INTEGER NOT NULL,
    PRIMARY KEY (category, stage)
);
INSERT INTO retention_rules (category, stage, months) VALUES ('*', '*', 60);
UPDATE customers SET destroy_due_at = archived_at + 60 * 2629746 WHERE archived = 1;

CREATE TABLE destructions (
    id INTEGER PRIMARY KEY,
    customer_code TEXT NOT NULL,
    category TEXT NOT NULL,
    stage TEXT NOT NULL,
    secrecy INTEGER NOT NULL,
    archived_at INTEGER NOT NULL,
    request_id INTEGER NOT NULL,
    reason TEXT NOT NULL,
    requested_by INTEGER REFERENCES users(id),
    approved_by INTEGER REFERENCES users(id),
    destroyed_at INTEGER NOT NULL,
    wiped_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX destructions_wiped ON destructions(wiped_at);

UPDATE roles SET permissions = permissions || ' customer.destroy'
    WHERE code IN ('gm', 'cs_manager', 'info_supervisor');
