-- The half-yearly inspection 每半年检查 of the customer archive (R-ARC-11): a run
-- scores each owned customer's key fields (completeness 0-100, the missing
-- ones named) and how long it went without an update or an interaction;
-- those below inspection_min_score or older than inspection_stale_months are
-- listed per owner with a fix-up task (kind fixup) for the owner; a manager
-- records the review and its outcome on the run.
CREATE TABLE inspections (
    id INTEGER PRIMARY KEY,
    period TEXT NOT NULL UNIQUE,
    started_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    finished_at INTEGER NOT NULL DEFAULT 0,
    scanned_to INTEGER NOT NULL DEFAULT 0,
    customers INTEGER NOT NULL DEFAULT 0,
    flagged INTEGER NOT NULL DEFAULT 0,
    tasks INTEGER NOT NULL DEFAULT 0,
    reviewed_by INTEGER REFERENCES users(id),
    reviewed_at INTEGER NOT NULL DEFAULT 0,
    outcome TEXT NOT NULL DEFAULT ''
);
CREATE TABLE inspection_items (
    inspection_id INTEGER NOT NULL REFERENCES inspections(id),
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    owner_id INTEGER REFERENCES users(id),
    score INTEGER NOT NULL,
    missing TEXT NOT NULL DEFAULT '',
    stale_days INTEGER NOT NULL DEFAULT 0,
    task_id INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (inspection_id, customer_id)
);
CREATE INDEX inspection_items_owner ON inspection_items(inspection_id, owner_id, customer_id);
CREATE INDEX inspection_items_customer ON inspection_items(customer_id);
UPDATE roles SET permissions = permissions || ' inspection.manage'
 WHERE code IN ('gm', 'cs_manager', 'info_supervisor');
