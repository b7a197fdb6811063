-- Phones are stored in one form (phone_canonical: 13700137000, 010-65529988,
-- 0755-2345678-801) instead of as typed. Existing customers' and contacts'
-- phones are converted by `kehu` at its next start (customer_phone_upgrade);
-- a value that is not a phone number keeps its text and is logged.
INSERT INTO settings (key, value) VALUES ('phone_canonical', '1')
    ON CONFLICT (key) DO UPDATE SET value = '1';
