-- Callback lists 回访名单 (R-INT-5): customers drawn by a method (a random
-- sample of a segment, the rarely contacted) and turned into callback tasks
-- with one purpose, spread over a team. The tasks carry source
-- "callback:<list>:<customer>"; the list keeps what made it.
CREATE TABLE callback_lists (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    method TEXT NOT NULL,
    purpose TEXT NOT NULL,
    channel TEXT NOT NULL DEFAULT 'call',
    filter TEXT NOT NULL DEFAULT '',
    since_days INTEGER NOT NULL DEFAULT 0,
    due_at INTEGER NOT NULL,
    tasks INTEGER NOT NULL DEFAULT 0,
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL
);
