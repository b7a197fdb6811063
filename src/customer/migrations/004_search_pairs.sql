-- Search documents now carry CJK character pairs ("b张伟"): existing rows are
-- re-tokenized by `kehu` at its next start (customer_search_upgrade).
INSERT INTO settings (key, value) VALUES ('search_reindex', '1')
    ON CONFLICT (key) DO UPDATE SET value = '1';
