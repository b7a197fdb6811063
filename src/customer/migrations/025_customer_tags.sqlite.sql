-- A customer's tags, one row each (SQLite's form; 025_customer_tags.pg.sql is
-- PostgreSQL's). The list's tag filter finds its customers through the index on
-- (tag, customer_id) in both engines, instead of reading every row's JSON. The
-- tags column keeps the record's tags in their order for reading the record;
-- every write of a customer's tags writes both (customer_store.c).
CREATE TABLE customer_tags (
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (customer_id, tag)
) WITHOUT ROWID;
CREATE INDEX customer_tags_tag ON customer_tags(tag, customer_id);

-- The tags customers have now, from their JSON column (json_each: SQLite only).
INSERT INTO customer_tags (customer_id, tag)
SELECT DISTINCT c.id, t.value
FROM customers c, json_each(CASE WHEN json_valid(c.tags) THEN c.tags ELSE '[]' END) t
WHERE t.type = 'text' AND t.value <> '';
