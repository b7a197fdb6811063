-- SQLite's form (076_search_backlog.pg.sql is PostgreSQL's).
-- The search documents of imported customers not yet in the search index (DECISIONS 157): a large
-- import writes each new customer's document here, in the transaction that stores the customer,
-- and the search index takes them after the import has committed (customer.search_backlog), in
-- short writes that each move a range of rows into customer_search and delete them here. The
-- five columns are those of customer_search. A customer is in the index or here, never both: a
-- change of the customer's document deletes its row here first, and a deleted customer takes its
-- row with it.
CREATE TABLE search_backlog (
    id INTEGER PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    company TEXT NOT NULL,
    py TEXT NOT NULL,
    phone TEXT NOT NULL,
    other TEXT NOT NULL
);
