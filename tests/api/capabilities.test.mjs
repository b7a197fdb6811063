// The table of capabilities: named permissions, per-capability scopes and audit labels,
// served to the web UI (which builds its menu and guards from them).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, as, asAdmin, auditEntries } from '../lib/kehu.mjs';

let server;
before(async () => { server = await startServer({ demo: 3 }); });
after(async () => { await server.stop(); });

test('R-SEC-10 R-PLT-1: GET /capabilities lists each capability with labelled permissions, scopes and audit actions', async () => {
  const c = await as(server, 'zhangwei');
  const r = await c.get('/api/v1/capabilities');
  assert.equal(r.status, 200, r.text);
  const byName = Object.fromEntries(r.body.items.map((x) => [x.name, x]));
  const customers = byName.customers;
  assert.ok(customers, 'customers capability registered');
  assert.equal(customers.label_zh, '客户档案');
  const create = customers.permissions.find((p) => p.name === 'customer.create');
  assert.deepEqual(create, { name: 'customer.create', label_zh: '新建客户', label_en: 'Create customers' });
  assert.deepEqual(customers.scopes.map((s) => s.name), ['customers']);
  const read = customers.audit_actions.find((a) => a.action === 'customer.read');
  assert.equal(read.label_en, 'Viewed a customer');
  assert.ok(byName.audit.permissions.some((p) => p.name === 'audit.read'));
  // Each name is declared by exactly one capability.
  const perms = r.body.items.flatMap((x) => x.permissions.map((p) => p.name));
  assert.equal(new Set(perms).size, perms.length);
  const actions = r.body.items.flatMap((x) => x.audit_actions.map((a) => a.action));
  assert.equal(new Set(actions).size, actions.length);
  for (const a of r.body.items.flatMap((x) => x.audit_actions)) {
    assert.ok(a.label_zh && a.label_en, a.action);
    assert.doesNotMatch(a.label_en, /[\u3400-\u9fff]/, `English label of ${a.action} has no Chinese`);
  }
});

test('R-SEC-1: GET /capabilities needs a login', async () => {
  const r = await new Client(server.url).get('/api/v1/capabilities');
  assert.equal(r.status, 401);
  assert.equal(r.body.error.code, 'unauthenticated');
});

test('R-SEC-1: /auth/me gives the permissions and a scope per capability, from the role', async () => {
  const cases = [
    ['zhangwei', 'own', ['customer.create', 'customer.update'], ['audit.read', 'user.manage']],
    ['salesmgr', 'department', ['customer.transfer', 'customer.grade'], ['audit.read']],
    ['shenji', 'none', ['audit.read'], ['customer.create']],
  ];
  for (const [who, scope, has, hasNot] of cases) {
    const c = await as(server, who);
    const me = (await c.get('/api/v1/auth/me')).body.user;
    assert.deepEqual(me.scopes, { customers: scope, receivables: 'none' }, who);
    assert.equal(me.scope, scope, who);
    for (const p of has) assert.ok(me.permissions.includes(p), `${who} has ${p}`);
    for (const p of hasNot) assert.ok(!me.permissions.includes(p), `${who} lacks ${p}`);
  }
});

test('R-SEC-1: GET /roles gives each role its scopes per capability and named permissions', async () => {
  const admin = await asAdmin(server);
  const r = await admin.get('/api/v1/roles');
  const byCode = Object.fromEntries(r.body.items.map((x) => [x.code, x]));
  assert.deepEqual(byCode.salesperson.scopes, { customers: 'own', receivables: 'none' });
  assert.deepEqual(byCode.gm.scopes, { customers: 'all', receivables: 'none' });
  assert.deepEqual(byCode.admin.scopes, { customers: 'none', receivables: 'none' });
  // R-DEV-5: the accountant reads every non-secret customer's orders and receivables, no files
  assert.deepEqual(byCode.accountant.scopes, { customers: 'none', receivables: 'all_nonsecret' });
  assert.ok(byCode.admin.permissions.includes('user.manage'));
});

test('R-SEC-10: every action written to the audit log has a registered label', async () => {
  const gm = await as(server, 'gm');
  const created = await gm.post('/api/v1/customers', { name: '标签测试客户', kind: 'individual' });
  assert.equal(created.status, 201, created.text);
  await gm.get(`/api/v1/customers/${created.body.id}`);
  await new Client(server.url).login('gm', 'wrong-password-here');
  const caps = (await gm.get('/api/v1/capabilities')).body.items;
  const labelled = new Set(caps.flatMap((x) => x.audit_actions.map((a) => a.action)));
  const auditor = await as(server, 'shenji');
  const seen = new Set((await auditEntries(auditor)).map((e) => e.action));
  for (const a of ['customer.create', 'customer.read', 'auth.login', 'auth.login_failed']) assert.ok(seen.has(a), a);
  for (const a of seen) assert.ok(labelled.has(a), `audit action ${a} has a label`);
});
