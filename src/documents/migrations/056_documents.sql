-- Files attached to records (R-INT-1 interactions' attachments; later customers,
-- opportunities, contracts: R-ARC-6). owner_kind names the kind of record
-- (a registered document kind) and owner_id the record; customer_id is the
-- customer it belongs to, for listing, merges (R-ARC-8) and destruction
-- (R-SEC-7). file is the name in the file store; a deleted document keeps
-- its row (deleted_at) until the hourly purge has removed the file (purged).
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    owner_kind TEXT NOT NULL,
    owner_id INTEGER NOT NULL,
    customer_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    file TEXT NOT NULL,
    size INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    uploaded_by INTEGER REFERENCES users(id),
    uploaded_at INTEGER NOT NULL,
    deleted_by INTEGER REFERENCES users(id),
    deleted_at INTEGER NOT NULL DEFAULT 0,
    purged INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX documents_owner ON documents(owner_kind, owner_id, deleted_at);
CREATE INDEX documents_customer ON documents(customer_id);
CREATE INDEX documents_purge ON documents(purged, deleted_at) WHERE deleted_at > 0;
