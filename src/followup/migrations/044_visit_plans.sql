-- Visit plans 客户走访单 (R-INT-2): a salesperson files a plan (customer,
-- objective, time) as an approval request of kind visit.plan; the branch
-- manager (the requester's department head) approves it before the visit.
-- On approval the plan is kept here with the task of the visit; closing it
-- logs the visit as an interaction.
CREATE TABLE visit_plans (
    request_id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL,
    requester_id INTEGER NOT NULL REFERENCES users(id),
    objective TEXT NOT NULL,
    planned_at INTEGER NOT NULL,
    task_id INTEGER NOT NULL DEFAULT 0,
    interaction_id INTEGER NOT NULL DEFAULT 0,
    closed_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX visit_plans_customer ON visit_plans(customer_id, planned_at);
