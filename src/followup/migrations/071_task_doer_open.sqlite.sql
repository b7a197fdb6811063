-- SQLite's form (071_task_doer_open.pg.sql is PostgreSQL's).
-- Only an open task follows its customer's owner: a task done or skipped stays with whoever did
-- or skipped it (its doer then), which is also who it shows for in their finished tasks. A
-- customer reclaimed to the pool or handed over no longer rewrites its finished tasks and their
-- index entries (DECISIONS 149).
DROP TRIGGER customers_tasks_doer;
CREATE TRIGGER customers_tasks_doer AFTER UPDATE OF owner_id ON customers
WHEN OLD.owner_id IS NOT NEW.owner_id
BEGIN
    UPDATE tasks SET doer_id = NEW.owner_id
     WHERE customer_id = NEW.id AND state = 'open' AND assignee_id IS NULL;
END;
