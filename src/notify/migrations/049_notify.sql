-- Notifications beyond the inbox (R-INT-8, R-PLT-8, DECISIONS §128): one
-- outbox fed from the in-app inbox. notify_channels: the company's e-mail
-- server (SMTP) and its webhooks — a generic one and the group robots of
-- WeCom, DingTalk and Feishu — with the notification kinds each posts
-- (events, space separated; '*' every kind, 'task.*' a family). url and
-- secret are sealed (a robot's URL carries its key). notify_prefs: what each
-- user wants by e-mail, and the daily digest. notify_outbox: one message per
-- channel and recipient, queued → sent, or dead after its last attempt;
-- notify_attempts: each delivery try with the receiver's answer (the log).
-- notify_state.fanned_to: the last inbox notification sent on to the outbox.
CREATE TABLE notify_channels (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('email', 'webhook', 'wecom', 'dingtalk', 'feishu')),
    name TEXT NOT NULL UNIQUE,
    url TEXT NOT NULL DEFAULT '',
    username TEXT NOT NULL DEFAULT '',
    sender TEXT NOT NULL DEFAULT '',
    secret TEXT NOT NULL DEFAULT '',
    events TEXT NOT NULL DEFAULT '',
    enabled INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE TABLE notify_prefs (
    user_id INTEGER PRIMARY KEY REFERENCES users(id),
    email TEXT NOT NULL DEFAULT '',
    email_kinds TEXT NOT NULL DEFAULT 'off' CHECK (email_kinds IN ('off', 'all', 'digest')),
    digest INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL
);
CREATE TABLE notify_outbox (
    id INTEGER PRIMARY KEY,
    channel_id INTEGER NOT NULL,
    channel_name TEXT NOT NULL,
    channel_kind TEXT NOT NULL,
    notification_id INTEGER NOT NULL DEFAULT 0,
    user_id INTEGER NOT NULL DEFAULT 0,
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'dead')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at INTEGER NOT NULL,
    lease_until INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    sent_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX notify_outbox_due ON notify_outbox(next_at) WHERE state = 'queued';
CREATE INDEX notify_outbox_channel ON notify_outbox(channel_id, id);
CREATE TABLE notify_attempts (
    id INTEGER PRIMARY KEY,
    outbox_id INTEGER NOT NULL REFERENCES notify_outbox(id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    ok INTEGER NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    ms INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX notify_attempts_outbox ON notify_attempts(outbox_id, id);
CREATE TABLE notify_state (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO notify_state (name, value) VALUES ('fanned_to', 0);
UPDATE roles SET permissions = permissions || ' notify.manage' WHERE code = 'admin';
