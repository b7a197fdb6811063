-- A new customer must be contacted by its owner within a week (R-OWN-4):
-- the daily check alerts the owner and their manager once per customer,
-- remembered here. uncontacted_checked_to (followup_marks): the creation
-- time up to which customers were checked.
CREATE TABLE uncontacted_alerts (
    customer_id INTEGER PRIMARY KEY,
    owner_id INTEGER NOT NULL,
    alerted_at INTEGER NOT NULL
);
CREATE TABLE followup_marks (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
