-- SQLite's form (062_opportunity_owner.pg.sql is PostgreSQL's).
-- An open opportunity follows its customer's owner on every path that
-- changes it (transfer, hand-over, pool, distribution, reclaim), as tasks
-- do (migration 057), so the customer module needs no code for it; a closed
-- one keeps the owner who won or lost it.
CREATE TRIGGER customers_opportunities_owner AFTER UPDATE OF owner_id ON customers
WHEN OLD.owner_id IS NOT NEW.owner_id
BEGIN
    UPDATE opportunities SET owner_id = NEW.owner_id
     WHERE customer_id = NEW.id AND state = 'open';
END;
