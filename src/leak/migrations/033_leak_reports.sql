-- Leak reports 泄露报告 (R-SEC-9): anyone reports a suspected leak of customer
-- records; the customer-information supervisor and the CS manager are told at
-- once; remedial actions, each with an owner and a due time, are tracked until
-- every one is done and the report is closed with a conclusion.
CREATE TABLE leak_reports (
    id INTEGER PRIMARY KEY,
    reporter_id INTEGER NOT NULL REFERENCES users(id),
    reported_at INTEGER NOT NULL,
    occurred_at INTEGER NOT NULL DEFAULT 0,
    summary TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'open',
    closed_at INTEGER,
    closed_by INTEGER,
    conclusion TEXT NOT NULL DEFAULT ''
);
CREATE INDEX leak_reports_reporter ON leak_reports(reporter_id, id);

-- The records the reporter named (those they could read when reporting).
CREATE TABLE leak_report_customers (
    report_id INTEGER NOT NULL REFERENCES leak_reports(id),
    customer_id INTEGER NOT NULL,
    PRIMARY KEY (report_id, customer_id)
);

CREATE TABLE leak_actions (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES leak_reports(id),
    action TEXT NOT NULL,
    owner_id INTEGER NOT NULL REFERENCES users(id),
    due_at INTEGER NOT NULL,
    created_by INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    done_at INTEGER,
    done_by INTEGER,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX leak_actions_report ON leak_actions(report_id, id);

UPDATE roles SET permissions = permissions || ' leak.manage'
 WHERE code IN ('gm', 'info_supervisor', 'cs_manager');
