// Merging duplicates 合并重复客户 (R-ARC-8, issue 12 item 11): the survivor keeps its values,
// takes the duplicate's where it has none or where the merger chose them, and receives its
// contacts, owner and field history, loans and leak reports; the duplicate stays, archived and
// pointing at the survivor; the merge is audited on both with who merged and why. Refusals
// (permission, visibility, kind, secrecy level, twice, a stale version) change nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, auditEntries, mobile, idNumber } from '../lib/kehu.mjs';

let server;
const u = {};
const M1 = mobile();
const M2 = mobile();
const ID = idNumber('31010419800202001');

before(async () => {
  server = await startServer({ demo: 3 });
  for (const n of ['gm', 'infosup', 'zhangwei', 'salesmgr', 'wangqiang', 'lina']) u[n] = await as(server, n);
  await u.gm.put('/api/v1/_test/clock', { now: '2026-06-01T10:00:00+08:00' });
});
after(async () => { await server?.stop(); });

async function make(c, body) {
  const r = await c.post('/api/v1/customers', { kind: 'individual', ...body });
  assert.equal(r.status, 201, r.text);
  return r.body;
}
const full = async (id) => (await u.infosup.get(`/api/v1/customers/${id}`)).body;

test('R-ARC-8: issue 12 item 11: merging keeps the survivor\'s values, fills its empty ones, takes the chosen ones, and moves contacts, histories, loans, leak reports, interactions, tasks and purchases; the duplicate stays archived, pointing at the survivor', async () => {
  const zw = u.zhangwei;
  const s = await make(zw, { name: '合并王五', mobile: M1, tags: ['老客户'], notes: '留下的备注', templates: ['personal'], custom: { native_place: '江苏南京' } });
  const d = await make(zw, { name: '合并王五', mobile: M2, email: 'ww@example.com', id_number: ID, tags: ['华东'], notes: '重复录入', templates: ['personal'], custom: { native_place: '上海', education: '本科' } });
  assert.equal((await zw.post(`/api/v1/customers/${s.id}/contacts`, { name: 'survivor联系人' })).status, 201);
  assert.equal((await zw.post(`/api/v1/customers/${d.id}/contacts`, { name: '重复联系人' })).status, 201);
  assert.equal((await zw.patch(`/api/v1/customers/${d.id}`, { email: 'wangwu@example.com' })).status, 200);
  const loan = await zw.post('/api/v1/loans', { customer_ids: [d.id], reason: '上门核对', confirm: true });
  assert.equal(loan.status, 201, loan.text);
  const leak = await zw.post('/api/v1/leak-reports', { summary: '重复档案疑似外传', details: '打印件遗失', occurred_at: '2026-05-31T10:00:00+08:00', customer_ids: [d.id] });
  assert.equal(leak.status, 201, leak.text);
  const call = await zw.post('/api/v1/interactions', { customer_id: d.id, channel: 'call', summary: '在重复档案上记的电话' });
  assert.equal(call.status, 201, call.text);
  const task = await zw.post('/api/v1/tasks', { customer_id: d.id, title: '重复档案上的回访', due_at: '2026-06-20T09:00:00+08:00' });
  assert.equal(task.status, 201, task.text);
  assert.equal((await zw.post('/api/v1/orders', { customer_id: d.id, lines: [{ description: '重复档案上的购买', quantity: 1, price_fen: 5000 }] })).status, 201);
  const before = await full(s.id);

  const r = await u.infosup.post(`/api/v1/customers/${s.id}/merge`, { duplicate_id: d.id, reason: '同一客户录入两次', take: ['mobile'], version: before.version });
  assert.equal(r.status, 200, r.text);
  const m = r.body;
  assert.equal(m.mobile, M2, 'taken from the duplicate as chosen');
  assert.equal(m.email, 'wangwu@example.com', 'empty on the survivor: filled');
  assert.equal(m.id_number, ID);
  assert.equal(m.notes, '留下的备注', 'the survivor keeps what it has');
  assert.deepEqual(m.tags, ['老客户', '华东']);
  assert.deepEqual(m.custom, { native_place: '江苏南京', education: '本科' });
  assert.deepEqual(m.contacts.map((x) => x.name).sort(), ['survivor联系人', '重复联系人'].sort());
  assert.equal(m.version, before.version + 1);

  const dup = await full(d.id);
  assert.equal(dup.archived, true);
  assert.equal(dup.merged_into, s.id);
  const listed = (await zw.get(`/api/v1/customers?q=${encodeURIComponent('合并王五')}`)).body.items.map((x) => x.id);
  assert.deepEqual(listed, [s.id], 'the duplicate is out of the list');
  // Histories moved: the duplicate's email change and its creation are on the survivor now.
  const fh = (await u.infosup.get(`/api/v1/customers/${s.id}/field-history`)).body.items;
  assert.ok(fh.some((h) => h.field === 'email' && h.old === 'ww@example.com' && h.new === 'wangwu@example.com'), JSON.stringify(fh));
  assert.ok(fh.some((h) => h.field === 'mobile' && h.old === M1 && h.new === M2), 'the merge\'s own change is recorded');
  const oh = (await u.infosup.get(`/api/v1/customers/${s.id}/owner-history`)).body.items;
  assert.equal(oh.length, 2, JSON.stringify(oh));
  // The loan and the leak report follow the survivor.
  const log = (await u.gm.get(`/api/v1/customers/${s.id}/access-log`)).body;
  assert.ok(log.loans.some((l) => l.id === loan.body.id), JSON.stringify(log.loans));
  const rep = (await u.infosup.get(`/api/v1/leak-reports/${leak.body.id}`)).body;
  assert.deepEqual(rep.customers.map((x) => x.id), [s.id]);
  // So do the interactions and the tasks (R-INT-1, R-INT-4).
  assert.deepEqual((await zw.get(`/api/v1/interactions?customer_id=${s.id}`)).body.items.map((x) => x.id), [call.body.id]);
  assert.equal((await zw.get(`/api/v1/tasks/${task.body.id}`)).body.customer.id, s.id);
  assert.deepEqual((await zw.get(`/api/v1/orders?customer_id=${s.id}`)).body.items.map((x) => x.amount_fen), [5000]);
  assert.deepEqual((await zw.get(`/api/v1/orders/${(await zw.get(`/api/v1/orders?customer_id=${s.id}`)).body.items[0].id}`)).body.lines.map((l) => l.description), ['重复档案上的购买']);
  // The duplicate's numbers now belong to the survivor; its old one is free.
  const again = await u.wangqiang.post('/api/v1/customers', { kind: 'individual', name: '重号', mobile: M2 });
  assert.equal(again.status, 409, again.text);
  const freed = await u.wangqiang.post('/api/v1/customers', { kind: 'individual', name: '旧号新人', mobile: M1 });
  assert.equal(freed.status, 201, freed.text);
  // Audited on both: who merged, what moved, why.
  const merged = (await auditEntries(u.gm, 'action=customer.merge')).find((e) => e.target_id === String(s.id));
  assert.ok(merged, 'customer.merge entry');
  assert.equal(merged.actor.id, u.infosup.user.id);
  assert.match(merged.detail, new RegExp(`duplicate=${d.id} code=${d.code} contacts=1 loans=1 leak_reports=1 interactions=1 tasks=1 purchases=1 (?:[a-z_]+=\\d+ )*reason=同一客户录入两次`));
  const into = (await auditEntries(u.gm, 'action=customer.merged')).find((e) => e.target_id === String(d.id));
  assert.match(into.detail, new RegExp(`into=${s.id}`));
  // A merged record no longer changes: its survivor does.
  const changes = [
    await u.infosup.patch(`/api/v1/customers/${d.id}`, { notes: '改已合并的' }),
    await u.infosup.post(`/api/v1/customers/${d.id}/contacts`, { name: '新联系人' }),
    await u.gm.post(`/api/v1/customers/${d.id}/transfer`, { owner_id: u.wangqiang.user.id, reason: '转走' }),
    await u.gm.post('/api/v1/customers/transfer', { ids: [d.id], owner_id: u.wangqiang.user.id, reason: '转走' }),
  ];
  for (const x of changes) assert.equal(x.status, 409, x.text);
  const still = await full(d.id);
  assert.deepEqual([still.notes, still.owner.id, still.version], [dup.notes, dup.owner.id, dup.version]);
    // A merged record cannot come back as a duplicate.
  const un = await u.infosup.post(`/api/v1/customers/${d.id}/unarchive`, {});
  assert.equal(un.status, 409, un.text);
  assert.equal((await full(d.id)).archived, true);
});

test('R-ARC-8: R-DEV-3: a merged duplicate\'s opportunities move to the survivor and into its owner\'s funnel, the won one with them, out of the former owner\'s', async () => {
  const s = await make(u.zhangwei, { name: '合并商机客户' });
  const d = await make(u.lina, { name: '合并商机客户' });
  const open = await u.lina.post('/api/v1/opportunities', { customer_id: d.id, title: '重复档案上的商机', amount_fen: 120000, expected_close: '2026-06-20' });
  assert.equal(open.status, 201, open.text);
  const won = await u.lina.post('/api/v1/opportunities', { customer_id: d.id, title: '重复档案上已成交', amount_fen: 30000, expected_close: '2026-06-10' });
  assert.equal(won.status, 201, won.text);
  assert.equal((await u.lina.post(`/api/v1/opportunities/${won.body.id}/close`, { result: 'won', reason: '签约' })).status, 200);
  const funnel = async (c) => (await c.get('/api/v1/opportunities/funnel?close_from=2026-06-01&close_to=2026-06-30')).body;
  const [zBefore, lBefore] = [await funnel(u.zhangwei), await funnel(u.lina)];
  const r = await u.infosup.post(`/api/v1/customers/${s.id}/merge`, { duplicate_id: d.id, reason: '同一客户', version: (await full(s.id)).version });
  assert.equal(r.status, 200, r.text);
  const moved = await u.zhangwei.get(`/api/v1/opportunities/${won.body.id}`);
  assert.equal(moved.status, 200, moved.text);
  assert.deepEqual([moved.body.customer.id, moved.body.owner.id], [s.id, u.lina.user.id], 'the won one keeps who won it');
  assert.equal((await u.zhangwei.get(`/api/v1/opportunities/${open.body.id}`)).body.owner.id, u.zhangwei.user.id, 'the open one follows');
  const [z, l] = [await funnel(u.zhangwei), await funnel(u.lina)];
  assert.deepEqual([z.total.count - zBefore.total.count, z.total.amount_fen - zBefore.total.amount_fen], [1, 120000]);
  assert.deepEqual([z.won.count - zBefore.won.count, z.won.amount_fen - zBefore.won.amount_fen], [1, 30000]);
  assert.deepEqual([lBefore.total.count - l.total.count, lBefore.won.count - l.won.count], [1, 1]);
});

test('R-ARC-8: issue 12 item 11: a merge is refused without the permission, for records out of sight, across kinds or secrecy levels, twice, with a stale version or bad input, changing nothing', async () => {
  const zw = u.zhangwei;
  const s = await make(zw, { name: '拒绝合并甲', mobile: mobile() });
  const d = await make(zw, { name: '拒绝合并乙', mobile: mobile() });
  const org = await make(zw, { kind: 'organization', name: '拒绝合并公司' });
  const other = await make(u.wangqiang, { name: '别的部门客户', mobile: mobile() });
  const secret = await make(zw, { name: '机密重复', mobile: mobile() });
  assert.equal((await u.gm.patch(`/api/v1/customers/${secret.id}`, { secrecy: 'confidential' })).status, 200);
  const archived = await make(zw, { name: '已归档的幸存者', mobile: mobile() });
  assert.equal((await u.infosup.post(`/api/v1/customers/${archived.id}/archive`, {})).status, 200);
  const intoArchived = await u.infosup.post(`/api/v1/customers/${archived.id}/merge`, { duplicate_id: d.id, reason: '重复' });
  assert.equal(intoArchived.status, 409, intoArchived.text);
  assert.match(intoArchived.body.error.message_en, /archived/);
  const sv = (await full(s.id)).version;
  const cases = [
    [zw, s.id, { duplicate_id: d.id, reason: '重复' }, 403, ''],
    [u.infosup, s.id, { duplicate_id: s.id, reason: '重复' }, 422, 'duplicate_id'],
    [u.infosup, s.id, { reason: '重复' }, 422, 'duplicate_id'],
    [u.infosup, s.id, { duplicate_id: d.id }, 422, 'reason'],
    [u.infosup, s.id, { duplicate_id: d.id, reason: '   ' }, 422, 'reason'],
    [u.infosup, s.id, { duplicate_id: d.id, reason: '重复', take: ['owner_id'] }, 422, 'take'],
    [u.infosup, s.id, { duplicate_id: d.id, reason: '重复', take: 'mobile' }, 400, 'take'],
    [u.infosup, s.id, { duplicate_id: 'x', reason: '重复' }, 400, 'duplicate_id'],
    [u.infosup, s.id, { duplicate_id: org.id, reason: '重复' }, 422, 'duplicate_id'],
    [u.gm, s.id, { duplicate_id: secret.id, reason: '重复' }, 422, 'duplicate_id'],
    // above the sales manager's clearance: not found, as for a read
    [u.salesmgr, s.id, { duplicate_id: secret.id, reason: '重复' }, 404, 'duplicate_id'],
    [u.salesmgr, other.id, { duplicate_id: d.id, reason: '重复' }, 404, ''],
    [u.salesmgr, s.id, { duplicate_id: other.id, reason: '重复' }, 404, 'duplicate_id'],
    [u.infosup, s.id, { duplicate_id: d.id, reason: '重复', version: sv - 1 }, 409, 'version'],
    [u.infosup, 999999, { duplicate_id: d.id, reason: '重复' }, 404, ''],
  ];
  for (const [c, id, body, status, field] of cases) {
    const r = await c.post(`/api/v1/customers/${id}/merge`, body);
    assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.body.error.field, field, r.text);
    assert.ok(r.body.error.message_zh && r.body.error.message_en, r.text);
  }
  for (const x of [s, d, org, secret]) {
    const now = (await u.gm.get(`/api/v1/customers/${x.id}`)).body;
    assert.equal(now.archived, false);
    assert.equal(now.merged_into, undefined);
  }
  assert.equal((await full(s.id)).version, sv, 'the survivor is unchanged');
  // Once merged, neither side can be merged again.
  assert.equal((await u.infosup.post(`/api/v1/customers/${s.id}/merge`, { duplicate_id: d.id, reason: '重复' })).status, 200);
  const twice = await u.infosup.post(`/api/v1/customers/${org.id}/merge`, { duplicate_id: d.id, reason: '再合并' });
  assert.ok([409, 422].includes(twice.status), twice.text);
  const d2 = await make(zw, { name: '拒绝合并丙', mobile: mobile() });
  const intoMerged = await u.infosup.post(`/api/v1/customers/${d.id}/merge`, { duplicate_id: d2.id, reason: '并入已合并的' });
  assert.equal(intoMerged.status, 409, intoMerged.text);
  assert.equal((await full(d2.id)).archived, false);
});
