-- The phase a running job is in, for people watching it ("indexing": an import whose customers
-- are committed, while their search documents go into the search index). '' for a job with one
-- phase.
ALTER TABLE jobs ADD COLUMN phase TEXT NOT NULL DEFAULT '';
