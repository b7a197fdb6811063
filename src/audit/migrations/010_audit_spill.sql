-- Read audit entries that waited in a spill file (the writer was busy)
-- are appended with the generation of the last file taken, in the same
-- transaction: a file at or below it was committed and may be deleted.
CREATE TABLE audit_spill_done (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    gen INTEGER NOT NULL
);
