-- PostgreSQL's form (062_opportunity_owner.sqlite.sql is SQLite's, and says why).
CREATE OR REPLACE FUNCTION kh_customers_opportunities_owner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE opportunities SET owner_id = NEW.owner_id
     WHERE customer_id = NEW.id AND state = 'open';
    RETURN NULL;
END $$;
CREATE TRIGGER customers_opportunities_owner AFTER UPDATE OF owner_id ON customers
    FOR EACH ROW WHEN (OLD.owner_id IS DISTINCT FROM NEW.owner_id)
    EXECUTE FUNCTION kh_customers_opportunities_owner();
