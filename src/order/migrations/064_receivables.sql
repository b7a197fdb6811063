-- Receivables 回款 (R-DEV-5, issue 14 item 4): each order's payment plan and
-- the payments received against it.
--
-- An installment 分期 of an order's plan: due on a local day, an amount, and
-- what the payments matched to it cover (paid_fen, redone in every write
-- that changes the order's payments or plan). last_alert_day: the company
-- day (calendar_local_day) its owner and the accountants were last alerted.
CREATE TABLE receivable_plans (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL,
    customer_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    due_on TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    paid_fen INTEGER NOT NULL DEFAULT 0,
    last_alert_day INTEGER NOT NULL DEFAULT 0,
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX receivable_plans_order ON receivable_plans(order_id, seq);
-- What is still owed, by due day: the overdue list, the overview, the alerts.
CREATE INDEX receivable_plans_open ON receivable_plans(due_on, id) WHERE paid_fen < amount_fen;

-- A payment 回款 received against an order.
CREATE TABLE payments (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL,
    customer_id INTEGER NOT NULL,
    received_on TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    method TEXT NOT NULL,                    -- bank, cash, wechat, alipay, cheque, other
    reference TEXT NOT NULL DEFAULT '',      -- the bank's or the receipt's number
    notes TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL
);
CREATE INDEX payments_order ON payments(order_id, received_on, id);
CREATE INDEX payments_customer ON payments(customer_id, received_on, id);

-- Which installments each payment paid (earliest due first).
CREATE TABLE payment_allocations (
    payment_id INTEGER NOT NULL,
    plan_id INTEGER NOT NULL,
    amount_fen INTEGER NOT NULL,
    PRIMARY KEY (payment_id, plan_id)
);
CREATE INDEX payment_allocations_plan ON payment_allocations(plan_id);

-- The orders placed before (the purchases recorded before orders, migration 063) get no plan:
-- nothing says they are owed, and alerting every past purchase as overdue would be wrong. A plan
-- can be set on any of them (PUT /api/v1/orders/{id}/plan).

UPDATE roles SET permissions = permissions || ' receivable.read receivable.plan'
 WHERE code IN ('gm', 'sales_manager', 'salesperson', 'accountant');
UPDATE roles SET permissions = permissions || ' receivable.read' WHERE code = 'cs_manager';
UPDATE roles SET permissions = permissions || ' payment.record' WHERE code IN ('gm', 'accountant');
-- The accountant reads every non-secret customer's orders and receivables (not their files).
UPDATE roles SET permissions = permissions || ' order.read' WHERE code = 'accountant';
UPDATE roles SET scopes = scopes || ' receivables:all_nonsecret' WHERE code = 'accountant';
