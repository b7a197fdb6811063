-- The funnel and the forecast read their sums from indexes alone (DECISIONS 148). A reader who
-- sees every customer: the sums of every opportunity, less those of the customers the scope
-- filter refuses; the state indexes carry every column those sums and the filter's terms read,
-- and the customers that could be refused for their secrecy are found through a partial index
-- (most customers are normal). A salesperson: one pass over the customers they own, each one's
-- opportunities from opportunities_customer, which now carries those columns too; and
-- customers_owner carries every column the scope filter reads, so neither row is visited (a
-- salesperson's customer list rejects entries outside their scope there too).
DROP INDEX opportunities_customer;
CREATE INDEX opportunities_customer ON opportunities(customer_id, state, expected_close, id,
    stage_id, owner_id, amount_fen, probability, closed_on);
DROP INDEX opportunities_stage;
DROP INDEX opportunities_state;
DROP INDEX opportunities_closed;
CREATE INDEX opportunities_stage ON opportunities(state, stage_id, expected_close, id, owner_id,
    customer_id, amount_fen, probability);
CREATE INDEX opportunities_state ON opportunities(state, expected_close, id, owner_id, customer_id,
    stage_id, amount_fen, probability);
CREATE INDEX opportunities_closed ON opportunities(state, closed_on, id, owner_id, customer_id,
    stage_id, expected_close, amount_fen);
CREATE INDEX customers_secret ON customers(secrecy, id) WHERE secrecy > 0;
DROP INDEX customers_owner;
CREATE INDEX customers_owner ON customers(owner_id, updated_at, id, archived, grade, stage, kind,
    value_tier, source, category, department_id, branch_id, secrecy, import_batch);
