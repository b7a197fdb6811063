-- Communication plans 沟通计划 (R-INT-9): for a customer segment (the customer
-- list's filter, kept as the JSON object of its keys), a goal, a channel, the
-- content to convey and a frequency (every `every` days, weeks or months from
-- start_day, until end_day when given). A plan goes draft -> active <-> paused
-- -> ended. The morning job (commplan.generate) makes, for each active plan
-- whose period has come, one task per customer of the segment (seen under the
-- creator's scope), for the customer's owner; comm_plan_periods records each
-- period's run (a bookmark for its batches, the customers reached, skipped
-- without an owner, whether the cap stopped it), comm_plan_tasks the tasks it
-- made. A plan's results are computed from those tasks, the interactions and
-- the purchases, never kept as counters.
CREATE TABLE comm_plans (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    goal TEXT NOT NULL,
    segment TEXT NOT NULL DEFAULT '{}',
    channel TEXT NOT NULL,
    content TEXT NOT NULL,
    unit TEXT NOT NULL,
    every INTEGER NOT NULL,
    start_day TEXT NOT NULL,
    end_day TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'draft',
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    activated_at INTEGER NOT NULL DEFAULT 0,
    ended_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX comm_plans_state ON comm_plans(state, id);
CREATE TABLE comm_plan_periods (
    plan_id INTEGER NOT NULL REFERENCES comm_plans(id),
    period INTEGER NOT NULL,
    day TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    finished_at INTEGER NOT NULL DEFAULT 0,
    scanned_to INTEGER NOT NULL DEFAULT 0,
    reached INTEGER NOT NULL DEFAULT 0,
    unowned INTEGER NOT NULL DEFAULT 0,
    capped INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (plan_id, period)
);
CREATE TABLE comm_plan_tasks (
    plan_id INTEGER NOT NULL REFERENCES comm_plans(id),
    period INTEGER NOT NULL,
    customer_id INTEGER NOT NULL,
    task_id INTEGER NOT NULL,
    made_at INTEGER NOT NULL,
    PRIMARY KEY (plan_id, period, customer_id)
);
CREATE INDEX comm_plan_tasks_customer ON comm_plan_tasks(customer_id);
UPDATE roles SET permissions = permissions || ' commplan.manage'
 WHERE code IN ('gm', 'cs_manager', 'sales_manager');
