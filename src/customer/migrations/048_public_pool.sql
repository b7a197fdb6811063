-- The public pool 公海 (R-OWN-7): customers released by their owner, or
-- reclaimed from one who did not follow them up, have no owner and
-- pool_since set; salespeople of the branch claim them, within a cap on the
-- customers they own and on claims per day (pool_claims counts them).
-- pool_rules: per grade ('' for any other), the days without a follow-up
-- by the owner (and without a purchase) after which the daily job puts a
-- customer back in the pool; 0 is off, the default.
ALTER TABLE customers ADD COLUMN pool_since INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN pool_reason TEXT NOT NULL DEFAULT '';
CREATE INDEX customers_pool ON customers(pool_since, id) WHERE pool_since > 0;

CREATE TABLE pool_claims (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL,
    customer_id INTEGER NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX pool_claims_user ON pool_claims(user_id, at);

CREATE TABLE pool_rules (
    grade TEXT PRIMARY KEY,
    no_followup_days INTEGER NOT NULL DEFAULT 0,
    no_deal_days INTEGER NOT NULL DEFAULT 0
);

UPDATE roles SET permissions = permissions || ' pool.claim'
 WHERE code IN ('salesperson', 'sales_manager');
UPDATE roles SET permissions = permissions || ' pool.rules' WHERE code IN ('gm', 'cs_manager', 'admin');
