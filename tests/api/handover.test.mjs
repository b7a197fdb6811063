// Departure handover 离职交接 (R-SEC-8, issue 12 item 7): a user who owns customers, holds
// loans, has open requests, approvals to decide or a department to head cannot be disabled;
// a handover passes all of it to named successors in one logged operation, then disabling works.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, auditEntries, mobile } from '../lib/kehu.mjs';

let server, admin;
const u = {};
const id = {};
let linaCustomers = [];
let accessRequest;
let exportRequest;
let demoOwned = 0; // lina's customers of the demo data

before(async () => {
  server = await startServer({ demo: 3 });
  const names = ['gm', 'zhangwei', 'lina', 'salesmgr', 'chenjing', 'kuaiji', 'infosup'];
  const clients = await Promise.all(names.map((n) => as(server, n)));
  names.forEach((n, i) => { u[n] = clients[i]; });
  admin = await asAdmin(server);
  for (const x of (await admin.get('/api/v1/users?limit=200')).body.items) id[x.username] = x;
  demoOwned = (await admin.get(`/api/v1/users/${id.lina.id}/holdings`)).body.items.find((x) => x.kind === 'customers').count;
  // lina owns three customers and has one of them out on loan
  for (const name of ['交接客户一', '交接客户二', '交接客户三']) {
    const r = await u.lina.post('/api/v1/customers', { kind: 'individual', name, mobile: mobile() });
    assert.equal(r.status, 201, r.text);
    linaCustomers.push(r.body);
  }
  const loan = await u.lina.post('/api/v1/loans', { customer_ids: [linaCustomers[0].id], reason: '上门回访', confirm: true });
  assert.equal(loan.status, 201, loan.text);
  // lina heads her department; the sales manager's access request waits on her
  const head = await admin.patch(`/api/v1/departments/${id.lina.department_id}`, { head_id: id.lina.id });
  assert.equal(head.status, 200, head.text);
  const theirs = await u.chenjing.post('/api/v1/customers', { kind: 'individual', name: '分公司客户', mobile: mobile() });
  assert.equal(theirs.status, 201, theirs.text);
  const acc = await u.salesmgr.post('/api/v1/approvals', { kind: 'access.read', subject: { customer_ids: [theirs.body.id] }, reason: '协助跟进', purpose: '了解客户' });
  assert.equal(acc.status, 201, acc.text);
  accessRequest = acc.body.id;
  // and lina has an export request of her own still open
  const exp = await u.lina.post('/api/v1/export-requests', { format: 'csv', reason: '整理名单', purpose: '回访' });
  assert.equal(exp.status, 201, exp.text);
  exportRequest = exp.body.id;
});
after(async () => { await server.stop(); });

const holdings = async (user) => {
  const r = await admin.get(`/api/v1/users/${id[user].id}/holdings`);
  assert.equal(r.status, 200, r.text);
  return Object.fromEntries(r.body.items.map((x) => [x.kind, x.count]));
};

test('R-SEC-8: issue 12 item 7: disabling a user who holds customers, loans, requests and a department is refused with the list of what they hold, and nothing changes', async () => {
  const held = await holdings('lina');
  assert.equal(held.customers, demoOwned + 3);
  assert.equal(held.loans, 1);
  assert.equal(held.approvals, 2, 'her open export request and the step waiting on her');
  assert.equal(held.department_head, 1);
  const r = await admin.patch(`/api/v1/users/${id.lina.id}`, { active: false });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.field, 'active');
  for (const part of [`负责的客户 ${demoOwned + 3}`, '未归还的外借 1', '部门负责人 1', '离职交接']) assert.ok(r.body.error.message_zh.includes(part), part);
  for (const part of [`Customers owned: ${demoOwned + 3}`, 'Loans not returned: 1', 'Head of a department: 1']) assert.ok(r.body.error.message_en.includes(part), part);
  assert.equal((await as(server, 'lina')).user.username, 'lina', 'still signs in');
  // only user.manage sees or hands over
  assert.equal((await u.salesmgr.get(`/api/v1/users/${id.lina.id}/holdings`)).status, 403);
  assert.equal((await u.salesmgr.post(`/api/v1/users/${id.lina.id}/handover`, { to: id.zhangwei.id, reason: '离职' })).status, 403);
});

test('R-SEC-8: issue 12 item 7: a handover is refused, changing nothing, without a reason, without a successor for what is held, to the leaver, to someone disabled, to a role that cannot own customers, or to a head outside the department', async () => {
  const before = await holdings('lina');
  const hand = (body) => admin.post(`/api/v1/users/${id.lina.id}/handover`, { reason: '离职', ...body });
  const cases = [
    [{ to: id.zhangwei.id, reason: '' }, 422, 'reason'],
    [{}, 422, 'successors.department_head'],
    [{ to: id.lina.id }, 422, 'successors.department_head'],
    [{ to: id.zhangwei.id, successors: { customers: id.kuaiji.id } }, 422, 'successors.customers'],
    [{ to: id.zhangwei.id, successors: { department_head: id.chenjing.id } }, 422, 'successors.department_head'],
    [{ to: id.zhangwei.id, successors: { nonsense: id.zhangwei.id } }, 422, 'successors.nonsense'],
    [{ to: id.zhangwei.id, successors: { loans: 'x' } }, 400, 'successors'],
    [{ to: 'x' }, 400, 'to'],
  ];
  for (const [body, status, field] of cases) {
    const r = await hand(body);
    assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.body.error.field, field, JSON.stringify(body));
  }
  // a disabled successor
  const gone = await admin.post('/api/v1/users', { username: 'yilizhi', display_name: '已离职', role: 'technician', password: 'gone-pass-2026' });
  assert.equal(gone.status, 201, gone.text);
  assert.equal((await admin.patch(`/api/v1/users/${gone.body.id}`, { active: false })).status, 200);
  const r = await hand({ to: id.zhangwei.id, successors: { loans: gone.body.id } });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'successors.loans');
  assert.deepEqual(await holdings('lina'), before);
});

test('R-SEC-8: issue 12 item 7: the handover moves everything in one logged operation, each record showing it, and then disabling succeeds', async () => {
  const r = await admin.post(`/api/v1/users/${id.lina.id}/handover`, { to: id.zhangwei.id, successors: { loans: id.salesmgr.id }, reason: '李娜离职' });
  assert.equal(r.status, 200, r.text);
  const moved = Object.fromEntries(r.body.moved.map((x) => [x.kind, [x.count, x.to]]));
  assert.deepEqual(moved.customers, [demoOwned + 3, id.zhangwei.id]);
  assert.deepEqual(moved.loans, [1, id.salesmgr.id]);
  assert.deepEqual(moved.department_head, [1, id.zhangwei.id]);
  assert.equal(moved.approvals[1], id.zhangwei.id);
  // customers: zhangwei owns them, their history says why
  for (const c of linaCustomers) {
    const g = await u.zhangwei.get(`/api/v1/customers/${c.id}`);
    assert.equal(g.status, 200, g.text);
    assert.equal(g.body.owner.id, id.zhangwei.id);
    const h = await u.zhangwei.get(`/api/v1/customers/${c.id}/owner-history`);
    assert.match(JSON.stringify(h.body), /李娜离职/);
  }
  // the loan is the sales manager's to return
  const loans = (await u.salesmgr.get('/api/v1/loans')).body.items;
  assert.ok(loans.some((l) => l.items.includes(linaCustomers[0].code) || l.item_count === 1), JSON.stringify(loans));
  // her export request is withdrawn; the step waiting on her is zhangwei's now
  const exp = await u.gm.get(`/api/v1/approvals/${exportRequest}`);
  assert.equal(exp.body.state, 'withdrawn');
  assert.ok(exp.body.history.some((e) => e.action === 'withdraw' && e.comment === '李娜离职'));
  const todo = (await u.zhangwei.get('/api/v1/approvals?box=todo')).body.items.map((x) => x.id);
  assert.ok(todo.includes(accessRequest), 'the access request waits on the successor');
  const dept = (await admin.get('/api/v1/departments')).body.items.find((d) => d.id === id.lina.department_id);
  assert.equal(dept.head.id, id.zhangwei.id);
  // one audit entry naming every kind, beside each record's own
  const entry = (await auditEntries(u.gm, 'action=user.handover'))[0];
  for (const part of [`customers=${demoOwned + 3}>${id.zhangwei.id}`, `loans=1>${id.salesmgr.id}`, `department_head=1>${id.zhangwei.id}`, 'reason=李娜离职']) assert.ok(entry.detail.includes(part), `${part} in ${entry.detail}`);
  assert.equal(Object.values(await holdings('lina')).reduce((a, b) => a + b, 0), 0);
  const off = await admin.patch(`/api/v1/users/${id.lina.id}`, { active: false });
  assert.equal(off.status, 200, off.text);
  // nothing left: a second handover is refused
  const again = await admin.post(`/api/v1/users/${id.lina.id}/handover`, { to: id.zhangwei.id, reason: '再交接' });
  assert.equal(again.status, 409, again.text);
});

test('R-SEC-8: issue 12 item 7: customers kept secret pass only to a successor cleared for them', async () => {
  const gmOwn = await u.gm.post('/api/v1/customers', { kind: 'individual', name: '机密交接', mobile: mobile(), owner_id: id.salesmgr.id });
  assert.equal(gmOwn.status, 201, gmOwn.text);
  const lvl = await u.gm.patch(`/api/v1/customers/${gmOwn.body.id}`, { secrecy: 'confidential', version: gmOwn.body.version });
  assert.equal(lvl.status, 200, lvl.text);
  const r = await admin.post(`/api/v1/users/${id.salesmgr.id}/handover`, { to: id.zhangwei.id, reason: '调岗' });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'successors.customers');
  assert.match(r.body.error.message_zh, /密级高于/);
});
