-- SQLite's form (057_task_doer.pg.sql is PostgreSQL's: the same column,
-- index and rules, as trigger functions).
-- The doer of a task, kept on the task: its assignee, or the customer's
-- owner when it has none (migration 041: such a task follows the owner).
-- Every read still means coalesce(assignee_id, owner_id); keeping it on the
-- row lets "my tasks" walk one index in due order and stop at its page
-- instead of collecting every open task of the user's customers to sort
-- them (DECISIONS §134). The triggers keep it true on every path that
-- changes an assignee, moves a task to another customer (merge) or changes
-- a customer's owner (transfer, hand-over, pool, distribution, reclaim), so
-- the customer module still needs no code for tasks.
ALTER TABLE tasks ADD COLUMN doer_id INTEGER;
UPDATE tasks SET doer_id = coalesce(assignee_id,
    (SELECT owner_id FROM customers c WHERE c.id = tasks.customer_id));
CREATE INDEX tasks_doer ON tasks(doer_id, state, due_at, id);
-- One kind of a user's tasks (the week's greetings of "my day", the task page's filter).
CREATE INDEX tasks_doer_kind ON tasks(doer_id, kind, state, due_at, id);
-- Every reader of tasks_assignee now reads tasks_doer.
DROP INDEX tasks_assignee;

-- A task inserted without its doer (the insert in task_store.c names it).
CREATE TRIGGER tasks_doer_insert AFTER INSERT ON tasks WHEN NEW.doer_id IS NULL
BEGIN
    UPDATE tasks SET doer_id = coalesce(NEW.assignee_id,
        (SELECT owner_id FROM customers WHERE id = NEW.customer_id)) WHERE id = NEW.id;
END;
CREATE TRIGGER tasks_doer_change AFTER UPDATE OF assignee_id, customer_id ON tasks
BEGIN
    UPDATE tasks SET doer_id = coalesce(NEW.assignee_id,
        (SELECT owner_id FROM customers WHERE id = NEW.customer_id)) WHERE id = NEW.id;
END;
DROP TRIGGER IF EXISTS customers_tasks_doer;
CREATE TRIGGER customers_tasks_doer AFTER UPDATE OF owner_id ON customers
WHEN OLD.owner_id IS NOT NEW.owner_id
BEGIN
    UPDATE tasks SET doer_id = NEW.owner_id WHERE customer_id = NEW.id AND assignee_id IS NULL;
END;
