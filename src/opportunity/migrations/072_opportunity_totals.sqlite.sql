-- SQLite's form (072_opportunity_totals.pg.sql is PostgreSQL's).
-- The company's funnel and forecast from sums kept by every write (DECISIONS 150): per state,
-- month, stage and owner (0: none), the count, the amount and the amount × probability of the
-- opportunities. The month is the expected close's for an open one, the closing day's for one
-- won or lost. Triggers keep the sums on every path that writes an opportunity (the
-- customer's owner change of migration 062 included), so no module writes them itself.
CREATE TABLE opportunity_totals (
    state TEXT NOT NULL,
    month TEXT NOT NULL,
    stage_id INTEGER NOT NULL,
    owner_id INTEGER NOT NULL,
    n INTEGER NOT NULL,
    amount_fen INTEGER NOT NULL,
    weighted INTEGER NOT NULL,
    PRIMARY KEY (state, month, stage_id, owner_id)
);
INSERT INTO opportunity_totals (state, month, stage_id, owner_id, n, amount_fen, weighted)
SELECT state, CASE WHEN state = 'open' THEN substr(expected_close, 1, 7) ELSE substr(closed_on, 1, 7)
       END, stage_id, coalesce(owner_id, 0), count(*), sum(amount_fen), sum(amount_fen * probability)
  FROM opportunities GROUP BY 1, 2, 3, 4;

CREATE TRIGGER opportunities_totals_insert AFTER INSERT ON opportunities
BEGIN
    INSERT INTO opportunity_totals (state, month, stage_id, owner_id, n, amount_fen, weighted)
    VALUES (NEW.state, CASE WHEN NEW.state = 'open' THEN substr(NEW.expected_close, 1, 7)
            ELSE substr(NEW.closed_on, 1, 7) END, NEW.stage_id, coalesce(NEW.owner_id, 0), 1,
            NEW.amount_fen, NEW.amount_fen * NEW.probability)
    ON CONFLICT (state, month, stage_id, owner_id) DO UPDATE SET n = n + 1,
        amount_fen = amount_fen + excluded.amount_fen, weighted = weighted + excluded.weighted;
END;
CREATE TRIGGER opportunities_totals_delete AFTER DELETE ON opportunities
BEGIN
    UPDATE opportunity_totals SET n = n - 1, amount_fen = amount_fen - OLD.amount_fen,
           weighted = weighted - OLD.amount_fen * OLD.probability
     WHERE state = OLD.state AND month = CASE WHEN OLD.state = 'open' THEN
           substr(OLD.expected_close, 1, 7) ELSE substr(OLD.closed_on, 1, 7) END
       AND stage_id = OLD.stage_id AND owner_id = coalesce(OLD.owner_id, 0);
END;
CREATE TRIGGER opportunities_totals_update AFTER UPDATE OF state, stage_id, expected_close,
    closed_on, owner_id, amount_fen, probability ON opportunities
WHEN OLD.state IS NOT NEW.state OR OLD.stage_id IS NOT NEW.stage_id
  OR OLD.expected_close IS NOT NEW.expected_close OR OLD.closed_on IS NOT NEW.closed_on
  OR OLD.owner_id IS NOT NEW.owner_id OR OLD.amount_fen IS NOT NEW.amount_fen
  OR OLD.probability IS NOT NEW.probability
BEGIN
    UPDATE opportunity_totals SET n = n - 1, amount_fen = amount_fen - OLD.amount_fen,
           weighted = weighted - OLD.amount_fen * OLD.probability
     WHERE state = OLD.state AND month = CASE WHEN OLD.state = 'open' THEN
           substr(OLD.expected_close, 1, 7) ELSE substr(OLD.closed_on, 1, 7) END
       AND stage_id = OLD.stage_id AND owner_id = coalesce(OLD.owner_id, 0);
    INSERT INTO opportunity_totals (state, month, stage_id, owner_id, n, amount_fen, weighted)
    VALUES (NEW.state, CASE WHEN NEW.state = 'open' THEN substr(NEW.expected_close, 1, 7)
            ELSE substr(NEW.closed_on, 1, 7) END, NEW.stage_id, coalesce(NEW.owner_id, 0), 1,
            NEW.amount_fen, NEW.amount_fen * NEW.probability)
    ON CONFLICT (state, month, stage_id, owner_id) DO UPDATE SET n = n + 1,
        amount_fen = amount_fen + excluded.amount_fen, weighted = weighted + excluded.weighted;
END;
