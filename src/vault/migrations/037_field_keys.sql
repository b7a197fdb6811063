-- Field encryption at rest (R-SEC-11, DECISIONS §119): the data keys, each
-- wrapped by a subkey of kehu.key (never stored here). Existing sensitive
-- values are sealed by `kehu` at its next start (vault_upgrade, setting
-- field_seal); phone and ID-number keys and search tokens become blind
-- indexes (customer_search_upgrade, setting customer_blind_keys).
CREATE TABLE IF NOT EXISTS field_keys (
    version INTEGER PRIMARY KEY,
    wrapped TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    retired_at INTEGER NOT NULL DEFAULT 0
);
INSERT INTO settings (key, value) VALUES ('field_seal', '1')
    ON CONFLICT (key) DO UPDATE SET value = '1';
INSERT INTO settings (key, value) VALUES ('customer_blind_keys', '1')
    ON CONFLICT (key) DO UPDATE SET value = '1';

-- Profile fields holding health and family details, and phone fields, are
-- sensitive: kept out of the search index (their values are sealed with the
-- rest of the profile).
ALTER TABLE custom_fields ADD COLUMN sensitive INTEGER NOT NULL DEFAULT 0;
UPDATE custom_fields SET sensitive = 1 WHERE type = 'phone' OR key IN ('family_status',
    'marital_status', 'wedding_anniversary', 'spouse_name', 'spouse_birthday',
    'spouse_education', 'spouse_occupation', 'spouse_interests', 'parents_info',
    'children_count', 'children_names', 'children_birthdays', 'children_schools',
    'closest_person', 'closest_person_relation', 'health_status', 'property_investments');
