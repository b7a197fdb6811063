-- The product catalogue 产品目录 (issue 14): what opportunities, orders and
-- contracts will name. A product is never deleted once written (an order may
-- name it): it is deactivated 停用 and leaves the pickers, not the records.
CREATE TABLE products (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,                    -- 产品编码: letters upper-cased, digits, - _ . /
    name TEXT NOT NULL,
    model TEXT NOT NULL DEFAULT '',        -- 型号
    category TEXT NOT NULL DEFAULT '',     -- 类别
    unit TEXT NOT NULL DEFAULT '',         -- 单位: 台, 件, 套 ...
    price_fen INTEGER NOT NULL DEFAULT 0,  -- list price in fen
    warranty_months INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1,
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
-- The catalogue in code order (the list, its cursor), and a code's one product.
CREATE UNIQUE INDEX products_code ON products(code);
-- One category's products in code order (the category filter).
CREATE INDEX products_category ON products(category, code);

-- Read by the roles whose work names products now (selling, the customer archive, management,
-- the administrator who keeps the catalogue); the service and finance roles get it with the
-- capabilities that give them work (until then their home page says their functions are to come).
UPDATE roles SET permissions = permissions || ' product.read'
 WHERE code IN ('gm', 'cs_manager', 'info_supervisor', 'info_specialist', 'sales_manager',
                'salesperson', 'admin');
UPDATE roles SET permissions = permissions || ' product.manage'
 WHERE code IN ('gm', 'sales_manager', 'admin');
