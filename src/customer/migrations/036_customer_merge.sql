-- Merging duplicates (R-ARC-8): the merged record stays, archived, pointing at
-- the record it was merged into (0: not merged); who may merge.
ALTER TABLE customers ADD COLUMN merged_into INTEGER NOT NULL DEFAULT 0;
UPDATE roles SET permissions = permissions || ' customer.merge'
 WHERE code IN ('gm', 'cs_manager', 'info_supervisor', 'sales_manager');
