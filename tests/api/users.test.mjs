// Users, roles, departments and branches (administration).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, as, asAdmin, asNewUser, auditEntries, addUser, kehu } from '../lib/kehu.mjs';

let server;
let admin;
before(async () => {
  server = await startServer({ demo: 3 });
  admin = await asAdmin(server);
});
after(async () => { await server.stop(); });

const newUser = (username, extra = {}) => ({
  username, display_name: '李强', role: 'salesperson', department_id: 1, branch_id: 1,
  password: 'at-least-10-chars', ...extra,
});

// A role that sees customers is given on the server (kehu user …): see separation.test.mjs.
test('the administrator creates a user who can then log in with the given role', async () => {
  const r = await admin.post('/api/v1/users', newUser('liqiang', { role: 'technician' }));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.username, 'liqiang');
  assert.equal(r.body.display_name, '李强');
  assert.equal(r.body.role, 'technician');
  assert.equal(r.body.department_id, 1);
  assert.equal(r.body.active, true);
  assert.ok(!('password' in r.body) && !('password_hash' in r.body));
  const c = new Client(server.url);
  const login = await c.login('liqiang', 'at-least-10-chars');
  assert.equal(login.status, 200);
  assert.equal(login.body.user.role, 'technician');
  const list = await admin.get('/api/v1/users');
  assert.ok(list.body.items.some((u) => u.username === 'liqiang'));
});

test('only the administrator creates users: a salesperson and a GM get 403', async () => {
  for (const who of ['zhangwei', 'gm']) {
    const c = await as(server, who);
    const r = await c.post('/api/v1/users', newUser(`by_${who}`));
    assert.equal(r.status, 403, who);
    assert.equal(r.body.error.code, 'forbidden');
  }
  const list = await admin.get('/api/v1/users');
  assert.ok(!list.body.items.some((u) => u.username.startsWith('by_')));
});

test('a second user with an existing username is refused with 409', async () => {
  const r = await admin.post('/api/v1/users', newUser('zhangwei', { role: 'technician' }));
  assert.equal(r.status, 409);
  assert.equal(r.body.error.code, 'conflict');
  assert.equal(r.body.error.field, 'username');
});

test('user creation validates: short password, unknown role, unknown department, bad username → 422 with the field', async () => {
  const cases = [
    [newUser('shortpw', { password: 'short' }), 'password'],
    [newUser('badrole', { role: 'emperor' }), 'role'],
    [newUser('baddept', { department_id: 999 }), 'department_id'],
    [newUser('Bad Name!'), 'username'],
    [newUser('nodisplay', { display_name: '' }), 'display_name'],
  ];
  for (const [body, field] of cases) {
    const r = await admin.post('/api/v1/users', body);
    assert.equal(r.status, 422, `${field}: ${r.text}`);
    assert.equal(r.body.error.code, 'validation');
    assert.equal(r.body.error.field, field);
  }
  const list = await admin.get('/api/v1/users');
  for (const u of ['shortpw', 'badrole', 'baddept', 'nodisplay']) assert.ok(!list.body.items.some((x) => x.username === u), u);
});

test('a wrong type in a user body is refused with 400 naming the field', async () => {
  const r = await admin.post('/api/v1/users', newUser('typeerr', { department_id: 'one' }));
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'invalid');
  assert.equal(r.body.error.field, 'department_id');
});

test('disabling a user ends their sessions and API tokens; they can no longer log in', async () => {
  await addUser(server, newUser('leaving', { password: 'departure-pass-1' }));
  const c = await asNewUser(server, 'leaving', 'departure-pass-1', 'departure-pass-2');
  const tok = await c.post('/api/v1/auth/tokens', { name: 'script' });
  assert.equal(tok.status, 201);
  const bearer = new Client(server.url, { token: tok.body.token });
  assert.equal((await bearer.get('/api/v1/auth/me')).status, 200);
  const r = await admin.patch(`/api/v1/users/${c.user.id}`, { active: false });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.active, false);
  assert.equal((await c.get('/api/v1/auth/me')).status, 401);
  assert.equal((await bearer.get('/api/v1/auth/me')).status, 401);
  assert.equal((await new Client(server.url).login('leaving', 'departure-pass-2')).status, 401);
  // re-enabling lets them in again
  await admin.patch(`/api/v1/users/${c.user.id}`, { active: true });
  assert.equal((await new Client(server.url).login('leaving', 'departure-pass-2')).status, 200);
});

test('a user cannot disable themself or change their own role (422 field active)', async () => {
  const r = await admin.patch(`/api/v1/users/${admin.user.id}`, { active: false });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'active');
  const r2 = await admin.patch(`/api/v1/users/${admin.user.id}`, { role: 'salesperson' });
  assert.equal(r2.status, 422);
  assert.equal((await admin.get('/api/v1/auth/me')).body.user.role, 'admin');
});

test('the username cannot be changed (422) and an unknown user id is 404', async () => {
  const list = await admin.get('/api/v1/users');
  const lina = list.body.items.find((u) => u.username === 'lina');
  const r = await admin.patch(`/api/v1/users/${lina.id}`, { username: 'lina2' });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'username');
  const r2 = await admin.patch('/api/v1/users/99999', { display_name: '无人' });
  assert.equal(r2.status, 404);
});

test('only user.manage changes users: a sales manager gets 403 on PATCH', async () => {
  const mgr = await as(server, 'salesmgr');
  const list = await mgr.get('/api/v1/users');
  const lina = list.body.items.find((u) => u.username === 'lina');
  const r = await mgr.patch(`/api/v1/users/${lina.id}`, { active: false });
  assert.equal(r.status, 403);
  assert.equal((await new Client(server.url).login('lina', 'kehu-demo-2026')).status, 200);
});

test('the user list is for administrators and managers; a salesperson gets 403', async () => {
  assert.equal((await (await as(server, 'salesmgr')).get('/api/v1/users')).status, 200);
  const r = await (await as(server, 'zhangwei')).get('/api/v1/users');
  assert.equal(r.status, 403);
});

test('R-SEC-10: a role change is audited as permission.change with who and what', async () => {
  const created = { body: await addUser(server, newUser('promoted')) };
  const r = await admin.patch(`/api/v1/users/${created.body.id}`, { role: 'technician' });
  assert.equal(r.status, 200);
  assert.equal(r.body.role, 'technician');
  const auditor = await as(server, 'shenji');
  const entries = await auditEntries(auditor, `action=permission.change&target_id=${created.body.id}`);
  assert.equal(entries.length, 1);
  assert.equal(entries[0].actor.id, admin.user.id);
  assert.match(entries[0].detail, /role=technician/);
  const creation = await auditEntries(auditor, `action=user.create&target_id=${created.body.id}`);
  assert.equal(creation.length, 1);
});

test('GET /roles lists the default roles with scope and permissions', async () => {
  const r = await admin.get('/api/v1/roles');
  assert.equal(r.status, 200);
  const byCode = Object.fromEntries(r.body.items.map((x) => [x.code, x]));
  assert.equal(byCode.salesperson.scope, 'own');
  assert.equal(byCode.salesperson.name_zh, '业务员');
  assert.ok(byCode.salesperson.permissions.includes('customer.create'));
  assert.equal(byCode.sales_manager.scope, 'department');
  assert.equal(byCode.gm.scope, 'all');
  assert.equal(byCode.auditor.scope, 'none');
  assert.deepEqual(byCode.auditor.permissions.sort(), ['approval.read', 'audit.read']);
  assert.ok(!byCode.visitor.permissions.includes('product.read'), 'a visitor reads no catalogue');
});

test('branches and departments: the administrator creates them, codes are validated, others get 403', async () => {
  const b = await admin.post('/api/v1/branches', { code: 'GZ', name: '广州分公司' });
  assert.equal(b.status, 201, b.text);
  assert.equal(b.body.code, 'GZ');
  const bad = await admin.post('/api/v1/branches', { code: 'gz-1', name: '坏代码' });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.error.field, 'code');
  const d = await admin.post('/api/v1/departments', { name: '广州销售部', branch_id: b.body.id });
  assert.equal(d.status, 201, d.text);
  assert.equal(d.body.branch_id, b.body.id);
  const badDept = await admin.post('/api/v1/departments', { name: '孤儿部门', branch_id: 999 });
  assert.equal(badDept.status, 422);
  assert.equal(badDept.body.error.field, 'branch_id');
  const sales = await as(server, 'salesmgr');
  assert.equal((await sales.post('/api/v1/branches', { code: 'XX', name: '越权' })).status, 403);
  const branches = await admin.get('/api/v1/branches');
  assert.ok(branches.body.items.some((x) => x.code === 'GZ'));
  assert.ok(!branches.body.items.some((x) => x.code === 'XX'));
  const depts = await admin.get('/api/v1/departments');
  assert.ok(depts.body.items.some((x) => x.name === '广州销售部' && x.branch_id === b.body.id));
});

test('R-SEC-1: issue 9 item 15: a role that sees customers by owner or department needs a department and a branch (422 naming the field, nothing saved)', async () => {
  const cases = [
    [newUser('nodept', { department_id: null }), 'department_id'],
    [newUser('nobranch', { branch_id: null }), 'branch_id'],
    [newUser('mgrnodept', { role: 'sales_manager', department_id: undefined }), 'department_id'],
  ];
  for (const [body, field] of cases) {
    const r = await admin.post('/api/v1/users', body);
    assert.equal(r.status, 422, `${field}: ${r.text}`);
    assert.equal(r.body.error.field, field);
  }
  const list = await admin.get('/api/v1/users');
  for (const u of ['nodept', 'nobranch', 'mgrnodept']) assert.ok(!list.body.items.some((x) => x.username === u), u);
  // a role that sees all customers or none needs neither
  const tech = await admin.post('/api/v1/users', newUser('jishuyuan', { role: 'technician', department_id: null, branch_id: null }));
  assert.equal(tech.status, 201, tech.text);
  // ... until it is changed to one that does
  const r = await admin.patch(`/api/v1/users/${tech.body.id}`, { role: 'salesperson' });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'department_id');
  const after = (await admin.get('/api/v1/users')).body.items.find((u) => u.id === tech.body.id);
  assert.equal(after.role, 'technician');
  // a salesperson's department cannot be taken away
  const sales = await addUser(server, newUser('youbumen'));
  const cleared = await admin.patch(`/api/v1/users/${sales.id}`, { department_id: null });
  assert.equal(cleared.status, 422);
  assert.equal(cleared.body.error.field, 'department_id');
  const ok = await kehu(['user', 'role', 'jishuyuan', 'salesperson', '--department', '1', '--branch', '1', '--db', server.db]);
  assert.equal(ok.code, 0, ok.stderr);
});
