-- Private calendar subscriptions (issue 13 item 11): one per user, a secret
-- URL a phone's calendar, Outlook or WeCom polls for the user's open tasks
-- (visits and minutes among them). Only the token's hash is kept; a new
-- token replaces the old one, deleting the row revokes it.
CREATE TABLE calendar_feeds (
    user_id INTEGER PRIMARY KEY REFERENCES users(id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL DEFAULT 0
);
