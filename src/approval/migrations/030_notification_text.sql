-- Notifications of any capability (overdue loans, later tasks and reminders):
-- their text in both languages, written when they are made, and the page
-- they open. Approval notifications keep rendering theirs from the request.
ALTER TABLE notifications ADD COLUMN text_zh TEXT NOT NULL DEFAULT '';
ALTER TABLE notifications ADD COLUMN text_en TEXT NOT NULL DEFAULT '';
ALTER TABLE notifications ADD COLUMN link TEXT NOT NULL DEFAULT '';
