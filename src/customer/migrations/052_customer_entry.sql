-- R-ARC-10 entry deadline: the day a customer's information was collected
-- (YYYY-MM-DD; the day it was entered when not given) and whether it was
-- entered later than entry_deadline_working_days working days after that.
-- R-INT-6: the channel the customer prefers to be contacted by ('' none).
ALTER TABLE customers ADD COLUMN collected_on TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN entry_late INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN preferred_channel TEXT NOT NULL DEFAULT '';
