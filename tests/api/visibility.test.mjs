// Who sees which customer (R-SEC-1), and that refusals are 404 and audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, allPages, auditEntries, mobile } from '../lib/kehu.mjs';

let server;
const u = {}; // username -> client
let users = {}; // id -> user
let all = []; // all customers as the GM sees them
const mine = {}; // username -> a customer that user recorded

before(async () => {
  server = await startServer({ demo: 40 });
  const names = ['gm', 'csmanager', 'infosup', 'infospec', 'salesmgr', 'zhangwei', 'lina', 'wangqiang',
    'chenjing', 'shmgr', 'fuwu', 'jishu', 'kuaiji', 'kefu', 'shenji'];
  const clients = await Promise.all(names.map((n) => as(server, n)));
  names.forEach((n, i) => { u[n] = clients[i]; });
  u.admin = await asAdmin(server);
  for (const n of ['zhangwei', 'lina', 'wangqiang', 'chenjing']) {
    const r = await u[n].post('/api/v1/customers', { kind: 'individual', name: `${n}的客户`, mobile: mobile() });
    assert.equal(r.status, 201, r.text);
    mine[n] = r.body;
  }
  users = Object.fromEntries((await u.admin.get('/api/v1/users')).body.items.map((x) => [x.id, x]));
  all = await allPages(u.gm, '/api/v1/customers?archived=all', { limit: 200 });
});
after(async () => { await server.stop(); });

const ids = (items) => items.map((c) => c.id).sort((a, b) => a - b);
// R-SEC-2: the demo's secret records are read only by the cleared (GM: all; infosup: confidential).
const RANK = { normal: 0, confidential: 1, top_secret: 2 };
const CLEARED = { gm: 2, infosup: 1 };
const cleared = (n, items) => items.filter((c) => RANK[c.secrecy] <= (CLEARED[n] || 0));
const listAll = (client) => allPages(client, '/api/v1/customers?archived=all', { limit: 200 });

test('R-SEC-1: a salesperson sees exactly their own customers', async () => {
  for (const n of ['zhangwei', 'lina', 'wangqiang', 'chenjing']) {
    const got = await listAll(u[n]);
    const expected = cleared(n, all.filter((c) => c.owner.id === u[n].user.id));
    assert.deepEqual(ids(got), ids(expected), n);
    assert.ok(ids(got).includes(mine[n].id));
  }
});

test('R-SEC-1: a sales manager sees exactly the customers of their own department', async () => {
  for (const n of ['salesmgr', 'shmgr']) {
    const me = u[n].user;
    const got = await listAll(u[n]);
    const expected = cleared(n, all.filter((c) => c.owner.id === me.id || users[c.owner.id]?.department_id === me.department_id));
    assert.ok(expected.length > 0);
    assert.deepEqual(ids(got), ids(expected), n);
  }
  const mgr = ids(await listAll(u.salesmgr));
  assert.ok(mgr.includes(mine.zhangwei.id) && mgr.includes(mine.lina.id));
  assert.ok(!mgr.includes(mine.wangqiang.id), '销售二部 is another department');
  assert.ok(!mgr.includes(mine.chenjing.id));
  assert.ok(ids(await listAll(u.shmgr)).includes(mine.chenjing.id));
});

test('R-SEC-1: the CS manager, information supervisor, information specialist and GM see all customers (R-SEC-2: up to their clearance)', async () => {
  assert.ok(all.some((c) => c.secrecy === 'confidential'), 'the demo has confidential records');
  for (const n of ['csmanager', 'infosup', 'infospec', 'gm']) {
    assert.deepEqual(ids(await listAll(u[n])), ids(cleared(n, all)), n);
    const d = await u[n].get(`/api/v1/customers/${mine.chenjing.id}`);
    assert.equal(d.status, 200, n);
  }
});

test('R-SEC-1: roles without customer access (service, technician, accountant, complaint handler, auditor, administrator) see no customers', async () => {
  for (const n of ['fuwu', 'jishu', 'kuaiji', 'kefu', 'shenji', 'admin']) {
    const r = await u[n].get('/api/v1/customers');
    assert.equal(r.status, 200, n);
    assert.deepEqual(r.body.items, [], n);
    const d = await u[n].get(`/api/v1/customers/${mine.zhangwei.id}`);
    assert.equal(d.status, 404, n);
  }
});

test('R-SEC-1: reading a customer one may not see is 404, indistinguishable from a customer that does not exist', async () => {
  const denied = await u.zhangwei.get(`/api/v1/customers/${mine.lina.id}`);
  const missing = await u.zhangwei.get('/api/v1/customers/987654');
  assert.equal(denied.status, 404);
  assert.equal(missing.status, 404);
  assert.deepEqual(denied.body, missing.body);
  assert.ok(!denied.text.includes('lina的客户'));
  assert.equal((await u.salesmgr.get(`/api/v1/customers/${mine.wangqiang.id}`)).status, 404);
  assert.equal((await u.shmgr.get(`/api/v1/customers/${mine.zhangwei.id}`)).status, 404);
});

test('R-SEC-1: a forbidden read is audited as customer.read_denied with the reader and the record', async () => {
  const r = await u.wangqiang.get(`/api/v1/customers/${mine.zhangwei.id}`);
  assert.equal(r.status, 404);
  for (const reader of ['shenji', 'gm']) {
    const entries = await auditEntries(u[reader], `action=customer.read_denied&target_id=${mine.zhangwei.id}`);
    const e = entries.find((x) => x.actor.id === u.wangqiang.user.id);
    assert.ok(e, `visible to ${reader}`);
    assert.equal(e.target_type, 'customer');
    assert.equal(e.actor.name, 'wangqiang', 'the audit log names the actor by username');
    assert.equal(e.address, '127.0.0.1');
  }
});

test('R-SEC-1: everything about an invisible customer is refused with 404 and nothing changes', async () => {
  const id = mine.lina.id;
  const z = u.zhangwei;
  const before = (await u.gm.get(`/api/v1/customers/${id}`)).body;
  const attempts = [
    () => z.patch(`/api/v1/customers/${id}`, { notes: '偷偷修改' }),
    () => z.get(`/api/v1/customers/${id}/contacts`),
    () => z.post(`/api/v1/customers/${id}/contacts`, { name: '偷加联系人' }),
    () => z.get(`/api/v1/customers/${id}/field-history`),
    () => z.get(`/api/v1/customers/${id}/owner-history`),
    () => u.shmgr.post(`/api/v1/customers/${id}/archive`, {}),
    () => u.shmgr.post(`/api/v1/customers/${id}/transfer`, { owner_id: u.chenjing.user.id, reason: '抢客户' }),
  ];
  for (const a of attempts) {
    const r = await a();
    assert.equal(r.status, 404, r.text);
  }
  const after = (await u.gm.get(`/api/v1/customers/${id}`)).body;
  assert.equal(after.version, before.version);
  assert.equal(after.notes, before.notes);
  assert.equal(after.owner.id, before.owner.id);
  assert.equal(after.archived, false);
  assert.deepEqual(after.contacts, []);
});

test('R-SEC-1: the owner_id filter cannot widen what a salesperson sees', async () => {
  const r = await allPages(u.zhangwei, `/api/v1/customers?owner_id=${u.lina.user.id}`);
  assert.deepEqual(r, []);
});

test('R-SEC-1: one owner\'s list pages through exactly their customers in update order, filtered, both ways', async () => {
  const byUpdate = (a, b) => (a.updated_at === b.updated_at ? a.id - b.id : a.updated_at < b.updated_at ? -1 : 1);
  for (const n of ['zhangwei', 'lina']) {
    const me = u[n].user.id;
    const theirs = cleared(n, all.filter((c) => c.owner.id === me && !c.archived));
    assert.ok(theirs.length >= 3, `${n} owns enough customers to page`);
    const newestFirst = [...theirs].sort(byUpdate).reverse().map((c) => c.id);
    // the salesperson's own list (scope: own), three at a time
    assert.deepEqual((await allPages(u[n], '/api/v1/customers', { limit: 3 })).map((c) => c.id), newestFirst, n);
    assert.deepEqual((await allPages(u[n], '/api/v1/customers?order=asc', { limit: 3 })).map((c) => c.id),
      [...newestFirst].reverse(), `${n}, oldest first`);
    // the GM's list filtered by that owner, with a filter on top
    const grade = theirs[0].grade;
    const allTheirs = all.filter((c) => c.owner.id === me && !c.archived); // the GM reads every level
    const graded = [...allTheirs].sort(byUpdate).reverse().filter((c) => c.grade === grade).map((c) => c.id);
    const got = await allPages(u.gm, `/api/v1/customers?owner_id=${me}&grade=${grade}`, { limit: 2 });
    assert.deepEqual(got.map((c) => c.id), graded, `GM, owner ${n}, grade ${grade}`);
  }
});

test('R-SEC-1: a customer transferred into a department becomes visible to its manager', async () => {
  const c = (await u.wangqiang.post('/api/v1/customers', { kind: 'individual', name: '跨部门转入', mobile: mobile() })).body;
  assert.equal((await u.salesmgr.get(`/api/v1/customers/${c.id}`)).status, 404);
  const t = await u.gm.post(`/api/v1/customers/${c.id}/transfer`, { owner_id: u.lina.user.id, reason: '部门调整' });
  assert.equal(t.status, 200, t.text);
  assert.equal((await u.salesmgr.get(`/api/v1/customers/${c.id}`)).status, 200);
  assert.equal((await u.wangqiang.get(`/api/v1/customers/${c.id}`)).status, 404);
});
