-- A customer's installments in due order (its page's receivables tab, its arrears): without it a
-- customer's list walked every unpaid installment of the company.
CREATE INDEX receivable_plans_customer ON receivable_plans(customer_id, due_on, id);
