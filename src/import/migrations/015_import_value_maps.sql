-- A saved import mapping keeps, beside its columns, how the file's values of
-- choice columns map to the allowed values: {"source": {"网络": "internet"}}.
ALTER TABLE import_mappings ADD COLUMN value_map TEXT NOT NULL DEFAULT '{}';
