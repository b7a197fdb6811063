// User administration is separate from data access: an administrator alone
// cannot give anyone (or themself, through someone's account) the customers'
// records; the operator of the server can, audited, and the user is told.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, as, asAdmin, asNewUser, addUser, auditEntries, kehu, DEMO_PASSWORD } from '../lib/kehu.mjs';

let server, admin, auditor;
before(async () => {
  server = await startServer({ demo: 3 });
  [admin, auditor] = await Promise.all([asAdmin(server), as(server, 'shenji')]);
});
after(async () => { await server.stop(); });

const users = async () => (await admin.get('/api/v1/users')).body.items;
const chinese = /[\u4e00-\u9fff]/;

test('R-SEC-1: issue 10 item 18: an administrator alone cannot create a GM or any user whose role sees customers (403 approval_required naming the role and the server command; nothing saved)', async () => {
  const en = new Client(server.url, { lang: 'en' });
  await en.login('admin', server.adminPassword);
  for (const [username, role, extra] of [['newgm', 'gm', {}], ['newsales', 'salesperson', { department_id: 1, branch_id: 1 }]]) {
    const r = await en.post('/api/v1/users', { username, display_name: '新人', role, password: 'preset-pass-2026', ...extra });
    assert.equal(r.status, 403, r.text);
    assert.equal(r.body.error.code, 'approval_required');
    assert.equal(r.body.error.field, 'role');
    assert.match(r.body.error.message, /second person's approval/);
    assert.ok(r.body.error.message.includes(`kehu user add ${username} --role ${role}`), r.body.error.message);
    assert.doesNotMatch(r.body.error.message, chinese);
  }
  const zh = await admin.post('/api/v1/users', { username: 'newgm', display_name: '新人', role: 'gm', password: 'preset-pass-2026' });
  assert.match(zh.body.error.message, /另一人审批/);
  const names = (await users()).map((u) => u.username);
  assert.ok(!names.includes('newgm') && !names.includes('newsales'));
  // a role that sees no customers is still the administrator's to give
  const tech = await admin.post('/api/v1/users', { username: 'newtech', display_name: '新技术员', role: 'technician', password: 'preset-pass-2026' });
  assert.equal(tech.status, 201, tech.text);
});

test('R-SEC-1: issue 10 item 18: an administrator alone cannot raise a user to a role that sees (more) customers; the role stays, lowering stays open', async () => {
  const tech = (await users()).find((u) => u.username === 'jishu');
  for (const role of ['gm', 'salesperson', 'cs_manager']) {
    const r = await admin.patch(`/api/v1/users/${tech.id}`, { role, department_id: 1, branch_id: 1 });
    assert.equal(r.status, 403, `${role}: ${r.text}`);
    assert.equal(r.body.error.code, 'approval_required');
    assert.equal(r.body.error.field, 'role');
    assert.match(r.body.error.message, new RegExp(`kehu user role jishu ${role}`));
  }
  const sales = (await users()).find((u) => u.username === 'wangqiang');
  const up = await admin.patch(`/api/v1/users/${sales.id}`, { role: 'sales_manager' }); // own -> department
  assert.equal(up.status, 403, up.text);
  const after = await users();
  assert.equal(after.find((u) => u.id === tech.id).role, 'technician');
  assert.equal(after.find((u) => u.id === sales.id).role, 'salesperson');
  const entries = await auditEntries(auditor, `action=permission.change&target_id=${tech.id}`);
  assert.equal(entries.length, 0, 'a refused change leaves no change entry');
  // taking customers away needs no second person
  const down = await admin.patch(`/api/v1/users/${sales.id}`, { role: 'technician' });
  assert.equal(down.status, 200, down.text);
});

test('R-SEC-10: issue 10 item 18: an administrator alone cannot reset the GM\'s (or anyone else\'s) password: 403, the password and sessions stay', async () => {
  const gm = await as(server, 'gm');
  for (const who of [gm.user, (await users()).find((u) => u.username === 'lina')]) {
    const r = await admin.patch(`/api/v1/users/${who.id}`, { password: 'taken-over-2026' });
    assert.equal(r.status, 403, r.text);
    assert.equal(r.body.error.code, 'approval_required');
    assert.equal(r.body.error.field, 'password');
    assert.match(r.body.error.message, new RegExp(`kehu user passwd ${who.username}`));
  }
  assert.equal((await new Client(server.url).login('gm', 'taken-over-2026')).status, 401);
  assert.equal((await gm.get('/api/v1/auth/me')).status, 200, 'the GM stays signed in');
  assert.equal((await new Client(server.url).login('gm', DEMO_PASSWORD)).status, 200);
});

test('R-SEC-10: issue 10 item 18: on the server the command line creates a GM, raises a user and resets the GM\'s password, audited as the system; the user is told at the next sign-in', async () => {
  const made = await addUser(server, { username: 'gm2', display_name: '副总', role: 'gm', password: 'preset-pass-2026' });
  const created = await auditEntries(auditor, `action=user.create&target_id=${made.id}`);
  assert.equal(created.length, 1);
  assert.equal(created[0].actor.id, null, 'the system acted');

  const raised = await addUser(server, { username: 'shengzhi', role: 'technician', password: 'preset-pass-2026' });
  const r = await kehu(['user', 'role', 'shengzhi', 'sales_manager', '--department', '1', '--branch', '1', '--db', server.db]);
  assert.equal(r.code, 0, r.stderr);
  const change = await auditEntries(auditor, `action=permission.change&target_id=${raised.id}`);
  assert.equal(change.length, 1);
  assert.equal(change[0].actor.id, null);
  assert.match(change[0].detail, /role=sales_manager/);
  const c = await asNewUser(server, 'shengzhi', 'preset-pass-2026', 'chosen-pass-2026');
  c.lang = 'en';
  const n = await c.get('/api/v1/auth/notices');
  assert.equal(n.status, 200, n.text);
  assert.equal(n.body.items.length, 1);
  assert.equal(n.body.items[0].kind, 'role_granted');
  assert.equal(n.body.items[0].role, 'sales_manager');
  assert.match(n.body.items[0].text, /Sales manager/);
  assert.doesNotMatch(n.body.items[0].text, chinese);
  const ack = await c.post('/api/v1/auth/notices/ack', { up_to: n.body.items[0].id });
  assert.equal(ack.status, 200, ack.text);
  assert.equal((await c.get('/api/v1/auth/notices')).body.items.length, 0);
  assert.equal((await auditEntries(auditor, 'action=notice.ack')).length, 1);

  const p = await kehu(['user', 'passwd', 'gm', '--password', 'reset-on-server-1', '--db', server.db]);
  assert.equal(p.code, 0, p.stderr);
  const gmId = (await users()).find((u) => u.username === 'gm').id;
  const reset = await auditEntries(auditor, `action=user.update&target_id=${gmId}`);
  assert.equal(reset[0].actor.id, null);
  assert.match(reset[0].detail, /password=reset/);
  const gm = await asNewUser(server, 'gm', 'reset-on-server-1', DEMO_PASSWORD);
  const gn = await gm.get('/api/v1/auth/notices');
  assert.deepEqual(gn.body.items.map((x) => x.kind), ['password_reset']);
  assert.match(gn.body.items[0].text, /密码已在服务器上用命令行重置/);
  // one's notices are one's own
  assert.equal((await c.get('/api/v1/auth/notices')).body.items.length, 0);
  const bad = await gm.post('/api/v1/auth/notices/ack', { up_to: 0 });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.error.field, 'up_to');
});
