-- Kehu foundation schema: organisation, accounts, audit, customer archive.
-- Times are Unix seconds (UTC). Written in SQL that PostgreSQL also accepts
-- where it matters (no SQLite-only types in columns).

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE branches (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE departments (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    branch_id INTEGER REFERENCES branches(id),
    created_at INTEGER NOT NULL,
    UNIQUE (branch_id, name)
);

CREATE TABLE roles (
    code TEXT PRIMARY KEY,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('own','department','all_nonsecret','all','none')),
    permissions TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL REFERENCES roles(code),
    department_id INTEGER REFERENCES departments(id),
    branch_id INTEGER REFERENCES branches(id),
    active INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX users_department ON users(department_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    address TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- Failed logins per key ('user:<name>' or 'addr:<ip>'), a sliding window.
CREATE TABLE login_failures (
    key TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(key, at);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor_id INTEGER,
    actor_name TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    target_type TEXT NOT NULL DEFAULT '',
    target_id TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_actor ON audit_log(actor_id, id);
CREATE INDEX audit_target ON audit_log(target_type, target_id, id);
CREATE INDEX audit_action ON audit_log(action, id);

-- The chain's head: count and last hash, to detect removal of the newest rows.
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_id INTEGER NOT NULL,
    last_hash TEXT NOT NULL,
    entries INTEGER NOT NULL
);

CREATE TABLE code_sequences (
    scope TEXT PRIMARY KEY,
    next_value INTEGER NOT NULL
);

CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    gender TEXT NOT NULL DEFAULT 'unknown',
    birthday TEXT NOT NULL DEFAULT '',
    mobile TEXT NOT NULL DEFAULT '',
    phone_office TEXT NOT NULL DEFAULT '',
    phone_home TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    province_code INTEGER NOT NULL DEFAULT 0,
    city_code INTEGER NOT NULL DEFAULT 0,
    district_code INTEGER NOT NULL DEFAULT 0,
    address TEXT NOT NULL DEFAULT '',
    company TEXT NOT NULL DEFAULT '',
    company_address TEXT NOT NULL DEFAULT '',
    position TEXT NOT NULL DEFAULT '',
    id_number TEXT NOT NULL DEFAULT '',
    uscc TEXT NOT NULL DEFAULT '',
    credit_status TEXT NOT NULL DEFAULT 'unknown',
    category TEXT NOT NULL DEFAULT 'general',
    grade TEXT NOT NULL DEFAULT 'C',
    value_tier TEXT NOT NULL DEFAULT 'potential',
    stage TEXT NOT NULL DEFAULT 'prospect',
    activity TEXT NOT NULL DEFAULT 'low',
    industry TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT 'other',
    tags TEXT NOT NULL DEFAULT '[]',
    notes TEXT NOT NULL DEFAULT '',
    owner_id INTEGER REFERENCES users(id),
    collector_id INTEGER REFERENCES users(id),
    branch_id INTEGER REFERENCES branches(id),
    department_id INTEGER REFERENCES departments(id),
    templates TEXT NOT NULL DEFAULT '[]',
    custom TEXT NOT NULL DEFAULT '{}',
    archived INTEGER NOT NULL DEFAULT 0,
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX customers_owner ON customers(owner_id, archived, id);
CREATE INDEX customers_department ON customers(department_id, archived, id);
CREATE INDEX customers_created ON customers(created_at, id);
CREATE INDEX customers_updated ON customers(updated_at, id);
CREATE INDEX customers_name ON customers(name, id);
CREATE INDEX customers_grade ON customers(grade, id);
CREATE INDEX customers_district ON customers(district_code);

-- Normalised identifying keys for duplicate detection (R-ARC-8): one row per
-- key; the UNIQUE constraint refuses a second customer with the same key
-- even when two requests race.
CREATE TABLE customer_keys (
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    PRIMARY KEY (kind, value)
);
CREATE INDEX customer_keys_customer ON customer_keys(customer_id);

CREATE VIRTUAL TABLE customer_search USING fts5(
    name, company, py, phone, other,
    tokenize = 'unicode61 remove_diacritics 0'
);

CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    relation TEXT NOT NULL DEFAULT '',
    position TEXT NOT NULL DEFAULT '',
    is_decision_maker INTEGER NOT NULL DEFAULT 0,
    mobile TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    birthday TEXT NOT NULL DEFAULT '',
    interests TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX contacts_customer ON contacts(customer_id);

CREATE TABLE owner_history (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    from_user INTEGER REFERENCES users(id),
    to_user INTEGER REFERENCES users(id),
    by_user INTEGER REFERENCES users(id),
    reason TEXT NOT NULL DEFAULT '',
    at INTEGER NOT NULL
);
CREATE INDEX owner_history_customer ON owner_history(customer_id, id);

CREATE TABLE field_history (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL,
    by_user INTEGER REFERENCES users(id),
    at INTEGER NOT NULL
);
CREATE INDEX field_history_customer ON field_history(customer_id, id);

CREATE TABLE profile_templates (
    code TEXT PRIMARY KEY,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE custom_fields (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    label_zh TEXT NOT NULL,
    label_en TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('text','number','date','choice','multi_choice','bool','phone','money')),
    options TEXT NOT NULL DEFAULT '[]',
    required INTEGER NOT NULL DEFAULT 0,
    template TEXT NOT NULL REFERENCES profile_templates(code),
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX custom_fields_template ON custom_fields(template, position);

INSERT INTO roles (code, name_zh, name_en, scope, permissions, position) VALUES
 ('gm', '总经理', 'General manager', 'all', 'customer.create customer.update customer.grade customer.transfer customer.archive audit.read user.list', 1),
 ('cs_manager', '客户服务部经理', 'Customer-service manager', 'all_nonsecret', 'customer.create customer.update customer.archive user.list', 2),
 ('info_supervisor', '客户信息主管', 'Customer-information supervisor', 'all_nonsecret', 'customer.create customer.update customer.archive profile.manage user.list', 3),
 ('info_specialist', '信息专员', 'Information specialist', 'all_nonsecret', 'customer.create customer.update', 4),
 ('sales_manager', '销售经理', 'Sales manager', 'department', 'customer.create customer.update customer.grade customer.transfer customer.archive user.list', 5),
 ('salesperson', '业务员', 'Salesperson', 'own', 'customer.create customer.update', 6),
 ('service_supervisor', '服务主任', 'Service supervisor', 'none', '', 7),
 ('technician', '技术员', 'Technician', 'none', '', 8),
 ('accountant', '会计员', 'Accountant', 'none', '', 9),
 ('complaint_handler', '客户关系专员', 'Complaint handler', 'none', '', 10),
 ('auditor', '审计员', 'Auditor', 'none', 'audit.read', 11),
 ('admin', '系统管理员', 'Administrator', 'none', 'user.manage user.list settings.manage profile.manage', 12);

INSERT INTO settings (key, value) VALUES
 ('numbering', '{"prefix":"KH","date_part":"yyyymm","digits":5,"per_branch":true}'),
 ('login_max_user_failures', '5'),
 ('login_max_addr_failures', '20'),
 ('login_window_seconds', '900'),
 ('session_hours', '12');
