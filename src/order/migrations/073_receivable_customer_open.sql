-- A customer's installments still owed, in due order (its page's receivables tab opens on them,
-- and its arrears): receivable_plans_customer walks every installment of the customer and reads
-- each row to find the few still owed (40 of 200 on the benchmark's customers).
CREATE INDEX receivable_plans_customer_open ON receivable_plans(customer_id, due_on, id)
    WHERE paid_fen < amount_fen;
