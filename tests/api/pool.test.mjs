// The public pool 公海 (R-OWN-7, issue 13 item 8): an owner releases a customer with a reason;
// salespeople of the branch see the pool and claim from it within a cap on customers owned and
// on claims a day; the daily job reclaims customers their owner did not follow up for the days
// the grade's rule sets; every release, claim and reclaim is in the owner history and audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, auditEntries, mobile } from '../lib/kehu.mjs';

let server, admin;
const u = {};
const NAMES = ['zhangwei', 'lina', 'salesmgr', 'chenjing', 'jishu', 'gm'];

async function clock(now) {
  assert.equal((await admin.put('/api/v1/_test/clock', { now })).status, 200);
  for (const n of NAMES) u[n] = await as(server, n);
  admin = await asAdmin(server);
}
const mk = async (c, name, extra = {}) => {
  const r = await c.post('/api/v1/customers', { kind: 'individual', name, mobile: mobile(), ...extra });
  assert.equal(r.status, 201, r.text);
  return r.body;
};
const poolIds = async (c) => (await c.get('/api/v1/pool?limit=200')).body.items.map((x) => x.id);

before(async () => {
  server = await startServer({ demo: 1 });
  admin = await asAdmin(server);
  await clock('2026-06-01T09:00:00+08:00');
});
after(async () => { await server.stop(); });

test('R-OWN-7: issue 13 item 8: an owner releases a customer to the pool with a reason; a salesperson of the branch sees it there and claims it; both are in the owner history and the audit', async () => {
  const c = await mk(u.zhangwei, '公海客户甲');
  let r = await u.zhangwei.post(`/api/v1/customers/${c.id}/release`, { reason: '客户暂无需求，交公海' });
  assert.equal(r.status, 200, r.text);
  assert.equal((await u.zhangwei.get(`/api/v1/customers/${c.id}`)).status, 404, 'no longer his');
  const pool = (await u.lina.get('/api/v1/pool?limit=200')).body.items;
  const x = pool.find((i) => i.id === c.id);
  assert.ok(x, 'in the pool of the branch');
  assert.deepEqual([x.code, x.name, x.pool_reason], [c.code, '公海客户甲', '客户暂无需求，交公海']);
  assert.equal(Object.keys(x).includes('mobile'), false, 'the pool shows no phone');
  // "new in the pool" (my day): since a date, and not before it
  assert.ok((await u.lina.get('/api/v1/pool?since=2026-06-01')).body.items.some((i) => i.id === c.id));
  assert.ok(!(await u.lina.get('/api/v1/pool?since=2026-06-02')).body.items.some((i) => i.id === c.id));
  assert.ok(!(await u.lina.get('/api/v1/pool?since=2026-05-01&since_to=2026-05-31')).body.items.some((i) => i.id === c.id));
  assert.equal((await u.lina.get('/api/v1/pool?since=yesterday')).body.error.field, 'since');
  assert.ok(!(await poolIds(u.chenjing)).includes(c.id), 'not in the Shanghai branch\'s pool');
  assert.equal((await u.chenjing.post(`/api/v1/pool/${c.id}/claim`, {})).status, 404);
  r = await u.lina.post(`/api/v1/pool/${c.id}/claim`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.owner.name, '李娜');
  assert.equal((await u.lina.get(`/api/v1/customers/${c.id}`)).body.owner.name, '李娜');
  assert.ok(!(await poolIds(u.lina)).includes(c.id));
  assert.equal((await u.zhangwei.post(`/api/v1/pool/${c.id}/claim`, {})).status, 404, 'claimed already');
  const oh = (await u.salesmgr.get(`/api/v1/customers/${c.id}/owner-history`)).body.items;
  assert.ok(oh.some((h) => /公海/.test(h.reason) && /暂无需求/.test(h.reason)), JSON.stringify(oh));
  assert.ok(oh.some((h) => /claimed from the pool/.test(h.reason)));
  for (const a of ['customer.release', 'customer.claim']) {
    assert.ok((await auditEntries(u.gm, `action=${a}`)).some((e) => e.target_id === String(c.id)), a);
  }
});

test('R-OWN-7: issue 13 item 8: claims stop at the daily cap and at the cap on customers owned, naming which', async () => {
  const a = await mk(u.zhangwei, '公海客户乙');
  const b = await mk(u.zhangwei, '公海客户丙');
  for (const c of [a, b]) assert.equal((await u.zhangwei.post(`/api/v1/customers/${c.id}/release`, { reason: '调整' })).status, 200);
  assert.equal((await admin.put('/api/v1/settings/parameters', { pool_claims_per_day: 1 })).status, 200);
  let r = await u.lina.post(`/api/v1/pool/${a.id}/claim`, {});
  assert.equal(r.status, 409, 'she claimed one today already');
  assert.equal(r.body.error.field, 'claims_per_day');
  // the next day the daily cap allows one, but the cap on customers owned does not
  await clock('2026-06-02T09:00:00+08:00');
  // she owns the customer she claimed yesterday: a cap of one is reached
  assert.equal((await admin.put('/api/v1/settings/parameters', { pool_max_owned: 1 })).status, 200);
  r = await u.lina.post(`/api/v1/pool/${a.id}/claim`, {});
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.field, 'max_owned');
  assert.equal((await admin.put('/api/v1/settings/parameters', { pool_max_owned: 1000, pool_claims_per_day: 20 })).status, 200);
  r = await u.lina.post(`/api/v1/pool/${a.id}/claim`, {});
  assert.equal(r.status, 200, r.text);
  // a manager's transfer of a pool customer takes it out of the pool
  r = await u.salesmgr.post(`/api/v1/customers/${b.id}/transfer`, { owner_id: u.zhangwei.user.id, reason: '经理分配' });
  assert.equal(r.status, 200, r.text);
  assert.ok(!(await poolIds(u.lina)).includes(b.id));
});

test('R-OWN-7: issue 13 item 8: the daily job reclaims a customer its owner did not follow up for the grade\'s days, and tells the owner once for all of theirs; a followed-up customer stays', async () => {
  await clock('2026-07-01T09:00:00+08:00');
  const his = { owner_id: u.zhangwei.user.id };
  const quiet = await mk(u.salesmgr, '久未跟进客户', { grade: 'C', ...his });
  const quiet2 = await mk(u.salesmgr, '久未跟进客户二', { grade: 'C', ...his });
  const linas = await mk(u.salesmgr, '李娜的久未跟进客户', { grade: 'C', owner_id: u.lina.user.id });
  const kept = await mk(u.salesmgr, '常跟进客户', { grade: 'C', ...his });
  const other = await mk(u.salesmgr, '甲级客户', { grade: 'A', ...his });
  let r = await admin.put('/api/v1/pool/rules', { rules: [{ grade: '', no_followup_days: 30, no_deal_days: 0 }, { grade: 'A', no_followup_days: 90, no_deal_days: 0 }] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.rules.length, 2);
  await clock('2026-07-25T10:00:00+08:00');
  assert.equal((await u.zhangwei.post('/api/v1/interactions', { customer_id: kept.id, channel: 'call', summary: '例行回访' })).status, 201);
  await clock('2026-08-01T01:40:00+08:00'); // the job runs from 01:30
  assert.equal((await admin.post('/api/v1/_test/scheduler/tick')).status, 200);
  let ids = [];
  for (let i = 0; i < 200 && !ids.includes(quiet.id); i++) {
    await new Promise((res) => setTimeout(res, 50));
    ids = await poolIds(u.lina);
  }
  assert.ok(ids.includes(quiet.id), 'reclaimed');
  assert.ok(!ids.includes(kept.id), 'followed up a week ago');
  assert.ok(!ids.includes(other.id), 'grade A has 90 days');
  const x = (await u.lina.get('/api/v1/pool?limit=200')).body.items.find((i) => i.id === quiet.id);
  assert.match(x.pool_reason, /30 天未跟进/);
  for (const c of [quiet2, linas]) assert.ok(ids.includes(c.id), c.name);
  // one message to each owner for the run, however many of theirs went back
  const told = (await u.zhangwei.get('/api/v1/notifications?limit=200')).body.items.filter((n) => n.kind === 'customer.reclaimed');
  assert.equal(told.length, 1, JSON.stringify(told));
  const m = /^(\d+) 位客户已超过 30 天未跟进，收回公海/.exec(told[0].text);
  assert.ok(m && Number(m[1]) >= 2, told[0].text);
  assert.equal(told[0].link, '/pool');
  const hers = (await u.lina.get('/api/v1/notifications?limit=200')).body.items.filter((n) => n.kind === 'customer.reclaimed');
  assert.ok(hers.length === 1 && hers[0].text.includes('李娜的久未跟进客户') && !hers[0].text.includes('久未跟进客户二'), JSON.stringify(hers));
  const audited = (await auditEntries(u.gm, 'action=customer.reclaim')).map((e) => e.target_id);
  for (const c of [quiet, quiet2, linas]) assert.ok(audited.includes(String(c.id)), c.name);
});

test('R-OWN-7: issue 13 item 8: refusals — no reason, someone else\'s customer, twice, no permission, bad rules', async () => {
  await clock('2026-08-02T09:00:00+08:00');
  const c = await mk(u.zhangwei, '拒绝测试客户');
  let r = await u.zhangwei.post(`/api/v1/customers/${c.id}/release`, { reason: '' });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'reason');
  assert.equal((await u.lina.post(`/api/v1/customers/${c.id}/release`, { reason: '不是我的' })).status, 404);
  assert.equal((await u.zhangwei.post(`/api/v1/customers/${c.id}/release`, { reason: '交出' })).status, 200);
  r = await u.salesmgr.post(`/api/v1/customers/${c.id}/release`, { reason: '再交一次' });
  assert.equal(r.status, 409, r.text);
  assert.equal((await u.jishu.get('/api/v1/pool')).status, 403);
  assert.equal((await u.jishu.post(`/api/v1/pool/${c.id}/claim`, {})).status, 403);
  assert.equal((await u.lina.post('/api/v1/pool/999999/claim', {})).status, 404);
  const before = (await admin.get('/api/v1/pool/rules')).body.rules;
  const cases = [
    [{ rules: [{ grade: 'B', no_followup_days: 10 }, { grade: 'B', no_followup_days: 20 }] }, 'rules[1].grade'],
    [{ rules: [{ grade: 'B', no_followup_days: 4000 }] }, 'rules[0].no_followup_days'],
    [{ rules: [{ grade: 'B', no_followup_days: 10, no_deal_days: -1 }] }, 'rules[0].no_deal_days'],
  ];
  for (const [body, field] of cases) {
    r = await admin.put('/api/v1/pool/rules', body);
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.error.field, field);
  }
  assert.equal((await admin.put('/api/v1/pool/rules', { rules: 'all' })).status, 400);
  assert.equal((await u.zhangwei.put('/api/v1/pool/rules', { rules: [] })).status, 403);
  assert.deepEqual((await admin.get('/api/v1/pool/rules')).body.rules, before, 'nothing changed');
});
