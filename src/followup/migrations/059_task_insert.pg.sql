-- PostgreSQL's form (059_task_insert.sqlite.sql is SQLite's): nothing changes here.
-- SQLite drops its insert trigger on tasks, which cost it a statement journal per insert;
-- PostgreSQL's BEFORE trigger (kh_tasks_doer, migration 057) costs no such thing and stays.
SELECT 1;
