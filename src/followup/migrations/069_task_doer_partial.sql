-- A task's doer index holds the tasks someone does (DECISIONS 147): a customer reclaimed to the
-- pool leaves its open tasks with no doer, and an index of every task would move each of them
-- to the NULL key at a random page; partial, the reclaim only deletes their entries. Every
-- query of these indexes asks for one doer (doer_id = $1), which implies the condition.
DROP INDEX tasks_doer;
DROP INDEX tasks_doer_kind;
CREATE INDEX tasks_doer ON tasks(doer_id, state, due_at, id) WHERE doer_id IS NOT NULL;
CREATE INDEX tasks_doer_kind ON tasks(doer_id, kind, state, due_at, id) WHERE doer_id IS NOT NULL;
