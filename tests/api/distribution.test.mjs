// A balanced distribution of unowned customers (R-OWN-3, issue 13 item 8): the manager names the
// customers and the people with an ability weight each; the proposal leaves everyone's customers
// per weight balanced within one customer; the manager adjusts it and confirms it in one step.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, mobile } from '../lib/kehu.mjs';

let server, admin;
const u = {};
const id = {};
const unowned = [];

before(async () => {
  server = await startServer({ demo: 1 });
  admin = await asAdmin(server);
  await admin.put('/api/v1/_test/clock', { now: '2026-06-01T09:00:00+08:00' });
  for (const n of ['zhangwei', 'lina', 'salesmgr', 'wangqiang']) u[n] = await as(server, n);
  for (const x of (await admin.get('/api/v1/users?limit=200')).body.items) id[x.username] = x;
  // marketing's leads: recorded, then handed to the pool without an owner
  for (let i = 0; i < 13; i++) {
    const c = (await u.salesmgr.post('/api/v1/customers', { kind: 'individual', name: `市场线索${i}`, mobile: mobile() })).body;
    assert.equal((await u.salesmgr.post(`/api/v1/customers/${c.id}/release`, { reason: '市场活动收集，待分配' })).status, 200);
    unowned.push(c.id);
  }
});
after(async () => { await server.stop(); });

test('R-OWN-3: issue 13 item 8: the proposal balances the customers owned per ability weight within one customer; adjusted, it is confirmed in one step', async () => {
  const members = [{ user_id: id.zhangwei.id, weight: 100 }, { user_id: id.lina.id, weight: 200 }, { user_id: id.salesmgr.id, weight: 50 }];
  // the distribution screen lists the unowned customers the manager sees
  const listed = (await u.salesmgr.get('/api/v1/customers?unowned=true&limit=200')).body.items;
  for (const c of unowned) assert.ok(listed.some((x) => x.id === c), `unowned ${c} listed`);
  assert.ok(listed.every((x) => !x.owner), 'only customers without an owner');
  assert.ok((await u.salesmgr.get('/api/v1/customers?unowned=false&limit=200')).body.items.some((x) => x.owner));
  assert.equal((await u.salesmgr.get('/api/v1/customers?unowned=maybe')).body.error.field, 'unowned');
  const r = await u.salesmgr.post('/api/v1/distribution/proposal', { customer_ids: unowned, members });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.items.length, 13);
  const loads = r.body.loads;
  assert.equal(loads.reduce((s, l) => s + l.given, 0), 13);
  // greedy balance: taking back anyone's last customer would not leave them below anyone else
  for (const a of loads) {
    for (const b of loads) {
      if (a === b || !b.given) continue;
      assert.ok((b.after - 1) / b.weight <= a.after / a.weight + 1e-9,
        `${b.user.name} ${b.after}/${b.weight} vs ${a.user.name} ${a.after}/${a.weight}`);
    }
  }
  const lina = loads.find((l) => l.user.name === '李娜'), zw = loads.find((l) => l.user.name === '张伟');
  assert.ok(lina.after / 200 - zw.after / 100 <= 1 / 100 + 1e-9 && zw.after / 100 - lina.after / 200 <= 1 / 200 + 1e-9);
  // the manager moves one proposed customer to 张伟 and confirms
  const items = r.body.items.map((x) => ({ ...x }));
  const moved = items.find((x) => x.user_id !== id.zhangwei.id);
  moved.user_id = id.zhangwei.id;
  const ok = await u.salesmgr.post('/api/v1/distribution', { items, reason: '按工作量分配市场线索' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.transferred, 13);
  assert.equal((await u.zhangwei.get(`/api/v1/customers/${moved.customer_id}`)).body.owner.name, '张伟');
  const oh = (await u.salesmgr.get(`/api/v1/customers/${moved.customer_id}/owner-history`)).body.items;
  assert.ok(oh.some((h) => h.reason === '按工作量分配市场线索'));
  assert.ok(!(await u.lina.get('/api/v1/pool?limit=200')).body.items.some((x) => unowned.includes(x.id)), 'out of the pool');
});

test('R-OWN-3: issue 13 item 8: refusals — owned customers, bad weights, someone outside the department, a salesperson; a failed confirmation moves nobody', async () => {
  const c = (await u.salesmgr.post('/api/v1/customers', { kind: 'individual', name: '又一条线索', mobile: mobile() })).body;
  let r = await u.salesmgr.post('/api/v1/distribution/proposal', { customer_ids: [c.id], members: [{ user_id: id.lina.id, weight: 100 }] });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'ids', 'it has an owner');
  assert.equal((await u.salesmgr.post(`/api/v1/customers/${c.id}/release`, { reason: '待分配' })).status, 200);
  const cases = [
    [{ customer_ids: [c.id], members: [] }, 422, 'members'],
    [{ customer_ids: [c.id], members: [{ user_id: id.lina.id, weight: 0 }] }, 422, 'members'],
    [{ customer_ids: [c.id], members: [{ user_id: id.lina.id }, { user_id: id.lina.id }] }, 422, 'members'],
    [{ customer_ids: [c.id], members: [{ user_id: id.wangqiang.id, weight: 100 }] }, 403, 'owner_id'],
    [{ customer_ids: [c.id], members: 'all' }, 400, 'members'],
  ];
  for (const [body, status, field] of cases) {
    r = await u.salesmgr.post('/api/v1/distribution/proposal', body);
    assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.body.error.field, field);
  }
  assert.equal((await u.zhangwei.post('/api/v1/distribution/proposal', { customer_ids: [c.id], members: [{ user_id: id.lina.id }] })).status, 403);
  r = await u.salesmgr.post('/api/v1/distribution', { items: [{ customer_id: c.id, user_id: id.lina.id }, { customer_id: c.id, user_id: id.zhangwei.id }], reason: '重复' });
  assert.equal(r.status, 422, r.text);
  r = await u.salesmgr.post('/api/v1/distribution', { items: [{ customer_id: c.id, user_id: id.lina.id }], reason: '' });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'reason');
  assert.ok((await u.lina.get('/api/v1/pool?limit=200')).body.items.some((x) => x.id === c.id), 'still in the pool');
});
