-- PostgreSQL's form (072_opportunity_totals.sqlite.sql is SQLite's, and says why).
-- (The parameters are written "text": the migration runner gives every TEXT column SQLite's byte order, COLLATE "C", which a parameter cannot take.)
CREATE TABLE opportunity_totals (
    state TEXT NOT NULL,
    month TEXT NOT NULL,
    stage_id BIGINT NOT NULL,
    owner_id BIGINT NOT NULL,
    n BIGINT NOT NULL,
    amount_fen BIGINT NOT NULL,
    weighted BIGINT NOT NULL,
    PRIMARY KEY (state, month, stage_id, owner_id)
);
INSERT INTO opportunity_totals (state, month, stage_id, owner_id, n, amount_fen, weighted)
SELECT state, CASE WHEN state = 'open' THEN substr(expected_close, 1, 7) ELSE substr(closed_on, 1, 7)
       END, stage_id, coalesce(owner_id, 0), count(*), sum(amount_fen), sum(amount_fen * probability)
  FROM opportunities GROUP BY 1, 2, 3, 4;

CREATE OR REPLACE FUNCTION kh_opportunity_totals_add(st text, ec text, co text, sg BIGINT,
    ow BIGINT, am BIGINT, pr BIGINT, k BIGINT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO opportunity_totals AS t (state, month, stage_id, owner_id, n, amount_fen, weighted)
    VALUES (st, CASE WHEN st = 'open' THEN substr(ec, 1, 7) ELSE substr(co, 1, 7) END, sg,
            coalesce(ow, 0), k, k * am, k * am * pr)
    ON CONFLICT (state, month, stage_id, owner_id) DO UPDATE SET n = t.n + excluded.n,
        amount_fen = t.amount_fen + excluded.amount_fen, weighted = t.weighted + excluded.weighted
$$;
CREATE OR REPLACE FUNCTION kh_opportunity_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.state, OLD.stage_id, OLD.expected_close, OLD.closed_on,
        OLD.owner_id, OLD.amount_fen, OLD.probability) IS NOT DISTINCT FROM (NEW.state,
        NEW.stage_id, NEW.expected_close, NEW.closed_on, NEW.owner_id, NEW.amount_fen,
        NEW.probability) THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM kh_opportunity_totals_add(OLD.state, OLD.expected_close, OLD.closed_on,
            OLD.stage_id, OLD.owner_id, OLD.amount_fen, OLD.probability, -1);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM kh_opportunity_totals_add(NEW.state, NEW.expected_close, NEW.closed_on,
            NEW.stage_id, NEW.owner_id, NEW.amount_fen, NEW.probability, 1);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER opportunities_totals AFTER INSERT OR DELETE OR UPDATE OF state, stage_id,
    expected_close, closed_on, owner_id, amount_fen, probability ON opportunities
    FOR EACH ROW EXECUTE FUNCTION kh_opportunity_totals();
