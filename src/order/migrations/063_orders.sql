-- Orders 订单 (issue 14 item 4). An order is the customer's purchase for the
-- follow-up rules: purchases (migration 043) becomes what orders write
-- (order_id), and each purchase recorded before is turned into a delivered
-- order with one free-text line, so that no purchase is lost and none is
-- counted twice.
CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,                        -- 订单号: SO + the day placed + the number
    customer_id INTEGER NOT NULL,
    owner_id INTEGER REFERENCES users(id),     -- the salesperson credited (the customer's owner then)
    opportunity_id INTEGER NOT NULL DEFAULT 0, -- the opportunity it came from, 0 none
    state TEXT NOT NULL DEFAULT 'confirmed',   -- confirmed, delivered, cancelled
    ordered_at INTEGER NOT NULL,
    delivery_due TEXT NOT NULL DEFAULT '',     -- YYYY-MM-DD or ''
    delivered_at INTEGER NOT NULL DEFAULT 0,
    amount_fen INTEGER NOT NULL DEFAULT 0,     -- the sum of the lines
    notes TEXT NOT NULL DEFAULT '',
    cancel_reason TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX orders_code ON orders(code);
-- A customer's orders newest first (its page); a salesperson's; everyone's.
CREATE INDEX orders_customer ON orders(customer_id, ordered_at, id);
CREATE INDEX orders_owner ON orders(owner_id, ordered_at, id);
CREATE INDEX orders_placed ON orders(ordered_at, id);

-- An order's lines: a product of the catalogue, or a free-text line (product_id NULL).
CREATE TABLE order_lines (
    order_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    product_id INTEGER REFERENCES products(id),
    description TEXT NOT NULL DEFAULT '',
    quantity INTEGER NOT NULL,
    price_fen INTEGER NOT NULL,
    discount_fen INTEGER NOT NULL DEFAULT 0,
    amount_fen INTEGER NOT NULL,               -- quantity * price_fen - discount_fen
    PRIMARY KEY (order_id, position)
);

ALTER TABLE purchases ADD COLUMN order_id INTEGER NOT NULL DEFAULT 0;
INSERT INTO orders (code, customer_id, owner_id, state, ordered_at, delivered_at, amount_fen,
                    notes, created_by, created_at, updated_at)
SELECT 'SO-P' || p.id, p.customer_id, (SELECT c.owner_id FROM customers c WHERE c.id = p.customer_id),
       'delivered', p.purchased_at, p.purchased_at, p.amount_fen, '', p.created_by, p.created_at,
       p.created_at
  FROM purchases p;
INSERT INTO order_lines (order_id, position, description, quantity, price_fen, amount_fen)
SELECT o.id, 1, CASE WHEN p.products = '' THEN '购买记录' ELSE p.products END, 1, p.amount_fen,
       p.amount_fen
  FROM orders o JOIN purchases p ON o.code = 'SO-P' || p.id;
UPDATE purchases SET order_id = (SELECT o.id FROM orders o WHERE o.code = 'SO-P' || purchases.id);
CREATE INDEX purchases_order ON purchases(order_id);

-- Orders replace recording a purchase: the roles that recorded purchases place orders.
UPDATE roles SET permissions = replace(permissions, ' purchase.record', '');
UPDATE roles SET permissions = permissions || ' order.read order.manage'
 WHERE code IN ('gm', 'cs_manager', 'sales_manager', 'salesperson', 'info_supervisor',
                'info_specialist');
