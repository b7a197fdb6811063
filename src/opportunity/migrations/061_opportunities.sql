-- Opportunities 商机 and the sales funnel 销售漏斗 (R-DEV-3, issue 14).
--
-- The stages an open opportunity moves through, configured by the company:
-- a name (and its English form), the default probability 赢率 a move to it
-- sets, and the order of the board's columns. A stage is deactivated, never
-- deleted (the history names it); one that still holds open opportunities
-- cannot be.
CREATE TABLE opportunity_stages (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    probability INTEGER NOT NULL,          -- 0..100, the default of an opportunity moved here
    position INTEGER NOT NULL,             -- 1.. the board's order
    active INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
INSERT INTO opportunity_stages (name, name_en, probability, position, created_at, updated_at) VALUES
    ('初步接洽', 'Initial contact', 10, 1, 0, 0),
    ('需求确认', 'Needs confirmed', 25, 2, 0, 0),
    ('方案报价', 'Proposal', 50, 3, 0, 0),
    ('商务谈判', 'Negotiation', 75, 4, 0, 0),
    ('待签约', 'Awaiting signature', 90, 5, 0, 0);

-- An opportunity: a sale being worked on with one customer. owner_id (负责人)
-- is the customer's owner when it is created; an open one follows its
-- customer's owner (migration 062), a closed one keeps the owner it was won
-- or lost by. state: open, won, lost. expected_close: the local date
-- (YYYY-MM-DD) it should close, whose month the forecast counts it in.
-- stage_entered_at: when it entered its stage (the board's age).
CREATE TABLE opportunities (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL,
    owner_id INTEGER REFERENCES users(id),
    title TEXT NOT NULL,
    amount_fen INTEGER NOT NULL DEFAULT 0,
    probability INTEGER NOT NULL DEFAULT 0,
    stage_id INTEGER NOT NULL REFERENCES opportunity_stages(id),
    state TEXT NOT NULL DEFAULT 'open',
    expected_close TEXT NOT NULL,
    competitor TEXT NOT NULL DEFAULT '',
    next_step TEXT NOT NULL DEFAULT '',
    next_step_at TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    close_reason TEXT NOT NULL DEFAULT '',
    closed_at INTEGER NOT NULL DEFAULT 0,
    closed_on TEXT NOT NULL DEFAULT '',    -- the local date of closed_at: the month it counts in
    stage_entered_at INTEGER NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
-- A customer's opportunities (its page; a merge or destruction moves or removes them).
CREATE INDEX opportunities_customer ON opportunities(customer_id, state, expected_close, id);
-- A salesperson's: their board's columns, funnel and forecast, in close order.
CREATE INDEX opportunities_owner ON opportunities(owner_id, state, stage_id, expected_close, id);
-- Everyone's of one stage in close order (the company board's columns).
CREATE INDEX opportunities_stage ON opportunities(state, stage_id, expected_close, id);
-- Everyone's by state in close order (the list, the company funnel and forecast).
CREATE INDEX opportunities_state ON opportunities(state, expected_close, id);
-- What was won or lost on which day (the funnel's, board's and forecast's won and lost figures).
CREATE INDEX opportunities_closed ON opportunities(state, closed_on, id);

-- The products an opportunity is about, in the order given.
CREATE TABLE opportunity_products (
    opportunity_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    product_id INTEGER NOT NULL REFERENCES products(id),
    quantity INTEGER NOT NULL,
    price_fen INTEGER NOT NULL,
    PRIMARY KEY (opportunity_id, position)
);

-- Stage history: one entry per stage an opportunity was in (a won or lost
-- close is an entry of its own, in the last stage), left_at 0 while it is
-- there; the durations are left_at - entered_at.
CREATE TABLE opportunity_history (
    id INTEGER PRIMARY KEY,
    opportunity_id INTEGER NOT NULL,
    stage_id INTEGER NOT NULL,
    state TEXT NOT NULL,
    probability INTEGER NOT NULL,
    entered_at INTEGER NOT NULL,
    left_at INTEGER NOT NULL DEFAULT 0,
    by_user INTEGER
);
CREATE INDEX opportunity_history_opportunity ON opportunity_history(opportunity_id, id);

UPDATE roles SET permissions = permissions || ' opportunity.read'
 WHERE code IN ('gm', 'cs_manager', 'sales_manager', 'salesperson');
UPDATE roles SET permissions = permissions || ' opportunity.manage'
 WHERE code IN ('gm', 'sales_manager', 'salesperson');
UPDATE roles SET permissions = permissions || ' opportunity.configure'
 WHERE code IN ('gm', 'sales_manager', 'admin');
