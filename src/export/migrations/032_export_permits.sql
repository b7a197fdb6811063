-- Approved exports of personal data (R-SEC-6): an "export.personal" request,
-- once approved, allows one export by its requester, of what was approved.
-- The export job that takes the permit is recorded here (before its file is
-- made); another job finds it taken. A job that fails gives it back.
CREATE TABLE export_permits (
    request_id INTEGER NOT NULL REFERENCES approval_requests(id),
    job_id INTEGER NOT NULL,
    taken_at INTEGER NOT NULL,
    PRIMARY KEY (request_id)
);

-- The approvers of exports export without a request.
UPDATE roles SET permissions = permissions || ' export.approve' WHERE code IN ('gm', 'info_supervisor');
