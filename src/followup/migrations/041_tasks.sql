-- Tasks 待办 (R-INT-4, R-INT-1): something to do about one customer by a due
-- time: a follow-up call a rule asked for, the next step an interaction
-- named, a callback, a greeting. assignee_id NULL: the task follows the
-- customer's owner (a transfer moves it with the customer). start_at: from
-- when it may be done (a window "4-6 months" starts at 4 months); an
-- interaction logged on the customer from then completes the earliest due
-- open follow-up task of its author. source: what made it ("rule:3:17",
-- "interaction:17"), unique when given, so a job run twice adds nothing;
-- rule_id: the follow-up rule that made it (migration 043), else 0.
CREATE TABLE tasks (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    purpose TEXT NOT NULL DEFAULT '',
    channel TEXT NOT NULL DEFAULT '',
    assignee_id INTEGER REFERENCES users(id),
    start_at INTEGER NOT NULL,
    due_at INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'open',
    done_at INTEGER NOT NULL DEFAULT 0,
    done_by INTEGER,
    done_interaction_id INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    created_by INTEGER,
    created_at INTEGER NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    rule_id INTEGER NOT NULL DEFAULT 0
);
-- A user's open tasks by due time; a customer's tasks; the idempotency key.
CREATE INDEX tasks_assignee ON tasks(assignee_id, state, due_at, id);
CREATE INDEX tasks_customer ON tasks(customer_id, state, due_at, id);
CREATE UNIQUE INDEX tasks_source ON tasks(source) WHERE source <> '';

UPDATE roles SET permissions = permissions || ' task.assign'
 WHERE code IN ('gm', 'cs_manager', 'sales_manager');
