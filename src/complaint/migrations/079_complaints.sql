-- Complaints 投诉 (R-CMP-1, R-CMP-2, the part follow-up rules need, R-INT-4):
-- a complaint against a customer of the archive: how it came in (channel),
-- whether in writing (a letter, an e-mail, a web form: the source policy's
-- 书面投诉 asks for an immediate call), its category and severity, what it
-- says, and once resolved, how. The complaints capability of SPEC §7 builds
-- on this record (investigation, responsibility, compensation, reports).
CREATE TABLE complaints (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL,
    channel TEXT NOT NULL,
    category TEXT NOT NULL,
    severity TEXT NOT NULL DEFAULT 'general',
    written INTEGER NOT NULL DEFAULT 0,
    summary TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'open',
    resolution TEXT NOT NULL DEFAULT '',
    resolved_at INTEGER NOT NULL DEFAULT 0,
    resolved_by INTEGER REFERENCES users(id),
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL
);
CREATE INDEX complaints_customer ON complaints(customer_id, id);
CREATE INDEX complaints_state ON complaints(state, id);

-- What happened to complaints, in order: received (with whether in writing)
-- and resolved. Follow-up rules on the complaint triggers read it by id
-- after their watermark (followup_rules.scanned_to), as they read purchases.
CREATE TABLE complaint_events (
    id INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL,
    customer_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    written INTEGER NOT NULL DEFAULT 0,
    at INTEGER NOT NULL
);
CREATE INDEX complaint_events_customer ON complaint_events(customer_id);

-- Rules on a date of the customer's (trigger date_field): which date
-- (birthday, collected_on, or custom:<key> of a date custom field) and
-- whether it comes back each year. For such a rule scanned_to is the last
-- company day its customers were read on.
ALTER TABLE followup_rules ADD COLUMN date_field TEXT NOT NULL DEFAULT '';
ALTER TABLE followup_rules ADD COLUMN yearly INTEGER NOT NULL DEFAULT 0;

-- The source policy's two complaint calls (SPEC R-INT-4): on a written
-- complaint an immediate call to confirm it (within a day), after a
-- complaint is resolved a callback (within 3 days); for the customer's owner.
INSERT INTO followup_rules (name_zh, name_en, trigger_kind, audience, unit, offset_from,
                            offset_to, channel, purpose, position) VALUES
 ('收到书面投诉即时电话回访', 'Written complaint received: call at once', 'complaint_written', 'all', 'days', 0, 1, 'call', 'mediation', 9),
 ('投诉处理后电话回访', 'Complaint resolved: callback', 'complaint_resolved', 'all', 'days', 0, 3, 'call', 'emotional', 10);

UPDATE roles SET permissions = permissions || ' complaint.record'
 WHERE code IN ('gm', 'cs_manager', 'info_supervisor', 'sales_manager', 'salesperson');
