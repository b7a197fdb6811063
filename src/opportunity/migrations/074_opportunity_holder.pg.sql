-- PostgreSQL's form (074_opportunity_holder.sqlite.sql is SQLite's, and says why).
ALTER TABLE opportunities ADD COLUMN holder_id BIGINT;
UPDATE opportunities o SET holder_id = c.owner_id FROM customers c WHERE c.id = o.customer_id;
CREATE INDEX opportunities_holder ON opportunities(holder_id, state, stage_id, expected_close,
    closed_on, owner_id, customer_id, amount_fen, probability);
CREATE OR REPLACE FUNCTION kh_customers_opportunities_owner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE opportunities SET owner_id = NEW.owner_id, holder_id = NEW.owner_id
     WHERE customer_id = NEW.id AND state = 'open';
    UPDATE opportunities SET holder_id = NEW.owner_id
     WHERE customer_id = NEW.id AND state IN ('won', 'lost');
    RETURN NULL;
END $$;
