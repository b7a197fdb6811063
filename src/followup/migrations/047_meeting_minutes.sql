-- Meeting minutes 会谈纪要 (R-INT-3; seed 001: "与客户进行当面沟通后的2个工作日内，业务员编写
-- 会谈纪要，经部门经理审阅后提交客户并确认是否收到"). A face-to-face interaction (a meeting or a
-- visit) calls for minutes from its author, due 2 working days after it (a task of kind minutes).
-- The author writes them and submits them for review (an approval request of kind
-- minutes.review, the department head by default); once approved they are marked sent to the
-- customer, then confirmed received. submitted_at after due_at: late.
CREATE TABLE meeting_minutes (
    interaction_id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL,
    author_id INTEGER NOT NULL REFERENCES users(id),
    due_at INTEGER NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    task_id INTEGER NOT NULL DEFAULT 0,
    request_id INTEGER NOT NULL DEFAULT 0,
    submitted_at INTEGER NOT NULL DEFAULT 0,
    approved_at INTEGER NOT NULL DEFAULT 0,
    sent_at INTEGER NOT NULL DEFAULT 0,
    confirmed_at INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX meeting_minutes_author ON meeting_minutes(author_id, due_at);
CREATE INDEX meeting_minutes_customer ON meeting_minutes(customer_id);
