-- Interactions 跟进记录 (R-INT-1): a call, visit, meeting, e-mail, SMS,
-- WeChat or QQ message, letter or event with a customer, logged against it:
-- when, by which channel, who took part (our staff, the customer's
-- contacts), what was said, the outcome and the next step. A next step with
-- a date became task task_id; done_task_id is the follow-up task it
-- completed.
CREATE TABLE interactions (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL,
    channel TEXT NOT NULL,
    direction TEXT NOT NULL DEFAULT 'out',
    occurred_at INTEGER NOT NULL,
    summary TEXT NOT NULL,
    outcome TEXT NOT NULL DEFAULT '',
    next_step TEXT NOT NULL DEFAULT '',
    next_at INTEGER NOT NULL DEFAULT 0,
    task_id INTEGER NOT NULL DEFAULT 0,
    done_task_id INTEGER NOT NULL DEFAULT 0,
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    source TEXT NOT NULL DEFAULT ''
);
-- The customer's timeline, newest first.
CREATE INDEX interactions_customer ON interactions(customer_id, occurred_at, id);
CREATE INDEX interactions_author ON interactions(created_by, occurred_at);

-- Who took part: one of our users, or one of the customer's contacts.
CREATE TABLE interaction_people (
    interaction_id INTEGER NOT NULL REFERENCES interactions(id),
    user_id INTEGER NOT NULL DEFAULT 0,
    contact_id INTEGER NOT NULL DEFAULT 0,
    name TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (interaction_id, user_id, contact_id)
);

UPDATE roles SET permissions = permissions || ' interaction.log'
 WHERE code IN ('gm', 'cs_manager', 'info_supervisor', 'info_specialist', 'sales_manager',
                'salesperson');
