// Settings and reference data: numbering rule (R-ARC-1), meta (R-ARC-2), regions (R-ARC-13).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, as, asAdmin, allPages } from '../lib/kehu.mjs';

let server;
let admin;
let zw;
let cj; // 陈静, salesperson of the 上海 branch (code SH)
let clock;
before(async () => {
  server = await startServer({ demo: 2 });
  clock = new Client(server.url);
  await clock.put('/api/v1/_test/clock', { now: '2026-04-15T10:00:00+08:00' });
  [admin, zw, cj] = await Promise.all([asAdmin(server), as(server, 'zhangwei'), as(server, 'chenjing')]);
});
after(async () => { await server.stop(); });

const newCustomer = async (client, name) => {
  const r = await client.post('/api/v1/customers', { kind: 'individual', name });
  assert.equal(r.status, 201, r.text);
  return r.body;
};

test('R-ARC-1: GET /settings/numbering shows the rule and an example code', async () => {
  const r = await zw.get('/api/v1/settings/numbering');
  assert.equal(r.status, 200);
  assert.equal(r.body.prefix, 'KH');
  assert.equal(r.body.date_part, 'yyyymm');
  assert.equal(r.body.digits, 5);
  assert.equal(r.body.per_branch, true);
  assert.equal(r.body.example, 'KH-HQ-202604-00042');
});

test('R-ARC-1: after the administrator changes the rule, new codes follow it (VIP-HQ-2026-0001), per branch', async () => {
  const r = await admin.put('/api/v1/settings/numbering', { prefix: 'VIP', date_part: 'yyyy', digits: 4, per_branch: true });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.example, 'VIP-HQ-2026-0042');
  const a = await newCustomer(zw, '编号规则甲');
  const b = await newCustomer(zw, '编号规则乙');
  assert.equal(a.code, 'VIP-HQ-2026-0001');
  assert.equal(b.code, 'VIP-HQ-2026-0002');
  const sh = await newCustomer(cj, '上海编号');
  assert.equal(sh.code, 'VIP-SH-2026-0001', 'each branch has its own sequence');
});

test('R-ARC-1: without per-branch numbering and date part the code is prefix + sequence', async () => {
  let r = await admin.put('/api/v1/settings/numbering', { prefix: 'C', date_part: 'none', digits: 6, per_branch: false });
  assert.equal(r.status, 200, r.text);
  const a = await newCustomer(zw, '简单编号甲');
  const b = await newCustomer(cj, '简单编号乙');
  assert.equal(a.code, 'C-000001');
  assert.equal(b.code, 'C-000002');
  r = await admin.put('/api/v1/settings/numbering', { prefix: 'KH', date_part: 'yyyymmdd', digits: 3, per_branch: true });
  assert.equal(r.status, 200);
  assert.equal((await newCustomer(zw, '按日编号')).code, 'KH-HQ-20260415-001');
});

test('R-ARC-1: codes are never reused: going back to an earlier rule continues its sequence', async () => {
  await admin.put('/api/v1/settings/numbering', { prefix: 'RU', date_part: 'yyyy', digits: 4, per_branch: true });
  const a = await newCustomer(zw, '不重用甲');
  assert.equal(a.code, 'RU-HQ-2026-0001');
  // a refused create does not burn or reuse a number either
  const bad = await zw.post('/api/v1/customers', { kind: 'individual', name: '无效', email: 'x' });
  assert.equal(bad.status, 422);
  await admin.put('/api/v1/settings/numbering', { prefix: 'TMP', date_part: 'none', digits: 4, per_branch: true });
  await newCustomer(zw, '临时规则');
  await admin.put('/api/v1/settings/numbering', { prefix: 'RU', date_part: 'yyyy', digits: 4, per_branch: true });
  const b = await newCustomer(zw, '不重用乙');
  assert.equal(b.code, 'RU-HQ-2026-0002');
  // archiving does not free a code
  const mgr = await as(server, 'salesmgr');
  assert.equal((await mgr.post(`/api/v1/customers/${b.id}/archive`, {})).status, 200);
  const c = await newCustomer(zw, '不重用丙');
  assert.equal(c.code, 'RU-HQ-2026-0003');
  const all = await allPages(await as(server, 'gm'), '/api/v1/customers?archived=all', { limit: 200 });
  const codes = all.map((x) => x.code);
  assert.equal(new Set(codes).size, codes.length, 'all codes are unique');
});

test('R-ARC-1: the numbering rule is validated (422 with the field) and only settings.manage may change it', async () => {
  const before = (await admin.get('/api/v1/settings/numbering')).body;
  const cases = [
    [{ prefix: 'vip' }, 'prefix'],
    [{ prefix: 'TOOLONGPREFIX' }, 'prefix'],
    [{ date_part: 'yy' }, 'date_part'],
    [{ digits: 2 }, 'digits'],
    [{ digits: 10 }, 'digits'],
    [{ digits: 200 }, 'digits'],
  ];
  for (const [body, field] of cases) {
    const r = await admin.put('/api/v1/settings/numbering', body);
    assert.equal(r.status, 422, `${JSON.stringify(body)} → ${r.text}`);
    assert.equal(r.body.error.field, field, JSON.stringify(body));
  }
  const typed = await admin.put('/api/v1/settings/numbering', { digits: '4' });
  assert.equal(typed.status, 400);
  assert.equal(typed.body.error.field, 'digits');
  for (const who of ['zhangwei', 'gm', 'infosup']) {
    const r = await (await as(server, who)).put('/api/v1/settings/numbering', { prefix: 'HACK' });
    assert.equal(r.status, 403, who);
  }
  assert.deepEqual((await admin.get('/api/v1/settings/numbering')).body, before, 'refusals changed nothing');
});

test('R-SEC-10: a numbering change is audited as settings.change', async () => {
  await admin.put('/api/v1/settings/numbering', { prefix: 'AUD', date_part: 'none', digits: 5, per_branch: false });
  const r = await (await as(server, 'shenji')).get('/api/v1/audit?action=settings.change');
  assert.ok(r.body.items.some((e) => e.actor.id === admin.user.id && e.detail.includes('AUD')));
});

test('R-ARC-2: GET /meta lists every choice set with value, zh and en labels', async () => {
  const r = await zw.get('/api/v1/meta');
  assert.equal(r.status, 200);
  const values = (k) => r.body[k].map((x) => x.value);
  assert.deepEqual(values('kinds'), ['individual', 'organization']);
  assert.deepEqual(values('categories'), ['general', 'special']);
  assert.deepEqual(values('grades'), ['A', 'B', 'C']);
  assert.deepEqual(values('value_tiers'), ['strategic', 'important', 'general', 'potential']);
  assert.deepEqual(values('stages'), ['prospect', 'customer', 'loyal', 'at_risk', 'lost', 'won_back']);
  assert.deepEqual(values('sources'), ['exhibition', 'trade_press', 'internet', 'association', 'store', 'partner', 'referral', 'walk_in', 'call_in', 'other']);
  assert.deepEqual(values('credit_statuses'), ['good', 'normal', 'poor', 'unknown']);
  assert.deepEqual(values('genders'), ['male', 'female', 'unknown']);
  assert.deepEqual(values('activity_levels'), ['high', 'medium', 'low']);
  assert.ok(values('relations').includes('spouse'));
  assert.ok(values('industries').includes('制造业'));
  for (const [k, list] of Object.entries(r.body)) {
    for (const item of list) {
      assert.ok(item.value && item.zh && item.en, `${k}: ${JSON.stringify(item)}`);
    }
  }
  assert.equal(r.body.kinds[0].zh, '个人');
});

test('R-ARC-13: GET /regions is the province → city → district tree', async () => {
  const r = await zw.get('/api/v1/regions');
  assert.equal(r.status, 200);
  assert.ok(r.body.items.length >= 31, 'all provinces');
  const bj = r.body.items.find((p) => p.code === 110000);
  assert.equal(bj.name, '北京市');
  const city = bj.children.find((c) => c.code === 110100);
  assert.ok(city);
  const chaoyang = city.children.find((d) => d.code === 110105);
  assert.equal(chaoyang.name, '朝阳区');
  assert.ok(!('children' in chaoyang));
  const gd = r.body.items.find((p) => p.code === 440000);
  assert.equal(gd.name, '广东省');
  assert.ok(gd.children.some((c) => c.code === 440300 && c.name === '深圳市'));
  // every child code belongs to its parent
  for (const p of r.body.items) {
    assert.equal(p.code % 10000, 0);
    for (const c of p.children || []) {
      assert.equal(Math.floor(c.code / 10000), p.code / 10000, `${c.code} under ${p.code}`);
      for (const d of c.children || []) assert.equal(Math.floor(d.code / 100), c.code / 100, `${d.code} under ${c.code}`);
    }
  }
});
