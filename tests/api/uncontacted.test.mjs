// A new customer must be contacted by its owner within a week (R-OWN-4, issue 13 item 8): the
// daily check tells the owner and their manager once about each new customer its owner has not
// contacted; a customer the owner called, or someone else's call, and older customers are not
// reported; the manager may then reassign it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, auditEntries, mobile } from '../lib/kehu.mjs';

let server, admin;
const u = {};
const NAMES = ['zhangwei', 'lina', 'salesmgr', 'gm'];

async function clock(now) {
  assert.equal((await admin.put('/api/v1/_test/clock', { now })).status, 200);
  for (const n of NAMES) u[n] = await as(server, n);
  admin = await asAdmin(server);
}
const alerts = async (c) => (await c.get('/api/v1/notifications?limit=200')).body.items.filter((n) => n.kind === 'customer.uncontacted');
async function tickAndWait(c, want) {
  assert.equal((await admin.post('/api/v1/_test/scheduler/tick')).status, 200);
  let got = await alerts(c);
  for (let i = 0; i < 200 && got.length < want; i++) {
    await new Promise((r) => setTimeout(r, 50));
    got = await alerts(c);
  }
  return got;
}

before(async () => {
  server = await startServer({ demo: 1 });
  admin = await asAdmin(server);
  await clock('2026-05-20T12:00:00+08:00'); // outside the daily check's hour: no run before the first below
});
after(async () => { await server.stop(); });

test('R-OWN-4: issue 13 item 8: a new customer its owner has not contacted within 7 days is reported once to the owner and the manager; contacted ones and the manager\'s own call do not count', async () => {
  const old = (await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: '早已建档客户', mobile: mobile() })).body;
  await clock('2026-06-01T09:00:00+08:00');
  const mk = async (c, name) => (await c.post('/api/v1/customers', { kind: 'individual', name, mobile: mobile() })).body;
  const quiet = await mk(u.zhangwei, '未联系新客户');
  const called = await mk(u.zhangwei, '已联系新客户');
  const byManager = await mk(u.zhangwei, '经理联系的新客户');
  assert.equal((await u.zhangwei.post('/api/v1/interactions', { customer_id: called.id, channel: 'call', summary: '首次联系' })).status, 201);
  assert.equal((await u.salesmgr.post('/api/v1/interactions', { customer_id: byManager.id, channel: 'visit', summary: '经理拜访' })).status, 201);
  // six days on: nothing yet
  await clock('2026-06-07T09:00:00+08:00');
  assert.deepEqual(await tickAndWait(u.zhangwei, 0), []);
  // a week and a half hour on (the check runs at 08:30 company time)
  await clock('2026-06-08T09:10:00+08:00');
  const mine = await tickAndWait(u.zhangwei, 2);
  const named = mine.map((n) => n.text).join('\n');
  assert.match(named, /未联系新客户/);
  assert.match(named, /经理联系的新客户/, 'the owner\'s own contact is what counts');
  assert.doesNotMatch(named, /已联系新客户/);
  assert.doesNotMatch(named, /早已建档客户/, 'customers from before the check started are not reported');
  assert.equal(mine.length, 2);
  const mgr = await tickAndWait(u.salesmgr, 2);
  assert.equal(mgr.length, 2);
  assert.ok(mgr.every((n) => /张伟 的新客户/.test(n.text) && n.link.startsWith('/customers/')), JSON.stringify(mgr));
  assert.ok(mgr.some((n) => n.link === `/customers/${quiet.id}`));
  assert.equal((await alerts(u.lina)).length, 0);
  // the next day: told once only
  await clock('2026-06-09T09:10:00+08:00');
  assert.equal((await tickAndWait(u.zhangwei, 3)).length, 2);
  assert.ok((await auditEntries(u.gm, 'action=followup.uncontacted')).length >= 1);
  // the manager reassigns it
  const t = await u.salesmgr.post(`/api/v1/customers/${quiet.id}/transfer`, { owner_id: u.lina.user.id, reason: '一周未联系，改由李娜跟进' });
  assert.equal(t.status, 200, t.text);
  void old;
});

test('R-OWN-4: issue 13 item 8: the number of days is a parameter an administrator changes within 1-60', async () => {
  const r = await admin.put('/api/v1/settings/parameters', { uncontacted_days: 0 });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'uncontacted_days');
  assert.equal((await admin.put('/api/v1/settings/parameters', { uncontacted_days: 3 })).status, 200);
});
