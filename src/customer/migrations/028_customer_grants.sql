-- Read grants (R-SEC-3): an approved access request lets its requester read
-- the named customers until ends_at, whatever their scope and clearance.
-- Lists and searches are not widened: a grant is used from its request.
CREATE TABLE customer_grants (
    id INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES approval_requests(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL
);
CREATE INDEX customer_grants_user ON customer_grants(user_id, customer_id, ends_at);
CREATE INDEX customer_grants_request ON customer_grants(request_id);
