-- New-customer development 客户开发 (R-DEV-1, R-DEV-2, issue 14 item 1): a
-- candidate goes through general investigation 一般调查, on-site
-- investigation 实地调查 and the admission application 认定申请 (approved
-- by the market head through the approvals engine), has its supply and
-- quality-assurance contracts signed, and is admitted: a customer with its
-- code, the departments told. stage: candidate, general, site, application
-- (approval_id: its request), approved, contracted, admitted, dropped.
CREATE TABLE candidates (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    uscc TEXT NOT NULL DEFAULT '',
    contact TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    owner_id INTEGER REFERENCES users(id),
    stage TEXT NOT NULL DEFAULT 'candidate',
    history TEXT NOT NULL DEFAULT '',           -- 企业沿革
    profile TEXT NOT NULL DEFAULT '',           -- 企业概况
    annual_accounts TEXT NOT NULL DEFAULT '',   -- 最新年度决算
    catalogue TEXT NOT NULL DEFAULT '',         -- 产品指南、产品目录
    talks TEXT NOT NULL DEFAULT '',             -- 与负责人、技术负责人的商谈
    site_visited_on TEXT NOT NULL DEFAULT '',
    site_team TEXT NOT NULL DEFAULT '',         -- 资材、技术、设计、质量管理
    site_findings TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',            -- 交易的理由
    trading_policy TEXT NOT NULL DEFAULT '',    -- 今后交易的基本方针
    goods_amounts TEXT NOT NULL DEFAULT '',     -- 交易商品目录与金额
    findings TEXT NOT NULL DEFAULT '',          -- 调查资料与调查结果
    approval_id INTEGER NOT NULL DEFAULT 0,
    supply_signed_on TEXT NOT NULL DEFAULT '',
    quality_signed_on TEXT NOT NULL DEFAULT '',
    payment_terms TEXT NOT NULL DEFAULT '',     -- 购货款的支付方式
    customer_id INTEGER NOT NULL DEFAULT 0,
    drop_reason TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX candidates_owner ON candidates(owner_id, stage, id);
CREATE INDEX candidates_stage ON candidates(stage, id);

-- The selection criteria 选择原则 (R-DEV-2) and their weights, set by the company.
CREATE TABLE candidate_criteria (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    name_en TEXT NOT NULL,
    weight INTEGER NOT NULL,
    position INTEGER NOT NULL
);
CREATE UNIQUE INDEX candidate_criteria_code ON candidate_criteria(code);
INSERT INTO candidate_criteria (code, name, name_en, weight, position) VALUES
    ('equipment', '设备与质量', 'Equipment and quality', 20, 1),
    ('delivery', '按时供货能力', 'Delivery capability', 15, 2),
    ('management', '经营管理水平', 'Management level', 15, 3),
    ('finance', '财务能力与信用', 'Finances and credit', 20, 4),
    ('attitude', '合作态度', 'Attitude', 10, 5),
    ('confidentiality', '保密', 'Confidentiality', 10, 6),
    ('cost', '成本水平', 'Cost level', 10, 7);

-- A candidate's score on each criterion (0-10).
CREATE TABLE candidate_scores (
    candidate_id INTEGER NOT NULL,
    criterion_id INTEGER NOT NULL,
    score INTEGER NOT NULL,
    PRIMARY KEY (candidate_id, criterion_id)
);

-- The path: each stage entered, when and by whom.
CREATE TABLE candidate_steps (
    id INTEGER PRIMARY KEY,
    candidate_id INTEGER NOT NULL,
    stage TEXT NOT NULL,
    at INTEGER NOT NULL,
    by_user INTEGER,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX candidate_steps_candidate ON candidate_steps(candidate_id, id);

UPDATE roles SET permissions = permissions || ' candidate.manage'
 WHERE code IN ('gm', 'sales_manager', 'salesperson');
UPDATE roles SET permissions = permissions || ' candidate.criteria'
 WHERE code IN ('gm', 'sales_manager');
