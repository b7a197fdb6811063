// Complaints 投诉 (R-CMP-1, R-CMP-2; the complaint triggers of R-INT-4 are in api/followup_rules):
// a salesperson records a complaint against a customer of theirs (channel, category, severity,
// written or not, what it says, when it came in), lists and reads the customer's complaints,
// resolves one once; each refusal names its field and changes nothing; who may record, and who
// sees which complaints, follow the permission and the customer's scope; a merge takes the
// complaints to the surviving record; every write is audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, auditEntries, mobile, allPages } from '../lib/kehu.mjs';

let server, admin;
const u = {};
let mine, other;

/* Move the clock; a session idle that long has ended, so everyone signs in again. */
async function clock(now) {
  assert.equal((await admin.put('/api/v1/_test/clock', { now })).status, 200);
  for (const n of ['gm', 'zhangwei', 'lina', 'jishu', 'infosup']) u[n] = await as(server, n);
  admin = await asAdmin(server);
}

before(async () => {
  server = await startServer({ demo: 3 });
  admin = await asAdmin(server);
  await clock('2026-07-06T09:00:00+08:00');
  mine = (await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: '投诉客户甲', mobile: mobile() })).body;
  other = (await u.lina.post('/api/v1/customers', { kind: 'individual', name: '李娜的客户', mobile: mobile() })).body;
});
after(async () => { await server.stop(); });

const ok = () => ({ customer_id: mine.id, channel: 'phone', category: 'service', summary: '维修师傅迟到两小时' });
const list = async (c, q = '') => c.get(`/api/v1/complaints?${q}`);

test('R-CMP-1: a salesperson records a complaint against a customer of theirs; the answer equals what a later read returns; written follows the channel unless told', async () => {
  const r = await u.zhangwei.post('/api/v1/complaints', { ...ok(), severity: 'major', received_at: '2026-07-05T16:00:00+08:00' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.customer.id, mine.id);
  assert.equal(r.body.customer.name, '投诉客户甲');
  assert.equal(r.body.state, 'open');
  assert.equal(r.body.severity, 'major');
  assert.equal(r.body.written, false);
  assert.equal(Date.parse(r.body.received_at), Date.parse('2026-07-05T16:00:00+08:00'));
  assert.equal(r.body.resolved_at, null);
  assert.equal(r.body.created_by.name, '张伟');
  const again = await u.zhangwei.get(`/api/v1/complaints/${r.body.id}`);
  assert.deepEqual(again.body, r.body);
  const mail = await u.zhangwei.post('/api/v1/complaints', { ...ok(), channel: 'email' });
  assert.equal(mail.body.written, true, 'an e-mail is in writing');
  assert.equal(mail.body.severity, 'general', 'the default severity');
  assert.equal(Date.parse(mail.body.received_at), Date.parse('2026-07-06T09:00:00+08:00'), 'received now by default');
  const told = await u.zhangwei.post('/api/v1/complaints', { ...ok(), channel: 'letter', written: false });
  assert.equal(told.body.written, false, 'the user decides');
  assert.ok((await auditEntries(u.gm, 'action=complaint.record')).some((e) => String(e.target_id) === String(r.body.id)));
});

test('R-CMP-1: refusals name the field, in Chinese and English, and record nothing', async () => {
  const before = (await list(u.zhangwei, `customer_id=${mine.id}&state=all`)).body.items.length;
  const cases = [
    [{ ...ok(), customer_id: 0 }, 422, 'customer_id'],
    [{ ...ok(), channel: 'pigeon' }, 422, 'channel'],
    [{ ...ok(), channel: undefined }, 422, 'channel'],
    [{ ...ok(), category: 'weather' }, 422, 'category'],
    [{ ...ok(), severity: 'huge' }, 422, 'severity'],
    [{ ...ok(), summary: '' }, 422, 'summary'],
    [{ ...ok(), summary: '长'.repeat(2001) }, 422, 'summary'],
    [{ ...ok(), received_at: '2026-07-07T09:00:00+08:00' }, 422, 'received_at'],
    [{ ...ok(), received_at: '1999-12-31' }, 422, 'received_at'],
    [{ ...ok(), received_at: 'yesterday' }, 400, 'received_at'],
    [{ ...ok(), written: 'yes' }, 400, 'written'],
    [{ ...ok(), customer_id: other.id }, 404, ''],
  ];
  for (const [body, status, field] of cases) {
    const r = await u.zhangwei.post('/api/v1/complaints', body);
    assert.equal(r.status, status, `${JSON.stringify(body).slice(0, 120)}: ${r.text}`);
    if (field) assert.equal(r.body.error.field, field);
    if (status === 422) assert.ok(r.body.error.message_zh && r.body.error.message_en, r.text);
  }
  assert.equal((await list(u.zhangwei, `customer_id=${mine.id}&state=all`)).body.items.length, before);
  const nope = await u.jishu.post('/api/v1/complaints', ok());
  assert.equal(nope.status, 403, 'a technician records no complaints');
  assert.equal((await list(u.zhangwei, 'state=weird')).status, 400);
  assert.equal((await list(u.zhangwei, 'cursor=zzz')).status, 400);
});

test('R-CMP-1: a complaint is resolved once, with its resolution; resolving again is a conflict; the lists filter by state', async () => {
  const k = (await u.zhangwei.post('/api/v1/complaints', ok())).body;
  assert.equal((await u.zhangwei.post(`/api/v1/complaints/${k.id}/resolve`, { resolution: '' })).body.error.field, 'resolution');
  assert.equal((await u.jishu.post(`/api/v1/complaints/${k.id}/resolve`, { resolution: '好了' })).status, 403);
  assert.equal((await u.lina.post(`/api/v1/complaints/${k.id}/resolve`, { resolution: '好了' })).status, 404, 'not her customer');
  assert.equal((await u.zhangwei.get(`/api/v1/complaints/${k.id}`)).body.state, 'open', 'refusals changed nothing');
  await clock('2026-07-06T11:00:00+08:00');
  const r = await u.zhangwei.post(`/api/v1/complaints/${k.id}/resolve`, { resolution: '致歉并调整上门时间' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.state, 'resolved');
  assert.equal(r.body.resolution, '致歉并调整上门时间');
  assert.equal(r.body.resolved_by.name, '张伟');
  assert.equal(Date.parse(r.body.resolved_at), Date.parse('2026-07-06T11:00:00+08:00'));
  const twice = await u.zhangwei.post(`/api/v1/complaints/${k.id}/resolve`, { resolution: '再次' });
  assert.equal(twice.status, 409);
  assert.equal(twice.body.error.field, 'state');
  assert.equal((await u.zhangwei.get(`/api/v1/complaints/${k.id}`)).body.resolution, '致歉并调整上门时间');
  const open = (await list(u.zhangwei, `customer_id=${mine.id}&state=open`)).body.items;
  const done = (await list(u.zhangwei, `customer_id=${mine.id}&state=resolved`)).body.items;
  assert.ok(!open.some((x) => x.id === k.id) && done.some((x) => x.id === k.id));
  assert.ok(open.every((x) => x.state === 'open') && done.every((x) => x.state === 'resolved'));
  assert.ok((await auditEntries(u.gm, 'action=complaint.resolve')).some((e) => String(e.target_id) === String(k.id)));
});

test('R-CMP-1: who sees which complaints follows the customer\'s scope; the list pages by cursor, newest first', async () => {
  const theirs = (await u.lina.post('/api/v1/complaints', { ...ok(), customer_id: other.id, summary: '李娜客户的投诉' })).body;
  const zw = (await allPages(u.zhangwei, '/api/v1/complaints', { limit: 2 }));
  assert.equal(zw.length, 4, 'the four recorded on his customer');
  assert.ok(zw.every((x) => x.customer.id === mine.id), 'a salesperson sees the complaints of their own customers');
  const ids = zw.map((x) => x.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
  assert.equal(new Set(ids).size, ids.length, 'no complaint twice across pages');
  assert.equal((await u.zhangwei.get(`/api/v1/complaints/${theirs.id}`)).status, 404);
  assert.equal((await list(u.zhangwei, `customer_id=${other.id}`)).status, 404);
  const gm = await allPages(u.gm, '/api/v1/complaints');
  assert.ok(gm.some((x) => x.id === theirs.id) && gm.some((x) => x.customer.id === mine.id), 'the general manager sees all');
  assert.equal((await list(u.jishu)).status, 403, 'a role that sees no customers');
  const page = await list(u.gm, 'limit=1');
  assert.ok(page.body.choices.channels.some((c) => c.value === 'letter' && c.zh === '信函'));
  assert.ok(page.body.choices.categories.some((c) => c.value === 'product'));
  assert.ok(page.body.next_cursor);
});

test('R-CMP-1: merging a duplicate takes its complaints to the surviving customer', async () => {
  const dup = (await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: '投诉客户甲（重复）', mobile: mobile() })).body;
  const k = (await u.zhangwei.post('/api/v1/complaints', { ...ok(), customer_id: dup.id })).body;
  const version = (await u.infosup.get(`/api/v1/customers/${mine.id}`)).body.version;
  const m = await u.infosup.post(`/api/v1/customers/${mine.id}/merge`, { duplicate_id: dup.id, reason: '同一客户', version });
  assert.ok([200, 201].includes(m.status), m.text);
  const moved = (await u.zhangwei.get(`/api/v1/complaints/${k.id}`)).body;
  assert.equal(moved.customer.id, mine.id);
});
