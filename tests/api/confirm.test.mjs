// Verified updates (R-ARC-12, issue 12 item 11): an owner's change to a key field of an A-grade
// customer waits for the manager's confirmation through the approvals engine, and takes effect
// only when the manager approves it; other changes, other grades and managers' own changes take
// effect at once; a rejected change, or one approved after the record moved on, changes nothing;
// a setting turns the rule off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, auditEntries, mobile } from '../lib/kehu.mjs';

let server;
const u = {};

before(async () => {
  server = await startServer({ demo: 3 });
  for (const n of ['gm', 'zhangwei', 'salesmgr', 'infosup']) u[n] = await as(server, n);
  await u.gm.put('/api/v1/_test/clock', { now: '2026-06-01T10:00:00+08:00' });
});
after(async () => { await server?.stop(); });

async function gradeA(name, body = {}) {
  const r = await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name, mobile: mobile(), ...body });
  assert.equal(r.status, 201, r.text);
  const g = await u.salesmgr.patch(`/api/v1/customers/${r.body.id}`, { grade: 'A' });
  assert.equal(g.status, 200, g.text);
  return g.body;
}
const stored = async (id) => (await u.gm.get(`/api/v1/customers/${id}`)).body;

test('R-ARC-12: issue 12 item 11: an owner\'s change to a key field of an A-grade customer waits for the manager\'s confirmation and takes effect only when he approves it', async () => {
  const c = await gradeA('A级确认客户', { notes: '原备注' });
  const before = await stored(c.id);
  const M2 = mobile();
  const r = await u.zhangwei.patch(`/api/v1/customers/${c.id}`, { mobile: M2, notes: '新备注' });
  assert.equal(r.status, 202, r.text);
  assert.equal(r.body.state, 'pending');
  const id = r.body.approval_id;
  let now = await stored(c.id);
  assert.deepEqual([now.mobile, now.notes, now.version], [before.mobile, '原备注', before.version], 'nothing changes yet');
  // The manager sees what is asked, not the new values.
  const q = await u.salesmgr.get(`/api/v1/approvals/${id}`);
  assert.equal(q.status, 200, q.text);
  assert.equal(q.body.kind, 'customer.key_change');
  assert.equal(q.body.can_decide, true);
  assert.match(q.body.summary, new RegExp(`${c.code}.*mobile`));
  assert.ok(!q.text.includes(M2), 'the new number is not shown before it is confirmed');
  assert.ok((await u.salesmgr.get('/api/v1/notifications?limit=50')).body.items.some((n) => n.request_id === id));
  // Confirmed: the change as the owner made it.
  const ok = await u.salesmgr.post(`/api/v1/approvals/${id}/approve`, { comment: '核实无误' });
  assert.equal(ok.status, 200, ok.text);
  now = await stored(c.id);
  assert.deepEqual([now.mobile, now.notes, now.version], [M2, '新备注', before.version + 1]);
  const h = (await u.gm.get(`/api/v1/customers/${c.id}/field-history`)).body.items.find((x) => x.field === 'mobile');
  assert.deepEqual([h.old, h.new, h.by.id], [before.mobile, M2, u.salesmgr.user.id]);
  const e = (await auditEntries(u.gm, 'action=customer.update')).find((x) => x.target_id === String(c.id) && /request=/.test(x.detail));
  assert.match(e.detail, new RegExp(`fields=mobile request=${id}$`));
  const log = (await u.gm.get(`/api/v1/customers/${c.id}/access-log`)).body.items;
  assert.ok(log.some((x) => x.action === 'customer.update' && x.request_id === id), 'who saw this links the change to its request');
  assert.equal((await u.zhangwei.get(`/api/v1/approvals/${id}`)).body.state, 'approved');

  // At once: a change of no key field, a B-grade customer, a manager's own change, a custom value.
  assert.equal((await u.zhangwei.patch(`/api/v1/customers/${c.id}`, { notes: '只改备注' })).status, 200);
  const b = await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: 'B级客户', mobile: mobile() });
  assert.equal((await u.zhangwei.patch(`/api/v1/customers/${b.body.id}`, { mobile: mobile() })).status, 200);
  assert.equal((await u.salesmgr.patch(`/api/v1/customers/${c.id}`, { email: 'mgr@example.com' })).status, 200);
  assert.equal((await u.zhangwei.patch(`/api/v1/customers/${c.id}`, { templates: ['personal'], custom: { native_place: '福建厦门' } })).status, 200);
  assert.equal((await stored(c.id)).email, 'mgr@example.com');
});

test('R-ARC-12: issue 12 item 11: a rejected change changes nothing, a change confirmed after the record moved on is refused, bad values are refused at once, and the setting turns the rule off', async () => {
  const c = await gradeA('A级拒绝客户');
  const { version: v0, mobile: m0 } = await stored(c.id);
  const r1 = await u.zhangwei.patch(`/api/v1/customers/${c.id}`, { mobile: mobile() });
  assert.equal(r1.status, 202, r1.text);
  const no = await u.salesmgr.post(`/api/v1/approvals/${r1.body.approval_id}/reject`, { comment: '号码未核实' });
  assert.equal(no.status, 200, no.text);
  assert.deepEqual([(await stored(c.id)).version, (await stored(c.id)).mobile], [v0, m0], 'nothing changed');

  const r2 = await u.zhangwei.patch(`/api/v1/customers/${c.id}`, { email: 'owner@example.com' });
  assert.equal(r2.status, 202, r2.text);
  assert.equal((await u.salesmgr.patch(`/api/v1/customers/${c.id}`, { notes: '经理先改了' })).status, 200);
  const late = await u.salesmgr.post(`/api/v1/approvals/${r2.body.approval_id}/approve`, { comment: '同意' });
  assert.equal(late.status, 409, late.text);
  assert.equal(late.body.error.field, 'version');
  const now = await stored(c.id);
  assert.deepEqual([now.email, now.notes], ['', '经理先改了']);
  assert.equal((await u.zhangwei.get(`/api/v1/approvals/${r2.body.approval_id}`)).body.state, 'pending', 'not recorded either');

  // A value that cannot be stored is refused now, not after the manager's approval.
  const bad = await u.zhangwei.patch(`/api/v1/customers/${c.id}`, { mobile: '12' });
  assert.equal(bad.status, 422, bad.text);
  assert.equal(bad.body.error.field, 'mobile');

  const admin = await asAdmin(server);
  const off = await admin.put('/api/v1/settings/parameters', { customer_confirm_a_grade: 0 });
  assert.equal(off.status, 200, off.text);
  const M = mobile();
  const direct = await u.zhangwei.patch(`/api/v1/customers/${c.id}`, { mobile: M });
  assert.equal(direct.status, 200, direct.text);
  assert.equal((await stored(c.id)).mobile, M);
  const bad2 = await admin.put('/api/v1/settings/parameters', { customer_confirm_a_grade: 2 });
  assert.equal(bad2.status, 422, bad2.text);
  assert.equal((await admin.put('/api/v1/settings/parameters', { customer_confirm_a_grade: 1 })).status, 200);
});
