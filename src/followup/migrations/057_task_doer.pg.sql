-- PostgreSQL's form (057_task_doer.sqlite.sql is SQLite's, and says why).
ALTER TABLE tasks ADD COLUMN doer_id INTEGER;
UPDATE tasks t SET doer_id = coalesce(t.assignee_id, c.owner_id)
  FROM customers c WHERE c.id = t.customer_id;
CREATE INDEX tasks_doer ON tasks(doer_id, state, due_at, id);
CREATE INDEX tasks_doer_kind ON tasks(doer_id, kind, state, due_at, id);
DROP INDEX tasks_assignee;

CREATE OR REPLACE FUNCTION kh_tasks_doer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' AND NEW.doer_id IS NOT NULL THEN
        RETURN NEW;
    END IF;
    NEW.doer_id := coalesce(NEW.assignee_id,
        (SELECT owner_id FROM customers WHERE id = NEW.customer_id));
    RETURN NEW;
END $$;
CREATE TRIGGER tasks_doer BEFORE INSERT OR UPDATE OF assignee_id, customer_id ON tasks
    FOR EACH ROW EXECUTE FUNCTION kh_tasks_doer();

CREATE OR REPLACE FUNCTION kh_customers_tasks_doer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE tasks SET doer_id = NEW.owner_id WHERE customer_id = NEW.id AND assignee_id IS NULL;
    RETURN NULL;
END $$;
CREATE TRIGGER customers_tasks_doer AFTER UPDATE OF owner_id ON customers
    FOR EACH ROW WHEN (OLD.owner_id IS DISTINCT FROM NEW.owner_id)
    EXECUTE FUNCTION kh_customers_tasks_doer();
