-- The lending register 外借登记册 (R-SEC-5): every checkout of customer files
-- and every export of customer data, with what, how many, when, why, the
-- borrower's confirmation, when it is due back and when it was returned
-- (注销). last_alert_day: the company-local day (days since 1970-01-01) of
-- the last overdue alert, so a loan is alerted once per working day.
CREATE TABLE loans (
    id INTEGER PRIMARY KEY,
    borrower_id INTEGER NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    items TEXT NOT NULL,
    item_count INTEGER NOT NULL,
    reason TEXT NOT NULL,
    job_id INTEGER NOT NULL DEFAULT 0,
    lent_at INTEGER NOT NULL,
    confirmed_at INTEGER NOT NULL,
    due_at INTEGER NOT NULL,
    returned_at INTEGER,
    returned_by INTEGER,
    return_note TEXT NOT NULL DEFAULT '',
    last_alert_day INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX loans_open ON loans(returned_at, due_at);
CREATE INDEX loans_borrower ON loans(borrower_id, id);

UPDATE roles SET permissions = permissions || ' loan.manage'
 WHERE code IN ('gm', 'info_supervisor', 'info_specialist');
-- The information specialist keeps the register: they filter it by borrower.
UPDATE roles SET permissions = permissions || ' user.list' WHERE code = 'info_specialist';
