-- A role has one scope per kind of record (customers now; tickets,
-- complaints ... as capabilities arrive), kept as space-separated
-- kind:level pairs beside its permission names. The single customer scope
-- column becomes the "customers" pair.
ALTER TABLE roles ADD COLUMN scopes TEXT NOT NULL DEFAULT '';
UPDATE roles SET scopes = 'customers:' || scope;
ALTER TABLE roles DROP COLUMN scope;
