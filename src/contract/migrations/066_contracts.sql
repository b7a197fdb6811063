-- Contracts 合同 (R-DEV-4, issue 14 item 5): supply 供货合同, quality-assurance
-- 质量保证协议 and maintenance/service 维修服务合同 contracts with a customer.
-- state: draft, pending (its approval request of kind contract.sign is
-- open; the request's own state says whether it was returned, rejected or
-- withdrawn), active (an active one past ends_on reads as expired),
-- terminated. renewal_of: the contract this one renews. reminded_for: the
-- ends_on its expiry reminder was sent for (a renewed end date reminds
-- again).
CREATE TABLE contracts (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,                         -- 合同编号: HT + the day made + the number
    customer_id INTEGER NOT NULL,
    owner_id INTEGER REFERENCES users(id),      -- the customer's owner when made
    kind TEXT NOT NULL,                         -- supply, quality, service
    title TEXT NOT NULL,
    amount_fen INTEGER NOT NULL DEFAULT 0,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    signed_on TEXT NOT NULL DEFAULT '',
    our_party TEXT NOT NULL DEFAULT '',         -- our signing company
    signatory TEXT NOT NULL DEFAULT '',         -- the customer's signatory
    notes TEXT NOT NULL DEFAULT '',
    order_id INTEGER NOT NULL DEFAULT 0,
    renewal_of INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'draft',
    approval_id INTEGER NOT NULL DEFAULT 0,
    terminate_reason TEXT NOT NULL DEFAULT '',
    reminded_for TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX contracts_code ON contracts(code);
-- A customer's contracts; everyone's by end date (the list, the expiry reminders); a renewal's.
CREATE INDEX contracts_customer ON contracts(customer_id, ends_on, id);
CREATE INDEX contracts_ends ON contracts(state, ends_on, id);
CREATE INDEX contracts_renewal ON contracts(renewal_of) WHERE renewal_of > 0;

UPDATE roles SET permissions = permissions || ' contract.read'
 WHERE code IN ('gm', 'cs_manager', 'sales_manager', 'salesperson');
UPDATE roles SET permissions = permissions || ' contract.manage'
 WHERE code IN ('gm', 'sales_manager', 'salesperson');
