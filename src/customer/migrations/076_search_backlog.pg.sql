-- PostgreSQL's form (076_search_backlog.sqlite.sql is SQLite's, with the reasons).
CREATE TABLE search_backlog (
    id BIGINT PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    company TEXT NOT NULL,
    py TEXT NOT NULL,
    phone TEXT NOT NULL,
    other TEXT NOT NULL
);
