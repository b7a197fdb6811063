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

const params = async (client) => (await client.get('/api/v1/settings/parameters'));
const paramOf = (body, key) => body.items.find((p) => p.key === key);

test('R-PLT-2: GET /settings/parameters lists each registered setting with its value, default, range, unit and capability; only settings.manage sees or changes them', async () => {
  const r = await params(admin);
  assert.equal(r.status, 200, r.text);
  const keys = r.body.items.map((p) => p.key);
  for (const k of ['session_hours', 'login_window_seconds', 'login_max_user_failures', 'login_max_addr_failures',
    'upload_keep_hours', 'job_file_keep_hours']) assert.ok(keys.includes(k), k);
  const s = paramOf(r.body, 'session_hours');
  assert.deepEqual({ value: s.value, default: s.default, min: s.min, max: s.max, unit_zh: s.unit_zh, unit_en: s.unit_en, capability: s.capability },
    { value: 12, default: 12, min: 1, max: 720, unit_zh: '小时', unit_en: 'hours', capability: 'sessions' });
  assert.ok(s.label_zh && s.label_en && s.capability_zh && s.capability_en && s.is_default);
  for (const who of ['zhangwei', 'gm', 'shenji']) {
    const c = await as(server, who);
    assert.equal((await params(c)).status, 403, who);
    assert.equal((await c.put('/api/v1/settings/parameters', { session_hours: 1 })).status, 403, who);
  }
  assert.equal(paramOf((await params(admin)).body, 'session_hours').value, 12, 'refusals changed nothing');
});

test('R-PLT-2: a bad parameter change is refused with the field and its reason, and changes nothing', async () => {
  const before = (await params(admin)).body;
  const cases = [
    [{ session_hours: 0 }, 'session_hours', /1 到 720/, /between 1 and 720 hours/],
    [{ session_hours: 721 }, 'session_hours', /1 到 720/, /between 1 and 720/],
    [{ session_hours: 2.5 }, 'session_hours', /整数/, /whole number/],
    [{ session_hours: '8' }, 'session_hours', /整数/, /whole number/],
    [{ no_such_setting: 3 }, 'no_such_setting', /没有这个设置项/, /no such setting/],
    // a good value beside a bad one: neither is kept
    [{ upload_keep_hours: 48, login_max_user_failures: 0 }, 'login_max_user_failures', /1 到 100/, /between 1 and 100/],
    // more keys than any request needs
    [Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 1])), '', /最多修改 64/, /at most 64/],
  ];
  for (const [body, field, zh, en] of cases) {
    const r = await admin.put('/api/v1/settings/parameters', body);
    assert.equal(r.status, 422, JSON.stringify(body) + r.text);
    assert.equal(r.body.error.field, field);
    assert.match(r.body.error.message_zh, zh);
    assert.match(r.body.error.message_en, en);
    assert.doesNotMatch(r.body.error.message_en, /[\u4e00-\u9fff]/, 'no Chinese in the English message');
  }
  const empty = await admin.put('/api/v1/settings/parameters', {});
  assert.equal(empty.status, 422);
  assert.match(empty.body.error.message_en, /no setting to change/);
  assert.deepEqual((await params(admin)).body, before, 'nothing changed');
});

test('R-PLT-2 R-SEC-10: a parameter change applies at once and is audited: with session_hours 1 a new session ends after an hour', async () => {
  // idle sessions would end at 30 minutes: this test is about the absolute end
  const r = await admin.put('/api/v1/settings/parameters', { session_hours: 1, session_idle_minutes: 120, upload_keep_hours: 48 });
  assert.equal(r.status, 200, r.text);
  assert.equal(paramOf(r.body, 'session_hours').value, 1);
  assert.equal(paramOf(r.body, 'session_hours').is_default, false);
  assert.equal(paramOf(r.body, 'upload_keep_hours').value, 48);
  try {
    const c = await as(server, 'lina');
    assert.equal((await c.get('/api/v1/auth/me')).status, 200);
    await clock.put('/api/v1/_test/clock', { advance_seconds: 59 * 60 });
    assert.equal((await c.get('/api/v1/auth/me')).status, 200, 'still inside the hour');
    await clock.put('/api/v1/_test/clock', { advance_seconds: 2 * 60 });
    assert.equal((await c.get('/api/v1/auth/me')).status, 401, 'the session ended after one hour');
    const audit = await (await as(server, 'shenji')).get('/api/v1/audit?action=settings.change');
    assert.ok(audit.body.items.some((e) => e.actor.id === admin.user.id && e.detail.includes('session_hours')),
      JSON.stringify(audit.body.items.slice(0, 3)));
  } finally {
    const back = await admin.put('/api/v1/settings/parameters', { session_hours: 12, session_idle_minutes: 30, upload_keep_hours: 24 });
    assert.equal(back.status, 200, back.text);
    assert.equal(paramOf(back.body, 'session_hours').is_default, true);
    // back to the time the other tests' sessions were last used
    await clock.put('/api/v1/_test/clock', { now: '2026-04-15T10:00:00+08:00' });
  }
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
