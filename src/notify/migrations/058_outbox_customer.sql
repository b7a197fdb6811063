-- The customer a message to a customer is about (a greeting, R-INT-6): 0 for
-- the messages to users. A merge points it at the survivor (R-ARC-8); a
-- destruction (R-SEC-7) deletes the customer's messages, whose body holds the
-- name and whose sealed recipient holds the address.
ALTER TABLE notify_outbox ADD COLUMN customer_id INTEGER NOT NULL DEFAULT 0;
CREATE INDEX notify_outbox_customer ON notify_outbox(customer_id) WHERE customer_id <> 0;
