-- Overdue remedial actions of leak reports (R-SEC-9) alert their owner and
-- the customer-information supervisors and CS managers once per working day
-- (the business calendar) until done: the day of the last alert.
ALTER TABLE leak_actions ADD COLUMN last_alert_day INTEGER NOT NULL DEFAULT 0;
