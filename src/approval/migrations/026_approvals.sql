-- One approvals engine (R-SEC-3, R-SEC-6 and every later "needs approval"):
-- requests of registered kinds, each with the chain of steps resolved from
-- its kind's rules when it was submitted, its history, and the in-app
-- inbox that tells approvers and requesters.

-- The head of a department: the "department head" step of a chain. No
-- foreign key: users already refer to departments, and a cycle of
-- references could not be copied table by table (kehu migrate); the write
-- that sets it checks the user (an active member of the department).
ALTER TABLE departments ADD COLUMN head_id INTEGER;

-- The rules of a kind, in order. A rule applies to a request when the
-- request's amount (fen) is in [min_amount, max_amount) (max 0: no upper
-- bound) and its secrecy level is at least min_secrecy. approver: 'role'
-- (anyone holding role), 'dept_head' (the requester's department head),
-- 'custodian' (the custodian of the request's secrecy level).
CREATE TABLE approval_rules (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    position INTEGER NOT NULL,
    approver TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT '',
    min_amount INTEGER NOT NULL DEFAULT 0,
    max_amount INTEGER NOT NULL DEFAULT 0,
    min_secrecy INTEGER NOT NULL DEFAULT 0,
    hours INTEGER NOT NULL DEFAULT 24,
    UNIQUE (kind, position)
);

-- state: pending (a step waits), returned (back to the requester for
-- changes), approved, rejected, withdrawn. step: the position of the step
-- that waits (pending), else 0. subject: JSON only the kind reads; secret:
-- what the kind keeps from everyone's eyes until it applies (a password's
-- hash), emptied once the request is decided.
CREATE TABLE approval_requests (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    requester_id INTEGER NOT NULL REFERENCES users(id),
    department_id INTEGER REFERENCES departments(id),
    subject TEXT NOT NULL DEFAULT '',
    summary_zh TEXT NOT NULL DEFAULT '',
    summary_en TEXT NOT NULL DEFAULT '',
    secret TEXT NOT NULL DEFAULT '',
    amount INTEGER NOT NULL DEFAULT 0,
    secrecy INTEGER NOT NULL DEFAULT 0,
    reason TEXT NOT NULL,
    purpose TEXT NOT NULL DEFAULT '',
    step INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    decided_at INTEGER,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX approval_requests_requester ON approval_requests(requester_id, id);
CREATE INDEX approval_requests_state ON approval_requests(state, id);

-- The chain of one request. state: waiting (a later step), pending (its
-- turn), approved, rejected, returned. An approver is a role (role <> '')
-- or one user (user_id).
CREATE TABLE approval_steps (
    request_id INTEGER NOT NULL REFERENCES approval_requests(id),
    position INTEGER NOT NULL,
    approver TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT '',
    user_id INTEGER REFERENCES users(id),
    state TEXT NOT NULL,
    hours INTEGER NOT NULL DEFAULT 24,
    due_at INTEGER NOT NULL DEFAULT 0,
    reminded_at INTEGER NOT NULL DEFAULT 0,
    decided_by INTEGER REFERENCES users(id),
    decided_at INTEGER,
    comment TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (request_id, position)
);
CREATE INDEX approval_steps_role ON approval_steps(state, role, request_id);
CREATE INDEX approval_steps_user ON approval_steps(state, user_id, request_id);
CREATE INDEX approval_steps_due ON approval_steps(state, due_at);

-- Everything that happened to a request, in order.
CREATE TABLE approval_events (
    id INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES approval_requests(id),
    at INTEGER NOT NULL,
    actor_id INTEGER REFERENCES users(id),
    actor_name TEXT NOT NULL,
    action TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX approval_events_request ON approval_events(request_id, id);

-- The in-app inbox: what a user is told, read or not. kind names the
-- text (rendered in the reader's language); subject_id the request.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    subject_id INTEGER NOT NULL DEFAULT 0,
    request_kind TEXT NOT NULL DEFAULT '',
    by_name TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    read_at INTEGER
);
CREATE INDEX notifications_user ON notifications(user_id, id);
CREATE INDEX notifications_unread ON notifications(user_id, read_at);

-- Who may read every request (oversight) and set the rules of each kind.
UPDATE roles SET permissions = permissions || ' approval.read' WHERE code IN ('gm', 'auditor');
UPDATE roles SET permissions = permissions || ' approval.rules' WHERE code = 'admin';
