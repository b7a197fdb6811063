-- Which customers a loan holds (R-SEC-5, "who saw this"): every customer of
-- a checkout and the customer of a one-customer export. A list export is
-- registered with its filter only (its rows can be millions). Loans made
-- before this table are not linked.
CREATE TABLE loan_items (
    loan_id INTEGER NOT NULL REFERENCES loans(id),
    customer_id INTEGER NOT NULL,
    PRIMARY KEY (loan_id, customer_id)
);
CREATE INDEX loan_items_customer ON loan_items(customer_id, loan_id);
