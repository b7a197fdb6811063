-- The audit log is looked up by record ("who read or changed customer 42")
-- with or without its type: the index leads with the id so both can use it.
DROP INDEX audit_target;
CREATE INDEX audit_target ON audit_log(target_id, id);
