-- Masking (R-SEC-13): the roles that see phone and ID numbers in full.
UPDATE roles SET permissions = permissions || ' customer.unmask'
 WHERE code IN ('gm', 'cs_manager', 'info_supervisor');
