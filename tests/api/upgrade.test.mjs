// Upgrading a database: the search index is rebuilt at start when its token format changed;
// an audit chain written before keys is re-keyed. Old databases are SQLite files (every
// installation before PostgreSQL was one), so these run on SQLite in both suites.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, serveExisting, as, asNewUser, addUser, auditRewrite, kehu, sqlite } from '../lib/kehu.mjs';

// Migrations 026 to 067 undone: approvals, secrecy levels, read grants, visitors, loans, ...
const UNDO_SINCE_026 = `DROP TABLE candidate_steps; DROP TABLE candidate_scores; DROP TABLE candidate_criteria;
  DROP TABLE candidates;
  UPDATE roles SET permissions = replace(replace(permissions, ' candidate.manage', ''), ' candidate.criteria', '');
  DROP TABLE contracts;
  UPDATE roles SET permissions = replace(replace(permissions, ' contract.read', ''), ' contract.manage', '');
  DROP TABLE invoices; DROP TABLE invoice_titles; DROP TABLE payment_allocations; DROP TABLE payments; DROP TABLE receivable_plans;
  UPDATE roles SET permissions = replace(replace(replace(permissions, ' receivable.read', ''), ' receivable.plan', ''),
    ' payment.record', ''), scopes = replace(scopes, ' receivables:all_nonsecret', '');
  DROP TABLE order_lines; DROP TABLE orders;
  UPDATE roles SET permissions = replace(replace(permissions, ' order.read', ''), ' order.manage', '');
  DROP TRIGGER customers_opportunities_owner; DROP TABLE opportunity_history;
  DROP TABLE opportunity_products; DROP TABLE opportunities; DROP TABLE opportunity_stages; DROP INDEX customers_secret;
  DROP TABLE opportunity_totals;
  DROP INDEX customers_owner; CREATE INDEX customers_owner ON customers(owner_id, updated_at, id, archived, grade, stage,
    kind, value_tier, source, category, department_id);
  UPDATE roles SET permissions = replace(replace(replace(permissions, ' opportunity.read', ''), ' opportunity.manage', ''),
    ' opportunity.configure', '');
  DROP TRIGGER customers_tasks_doer; DROP TABLE products;
  UPDATE roles SET permissions = replace(replace(permissions, ' product.read', ''), ' product.manage', '');
  DROP TABLE notifications; DROP TABLE approval_events; DROP TABLE approval_steps;
  DROP TABLE approval_requests; DROP TABLE approval_rules; ALTER TABLE departments DROP COLUMN head_id;
  UPDATE roles SET permissions = replace(replace(permissions, ' approval.read', ''), ' approval.rules', '');
  DROP TABLE loans;
  UPDATE roles SET permissions = replace(permissions, ' user.list', '') WHERE code = 'info_specialist';
  UPDATE roles SET permissions = replace(permissions, ' loan.manage', '');
  DELETE FROM roles WHERE code = 'visitor'; ALTER TABLE users DROP COLUMN organization; ALTER TABLE users DROP COLUMN credential;
  DROP TABLE customer_grants; DROP TABLE secrecy_custodians; ALTER TABLE users DROP COLUMN clearance; ALTER TABLE customers DROP COLUMN secrecy;
  UPDATE roles SET permissions = replace(replace(permissions, ' customer.classify', ''), ' secrecy.manage', '');
  DROP TABLE export_permits; UPDATE roles SET permissions = replace(permissions, ' export.approve', '');
  DROP TABLE leak_actions; DROP TABLE leak_report_customers; DROP TABLE leak_reports;
  UPDATE roles SET permissions = replace(permissions, ' leak.manage', '');
  DROP TABLE loan_items;
  UPDATE roles SET permissions = replace(permissions, ' customer.unmask', '');
  ALTER TABLE customers DROP COLUMN merged_into; UPDATE roles SET permissions = replace(permissions, ' customer.merge', '');
  ALTER TABLE custom_fields DROP COLUMN sensitive;
  DROP TABLE destructions; DROP TABLE retention_rules; ALTER TABLE customers DROP COLUMN destroy_due_at;
  ALTER TABLE customers DROP COLUMN archived_at; UPDATE roles SET permissions = replace(permissions, ' customer.destroy', '');
  DROP TABLE calendar_days;
  DROP TABLE tasks; DROP TABLE interaction_people; DROP TABLE interactions; DROP TABLE purchases;
  DROP TABLE followup_rules; DROP TABLE visit_plans; DROP TABLE callback_lists;
  DROP TABLE uncontacted_alerts; DROP TABLE followup_marks; DROP TABLE meeting_minutes;
  UPDATE roles SET permissions = replace(replace(replace(replace(permissions, ' task.assign', ''),
    ' interaction.log', ''), ' followup.rules', ''), ' purchase.record', '');
  DROP INDEX customers_pool; ALTER TABLE customers DROP COLUMN pool_since; ALTER TABLE customers DROP COLUMN pool_reason;
  DROP TABLE pool_claims; DROP TABLE pool_rules;
  UPDATE roles SET permissions = replace(replace(permissions, ' pool.claim', ''), ' pool.rules', '');
  DROP TABLE notify_attempts; DROP TABLE notify_outbox; DROP TABLE notify_prefs; DROP TABLE notify_channels;
  DROP TABLE notify_state; UPDATE roles SET permissions = replace(permissions, ' notify.manage', '');
  DROP TABLE calendar_feeds; DROP TABLE inspection_items; DROP TABLE inspections;
  UPDATE roles SET permissions = replace(permissions, ' inspection.manage', '');
  ALTER TABLE customers DROP COLUMN collected_on; ALTER TABLE customers DROP COLUMN entry_late;
  ALTER TABLE customers DROP COLUMN preferred_channel;
  DROP TABLE comm_plan_tasks; DROP TABLE comm_plan_periods; DROP TABLE comm_plans;
  UPDATE roles SET permissions = replace(permissions, ' commplan.manage', '');
  DROP TABLE greeting_holidays;
  DROP TABLE branch_shares; UPDATE roles SET permissions = replace(permissions, ' customer.share', '');
  DROP TABLE documents; DROP TABLE audit_reads; DROP TABLE audit_reads_recent;
  DROP TABLE search_backlog; ALTER TABLE jobs DROP COLUMN phase;
  DROP TABLE complaint_events; DROP TABLE complaints; UPDATE roles SET permissions = replace(permissions, ' complaint.record', '');`;
// field_keys stays: the values this version sealed before the undo still open (037 creates it if absent).

test('R-ARC-9: a database whose search rows predate character pairs is re-indexed at start', async () => {
  const s = await startServer({ demo: 0, sqlite: true });
  const admin = await as(s, 'admin', s.adminPassword);
  const dept = await admin.post('/api/v1/departments', { name: '升级部', branch_id: 1 });
  assert.equal(dept.status, 201, dept.text);
  await addUser(s, { username: 'upsales', display_name: '升级', role: 'salesperson', department_id: dept.body.id, branch_id: 1, password: 'upgrade-pass-1' });
  const sales = await asNewUser(s, 'upsales', 'upgrade-pass-1', 'upgrade-pass-2');
  const created = await sales.post('/api/v1/customers', { kind: 'individual', name: '蒯秀兰', mobile: '13912345670' });
  assert.equal(created.status, 201, created.text);
  await s.stop({ keep: true });
  // An old database: search rows without pairs (here: none at all), and the flag a migration sets.
  execFileSync('sqlite3', [s.db, "DELETE FROM customer_search; UPDATE settings SET value = '1' WHERE key = 'search_reindex'"]);
  const again = await serveExisting(s.db);
  try {
    const c = await as(again, 'upsales', 'upgrade-pass-2');
    const r = await c.get(`/api/v1/customers?q=${encodeURIComponent('秀兰')}`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.items.map((x) => x.name), ['蒯秀兰']);
    const flag = execFileSync('sqlite3', [s.db, "SELECT value FROM settings WHERE key = 'search_reindex'"], { encoding: 'utf8' }).trim();
    assert.equal(flag, '0');
  } finally {
    await again.stop();
  }
});

test('R-ARC-9: uploads and job files recorded by path before the file store are found by name after the upgrade', async () => {
  const s = await startServer({ demo: 3, sqlite: true });
  const gm = await as(s, 'gm');
  const exp = await gm.post('/api/v1/exports', { format: 'csv' });
  assert.equal(exp.status, 202, exp.text);
  for (let i = 0; i < 200; i++) {
    const j = await gm.get(`/api/v1/jobs/${exp.body.job_id}`);
    if (j.body.state === 'done') break;
    await new Promise((res) => setTimeout(res, 50));
  }
  const sales = await as(s, 'zhangwei');
  const up = await sales.req('POST', '/api/v1/imports/files?name=old.csv', undefined,
    { raw: '客户名称,手机\n旧库,13912345671\n', headers: { 'Content-Type': 'application/octet-stream' } });
  assert.equal(up.status, 201, up.text);
  await s.stop({ keep: true });
  // The database as version 11 left it: absolute paths in uploads.path and jobs.file_path, and
  // none of the later migrations (the phone conversion of 013, the presets of 014, the value maps of
  // 015, the password-change flag of 016, the retired custom fields of 017, the login places of
  // 018, the session activity columns of 019, the job file sizes of 022, the audit key mark of 023,
  // the notices of 024, the customer tags of 025, the approvals of 026), which run again.
  const files = `${s.dir}/files/`;
  execFileSync('sqlite3', [s.db, `DROP INDEX uploads_created; DROP INDEX jobs_file;
    ALTER TABLE uploads RENAME COLUMN file TO path; UPDATE uploads SET path = '${files}' || path;
    ALTER TABLE jobs RENAME COLUMN file TO file_path;
    UPDATE jobs SET file_path = '${files}' || file_path WHERE file_path <> '';
    ALTER TABLE users DROP COLUMN must_change_password;
    ALTER TABLE custom_fields DROP COLUMN retired;
    ALTER TABLE sessions DROP COLUMN last_seen_at;
    ALTER TABLE sessions DROP COLUMN user_agent;
    DROP TABLE login_places;
    DELETE FROM schema_version WHERE version >= 12;
    DELETE FROM custom_fields WHERE template IN ('property_tenant', 'hotel_guest', 'elderly_health', 'corporate_banking');
    DELETE FROM profile_templates WHERE code IN ('property_tenant', 'hotel_guest', 'elderly_health', 'corporate_banking');
    ALTER TABLE import_mappings DROP COLUMN value_map;
    ALTER TABLE audit_head DROP COLUMN key_id;
    DROP TABLE notices;
    DROP INDEX jobs_user_file;
    ALTER TABLE jobs DROP COLUMN file_size;
    DROP TABLE customer_tags;
    ${UNDO_SINCE_026}`]);
  const again = await serveExisting(s.db);
  try {
    const names = execFileSync('sqlite3', [s.db, "SELECT file FROM uploads UNION ALL SELECT file FROM jobs WHERE file <> ''"], { encoding: 'utf8' });
    assert.doesNotMatch(names, /\//);
    const gm2 = await as(again, 'gm');
    const dl = await gm2.get(`/api/v1/jobs/${exp.body.job_id}/file`);
    assert.equal(dl.status, 200, dl.text);
    assert.match(dl.text, /客户导出|导出人/);
    const sales2 = await as(again, 'zhangwei');
    const p = await sales2.post('/api/v1/imports/preview', { file_id: up.body.file_id });
    assert.equal(p.status, 202, p.text);
  } finally {
    await again.stop();
  }
});

test('R-SEC-10: issue 10 item 16: a chain written before keys is re-keyed at the first start with a key, and the re-keying is in the audit', async () => {
  const s = await startServer({ demo: 0, sqlite: true });
  await as(s, 'admin', s.adminPassword);
  await s.stop({ keep: true });
  // The database as version 22 left it: no key file, an unkeyed chain, no key mark (migrations 023 and later undone).
  auditRewrite(s.db, 'none');
  sqlite(s.db, `ALTER TABLE audit_head DROP COLUMN key_id; DROP TABLE notices; DROP TABLE customer_tags; ${UNDO_SINCE_026} DROP TABLE field_keys; DELETE FROM schema_version WHERE version >= 23`);
  rmSync(join(s.dir, 'kehu.key'));
  const before = Number(sqlite(s.db, 'SELECT count(*) FROM audit_log'));
  const again = await serveExisting(s.db);
  try {
    assert.ok(existsSync(join(s.dir, 'kehu.key')), 'a key is made beside the database');
    const v = await kehu(['audit', 'verify', '--db', s.db]);
    assert.equal(v.code, 0, v.stdout + v.stderr);
    const rekey = sqlite(s.db, "SELECT id || ' ' || detail FROM audit_log WHERE action = 'audit.rekey'");
    assert.equal(rekey, `${before + 1} ${before} entries re-keyed; the chain before was intact`);
    assert.notEqual(sqlite(s.db, 'SELECT key_id FROM audit_head'), '');
  } finally {
    await again.stop();
  }
});

test('R-PLT-4: issue 11 item 1: the tags of customers written before the tag table are found by the tag filter after the upgrade', async () => {
  const s = await startServer({ demo: 1, sqlite: true });
  const gm = await as(s, 'gm');
  const made = [];
  for (const [name, tags] of [['旧标签甲', ['升级标签甲', '升级标签乙']], ['旧标签乙', ['升级标签乙']], ['旧标签丙', []]]) {
    const r = await gm.post('/api/v1/customers', { kind: 'individual', name, tags });
    assert.equal(r.status, 201, r.text);
    made.push(r.body.id);
  }
  await s.stop({ keep: true });
  // The database as version 24 left it: tags only in the customers' JSON column.
  sqlite(s.db, `DROP TABLE customer_tags; ${UNDO_SINCE_026} DELETE FROM schema_version WHERE version >= 25`);
  const again = await serveExisting(s.db);
  try {
    assert.equal(sqlite(s.db, `SELECT count(*) FROM customer_tags WHERE customer_id IN (${made})`), '3');
    const c = await as(again, 'gm');
    const tagged = async (tag) => {
      const r = await c.get(`/api/v1/customers?tag=${encodeURIComponent(tag)}`);
      assert.equal(r.status, 200, r.text);
      return r.body.items.map((x) => x.id).sort((x, y) => x - y);
    };
    assert.deepEqual(await tagged('升级标签甲'), [made[0]]);
    assert.deepEqual(await tagged('升级标签乙'), [made[0], made[1]]);
  } finally {
    await again.stop();
  }
});

test('R-INT-4: R-DEV-5: issue 14 item 4: the purchases recorded before orders become delivered orders, still the customer\'s purchases, and the roles that recorded them place orders', async () => {
  const s = await startServer({ demo: 1, sqlite: true });
  const sales = await as(s, 'zhangwei');
  const c = (await sales.post('/api/v1/customers', { kind: 'individual', name: '升级购买客户' })).body;
  const opp = await sales.post('/api/v1/opportunities', { customer_id: c.id, title: '升级前的商机', amount_fen: 500000, expected_close: '2026-08-20' });
  assert.equal(opp.status, 201, opp.text);
  await s.stop({ keep: true });
  // The database as version 62 left it: purchases without orders, the purchase.record right.
  sqlite(s.db, `DROP TABLE candidate_steps; DROP TABLE candidate_scores; DROP TABLE candidate_criteria;
    DROP TABLE candidates; UPDATE roles SET permissions = replace(replace(permissions, ' candidate.manage', ''),
      ' candidate.criteria', '');
    DROP TABLE contracts; DROP TABLE invoices; DROP TABLE invoice_titles;
    DROP TABLE payment_allocations; DROP TABLE payments; DROP TABLE receivable_plans;
    UPDATE roles SET permissions = replace(replace(replace(permissions, ' receivable.read', ''), ' receivable.plan', ''),
      ' payment.record', ''), scopes = replace(scopes, ' receivables:all_nonsecret', '');
    DROP TABLE order_lines; DROP TABLE orders; DROP INDEX purchases_order; ALTER TABLE purchases DROP COLUMN order_id;
    DELETE FROM purchases;
    UPDATE roles SET permissions = replace(replace(permissions, ' order.read', ''), ' order.manage', '') || ' purchase.record'
     WHERE code IN ('gm', 'cs_manager', 'sales_manager', 'salesperson', 'info_supervisor', 'info_specialist');
    INSERT INTO purchases (customer_id, purchased_at, amount_fen, products, created_at) VALUES
      (${c.id}, 1780000000, 268800, '净水器 A1 ×1', 1780000000), (${c.id}, 1780100000, 9900, '', 1780100000);
    DROP TRIGGER opportunities_totals_insert; DROP TRIGGER opportunities_totals_delete;
    DROP TRIGGER opportunities_totals_update; DROP TABLE opportunity_totals;
    DROP TRIGGER customers_opportunities_owner; DROP INDEX opportunities_holder;
    ALTER TABLE opportunities DROP COLUMN holder_id;
    DROP INDEX customers_secret; DROP TABLE audit_reads; DROP TABLE audit_reads_recent;
    DROP TABLE search_backlog; ALTER TABLE jobs DROP COLUMN phase;
    DROP TABLE complaint_events; DROP TABLE complaints; DELETE FROM followup_rules WHERE trigger_kind LIKE 'complaint%';
    ALTER TABLE followup_rules DROP COLUMN date_field; ALTER TABLE followup_rules DROP COLUMN yearly;
    UPDATE roles SET permissions = replace(permissions, ' complaint.record', '');
    DELETE FROM schema_version WHERE version >= 63`);
  const again = await serveExisting(s.db);
  try {
    const zw = await as(again, 'zhangwei');
    const orders = (await zw.get(`/api/v1/orders?customer_id=${c.id}`)).body.items;
    assert.deepEqual(orders.map((o) => [o.state, o.amount_fen, o.code.startsWith('SO-P')]), [['delivered', 9900, true], ['delivered', 268800, true]]);
    const one = (await zw.get(`/api/v1/orders/${orders[1].id}`)).body;
    assert.deepEqual(one.lines.map((l) => [l.description, l.quantity, l.price_fen, l.amount_fen]), [['净水器 A1 ×1', 1, 268800, 268800]]);
    assert.equal((await zw.get(`/api/v1/orders/${orders[0].id}`)).body.lines[0].description, '购买记录');
    assert.equal(sqlite(s.db, `SELECT count(*) FROM purchases WHERE customer_id = ${c.id} AND order_id > 0`), '2');
    const roles = sqlite(s.db, "SELECT permissions FROM roles WHERE code = 'info_specialist'");
    assert.match(roles, /order\.manage/);
    assert.doesNotMatch(roles, /purchase\.record/);
    const r = await zw.post('/api/v1/orders', { customer_id: c.id, lines: [{ description: '滤芯', quantity: 1, price_fen: 100 }] });
    assert.equal(r.status, 201, r.text);
    // R-DEV-3: the company's kept sums start from the opportunities already there (migration 072)
    const f = (await (await as(again, 'gm')).get('/api/v1/opportunities/funnel?close_from=2026-08-01&close_to=2026-08-31')).body;
    assert.deepEqual([f.total.count, f.total.amount_fen], [1, 500000]);
    // a salesperson's sums start from their customers' opportunities already there (migration 074)
    const z = (await zw.get('/api/v1/opportunities/funnel?close_from=2026-08-01&close_to=2026-08-31')).body;
    assert.deepEqual([z.total.count, z.total.amount_fen], [1, 500000]);
    const zf = (await zw.get('/api/v1/opportunities/forecast?from=2026-08&to=2026-08')).body;
    assert.deepEqual(zf.rows.map((x) => [x.month, x.count, x.amount_fen]), [['2026-08', 1, 500000]]);
  } finally {
    await again.stop();
  }
});
