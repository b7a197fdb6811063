// Search, filters, sorting and keyset pagination of the customer list (R-ARC-9).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, as, allPages } from '../lib/kehu.mjs';

let server;
let gm;
let zw;
let all = []; // every customer, as the GM sees it
const made = {}; // name -> created customer

// Phone numbers made here: 137 + 3-digit run id + 1-digit sequence + 4-digit tail.
const run = String(Date.now() % 10000).padStart(4, '0');
let phoneSeq = 0;
const phone = (tail) => `137${run.slice(1)}${String(phoneSeq++ % 10)}${tail}`;

const q = (s) => `/api/v1/customers?q=${encodeURIComponent(s)}`;
const idsOf = (items) => items.map((c) => c.id).sort((a, b) => a - b);

before(async () => {
  server = await startServer({ demo: 2 });
  [gm, zw] = await Promise.all([as(server, 'gm'), as(server, 'zhangwei')]);
  const mgrOwner = (await gm.get('/api/v1/users')).body.items.find((u) => u.username === 'lina').id;
  const clock = new Client(server.url);
  const specs = [
    // created in January 2026
    ['2026-01-10T10:00:00+08:00', [
      { name: '张伟', mobile: phone('7391'), tags: ['钻石会员'], grade: 'A', stage: 'customer', source: 'exhibition', province_code: 110000, city_code: 110100, district_code: 110105 },
      { name: '张伟明', mobile: phone('7391'), grade: 'B', stage: 'loyal', source: 'internet', province_code: 110000, city_code: 110100, district_code: 110108 },
      { name: '李张伟', mobile: phone('5520'), grade: 'C', source: 'referral', province_code: 310000, city_code: 310100, district_code: 310101 },
      { name: '张小伟', mobile: phone('5521'), grade: 'B', value_tier: 'strategic' },
      { name: '伟张', mobile: phone('5522'), credit_status: 'good' },
      { name: '单伟', mobile: phone('5523'), category: 'special' },
      { name: '李娜', mobile: phone('5524'), tags: ['钻石会员', '华东'], industry: '制造业' },
      { name: '王建国', mobile: phone('5525'), owner_id: mgrOwner },
    ]],
    // created in February 2026
    ['2026-02-15T10:00:00+08:00', [
      { kind: 'organization', name: '张伟贸易有限公司', phone_office: '010-6234' + run, grade: 'A', industry: '批发和零售业' },
      { kind: 'organization', name: 'Acme Robotics', industry: '制造业', tags: ['华东'] },
      { name: 'Zhou Wen', email: 'zhou.wen@example.com' },
      { name: '赵文', mobile: phone('5526'), stage: 'at_risk' },
    ]],
  ];
  for (const [now, list] of specs) {
    const r = await clock.put('/api/v1/_test/clock', { now });
    assert.equal(r.status, 200);
    for (const body of list) {
      const c = await gm.post('/api/v1/customers', { kind: 'individual', ...body });
      assert.equal(c.status, 201, c.text);
      made[body.name] = c.body;
    }
  }
  // some filler so that pagination has several pages
  await clock.put('/api/v1/_test/clock', { now: '2026-03-01T10:00:00+08:00' });
  const grades = ['A', 'B', 'C'];
  for (let i = 0; i < 24; i++) {
    const c = await gm.post('/api/v1/customers', { kind: 'individual', name: `填充客户${String(i).padStart(2, '0')}`, grade: grades[i % 3] });
    assert.equal(c.status, 201, c.text);
  }
  const z = await zw.post('/api/v1/customers', { kind: 'individual', name: '张伟的客户' });
  assert.equal(z.status, 201);
  made['张伟的客户'] = z.body;
  all = await allPages(gm, '/api/v1/customers?archived=all', { limit: 200 });
});
after(async () => { await server.stop(); });

const textHit = (c, s) => c.name.includes(s) || c.company.includes(s) || c.tags.some((t) => t.includes(s)) || c.email.includes(s);

test('R-ARC-9: a 2-character Chinese query finds exactly the customers whose name (or company/tags) contains those 2 characters in order', async () => {
  for (const s of ['张伟', '伟张', '建国', '李娜', '文']) {
    const got = await allPages(gm, q(s));
    const expected = all.filter((c) => textHit(c, s));
    assert.deepEqual(idsOf(got), idsOf(expected), `q=${s}`);
  }
  const zhangwei = idsOf(await allPages(gm, q('张伟')));
  assert.ok(zhangwei.includes(made['张伟'].id));
  assert.ok(zhangwei.includes(made['张伟明'].id));
  assert.ok(zhangwei.includes(made['李张伟'].id));
  assert.ok(zhangwei.includes(made['张伟贸易有限公司'].id), 'company names are searched too');
  assert.ok(!zhangwei.includes(made['张小伟'].id), '张小伟 does not contain 张伟');
  assert.ok(!zhangwei.includes(made['伟张'].id), 'order matters');
});

test('R-ARC-9: pinyin initials (zw) and full pinyin (zhangwei) find 张伟', async () => {
  const zw1 = idsOf(await allPages(gm, q('zw')));
  for (const n of ['张伟', '张伟明', '赵文', '张伟贸易有限公司']) assert.ok(zw1.includes(made[n].id), `zw → ${n}`);
  assert.ok(!zw1.includes(made['李娜'].id));
  assert.ok(!zw1.includes(made['王建国'].id));
  const full = idsOf(await allPages(gm, q('zhangwei')));
  assert.ok(full.includes(made['张伟'].id));
  assert.ok(full.includes(made['张伟明'].id));
  assert.ok(!full.includes(made['张小伟'].id), 'zhangxiaowei does not start with zhangwei');
  assert.ok(!full.includes(made['赵文'].id));
  const upper = idsOf(await allPages(gm, q('ZhangWei')));
  assert.deepEqual(upper, full, 'pinyin search ignores case');
  const ln = idsOf(await allPages(gm, q('lina')));
  assert.ok(ln.includes(made['李娜'].id));
});

test('R-ARC-9: a surname is read with its surname pinyin (单 → shan)', async () => {
  const got = idsOf(await allPages(gm, q('shanwei')));
  assert.ok(got.includes(made['单伟'].id));
});

test('R-ARC-9: a full phone number finds exactly its customer; the last 4 digits find every customer whose phone ends with them', async () => {
  const m = made['张伟明'].mobile;
  assert.deepEqual(idsOf(await allPages(gm, q(m))), [made['张伟明'].id]);
  const spaced = `${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}`;
  assert.deepEqual(idsOf(await allPages(gm, `/api/v1/customers?q=${encodeURIComponent(m.slice(0, 3) + '-' + m.slice(3, 7) + '-' + m.slice(7))}`)), [made['张伟明'].id], spaced);
  const last4 = await allPages(gm, q('7391'));
  const expected = all.filter((c) => [c.mobile, c.phone_office, c.phone_home].some((p) => p.replace(/\D/g, '').endsWith('7391')));
  assert.ok(expected.length >= 2);
  for (const c of expected) assert.ok(idsOf(last4).includes(c.id), `${c.name} has a phone ending in 7391`);
  for (const c of last4) assert.ok(textHit(c, '7391') || [c.mobile, c.phone_office, c.phone_home].some((p) => p.replace(/\D/g, '').includes('7391')), c.name);
  const office = await allPages(gm, q('010-6234' + run));
  assert.deepEqual(idsOf(office), [made['张伟贸易有限公司'].id], 'office phones are searched');
});

test('R-ARC-9: the customer code finds exactly that customer', async () => {
  for (const n of ['张伟', '赵文']) {
    const got = await allPages(gm, q(made[n].code));
    assert.deepEqual(idsOf(got), [made[n].id], `code ${made[n].code}`);
  }
});

test('R-ARC-9: a tag word finds its customers; the tag filter is exact', async () => {
  const got = await allPages(gm, q('钻石会员'));
  assert.deepEqual(idsOf(got), idsOf(all.filter((c) => textHit(c, '钻石会员'))));
  assert.ok(idsOf(got).includes(made['李娜'].id));
  const filtered = await allPages(gm, `/api/v1/customers?tag=${encodeURIComponent('华东')}`);
  assert.deepEqual(idsOf(filtered), idsOf(all.filter((c) => c.tags.includes('华东'))));
  const partial = await allPages(gm, `/api/v1/customers?tag=${encodeURIComponent('华')}`);
  assert.deepEqual(partial, [], 'the tag filter matches whole tags');
});

test('R-ARC-9: English words and e-mail addresses are searchable, case-insensitively', async () => {
  assert.deepEqual(idsOf(await allPages(gm, q('acme'))), [made['Acme Robotics'].id]);
  assert.deepEqual(idsOf(await allPages(gm, q('ROBOT'))), [made['Acme Robotics'].id], 'prefix of a word');
  assert.ok(idsOf(await allPages(gm, q('zhou.wen@example.com'))).includes(made['Zhou Wen'].id));
});

test('R-ARC-9: several words are ANDed; a query that matches nothing gives an empty list; punctuation alone gives nothing', async () => {
  const both = await allPages(gm, q('张伟 7391'));
  assert.deepEqual(idsOf(both), idsOf([made['张伟'], made['张伟明']]));
  assert.deepEqual(await allPages(gm, q('不存在的名字')), []);
  const punct = await gm.get(q('"*()'));
  assert.equal(punct.status, 200);
  assert.deepEqual(punct.body.items, []);
  const inj = await gm.get(q('张伟" OR "a'));
  assert.equal(inj.status, 200, 'FTS syntax in the query cannot break the search');
});

test('R-ARC-9: every classification filter returns exactly the matching customers', async () => {
  const filters = [
    ['kind', 'organization'], ['kind', 'individual'], ['grade', 'A'], ['grade', 'B'], ['stage', 'loyal'],
    ['stage', 'at_risk'], ['source', 'exhibition'], ['category', 'special'], ['value_tier', 'strategic'],
    ['credit_status', 'good'], ['industry', '制造业'], ['province_code', 110000], ['city_code', 310100],
    ['district_code', 110108], ['owner_id', made['王建国'].owner.id], ['branch_id', 1],
  ];
  for (const [k, v] of filters) {
    const got = await allPages(gm, `/api/v1/customers?${k}=${encodeURIComponent(v)}`);
    const expected = all.filter((c) => (k === 'owner_id' ? c.owner.id : k === 'branch_id' ? c.branch.id : c[k]) === v);
    assert.ok(expected.length > 0, `${k}=${v} has matches`);
    assert.deepEqual(idsOf(got), idsOf(expected), `${k}=${v}`);
  }
  const combo = await allPages(gm, `/api/v1/customers?grade=A&kind=individual&q=${encodeURIComponent('张伟')}`);
  assert.deepEqual(idsOf(combo), [made['张伟'].id]);
});

test('R-ARC-9: created_from / created_to filter by date, the upper date included', async () => {
  const jan = await allPages(gm, '/api/v1/customers?created_from=2026-01-01&created_to=2026-01-31');
  assert.deepEqual(idsOf(jan), idsOf(all.filter((c) => c.created_at.startsWith('2026-01'))));
  assert.equal(jan.length, 8);
  const day = await allPages(gm, '/api/v1/customers?created_from=2026-02-15&created_to=2026-02-15');
  assert.equal(day.length, 4);
  const bad = await gm.get('/api/v1/customers?created_from=15.02.2026');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'created_from');
});

test('R-ARC-9: sorting by name, code and created_at follows the requested order', async () => {
  const byName = await allPages(gm, '/api/v1/customers?sort=name&order=asc', { limit: 9 });
  const names = byName.map((c) => c.name);
  assert.deepEqual(names, [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  assert.equal(byName.length, all.length);
  const byCode = await allPages(gm, '/api/v1/customers?sort=code&order=desc', { limit: 9 });
  const codes = byCode.map((c) => c.code);
  assert.deepEqual(codes, [...codes].sort().reverse());
  const byCreated = await allPages(gm, '/api/v1/customers?sort=created_at&order=asc', { limit: 9 });
  const times = byCreated.map((c) => Date.parse(c.created_at));
  for (let i = 1; i < times.length; i++) assert.ok(times[i - 1] <= times[i]);
  assert.equal(byCreated[0].id, made['张伟'].id, 'oldest first');
  const bad = await gm.get('/api/v1/customers?sort=salary');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'sort');
  const badOrder = await gm.get('/api/v1/customers?sort=name&order=up');
  assert.equal(badOrder.status, 400);
  assert.equal(badOrder.body.error.field, 'order');
});

test('R-ARC-9: keyset pagination walks all pages without duplicates or gaps, for every sort and with many ties', async () => {
  for (const sort of ['updated_at', 'created_at', 'name', 'code', 'grade']) {
    for (const order of ['asc', 'desc']) {
      for (const limit of [1, 4, 7]) {
        const items = await allPages(gm, `/api/v1/customers?sort=${sort}&order=${order}`, { limit });
        const ids = items.map((c) => c.id);
        assert.equal(new Set(ids).size, ids.length, `no duplicates (${sort} ${order} ${limit})`);
        assert.deepEqual(idsOf(items), idsOf(all), `no gaps (${sort} ${order} ${limit})`);
      }
    }
  }
  const page = await gm.get('/api/v1/customers?limit=5');
  assert.equal(page.body.items.length, 5);
  assert.equal(typeof page.body.next_cursor, 'string');
  const last = await gm.get('/api/v1/customers?limit=200');
  assert.equal(last.body.next_cursor, null, 'next_cursor is null on the last page');
});

test('R-ARC-9: the default page size is 50 and limit must be 1-200', async () => {
  const def = await gm.get('/api/v1/customers');
  assert.equal(def.body.items.length, Math.min(50, all.length));
  for (const l of ['0', '201', '-1', 'ten']) {
    const r = await gm.get(`/api/v1/customers?limit=${l}`);
    assert.equal(r.status, 400, `limit=${l}`);
    assert.equal(r.body.error.field, 'limit');
  }
  const junk = await gm.get('/api/v1/customers?cursor=garbage');
  assert.equal(junk.status, 400, 'a malformed cursor is refused');
});

test('R-ARC-9: search results respect visibility: a salesperson finds only own customers', async () => {
  const got = await allPages(zw, q('张伟'));
  assert.deepEqual(idsOf(got), [made['张伟的客户'].id]);
  const all2 = await allPages(zw, '/api/v1/customers?grade=C');
  assert.ok(all2.every((c) => c.owner.id === zw.user.id));
});

test('R-ARC-9: a search lists the newest records first by default, and pages through all of them', async () => {
  const made = [];
  for (let i = 0; i < 7; i++) {
    const r = await gm.post('/api/v1/customers', { kind: 'individual', name: `翟翩${'一二三四五六七'[i]}`, mobile: `1377000${String(1000 + i)}` });
    assert.equal(r.status, 201, r.text);
    made.push(r.body.id);
  }
  const q = encodeURIComponent('翟翩');
  const pages = await allPages(gm, `/api/v1/customers?q=${q}`, { limit: 3 });
  assert.deepEqual(pages.map((c) => c.id), [...made].sort((a, b) => b - a));
  const asc = await allPages(gm, `/api/v1/customers?q=${q}&sort=newest&order=asc`, { limit: 2 });
  assert.deepEqual(asc.map((c) => c.id), [...made].sort((a, b) => a - b));
  const byName = await allPages(gm, `/api/v1/customers?q=${q}&sort=name&order=asc`, { limit: 2 });
  assert.deepEqual(byName.map((c) => c.name), [...byName.map((c) => c.name)].sort());
  assert.equal(byName.length, 7);
});
