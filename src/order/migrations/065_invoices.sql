-- Invoice titles 发票抬头 and invoices (R-DEV-5, issue 14 item 4).
--
-- A customer's invoice titles: a company's (name, tax number = its unified
-- social credit code, address, phone, bank, account: what a VAT special
-- invoice 增值税专用发票 prints) or an individual's (the name only). One is
-- the default.
CREATE TABLE invoice_titles (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL,
    kind TEXT NOT NULL,                      -- company, individual
    name TEXT NOT NULL,
    tax_number TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    bank TEXT NOT NULL DEFAULT '',
    account TEXT NOT NULL DEFAULT '',
    is_default INTEGER NOT NULL DEFAULT 0,
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX invoice_titles_customer ON invoice_titles(customer_id, id);

-- An invoice issued against an order: to one of its customer's titles, of a
-- kind (normal 普通发票, special 专用发票), with the number printed on it.
CREATE TABLE invoices (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL,
    customer_id INTEGER NOT NULL,
    title_id INTEGER NOT NULL REFERENCES invoice_titles(id),
    kind TEXT NOT NULL,
    number TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    issued_on TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX invoices_number ON invoices(kind, number);
CREATE INDEX invoices_order ON invoices(order_id, id);
CREATE INDEX invoices_title ON invoices(title_id);
