-- PostgreSQL's form (071_task_doer_open.sqlite.sql is SQLite's, and says why).
CREATE OR REPLACE FUNCTION kh_customers_tasks_doer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE tasks SET doer_id = NEW.owner_id
     WHERE customer_id = NEW.id AND state = 'open' AND assignee_id IS NULL;
    RETURN NULL;
END $$;
