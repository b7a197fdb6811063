-- SQLite's form (054_greetings.pg.sql is PostgreSQL's: only the channel kind's
-- CHECK differs).
-- Holiday greetings 节日问候 (R-INT-6): the holidays the greetings job makes
-- tasks for, greeting_days_before days ahead. day: "MM-DD" (solar) or
-- "农历MM-DD" (lunar, resolved to this year's solar day). audience: buyers
-- (stage customer, loyal or won back, or a purchase recorded: "对一般成交客户
-- 在每个节假日均进行电话或短信回访"), all (every owned customer), or grades
-- (the grade letters in grades, e.g. 'AB'). template: the greeting, with
-- {name} for the customer's name. Tasks carry source
-- "holiday:<id>:<year>:<customer>", so a rerun adds nothing.
CREATE TABLE greeting_holidays (
    id INTEGER PRIMARY KEY,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    day TEXT NOT NULL,
    audience TEXT NOT NULL DEFAULT 'buyers',
    grades TEXT NOT NULL DEFAULT '',
    channel TEXT NOT NULL DEFAULT 'call',
    template TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1,
    updated_by INTEGER REFERENCES users(id),
    updated_at INTEGER NOT NULL DEFAULT 0
);
INSERT INTO greeting_holidays (name_zh, name_en, day, template) VALUES
    ('元旦', 'New Year''s Day', '01-01', '{name}您好，新年快乐！感谢您一直以来的支持，祝您新的一年万事顺意。'),
    ('春节', 'Spring Festival', '农历01-01', '{name}您好，值此新春佳节，恭祝您和家人身体健康、阖家幸福、万事如意！'),
    ('元宵节', 'Lantern Festival', '农历01-15', '{name}您好，元宵佳节，祝您和家人团团圆圆、幸福美满！'),
    ('端午节', 'Dragon Boat Festival', '农历05-05', '{name}您好，端午安康！感谢您的信任与支持。'),
    ('中秋节', 'Mid-Autumn Festival', '农历08-15', '{name}您好，月圆人团圆，祝您中秋快乐、阖家幸福！'),
    ('国庆节', 'National Day', '10-01', '{name}您好，国庆快乐！祝您假期愉快、诸事顺利。'),
    ('重阳节', 'Double Ninth Festival', '农历09-09', '{name}您好，重阳佳节，祝您和家中长辈健康长寿！');

-- Callback methods low satisfaction and needs further service (R-INT-5)
-- read these until surveys and service tickets exist: satisfaction 0 (not
-- asked) or 1-5; needs_service 1 flags that the customer needs further
-- service, until a later interaction says otherwise.
ALTER TABLE interactions ADD COLUMN satisfaction INTEGER NOT NULL DEFAULT 0;
ALTER TABLE interactions ADD COLUMN needs_service INTEGER NOT NULL DEFAULT 0;

-- Greetings sent to a customer (R-INT-6) go through the one outbox: by the
-- e-mail server, or by an SMS gateway, a new channel kind (a generic
-- gateway webhook: POST {to, text}, signed like the generic webhook). The
-- customer's address is sealed in recipient_sealed (a vault column) and
-- opened only to send; recipient holds it masked for the delivery log.
ALTER TABLE notify_outbox ADD COLUMN recipient_sealed TEXT NOT NULL DEFAULT '';
-- SQLite keeps the kind's CHECK in the table's definition: the table is rebuilt.
CREATE TABLE notify_channels_054 (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('email', 'webhook', 'wecom', 'dingtalk', 'feishu', 'sms')),
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
INSERT INTO notify_channels_054 (id, kind, name, url, username, sender, secret, events, enabled,
                                 created_at, updated_at)
SELECT id, kind, name, url, username, sender, secret, events, enabled, created_at, updated_at
  FROM notify_channels;
DROP TABLE notify_channels;
ALTER TABLE notify_channels_054 RENAME TO notify_channels;
