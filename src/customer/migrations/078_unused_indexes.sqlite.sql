-- Three indexes every create writes and no SQLite query reads (DECISIONS §158): each
-- statement of the product was run through EXPLAIN QUERY PLAN, with and without the
-- table statistics, with each index and without it, and no plan changed.
--  * customers_department: the scope's department test sits inside an OR, which SQLite
--    checks on the row (the owner's index leads the list's own-scope forms).
--  * customers_district: the list's district filter is checked on the row as well; only
--    a bare count(*) chose it, as the smallest index, and another index serves it alike.
--  * customer_tags_tag: the tag filter probes the table's primary key (customer_id, tag)
--    from each customer row.
-- PostgreSQL keeps them: its planner may combine the department index in a bitmap OR,
-- and start a tag filter from the tag.
DROP INDEX IF EXISTS customers_department;
DROP INDEX IF EXISTS customers_district;
DROP INDEX IF EXISTS customer_tags_tag;
