// The audit log as people read it: actions in words, targets by code and name when the reader may see them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, auditEntries, mobile } from '../lib/kehu.mjs';

let server;
let created;
before(async () => {
  server = await startServer({ demo: 3 });
  const sales = await as(server, 'zhangwei');
  const r = await sales.post('/api/v1/customers', { kind: 'individual', name: '审计对象', mobile: mobile() });
  assert.equal(r.status, 201, r.text);
  created = r.body;
});
after(async () => { await server.stop(); });

test('issue 9 item 14: audit entries name their customer target by code and name for a reader who may see it (GM)', async () => {
  const gm = await as(server, 'gm');
  const entries = await auditEntries(gm, `action=customer.create&target_id=${created.id}`);
  assert.equal(entries.length, 1);
  assert.deepEqual(entries[0].target, { type: 'customer', id: String(created.id), code: created.code, name: '审计对象' });
});

test('issue 9 item 14: a reader who may not see the customer (the auditor, customer scope none) gets its id only', async () => {
  const auditor = await as(server, 'shenji');
  const entries = await auditEntries(auditor, `action=customer.create&target_id=${created.id}`);
  assert.equal(entries.length, 1);
  assert.deepEqual(entries[0].target, { type: 'customer', id: String(created.id) });
  assert.ok(!JSON.stringify(entries[0]).includes('审计对象'));
  // and asking about it is not recorded as a read of the customer
  const reads = await auditEntries(auditor, `action=customer.read_denied&target_id=${created.id}`);
  assert.equal(reads.length, 0);
});

test('issue 9 item 14: actions come with their words in the reader\'s language', async () => {
  const gm = await as(server, 'gm');
  const zh = await auditEntries(gm, 'action=customer.create');
  assert.equal(zh[0].action_label, '新建客户');
  gm.lang = 'en';
  const en = await auditEntries(gm, 'action=auth.login');
  assert.equal(en[0].action_label, 'Signed in');
  assert.equal(en[0].target.type, 'user');
});

test('issue 9 item 14: the auditor lists users to pick an actor by name; a salesperson still may not', async () => {
  const auditor = await as(server, 'shenji');
  const r = await auditor.get('/api/v1/users');
  assert.equal(r.status, 200);
  const zw = r.body.items.find((u) => u.username === 'zhangwei');
  assert.ok(zw && zw.display_name);
  const byActor = await auditEntries(auditor, `actor_id=${zw.id}&action=customer.create`);
  assert.ok(byActor.some((e) => e.target.id === String(created.id)));
  assert.equal((await (await as(server, 'zhangwei')).get('/api/v1/users')).status, 403);
});
