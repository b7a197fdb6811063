-- SQLite's form (074_opportunity_holder.pg.sql is PostgreSQL's).
-- A salesperson's funnel and forecast without a walk over their customers (DECISIONS 151): each
-- opportunity carries its customer's owner (holder_id: the customer's owner_id, NULL in the
-- pool), whatever its state, so the opportunities of the customers one user owns are one range
-- of opportunities_holder, which holds every column their sums read. The column is a copy, not
-- a reference (no foreign key): the store sets it on insert and on a merge, and the owner
-- change of migration 062 (every path that changes a customer's owner) now sets it on each of
-- the customer's opportunities, and the owner of the open ones as before.
ALTER TABLE opportunities ADD COLUMN holder_id INTEGER;
UPDATE opportunities SET holder_id = (SELECT c.owner_id FROM customers c
                                       WHERE c.id = opportunities.customer_id);
CREATE INDEX opportunities_holder ON opportunities(holder_id, state, stage_id, expected_close,
    closed_on, owner_id, customer_id, amount_fen, probability);
DROP TRIGGER IF EXISTS customers_opportunities_owner;
CREATE TRIGGER customers_opportunities_owner AFTER UPDATE OF owner_id ON customers
WHEN OLD.owner_id IS NOT NEW.owner_id
BEGIN
    UPDATE opportunities SET owner_id = NEW.owner_id, holder_id = NEW.owner_id
     WHERE customer_id = NEW.id AND state = 'open';
    UPDATE opportunities SET holder_id = NEW.owner_id
     WHERE customer_id = NEW.id AND state IN ('won', 'lost');
END;
