-- A salesperson's customer list, and a manager's list filtered by owner,
-- walk this index: the owner's customers, most recently updated first, with
-- the common filter columns in the index so that entries which do not match
-- are rejected without reading their row (as in 005). Before, such a list
-- walked the index of every customer and skipped the ones of other owners.
DROP INDEX customers_owner;
CREATE INDEX customers_owner ON customers(owner_id, updated_at, id, archived, grade, stage, kind,
    value_tier, source, category, department_id);
