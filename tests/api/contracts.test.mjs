// Contracts 合同 (R-DEV-4, issue 14 item 5): supply, quality-assurance and service contracts with
// their parties, period and amount; signing through the approvals engine above a configurable
// amount (the department head, and the general manager from 500,000 yuan); returned, rejected and
// approved requests; the expiry reminder on the right day on the clock; renewals linked both ways;
// termination with a reason; who sees and changes which; every refusal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, auditEntries, allPages, mobile } from '../lib/kehu.mjs';

let server, admin;
const u = {};
const id = {};
let mine, theirs;

const clock = async (now) => assert.equal((await admin.put('/api/v1/_test/clock', { now })).status, 200);
const contract = (customer, over = {}) => ({ customer_id: customer.id, kind: 'supply', title: '年度供货合同', amount_fen: 5000000,
  starts_on: '2026-07-01', ends_on: '2027-06-30', our_party: '客户通净水科技有限公司', signatory: '王经理', ...over });
const inbox = async (c) => (await c.get('/api/v1/notifications?limit=200')).body.items.filter((n) => n.kind === 'contract.expiring');

before(async () => {
  server = await startServer({ demo: 3 });
  const names = ['gm', 'zhangwei', 'lina', 'salesmgr', 'csmanager', 'fuwu'];
  const clients = await Promise.all(names.map((n) => as(server, n)));
  names.forEach((n, i) => { u[n] = clients[i]; });
  admin = await asAdmin(server);
  await clock('2026-06-01T09:00:00+08:00');
  for (const x of (await admin.get('/api/v1/users?limit=200')).body.items) id[x.username] = x;
  mine = (await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: '合同客户', mobile: mobile() })).body;
  theirs = (await u.lina.post('/api/v1/customers', { kind: 'individual', name: '李娜的合同客户', mobile: mobile() })).body;
});
after(async () => { await server.stop(); });

test('R-DEV-4: issue 14 item 5: a contract below the approval threshold is made and signed by its salesperson, renewed as a linked draft for the next period, and terminated only with a reason', async () => {
  let r = await u.zhangwei.post('/api/v1/contracts', contract(mine, { title: ' 净水设备供货合同 ' }));
  assert.equal(r.status, 201, r.text);
  const k = r.body;
  assert.match(k.code, /^HT20260601\d{6}$/);
  assert.equal(k.title, '净水设备供货合同');
  assert.equal(k.state, 'draft');
  assert.equal(k.needs_approval, false, '50,000 yuan is below the 100,000-yuan threshold');
  assert.equal(k.owner.id, id.zhangwei.id);
  r = await u.zhangwei.post(`/api/v1/contracts/${k.id}/submit`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.state, 'active');
  assert.equal(r.body.approval, null);
  assert.equal(r.body.days_left, 394);
  // an active contract is not edited
  r = await u.zhangwei.patch(`/api/v1/contracts/${k.id}`, { amount_fen: 1 });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.field, 'state');
  // renewal: the next period, linked both ways; once
  r = await u.zhangwei.post(`/api/v1/contracts/${k.id}/renew`, {});
  assert.equal(r.status, 201, r.text);
  const next = r.body;
  assert.equal(next.state, 'draft');
  assert.deepEqual([next.starts_on, next.ends_on], ['2027-07-01', '2028-06-29']);
  assert.equal(next.renewal_of.id, k.id);
  assert.equal(next.title, k.title);
  assert.equal((await u.zhangwei.get(`/api/v1/contracts/${k.id}`)).body.renewed_by.code, next.code);
  assert.equal((await u.zhangwei.post(`/api/v1/contracts/${k.id}/renew`, {})).status, 409);
  // terminated with a reason
  r = await u.zhangwei.post(`/api/v1/contracts/${k.id}/terminate`, {});
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'reason');
  r = await u.zhangwei.post(`/api/v1/contracts/${k.id}/terminate`, { reason: '客户业务调整' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.state, 'terminated');
  assert.equal(r.body.terminate_reason, '客户业务调整');
  // an active one past its end reads as expired, on the clock
  const short = (await u.zhangwei.post('/api/v1/contracts', contract(mine, { kind: 'service', title: '短期维修合同', starts_on: '2026-06-01', ends_on: '2026-06-20', amount_fen: 0 }))).body;
  assert.equal((await u.zhangwei.post(`/api/v1/contracts/${short.id}/submit`, {})).body.state, 'active');
  await clock('2026-06-21T09:00:00+08:00');
  assert.equal((await u.zhangwei.get(`/api/v1/contracts/${short.id}`)).body.state, 'expired');
  const expired = (await u.zhangwei.get(`/api/v1/contracts?state=expired&customer_id=${mine.id}`)).body.items.map((x) => x.id);
  assert.deepEqual(expired, [short.id]);
  for (const action of ['contract.create', 'contract.submit', 'contract.renew', 'contract.terminate']) {
    assert.ok((await auditEntries(u.gm, `action=${action}`)).length > 0, action);
  }
  await clock('2026-06-01T09:00:00+08:00');
});

test('R-DEV-4: issue 14 item 5: a contract at or above the threshold goes to the department head (and the general manager from 500,000 yuan); returned it is changed and submitted again, rejected it is a draft again, approved it is in force', async () => {
  let k = (await u.zhangwei.post('/api/v1/contracts', contract(mine, { amount_fen: 20000000, title: '大额供货合同' }))).body;
  assert.equal(k.needs_approval, true);
  let r = await u.zhangwei.post(`/api/v1/contracts/${k.id}/submit`, { reason: '客户年度采购' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.state, 'pending');
  const req = r.body.approval.id;
  let a = (await u.salesmgr.get(`/api/v1/approvals/${req}`)).body;
  assert.equal(a.kind, 'contract.sign');
  assert.match(a.summary, new RegExp(k.code));
  assert.equal(a.steps.length, 1, 'below 500,000 yuan: the department head only');
  assert.equal((await u.zhangwei.patch(`/api/v1/contracts/${k.id}`, { title: '审批中修改' })).status, 409);
  // returned: changed and submitted again as a new request
  assert.equal((await u.salesmgr.post(`/api/v1/approvals/${req}/return`, { comment: '请写明交货地点' })).status, 200);
  assert.equal((await u.zhangwei.get(`/api/v1/contracts/${k.id}`)).body.state, 'returned');
  r = await u.zhangwei.patch(`/api/v1/contracts/${k.id}`, { notes: '交货地点：福州仓库' });
  assert.equal(r.status, 200, r.text);
  r = await u.zhangwei.post(`/api/v1/contracts/${k.id}/submit`, {});
  assert.equal(r.body.state, 'pending');
  assert.notEqual(r.body.approval.id, req);
  assert.equal((await u.salesmgr.get(`/api/v1/approvals/${req}`)).body.state, 'withdrawn');
  // rejected: a draft again
  assert.equal((await u.salesmgr.post(`/api/v1/approvals/${r.body.approval.id}/reject`, { comment: '价格过低' })).status, 200);
  k = (await u.zhangwei.get(`/api/v1/contracts/${k.id}`)).body;
  assert.equal(k.state, 'draft');
  assert.ok((await allPages(u.zhangwei, `/api/v1/contracts?state=draft&customer_id=${mine.id}`)).some((x) => x.id === k.id));
  // approved: in force
  r = await u.zhangwei.post(`/api/v1/contracts/${k.id}/submit`, {});
  assert.equal((await u.salesmgr.post(`/api/v1/approvals/${r.body.approval.id}/approve`, { comment: '同意' })).status, 200);
  assert.equal((await u.zhangwei.get(`/api/v1/contracts/${k.id}`)).body.state, 'active');
  assert.ok((await auditEntries(u.gm, 'action=contract.activate')).some((e) => String(e.target_id) === String(k.id)));
  // 600,000 yuan: the general manager too
  const big = (await u.zhangwei.post('/api/v1/contracts', contract(mine, { amount_fen: 60000000, title: '特大合同' }))).body;
  r = await u.zhangwei.post(`/api/v1/contracts/${big.id}/submit`, {});
  a = (await u.gm.get(`/api/v1/approvals/${r.body.approval.id}`)).body;
  assert.deepEqual(a.steps.map((s) => (s.approver.type === 'role' ? s.approver.role : s.approver.user.id)), [id.salesmgr.id, 'gm'],
    'the department head, then the general manager');
  assert.equal((await u.salesmgr.post(`/api/v1/approvals/${a.id}/approve`, { comment: '同意' })).status, 200);
  assert.equal((await u.zhangwei.get(`/api/v1/contracts/${big.id}`)).body.state, 'pending', 'the general manager still to decide');
  assert.equal((await u.gm.post(`/api/v1/approvals/${a.id}/approve`, { comment: '同意' })).status, 200);
  assert.equal((await u.zhangwei.get(`/api/v1/contracts/${big.id}`)).body.state, 'active');
});

test('R-DEV-4: issue 14 item 5: the expiry reminder comes once, on the day the contract is 30 days from its end, to its owner and the department head', async () => {
  await clock('2026-06-01T09:00:00+08:00');
  const k = (await u.zhangwei.post('/api/v1/contracts', contract(mine, { kind: 'quality', title: '质量保证协议', starts_on: '2026-01-01', ends_on: '2026-07-31', amount_fen: 0 }))).body;
  assert.equal((await u.zhangwei.post(`/api/v1/contracts/${k.id}/submit`, {})).body.state, 'active');
  const base = (await inbox(u.zhangwei)).filter((n) => n.link === `/contracts/${k.id}`).length;
  const mineOf = async (c) => (await inbox(c)).filter((n) => n.link === `/contracts/${k.id}`).length;
  const run = async (now, want) => {
    await clock(now);
    assert.equal((await admin.post('/api/v1/_test/scheduler/tick')).status, 200);
    let n = await mineOf(u.zhangwei);
    for (let i = 0; i < 60 && n !== want; i++) { await new Promise((res) => setTimeout(res, 50)); n = await mineOf(u.zhangwei); }
    return n;
  };
  assert.equal(await run('2026-06-30T09:00:00+08:00', base + 1), base, '31 days before: not yet');
  assert.equal(await run('2026-07-01T09:00:00+08:00', base + 1), base + 1, '30 days before: reminded');
  assert.equal(await mineOf(u.salesmgr), 1, 'the department head too');
  assert.match((await inbox(u.zhangwei)).find((n) => n.link === `/contracts/${k.id}`).text, new RegExp(`${k.code}.*2026-07-31`));
  assert.equal(await run('2026-07-02T09:00:00+08:00', base + 2), base + 1, 'once');
  assert.deepEqual((await u.zhangwei.get(`/api/v1/contracts?expiring_within=30&customer_id=${mine.id}`)).body.items.map((x) => x.id), [k.id]);
  await clock('2026-06-01T09:00:00+08:00');
});

test('R-DEV-4: R-SEC-1: issue 14 item 5: refusals name the field and change nothing; another salesperson sees none of it; customer service reads but does not sign', async () => {
  const count = async () => (await allPages(u.zhangwei, `/api/v1/contracts?customer_id=${mine.id}`)).length;
  const before = await count();
  for (const [over, status, field] of [
    [{ kind: 'loan' }, 422, 'kind'], [{ kind: undefined }, 422, 'kind'], [{ title: ' ' }, 422, 'title'],
    [{ amount_fen: -1 }, 422, 'amount_fen'], [{ amount_fen: '1' }, 400, 'amount_fen'],
    [{ starts_on: '2026-02-30' }, 422, 'starts_on'], [{ ends_on: '2026-06-30' }, 422, 'ends_on'],
    [{ signed_on: '2026-06-02' }, 422, 'signed_on'], [{ our_party: '方'.repeat(101) }, 422, 'our_party'],
    [{ order_id: 999999 }, 422, 'order_id'], [{ customer_id: theirs.id }, 422, 'customer_id'],
  ]) {
    const body = contract(mine, over);
    for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
    const r = await u.zhangwei.post('/api/v1/contracts', body);
    assert.equal(r.status, status, `${JSON.stringify(over)}: ${r.text}`);
    assert.equal(r.body.error.field, field);
    assert.ok(r.body.error.message_zh && r.body.error.message_en);
  }
  assert.equal(await count(), before, 'nothing made');
  const k = (await u.lina.post('/api/v1/contracts', contract(theirs, { title: '李娜的合同' }))).body;
  for (const [m, path, body] of [['get', `/api/v1/contracts/${k.id}`], ['patch', `/api/v1/contracts/${k.id}`, { title: 'x' }],
    ['post', `/api/v1/contracts/${k.id}/submit`, {}], ['post', `/api/v1/contracts/${k.id}/renew`, {}]]) {
    assert.equal((await u.zhangwei[m](path, body)).status, 404, `${m} ${path}`);
  }
  assert.ok((await allPages(u.zhangwei, '/api/v1/contracts')).every((x) => x.id !== k.id));
  assert.equal((await u.csmanager.get(`/api/v1/contracts/${k.id}`)).status, 200);
  assert.equal((await u.csmanager.post(`/api/v1/contracts/${k.id}/submit`, {})).status, 403);
  // a draft is neither terminated nor renewed
  for (const path of [`/api/v1/contracts/${k.id}/terminate`, `/api/v1/contracts/${k.id}/renew`]) {
    const r = await u.lina.post(path, { reason: '草稿' });
    assert.equal(r.status, 409, `${path}: ${r.text}`);
    assert.equal(r.body.error.field, 'state');
  }
  assert.equal((await u.fuwu.get('/api/v1/contracts')).status, 403);
  for (const q of ['state=signed', 'kind=lease', 'expiring_within=0', 'colour=red']) {
    const r = await u.zhangwei.get(`/api/v1/contracts?${q}`);
    assert.equal(r.status, 400, `${q}: ${r.text}`);
  }
});

test('R-DEV-5: R-DEV-4: issue 14 item 4: a contract\'s payment plan is its order\'s: the contract answers the plan\'s figures — installments, paid, outstanding, overdue — and none without an order', async () => {
  await clock('2026-06-01T11:00:00+08:00');
  for (const n of Object.keys(u)) u[n] = await as(server, n);
  admin = await asAdmin(server);
  const k = (await u.zhangwei.post('/api/v1/contracts', contract(mine, { title: '带回款计划的合同', amount_fen: 100000 }))).body;
  assert.equal(k.receivable, null, 'no order, no plan');
  const o = (await u.zhangwei.post('/api/v1/orders', { customer_id: mine.id, lines: [{ description: '合同供货', quantity: 1, price_fen: 100000 }] })).body;
  let r = await u.zhangwei.patch(`/api/v1/contracts/${k.id}`, { order_id: o.id });
  assert.equal(r.status, 200, r.text);
  r = await u.zhangwei.put(`/api/v1/orders/${o.id}/plan`, { installments: [{ due_on: '2026-06-10', amount_fen: 40000 }, { due_on: '2026-09-10', amount_fen: 60000 }] });
  assert.equal(r.status, 200, r.text);
  assert.equal((await u.gm.post(`/api/v1/orders/${o.id}/payments`, { amount_fen: 10000, method: 'bank' })).status, 201);
  await clock('2026-06-15T10:00:00+08:00'); // the first installment is now overdue, 30,000 of it unpaid
  u.zhangwei = await as(server, 'zhangwei');
  u.lina = await as(server, 'lina');
  const got = (await u.zhangwei.get(`/api/v1/contracts/${k.id}`)).body;
  assert.deepEqual(got.receivable, { order_id: o.id, order_code: o.code, amount_fen: 100000, paid_fen: 10000, outstanding_fen: 90000,
    overdue_fen: 30000, installments: 2, overdue_installments: 1, invoiced_fen: 0 });
  // another salesperson sees neither the contract nor its money
  assert.equal((await u.lina.get(`/api/v1/contracts/${k.id}`)).status, 404);
  assert.equal((await u.lina.get(`/api/v1/orders/${o.id}/receivable`)).status, 404);
});
