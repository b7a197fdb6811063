-- A custom field an administrator retires is hidden from forms and no
-- longer required; the values customers hold for it are kept, and it can
-- be brought back.
ALTER TABLE custom_fields ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;
