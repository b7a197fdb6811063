// Access requests 查阅申请 (R-SEC-3, issue 12 item 3): a user asks to read named customers they
// may not see, with a purpose and a reason; the department head endorses, customer service
// approves (a confidential or top-secret record: also the CS manager); the approval grants reads until its deadline,
// then they end by themselves (the test clock moves past it), and every read through the grant
// is audited against the request. Lists and searches are not widened by a grant.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, auditEntries, mobile } from '../lib/kehu.mjs';

let server, admin;
const u = {};
let secret, topSecret, plain;

before(async () => {
  server = await startServer({ demo: 5 });
  const names = ['gm', 'zhangwei', 'lina', 'salesmgr', 'infosup', 'csmanager'];
  const clients = await Promise.all(names.map((n) => as(server, n)));
  names.forEach((n, i) => { u[n] = clients[i]; });
  admin = await asAdmin(server);
  await admin.put('/api/v1/_test/clock', { now: '2026-06-01T09:00:00+08:00' });
  const make = async (name, secrecy) => {
    const r = await u.lina.post('/api/v1/customers', { kind: 'individual', name, mobile: mobile() });
    assert.equal(r.status, 201, r.text);
    if (secrecy) assert.equal((await u.gm.patch(`/api/v1/customers/${r.body.id}`, { secrecy })).status, 200);
    await u.lina.post(`/api/v1/customers/${r.body.id}/contacts`, { name: `${name}联系人`, mobile: mobile() });
    return r.body;
  };
  plain = await make('李娜的普通客户');
  secret = await make('李娜的机密客户', 'confidential');
  topSecret = await make('李娜的绝密客户', 'top_secret');
});
after(async () => { await server.stop(); });

const ask = (c, subject, extra = {}) => c.post('/api/v1/approvals', { kind: 'access.read', subject, reason: '核对回款信息', purpose: '客户回访', ...extra });
const approve = async (c, id) => {
  const r = await c.post(`/api/v1/approvals/${id}/approve`, { comment: '同意' });
  assert.equal(r.status, 200, r.text);
  return r.body;
};

test('R-SEC-3: issue 12 item 3: endorsed by the department head, approved by customer service and (a secret record) the CS manager, then read until the deadline and not after; each read is logged against the request', async () => {
  assert.equal((await u.zhangwei.get(`/api/v1/customers/${plain.id}`)).status, 404, 'another salesperson\'s customer');
  const q = await ask(u.zhangwei, { codes: [plain.code], customer_ids: [secret.id], days: 2 });
  assert.equal(q.status, 201, q.text);
  assert.equal(q.body.kind, 'access.read');
  assert.equal(q.body.secrecy, 1, 'the highest level among the records');
  assert.deepEqual(q.body.steps.map((s) => s.approver.role || 'dept_head'), ['dept_head', 'info_supervisor', 'cs_manager']);
  assert.match(q.body.summary, new RegExp(secret.code));
  assert.match(q.body.summary, /2 位/);
  assert.doesNotMatch(q.text, /李娜的/, 'the request shows codes, not what the requester may not see');
  assert.equal((await u.zhangwei.get(`/api/v1/customers/${secret.id}`)).status, 404, 'nothing before approval');
  // The CS step cannot go first; the department head (salesmgr) endorses.
  assert.equal((await u.infosup.post(`/api/v1/approvals/${q.body.id}/approve`, { comment: '先批' })).status, 403);
  let d = await approve(u.salesmgr, q.body.id);
  assert.equal(d.state, 'pending');
  assert.equal((await u.zhangwei.get(`/api/v1/customers/${secret.id}`)).status, 404, 'an endorsement is not an approval');
  d = await approve(u.infosup, q.body.id);
  assert.equal(d.state, 'pending');
  assert.equal((await u.zhangwei.get(`/api/v1/customers/${plain.id}`)).status, 404, 'not before the last step');
  d = await approve(u.csmanager, q.body.id);
  assert.equal(d.state, 'approved');

  for (const x of [plain, secret]) {
    const r = await u.zhangwei.get(`/api/v1/customers/${x.id}`);
    assert.equal(r.status, 200, r.text);
    assert.equal((await u.zhangwei.get(`/api/v1/customers/${x.id}/contacts`)).status, 200);
    assert.equal((await u.zhangwei.get(`/api/v1/customers/${x.id}/field-history`)).status, 200);
  }
  const through = (await u.zhangwei.get(`/api/v1/customers/${secret.id}`)).body.read_through;
  assert.deepEqual(through, { request_id: q.body.id, ends_at: '2026-06-03T09:00:00+08:00' }, 'the record says it is read through the request');
  assert.equal((await u.lina.get(`/api/v1/customers/${plain.id}`)).body.read_through, undefined, 'not on a record in one\'s own scope');
  // A grant reads; it does not copy: the record's file is not exported through it (R-SEC-6).
  const exp = await u.zhangwei.post(`/api/v1/customers/${plain.id}/export`, {});
  assert.equal(exp.status, 404, exp.text);
  assert.equal(secret.secrecy, 'normal'); // as created; the grant's read shows the level now
  assert.equal((await u.zhangwei.get(`/api/v1/customers/${secret.id}`)).body.secrecy, 'confidential');
  // Read only: no change through a grant.
  const w = await u.zhangwei.patch(`/api/v1/customers/${plain.id}`, { notes: '改一下' });
  assert.equal(w.status, 404, w.text);
  assert.equal((await u.zhangwei.post(`/api/v1/customers/${plain.id}/contacts`, { name: '新联系人', mobile: mobile() })).status, 404);
  // Not in lists or searches: a grant is used from the request (and the grants list).
  const list = (await u.zhangwei.get(`/api/v1/customers?q=${encodeURIComponent('李娜的')}`)).body.items;
  assert.deepEqual(list, []);
  const grants = (await u.zhangwei.get('/api/v1/access-grants')).body.items;
  assert.deepEqual(grants.map((g) => g.customer.code).sort(), [plain.code, secret.code].sort());
  assert.equal(grants[0].request_id, q.body.id);
  assert.match(grants[0].ends_at, /^2026-06-03T09:00:00\+08:00$/);
  // Every read through the grant is in the audit trail, naming the request.
  const log = await auditEntries(u.gm, `action=customer.read_granted&target_id=${secret.id}`);
  assert.ok(log.reduce((n, e) => n + e.reads, 0) >= 3, JSON.stringify(log.length)); // reads of one second may share an entry (DECISIONS §156)
  assert.ok(log.every((e) => e.detail === `request=${q.body.id}` && e.actor.name === 'zhangwei'));
  assert.ok((await auditEntries(u.gm, 'action=customer.grant')).some((e) => e.target_id === String(q.body.id) || e.target_id === q.body.id));

  // One second before the deadline it still holds; at the deadline it ends by itself.
  await admin.put('/api/v1/_test/clock', { now: '2026-06-03T08:59:59+08:00' });
  assert.equal((await u.zhangwei.get(`/api/v1/customers/${secret.id}`)).status, 200);
  await admin.put('/api/v1/_test/clock', { now: '2026-06-03T09:00:00+08:00' });
  assert.equal((await u.zhangwei.get(`/api/v1/customers/${secret.id}`)).status, 404);
  assert.equal((await u.zhangwei.get(`/api/v1/customers/${plain.id}/contacts`)).status, 404);
  assert.deepEqual((await u.zhangwei.get('/api/v1/access-grants')).body.items, []);
  await admin.put('/api/v1/_test/clock', { now: '2026-06-01T09:00:00+08:00' });
});

test('R-SEC-3: issue 12 item 3: a normal record needs the department head and customer service only; a top-secret one the CS manager too; a rejected request grants nothing', async () => {
  const other = (await u.lina.post('/api/v1/customers', { kind: 'individual', name: '李娜的另一位客户', mobile: mobile() })).body;
  const n = await ask(u.zhangwei, { customer_ids: [other.id] });
  assert.equal(n.status, 201, n.text);
  assert.deepEqual(n.body.steps.map((s) => s.approver.role || 'dept_head'), ['dept_head', 'info_supervisor']);
  await u.zhangwei.post(`/api/v1/approvals/${n.body.id}/withdraw`, { comment: '不用了' });
  const q = await ask(u.zhangwei, { customer_ids: [topSecret.id] });
  assert.equal(q.status, 201, q.text);
  assert.equal(q.body.secrecy, 2);
  assert.deepEqual(q.body.steps.map((s) => s.approver.role || 'dept_head'), ['dept_head', 'info_supervisor', 'cs_manager']);
  await approve(u.salesmgr, q.body.id);
  await approve(u.infosup, q.body.id);
  assert.equal((await u.zhangwei.get(`/api/v1/customers/${topSecret.id}`)).status, 404, 'two of three steps');
  await approve(u.csmanager, q.body.id);
  assert.equal((await u.zhangwei.get(`/api/v1/customers/${topSecret.id}`)).status, 200);
  const again = await ask(u.zhangwei, { customer_ids: [topSecret.id] }, { reason: '再看看' });
  assert.equal(again.status, 201);
  const rej = await u.salesmgr.post(`/api/v1/approvals/${again.body.id}/reject`, { comment: '没有必要' });
  assert.equal(rej.status, 200, rej.text);
  // the default term is 3 days: the first grant still holds, the rejected one adds nothing
  const g = (await u.zhangwei.get('/api/v1/access-grants')).body.items.filter((x) => x.customer.id === topSecret.id);
  assert.equal(g.length, 1);
  assert.equal(g[0].request_id, q.body.id);
});

test('R-SEC-3: issue 12 item 3: refusals — no purpose, no records, unknown records, records already readable, a term out of range; nothing is filed', async () => {
  const before = (await u.zhangwei.get('/api/v1/approvals?box=mine')).body.items.length;
  const cases = [
    [{ customer_ids: [secret.id] }, { purpose: '' }, 'purpose'],
    [{}, {}, 'subject.customer_ids'],
    [{ customer_ids: [] }, {}, 'subject.customer_ids'],
    [{ customer_ids: [987654] }, {}, 'subject.customer_ids'],
    [{ codes: ['KH-NOPE-1'] }, {}, 'subject.codes'],
    [{ customer_ids: ['x'] }, {}, 'subject.customer_ids'],
    [{ customer_ids: [secret.id], days: 0 }, {}, 'subject.days'],
    [{ customer_ids: [secret.id], days: 8 }, {}, 'subject.days'],
    [{ customer_ids: [secret.id], days: '2' }, {}, 'subject.days'],
  ];
  for (const [subject, extra, field] of cases) {
    const r = await ask(u.zhangwei, subject, extra);
    assert.equal(r.status, 422, `${JSON.stringify(subject)} ${r.text}`);
    assert.equal(r.body.error.field, field, r.text);
  }
  const own = (await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: '自己的客户', mobile: mobile() })).body;
  const r = await ask(u.zhangwei, { customer_ids: [own.id] });
  assert.equal(r.status, 422);
  assert.match(r.body.error.message_en, /already read/);
  assert.equal((await u.zhangwei.get('/api/v1/approvals?box=mine')).body.items.length, before);
  // The longest term is the administrator's setting.
  const set = await admin.put('/api/v1/settings/parameters', { access_max_days: 10 });
  assert.equal(set.status, 200, set.text);
  const longer = await ask(u.zhangwei, { customer_ids: [secret.id], days: 8 });
  assert.equal(longer.status, 201, longer.text);
  await u.zhangwei.post(`/api/v1/approvals/${longer.body.id}/withdraw`, { comment: '不用了' });
});

test('R-SEC-4: issue 12 item 3: a visitor is registered with their organisation and letter or work-ID, and signs in to read exactly the records an approved request names for them, nothing else', async () => {
  // Registration: both details required for the visitor role (no second person: it reads nothing).
  const base = { username: 'fangke', display_name: '审计所 王会计', role: 'visitor', password: 'Visitor-pass-2026' };
  let r = await admin.post('/api/v1/users', { ...base, credential: '介绍信 2026-018' });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'organization');
  r = await admin.post('/api/v1/users', { ...base, organization: '信诚会计师事务所' });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'credential');
  r = await admin.post('/api/v1/users', { ...base, organization: '信诚会计师事务所', credential: '介绍信 2026-018' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.organization, '信诚会计师事务所');
  assert.equal(r.body.credential, '介绍信 2026-018');
  const visitorId = r.body.id;
  const { asNewUser } = await import('../lib/kehu.mjs');
  const v = await asNewUser(server, 'fangke', 'Visitor-pass-2026', 'Visitor-own-2026');

  const a = (await u.lina.post('/api/v1/customers', { kind: 'individual', name: '外查客户甲', mobile: mobile() })).body;
  const b = (await u.lina.post('/api/v1/customers', { kind: 'individual', name: '外查客户乙', mobile: mobile() })).body;
  assert.equal((await v.get(`/api/v1/customers/${a.id}`)).status, 404, 'nothing before a request');
  assert.deepEqual((await v.get('/api/v1/customers')).body.items, []);

  // Staff list the active visitors to file for (name and organisation only); a visitor does not.
  const listed = (await u.zhangwei.get('/api/v1/visitors')).body.items;
  assert.deepEqual(listed.find((x) => x.id === visitorId), { id: visitorId, name: '审计所 王会计', organization: '信诚会计师事务所' });
  assert.ok(!listed.some((x) => x.id === u.lina.user.id), 'staff are not listed');
  assert.equal((await v.get('/api/v1/visitors')).status, 403);
  // Only a registered visitor can be named.
  const wrong = await ask(u.zhangwei, { customer_ids: [a.id], for_user_id: u.lina.user.id });
  assert.equal(wrong.status, 422, wrong.text);
  assert.equal(wrong.body.error.field, 'subject.for_user_id');
  // A staff member files it for the visitor; the usual chain decides.
  const q = await ask(u.zhangwei, { customer_ids: [a.id], for_user_id: visitorId, days: 1 }, { purpose: '年度审计抽查' });
  assert.equal(q.status, 201, q.text);
  assert.match(q.body.summary, /外部查阅人 审计所 王会计（信诚会计师事务所）/);
  await approve(u.salesmgr, q.body.id);
  assert.equal((await approve(u.infosup, q.body.id)).state, 'approved');
  const seen = await v.get(`/api/v1/customers/${a.id}`);
  assert.equal(seen.status, 200, seen.text + JSON.stringify((await v.get('/api/v1/access-grants')).body));
  assert.equal((await v.get(`/api/v1/customers/${a.id}/contacts`)).status, 200);
  assert.equal((await v.get(`/api/v1/customers/${b.id}`)).status, 404, 'exactly the approved records');
  assert.equal((await u.zhangwei.get(`/api/v1/customers/${a.id}`)).status, 404, 'the grant is the visitor\'s, not the requester\'s');
  assert.deepEqual((await v.get('/api/v1/access-grants')).body.items.map((g) => g.customer.id), [a.id]);
  assert.deepEqual((await v.get('/api/v1/customers')).body.items, [], 'lists stay empty');
  // Read only, and nothing else of Kehu.
  assert.equal((await v.patch(`/api/v1/customers/${a.id}`, { notes: '审计意见' })).status, 404);
  for (const path of ['/api/v1/users', '/api/v1/audit']) assert.equal((await v.get(path)).status, 403, path);
  assert.equal((await v.post('/api/v1/exports', { format: 'csv' })).status, 403);
  const log = await auditEntries(u.gm, `action=customer.read_granted&target_id=${a.id}`);
  assert.ok(log.some((e) => e.actor.name === 'fangke' && e.detail === `request=${q.body.id}`), JSON.stringify(log));
  // Details can be corrected; the role cannot lose them.
  r = await admin.patch(`/api/v1/users/${visitorId}`, { credential: '' });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'credential');
  r = await admin.patch(`/api/v1/users/${visitorId}`, { credential: '工作证 A-77' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.credential, '工作证 A-77');
});

test('R-SEC-10 R-SEC-3: issue 12 item 12: who saw this customer — reads, granted reads with their request, refusals and changes, and its grants, for the auditor, the custodian and managers who see it; nobody else', async () => {
  const c = (await u.lina.post('/api/v1/customers', { kind: 'individual', name: '谁看过我', mobile: mobile() })).body;
  assert.equal((await u.gm.patch(`/api/v1/customers/${c.id}`, { secrecy: 'confidential' })).status, 200);
  assert.equal((await u.zhangwei.get(`/api/v1/customers/${c.id}`)).status, 404);
  const q = await ask(u.zhangwei, { customer_ids: [c.id], days: 1 });
  for (const who of [u.salesmgr, u.infosup, u.csmanager]) await approve(who, q.body.id);
  assert.equal((await u.zhangwei.get(`/api/v1/customers/${c.id}`)).status, 200);
  const auditor = await as(server, 'shenji');
  let log;
  for (let i = 0; i < 40; i++) { // reads are audited within moments
    log = await auditor.get(`/api/v1/customers/${c.id}/access-log`);
    if (log.body.items?.some((e) => e.action === 'customer.read_granted')) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(log.status, 200, log.text);
  const actions = log.body.items.map((e) => `${e.actor.name}:${e.action}`);
  assert.ok(actions.includes('zhangwei:customer.read_denied'), actions.join());
  assert.ok(actions.includes('gm:customer.update'), actions.join());
  const granted = log.body.items.find((e) => e.action === 'customer.read_granted');
  assert.equal(granted.actor.name, 'zhangwei');
  assert.equal(granted.request_id, q.body.id, 'each granted read names its approving request');
  assert.deepEqual(log.body.grants.map((g) => [g.request_id, g.user.name]), [[q.body.id, '张伟']]);
  // the custodian of confidential (infosup) and the GM may look; the owner's colleague may not,
  // nor the grantee, nor the CS manager (who does not see confidential records)
  assert.equal((await u.infosup.get(`/api/v1/customers/${c.id}/access-log`)).status, 200);
  assert.equal((await u.gm.get(`/api/v1/customers/${c.id}/access-log`)).status, 200);
  for (const who of [u.zhangwei, u.lina, u.csmanager]) assert.equal((await who.get(`/api/v1/customers/${c.id}/access-log`)).status, 404);
  // a sales manager sees the trail of a normal record of their department
  const n = (await u.lina.post('/api/v1/customers', { kind: 'individual', name: '部门客户', mobile: mobile() })).body;
  assert.equal((await u.salesmgr.get(`/api/v1/customers/${n.id}/access-log`)).status, 200);
  assert.equal((await u.lina.get(`/api/v1/customers/${n.id}/access-log`)).status, 404, 'the owner is no manager');
});
