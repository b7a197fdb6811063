// Transfer of ownership: the users a transfer may go to, and the transfer of many customers at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, auditEntries } from '../lib/kehu.mjs';

let server;
let zw; // 张伟, salesperson, 销售一部
let wq; // 王强, salesperson, 销售二部
let mgr; // 周建国, sales manager, 销售一部
let gm;
let users; // username -> user
before(async () => {
  server = await startServer({ demo: 5 });
  [zw, wq, mgr, gm] = await Promise.all([as(server, 'zhangwei'), as(server, 'wangqiang'), as(server, 'salesmgr'), as(server, 'gm')]);
  const admin = await asAdmin(server);
  users = Object.fromEntries((await admin.get('/api/v1/users?limit=200')).body.items.map((u) => [u.username, u]));
});
after(async () => { await server.stop(); });

async function create(client, name) {
  const r = await client.post('/api/v1/customers', { kind: 'individual', name });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

const owner = async (id) => (await gm.get(`/api/v1/customers/${id}`)).body.owner.id;
const targets = async (client, ids) => client.get(`/api/v1/customers/transfer-targets?ids=${ids.join(',')}`);
const names = (r) => r.body.items.map((u) => u.username).sort();

test('R-OWN-5: issue 9 item 12: a sales manager is offered exactly the active users of their department who see customers, not the current owner', async () => {
  const c = await create(zw, '移交候选');
  const r = await targets(mgr, [c.id]);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(names(r), ['lina', 'salesmgr'], 'not 张伟 (the owner), not other departments, not the auditor or the administrator');
  for (const u of r.body.items) {
    assert.equal(typeof u.id, 'number');
    assert.ok(u.display_name);
    assert.ok(u.role);
  }
  // every user offered is accepted, every user not offered is refused, by the same rule
  const offered = new Set(r.body.items.map((u) => u.id));
  for (const u of Object.values(users)) {
    if (u.id === zw.user.id) continue;
    const t = await mgr.post(`/api/v1/customers/${c.id}/transfer`, { owner_id: u.id, reason: '核对候选' });
    if (offered.has(u.id)) {
      assert.equal(t.status, 200, `${u.username}: ${t.text}`);
      const back = await mgr.post(`/api/v1/customers/${c.id}/transfer`, { owner_id: zw.user.id, reason: '还原' });
      assert.equal(back.status, 200, back.text);
    } else {
      assert.ok([403, 422].includes(t.status), `${u.username} must be refused: ${t.status} ${t.text}`);
      assert.equal(t.body.error.field, 'owner_id');
    }
  }
});

test('R-OWN-5: issue 9 item 12: the GM is offered every department, but never the auditor, the administrator or roles without customers', async () => {
  const c = await create(zw, '总经理候选');
  const r = await targets(gm, [c.id]);
  assert.equal(r.status, 200, r.text);
  const got = names(r);
  for (const u of ['gm', 'lina', 'wangqiang', 'chenjing', 'salesmgr', 'shmgr', 'csmanager']) assert.ok(got.includes(u), u);
  for (const u of ['zhangwei', 'admin', 'shenji', 'fuwu', 'jishu', 'kuaiji', 'kefu']) assert.ok(!got.includes(u), u);
});

test('R-OWN-5: issue 9 item 12: the server refuses the auditor and the administrator as new owner (422 owner_id), nothing changes', async () => {
  const c = await create(zw, '拒绝审计员');
  for (const u of ['shenji', 'admin', 'fuwu']) {
    const r = await gm.post(`/api/v1/customers/${c.id}/transfer`, { owner_id: users[u].id, reason: '不应成功' });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.error.field, 'owner_id');
  }
  assert.equal(await owner(c.id), zw.user.id);
  const create403 = await gm.post('/api/v1/customers', { kind: 'individual', name: '给审计员登记', owner_id: users.shenji.id });
  assert.equal(create403.status, 422, 'a new customer cannot be given to the auditor either');
  assert.equal(create403.body.error.field, 'owner_id');
});

test('R-OWN-5: issue 9 item 12: targets for several customers leave out only a user who owns them all', async () => {
  const a = await create(zw, '多选甲');
  const b = await (async () => {
    const lina = await as(server, 'lina');
    return create(lina, '多选乙');
  })();
  const r = await targets(mgr, [a.id, b.id]);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(names(r), ['lina', 'salesmgr', 'zhangwei']);
});

test('R-OWN-5: issue 9 item 12: targets refuse a caller without customer.transfer (403), a customer the caller does not see (404 ids), bad ids (400 ids)', async () => {
  const c = await create(zw, '候选拒绝');
  let r = await targets(zw, [c.id]);
  assert.equal(r.status, 403);
  const other = await create(wq, '二部客户');
  r = await targets(mgr, [c.id, other.id]);
  assert.equal(r.status, 404);
  assert.equal(r.body.error.field, 'ids');
  r = await mgr.get('/api/v1/customers/transfer-targets');
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'ids');
  for (const q of ['abc', '1,,2', '0', '1,']) {
    r = await mgr.get(`/api/v1/customers/transfer-targets?ids=${q}`);
    assert.equal(r.status, 400, q);
    assert.equal(r.body.error.field, 'ids');
  }
  r = await targets(mgr, Array.from({ length: 201 }, (_, i) => i + 1));
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'ids');
});

test('R-OWN-5: issue 9 item 12: a bulk transfer moves every selected customer in one call, with owner history and an audit entry each', async () => {
  const a = await create(zw, '批量甲');
  const b = await create(zw, '批量乙');
  const lina = users.lina;
  const r = await mgr.post('/api/v1/customers/transfer', { ids: [a.id, b.id, a.id], owner_id: lina.id, reason: '张伟调岗' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body, { transferred: 2, unchanged: 0 });
  assert.equal(await owner(a.id), lina.id);
  assert.equal(await owner(b.id), lina.id);
  const h = (await mgr.get(`/api/v1/customers/${b.id}/owner-history`)).body.items;
  assert.equal(h[0].reason, '张伟调岗');
  assert.equal(h[0].to.id, lina.id);
  const audit = await auditEntries(gm, `action=customer.transfer&target_id=${a.id}`);
  assert.ok(audit.some((e) => e.target_id === a.id || String(e.target_id) === String(a.id)));
  // a customer the target already owns is left as it is
  const c = await create(zw, '批量丙');
  const r2 = await mgr.post('/api/v1/customers/transfer', { ids: [a.id, c.id], owner_id: lina.id, reason: '再次分配' });
  assert.equal(r2.status, 200, r2.text);
  assert.deepEqual(r2.body, { transferred: 1, unchanged: 1 });
  assert.equal((await mgr.get(`/api/v1/customers/${a.id}/owner-history`)).body.items.length, 2, 'no history for an unchanged one');
});

test('R-OWN-5: issue 9 item 12: a bulk transfer is all or nothing: a refused target, a customer the caller may not transfer, bad input change nothing', async () => {
  const a = await create(zw, '整批甲');
  const b = await create(zw, '整批乙');
  const other = await create(wq, '整批二部');
  const before = [await owner(a.id), await owner(b.id), await owner(other.id)];
  const post = (client, body) => client.post('/api/v1/customers/transfer', { reason: '整批', ...body });
  // a target the rule refuses: another department for a department manager, the auditor for anyone
  let r = await post(mgr, { ids: [a.id, b.id], owner_id: users.wangqiang.id });
  assert.equal(r.status, 403, r.text);
  assert.equal(r.body.error.field, 'owner_id');
  r = await post(gm, { ids: [a.id, b.id], owner_id: users.shenji.id });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'owner_id');
  // a customer the caller may not transfer (not in their scope): the whole batch is refused
  r = await post(mgr, { ids: [a.id, other.id, b.id], owner_id: users.lina.id });
  assert.equal(r.status, 404, r.text);
  assert.equal(r.body.error.field, 'ids');
  assert.match(r.body.error.message, new RegExp(String(other.id)));
  // a caller without customer.transfer
  r = await post(zw, { ids: [a.id], owner_id: users.lina.id });
  assert.equal(r.status, 403);
  // bad input
  r = await post(mgr, { ids: [], owner_id: users.lina.id });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'ids');
  r = await post(mgr, { ids: 'x', owner_id: users.lina.id });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'ids');
  r = await post(mgr, { ids: [a.id, -1], owner_id: users.lina.id });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'ids');
  r = await post(mgr, { ids: Array.from({ length: 201 }, (_, i) => i + 1), owner_id: users.lina.id });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'ids');
  r = await mgr.post('/api/v1/customers/transfer', { ids: [a.id], owner_id: users.lina.id });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'reason');
  r = await post(mgr, { ids: [a.id, b.id], owner_id: zw.user.id });
  assert.equal(r.status, 422, 'the new owner owns them all');
  assert.equal(r.body.error.field, 'owner_id');
  assert.deepEqual([await owner(a.id), await owner(b.id), await owner(other.id)], before, 'refusals changed nothing');
});
