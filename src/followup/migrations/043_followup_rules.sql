-- Purchases 购买记录 (issue 13 item 4): the minimal record of a sale (day,
-- amount in fen, products as text) that purchase-triggered follow-up rules
-- need now; the orders of the selling capability replace it.
CREATE TABLE purchases (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL,
    purchased_at INTEGER NOT NULL,
    amount_fen INTEGER NOT NULL,
    products TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL
);
CREATE INDEX purchases_customer ON purchases(customer_id, purchased_at, id);

-- Follow-up rules 回访规则 (R-INT-4): what to do (a task: channel, purpose,
-- who) how long after a trigger. offset_from .. offset_to in unit (days,
-- working_days, months) after the trigger's time: the task may be done
-- from the first, is due at the second ("within 3 days": 0 .. 3; "at 4-6
-- months": 4 .. 6). audience: the customers it is for when it is applied
-- (buyers: with a purchase; non_buyers: without). Triggers after
-- active_from only; scanned_to: the id of the last trigger record the
-- generating job read (tasks carry source "rule:<id>:<record>", so a rerun
-- adds nothing).
CREATE TABLE followup_rules (
    id INTEGER PRIMARY KEY,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    trigger_kind TEXT NOT NULL,
    audience TEXT NOT NULL DEFAULT 'all',
    unit TEXT NOT NULL DEFAULT 'days',
    offset_from INTEGER NOT NULL DEFAULT 0,
    offset_to INTEGER NOT NULL,
    channel TEXT NOT NULL DEFAULT 'call',
    assignee_role TEXT NOT NULL DEFAULT '',
    purpose TEXT NOT NULL DEFAULT '',
    enabled INTEGER NOT NULL DEFAULT 1,
    active_from INTEGER NOT NULL DEFAULT 0,
    scanned_to INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL DEFAULT 0
);

-- The defaults of the source policies (SPEC R-INT-4). active_from 0: they
-- apply from the first run of the job, to triggers from then on (a rule
-- never reaches back before it was switched on: see the job).
INSERT INTO followup_rules (name_zh, name_en, trigger_kind, audience, unit, offset_from,
                            offset_to, channel, purpose, position) VALUES
 ('购买客户第一次回访（3日内）', 'Buyer: first call within 3 days', 'first_purchase', 'all', 'days', 0, 3, 'call', 'guidance', 1),
 ('购买客户第二次回访（30日内）', 'Buyer: second call within 30 days', 'first_purchase', 'all', 'days', 0, 30, 'call', 'explanation', 2),
 ('购买客户第三次回访（60日内）', 'Buyer: third call within 60 days', 'first_purchase', 'all', 'days', 0, 60, 'call', 'emotional', 3),
 ('未购买客户第一次回访（3日内）', 'Non-buyer: first call within 3 days', 'customer_created', 'non_buyers', 'days', 0, 3, 'call', 'emotional', 4),
 ('未购买客户第二次回访（15日内）', 'Non-buyer: second call within 15 days', 'customer_created', 'non_buyers', 'days', 0, 15, 'call', 'promotion', 5),
 ('购买1周后电话回访', 'A week after a purchase: phone call', 'purchase', 'all', 'days', 7, 7, 'call', 'guidance', 6),
 ('购买4-6个月电话回访', '4-6 months after a purchase: phone call', 'purchase', 'all', 'months', 4, 6, 'call', 'explanation', 7),
 ('购买10-12个月电话回访', '10-12 months after a purchase: phone call', 'purchase', 'all', 'months', 10, 12, 'call', 'advice', 8);

UPDATE roles SET permissions = permissions || ' followup.rules purchase.record'
 WHERE code IN ('gm', 'cs_manager');
UPDATE roles SET permissions = permissions || ' followup.rules' WHERE code = 'admin';
UPDATE roles SET permissions = permissions || ' purchase.record'
 WHERE code IN ('sales_manager', 'salesperson', 'info_supervisor', 'info_specialist');
