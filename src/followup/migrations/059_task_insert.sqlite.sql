-- SQLite's form (059_task_insert.pg.sql is PostgreSQL's, which keeps its trigger).
-- A task's doer is named by the one INSERT that writes tasks (task_store.c), so the
-- insert trigger of migration 057 never fires; its mere presence made SQLite keep a
-- statement journal for every task insert, and inside a write of thousands of tasks
-- (the follow-up rules' catch-up, greetings, callback lists) each statement's end
-- walked that journal from its start (DECISIONS §136). The triggers that follow an
-- assignee, a merge or an owner change stay.
DROP TRIGGER IF EXISTS tasks_doer_insert;
