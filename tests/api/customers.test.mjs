// Customer records: create, read, update, validation, ownership, transfer, archive.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, as, idNumber, uscc, mobile, allPages } from '../lib/kehu.mjs';

let server;
let zw; // 张伟, salesperson, 销售一部
let mgr; // 周建国, sales manager, 销售一部
let gm;
let sup; // 孙丽, customer-information supervisor: sees phones and ID numbers in full (R-SEC-13)
before(async () => {
  server = await startServer({ demo: 5 });
  [zw, mgr, gm, sup] = await Promise.all([as(server, 'zhangwei'), as(server, 'salesmgr'), as(server, 'gm'), as(server, 'infosup')]);
});
after(async () => { await server.stop(); });

async function create(client, body) {
  const r = await client.post('/api/v1/customers', { kind: 'individual', ...body });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

const ids = async (client) => (await allPages(client, '/api/v1/customers?archived=all', { limit: 200 })).map((c) => c.id).sort();

test('R-OWN-1: the salesperson who records a customer owns and collected it', async () => {
  const c = await create(zw, { name: '刘德明', mobile: mobile() });
  assert.equal(c.owner.id, zw.user.id);
  assert.equal(c.owner.name, '张伟');
  assert.equal(c.collector.id, zw.user.id);
  assert.equal(c.branch.name, '总部');
  assert.equal(c.version, 1);
  assert.equal(c.archived, false);
});

test('R-OWN-1: a salesperson cannot record a customer for someone else (403 owner_id)', async () => {
  const before = await ids(gm);
  const r = await zw.post('/api/v1/customers', { kind: 'individual', name: '代人登记', owner_id: mgr.user.id });
  assert.equal(r.status, 403);
  assert.equal(r.body.error.field, 'owner_id');
  assert.deepEqual(await ids(gm), before);
});

test('R-ARC-1: a new customer gets a code from the default numbering rule (KH-<branch>-<yyyymm>-<5 digits>)', async () => {
  const a = await create(zw, { name: '编号甲' });
  const b = await create(zw, { name: '编号乙' });
  assert.match(a.code, /^KH-HQ-\d{6}-\d{5}$/);
  assert.match(b.code, /^KH-HQ-\d{6}-\d{5}$/);
  assert.notEqual(a.code, b.code);
  assert.equal(Number(b.code.slice(-5)), Number(a.code.slice(-5)) + 1);
});

test('R-ARC-3: every core field is stored and returned as sent; the detail includes contacts and custom', async () => {
  const m = mobile();
  const idn = idNumber('11010519491231002');
  const body = {
    kind: 'individual', name: '王建华', gender: 'male', birthday: '1985-03-02', mobile: m,
    phone_office: '010-62345678', phone_home: '010-87654321', email: 'wjh@example.com',
    province_code: 110000, city_code: 110100, district_code: 110105, address: '建国路88号',
    company: '北京华夏科技有限公司', company_address: '中关村大街1号', position: '采购经理',
    id_number: idn, credit_status: 'good', category: 'special', value_tier: 'important',
    stage: 'customer', industry: '制造业', source: 'exhibition', tags: ['老客户', '华北'], notes: '喜欢喝茶',
  };
  const c = await create(sup, body);
  for (const [k, v] of Object.entries(body)) assert.deepEqual(c[k], v, k);
  // API.md's example says 北京市市辖区朝阳区; the server leaves out the 市辖区 placeholder
  assert.equal(c.region_name, '北京市朝阳区');
  assert.equal(c.grade, 'C');
  const d = await sup.get(`/api/v1/customers/${c.id}`);
  assert.equal(d.status, 200);
  for (const [k, v] of Object.entries(body)) assert.deepEqual(d.body[k], v, k);
  assert.deepEqual(d.body.contacts, []);
  assert.deepEqual(d.body.custom, {});
  const list = await sup.get(`/api/v1/customers?q=${encodeURIComponent('王建华')}`);
  const item = list.body.items.find((x) => x.id === c.id);
  assert.ok(item);
  assert.ok(!('contacts' in item) && !('custom' in item), 'lists carry no contacts/custom');
});

// Issue 15: a new customer's answer is made from what the write stored, not read back;
// it must be the record a read returns afterwards, field for field, as each reader sees it.
test('R-ARC-3: a create\'s answer equals what a later read returns, for the writer and for a record made for someone else', async () => {
  const cases = [
    [zw, { name: '回读甲', mobile: mobile(), phone_home: '010-87650005', id_number: idNumber('11010519491231005'), tags: ['华北', '老客户'], province_code: 110000, city_code: 110100, district_code: 110108 }],
    [sup, { name: '回读乙', gender: 'female', birthday: '1990-01-02', mobile: mobile(), email: 'hd@example.com', district_code: 110105, province_code: 110000, city_code: 110100, notes: '备注', collected_on: '2026-01-05', preferred_channel: 'sms' }],
    [mgr, { kind: 'organization', name: '回读丙有限公司', uscc: uscc('91110000MA01ABCD3'), owner_id: zw.user.id, grade: 'A', value_tier: 'important', stage: 'customer', source: 'exhibition', industry: '制造业' }],
    [gm, { name: '回读丁', mobile: mobile(), secrecy: 'confidential' }],
  ];
  for (const [client, body] of cases) {
    const made = await create(client, body);
    const read = await client.get(`/api/v1/customers/${made.id}`);
    assert.equal(read.status, 200, read.text);
    assert.deepEqual(read.body.contacts, [], body.name);
    assert.deepEqual(made, read.body, `${body.name}: the answer differs from the read`);
  }
});

test('R-ARC-2: defaults for classifications: general, C, potential, prospect, other', async () => {
  const c = await create(zw, { name: '默认分类' });
  assert.equal(c.category, 'general');
  assert.equal(c.grade, 'C');
  assert.equal(c.value_tier, 'potential');
  assert.equal(c.stage, 'prospect');
  assert.equal(c.source, 'other');
  assert.equal(c.credit_status, 'unknown');
  assert.equal(c.gender, 'unknown');
});

test('R-ARC-2: an organisation with a USCC is accepted; an ID number on an organisation is refused (422 id_number)', async () => {
  const code = uscc('91110108MA01ABCD1');
  const org = await create(mgr, { kind: 'organization', name: '北京远望贸易有限公司', uscc: code, category: 'general', grade: 'B' });
  assert.equal(org.kind, 'organization');
  assert.equal(org.uscc, code);
  assert.equal(org.grade, 'B');
  const r = await mgr.post('/api/v1/customers', { kind: 'organization', name: '带身份证的企业', id_number: idNumber('11010519491231003') });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'id_number');
});

test('R-ARC-7: each invalid field is refused with 422 naming the field, and nothing is saved', async () => {
  const before = await ids(gm);
  const good = idNumber('11010519491231002');
  const badCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
  const goodUscc = uscc('91110108MA01ABCD1');
  const badUscc = goodUscc.slice(0, 17) + (goodUscc[17] === 'A' ? 'B' : 'A');
  const cases = [
    [{ kind: 'individual' }, 'name'],
    [{ kind: 'individual', name: '   ' }, 'name'],
    [{ name: '无类型' }, 'kind'],
    [{ kind: 'person', name: '坏类型' }, 'kind'],
    [{ kind: 'individual', name: '坏手机', mobile: '12345' }, 'mobile'],
    [{ kind: 'individual', name: '坏手机2', mobile: '23800138000' }, 'mobile'],
    [{ kind: 'individual', name: '坏座机', phone_office: 'abc' }, 'phone_office'],
    [{ kind: 'individual', name: '坏邮箱', email: 'not-an-email' }, 'email'],
    [{ kind: 'individual', name: '坏身份证', id_number: badCheck }, 'id_number'],
    [{ kind: 'organization', name: '坏信用代码', uscc: badUscc }, 'uscc'],
    [{ kind: 'individual', name: '坏生日', birthday: '2023-02-30' }, 'birthday'],
    [{ kind: 'individual', name: '坏生日2', birthday: '02/03/1985' }, 'birthday'],
    [{ kind: 'individual', name: '坏性别', gender: 'x' }, 'gender'],
    [{ kind: 'individual', name: '坏阶段', stage: 'hot' }, 'stage'],
    [{ kind: 'individual', name: '坏价值', value_tier: 'gold' }, 'value_tier'],
    [{ kind: 'individual', name: '坏类别', category: 'vip' }, 'category'],
    [{ kind: 'individual', name: '坏来源', source: 'tv' }, 'source'],
    [{ kind: 'individual', name: '坏信用', credit_status: 'great' }, 'credit_status'],
    [{ kind: 'individual', name: '坏行业', industry: '炼金术' }, 'industry'],
    [{ kind: 'individual', name: '坏标签', tags: [''] }, 'tags'],
    [{ kind: 'individual', name: 'x'.repeat(101) }, 'name'],
  ];
  for (const [body, field] of cases) {
    const r = await zw.post('/api/v1/customers', body);
    assert.equal(r.status, 422, `${JSON.stringify(body)} → ${r.text}`);
    assert.equal(r.body.error.code, 'validation');
    assert.equal(r.body.error.field, field, JSON.stringify(body));
    assert.ok(r.body.error.message_zh && r.body.error.message_en);
  }
  assert.deepEqual(await ids(gm), before, 'no customer was created by the refused requests');
});

test('R-ARC-2: a grade that is not A/B/C is refused with 422 grade (sales manager)', async () => {
  const r = await mgr.post('/api/v1/customers', { kind: 'individual', name: '坏等级', grade: 'D' });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'grade');
});

test('R-ARC-7: an ID number with lower-case x check digit is accepted and stored upper-case', async () => {
  let body = null;
  for (let i = 0; i < 200; i++) {
    const first = `11010519800101${String(i).padStart(3, '0')}`;
    if (idNumber(first).endsWith('X')) { body = first; break; }
  }
  assert.ok(body);
  const c = await create(sup, { name: '校验码X', id_number: idNumber(body).toLowerCase() });
  assert.equal(c.id_number, idNumber(body));
});

test('R-ARC-13: region codes are validated: a district of another city is refused with field district_code', async () => {
  const before = await ids(gm);
  const cases = [
    [{ province_code: 110000, city_code: 110100, district_code: 310101 }, 'district_code'],
    [{ province_code: 110000, city_code: 110100, district_code: 110199 }, 'district_code'],
    [{ province_code: 110000, city_code: 310100, district_code: 310101 }, 'city_code'],
    [{ province_code: 990000, city_code: 0, district_code: 0 }, 'province_code'],
    [{ city_code: 110100, district_code: 110105 }, 'province_code'],
    [{ province_code: 110000 }, 'city_code'],
    [{ province_code: 110000, city_code: 110100 }, 'district_code'],
  ];
  for (const [codes, field] of cases) {
    const r = await zw.post('/api/v1/customers', { kind: 'individual', name: '地区测试', ...codes });
    assert.equal(r.status, 422, `${JSON.stringify(codes)} → ${r.text}`);
    assert.equal(r.body.error.field, field, JSON.stringify(codes));
  }
  assert.deepEqual(await ids(gm), before);
  const ok = await create(zw, { name: '上海客户', province_code: 310000, city_code: 310100, district_code: 310101 });
  assert.equal(ok.district_code, 310101);
  assert.match(ok.region_name, /^上海市.*黄浦区$/);
});

test('malformed JSON, a non-object body and wrong types are refused with 400 (field named) and save nothing', async () => {
  const before = await ids(gm);
  let r = await zw.req('POST', '/api/v1/customers', undefined, { raw: '{"kind":"individual","name":', headers: { 'Content-Type': 'application/json' } });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'invalid');
  for (const raw of ['[1,2]', '"text"', '42', '']) {
    r = await zw.req('POST', '/api/v1/customers', undefined, { raw, headers: { 'Content-Type': 'application/json' } });
    assert.equal(r.status, 400, raw);
    assert.equal(r.body.error.code, 'invalid');
  }
  const typed = [
    [{ kind: 'individual', name: 123 }, 'name'],
    [{ kind: 'individual', name: '类型错误', mobile: 13800138000 }, 'mobile'],
    [{ kind: 'individual', name: '类型错误', province_code: '110000' }, 'province_code'],
    [{ kind: 'individual', name: '类型错误', tags: '老客户' }, 'tags'],
    [{ kind: 'individual', name: '类型错误', custom: [] }, 'custom'],
    [{ kind: 'individual', name: '类型错误', owner_id: 'me' }, 'owner_id'],
  ];
  for (const [body, field] of typed) {
    r = await zw.post('/api/v1/customers', body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.body.error.code, 'invalid');
    assert.equal(r.body.error.field, field);
  }
  assert.deepEqual(await ids(gm), before);
});

test('a body larger than 1 MiB is refused with 413 too_large', async () => {
  const before = await ids(gm);
  const raw = JSON.stringify({ kind: 'individual', name: '超大', notes: 'x'.repeat(1024 * 1024 + 10) });
  const r = await zw.req('POST', '/api/v1/customers', undefined, { raw, headers: { 'Content-Type': 'application/json' } });
  assert.equal(r.status, 413);
  assert.equal(r.body.error.code, 'too_large');
  assert.deepEqual(await ids(gm), before);
});

test('a salesperson setting grade A is refused with 403 field grade, on create and on update', async () => {
  const before = await ids(gm);
  const r = await zw.post('/api/v1/customers', { kind: 'individual', name: '想要A级', grade: 'A' });
  assert.equal(r.status, 403);
  assert.equal(r.body.error.code, 'forbidden');
  assert.equal(r.body.error.field, 'grade');
  assert.deepEqual(await ids(gm), before);
  const c = await create(zw, { name: '升级失败' });
  const u = await zw.patch(`/api/v1/customers/${c.id}`, { grade: 'A' });
  assert.equal(u.status, 403);
  assert.equal(u.body.error.field, 'grade');
  assert.equal((await zw.get(`/api/v1/customers/${c.id}`)).body.grade, 'C');
  // the sales manager may set it
  const m = await mgr.patch(`/api/v1/customers/${c.id}`, { grade: 'A' });
  assert.equal(m.status, 200, m.text);
  assert.equal(m.body.grade, 'A');
});

test('an unknown customer id and a non-numeric id answer 404', async () => {
  for (const path of ['/api/v1/customers/999999', '/api/v1/customers/abc', '/api/v1/customers/0', '/api/v1/customers/-1']) {
    const r = await gm.get(path);
    assert.equal(r.status, 404, path);
    assert.equal(r.body.error.code, 'not_found');
  }
  const p = await gm.patch('/api/v1/customers/999999', { notes: 'x' });
  assert.equal(p.status, 404);
});

test('PATCH changes only the given fields and bumps the version', async () => {
  const c = await create(zw, { name: '部分更新', email: 'a@example.com', notes: '旧备注' });
  const r = await zw.patch(`/api/v1/customers/${c.id}`, { notes: '新备注', version: c.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.notes, '新备注');
  assert.equal(r.body.email, 'a@example.com');
  assert.equal(r.body.name, '部分更新');
  assert.equal(r.body.version, c.version + 1);
});

test('a PATCH with a stale version is refused with 409 and the record is unchanged', async () => {
  const c = await create(zw, { name: '并发修改', notes: '原始' });
  const first = await mgr.patch(`/api/v1/customers/${c.id}`, { notes: '经理改过', version: c.version });
  assert.equal(first.status, 200);
  const stale = await zw.patch(`/api/v1/customers/${c.id}`, { notes: '业务员的旧版本', version: c.version });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.error.code, 'conflict');
  assert.equal(stale.body.error.field, 'version');
  const now = await zw.get(`/api/v1/customers/${c.id}`);
  assert.equal(now.body.notes, '经理改过');
  assert.equal(now.body.version, c.version + 1);
});

test('R-PLT-4: issue 11 item 1: two concurrent updates of one customer with the same version: one wins, the other gets 409', async () => {
  const c = await create(zw, { name: '同时修改', notes: '原始' });
  const [a, b] = await Promise.all([
    zw.patch(`/api/v1/customers/${c.id}`, { notes: '业务员改的', version: c.version }),
    mgr.patch(`/api/v1/customers/${c.id}`, { notes: '经理改的', version: c.version }),
  ]);
  assert.deepEqual([a.status, b.status].sort(), [200, 409], `${a.text} ${b.text}`);
  const lost = a.status === 409 ? a : b;
  assert.equal(lost.body.error.code, 'conflict');
  assert.equal(lost.body.error.field, 'version');
  const won = a.status === 200 ? a : b;
  const now = await zw.get(`/api/v1/customers/${c.id}`);
  assert.equal(now.body.notes, won.body.notes);
  assert.equal(now.body.version, c.version + 1);
});

test('R-PLT-4 R-ARC-9: issue 11 item 1: the tag filter finds a customer by the tags it was created with, and after an update by its new tags only', async () => {
  const c = await create(zw, { name: '标签过滤', tags: ['标签甲', '标签乙'] });
  const tagged = async (tag) => (await allPages(zw, `/api/v1/customers?tag=${encodeURIComponent(tag)}`)).map((x) => x.id);
  assert.deepEqual(await tagged('标签甲'), [c.id]);
  assert.deepEqual(await tagged('标签乙'), [c.id]);
  const r = await zw.patch(`/api/v1/customers/${c.id}`, { tags: ['标签乙', '标签丙'], version: c.version });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.tags, ['标签乙', '标签丙']);
  assert.deepEqual(await tagged('标签甲'), [], 'a removed tag no longer finds the customer');
  assert.deepEqual(await tagged('标签乙'), [c.id]);
  assert.deepEqual(await tagged('标签丙'), [c.id]);
  assert.deepEqual(await tagged('标签'), [], 'a tag matches whole, not by its part');
});

test('a PATCH with an invalid field is refused with 422 and changes nothing', async () => {
  const m = mobile();
  const c = await create(zw, { name: '验证失败不改', mobile: m, notes: '保留' });
  const r = await zw.patch(`/api/v1/customers/${c.id}`, { notes: '不应保存', email: 'bad@' });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'email');
  const now = (await zw.get(`/api/v1/customers/${c.id}`)).body;
  assert.equal(now.notes, '保留');
  assert.equal(now.version, c.version);
});

test('R-OWN-2: the owner cannot be changed by PATCH (422 owner_id); transfer is the way', async () => {
  const c = await create(zw, { name: '不能直接改负责人' });
  const r = await mgr.patch(`/api/v1/customers/${c.id}`, { owner_id: mgr.user.id });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'owner_id');
  assert.equal((await zw.get(`/api/v1/customers/${c.id}`)).body.owner.id, zw.user.id);
});

test('R-ARC-12: changes to key fields keep the previous value and who changed it', async () => {
  const m1 = mobile();
  const m2 = mobile();
  const c = await create(zw, { name: '历史记录', mobile: m1, email: 'old@example.com' });
  const u = await zw.patch(`/api/v1/customers/${c.id}`, { mobile: m2, email: 'new@example.com', notes: '备注不是关键字段' });
  assert.equal(u.status, 200);
  const g = await mgr.patch(`/api/v1/customers/${c.id}`, { grade: 'B' });
  assert.equal(g.status, 200);
  const h = await gm.get(`/api/v1/customers/${c.id}/field-history`); // numbers in full (R-SEC-13)
  assert.equal(h.status, 200);
  const by = (f) => h.body.items.filter((x) => x.field === f);
  assert.equal(by('mobile').length, 1);
  assert.equal(by('mobile')[0].old, m1);
  assert.equal(by('mobile')[0].new, m2);
  assert.deepEqual(by('mobile')[0].by, { id: zw.user.id, name: '张伟' });
  assert.match(by('mobile')[0].at, /^\d{4}-\d\d-\d\dT/);
  assert.equal(by('email')[0].old, 'old@example.com');
  assert.equal(by('grade')[0].old, 'C');
  assert.equal(by('grade')[0].new, 'B');
  assert.equal(by('grade')[0].by.id, mgr.user.id);
  assert.equal(by('notes').length, 0, 'notes are not a key field');
});

test('R-OWN-2 / R-OWN-5: a sales manager transfers with a required reason; owner history keeps who, when and why', async () => {
  const c = await create(zw, { name: '转移客户' });
  // a salesperson may not transfer
  let r = await zw.post(`/api/v1/customers/${c.id}/transfer`, { owner_id: 8, reason: '我想给李娜' });
  assert.equal(r.status, 403);
  const lina = (await mgr.get('/api/v1/users')).body.items.find((u) => u.username === 'lina');
  // reason is required
  r = await mgr.post(`/api/v1/customers/${c.id}/transfer`, { owner_id: lina.id });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'reason');
  r = await mgr.post(`/api/v1/customers/${c.id}/transfer`, { owner_id: lina.id, reason: '   ' });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'reason');
  // a manager cannot hand a customer to another department
  const wang = (await mgr.get('/api/v1/users')).body.items.find((u) => u.username === 'wangqiang');
  r = await mgr.post(`/api/v1/customers/${c.id}/transfer`, { owner_id: wang.id, reason: '跨部门' });
  assert.equal(r.status, 403);
  assert.equal(r.body.error.field, 'owner_id');
  assert.equal((await zw.get(`/api/v1/customers/${c.id}`)).body.owner.id, zw.user.id, 'refusals changed nothing');
  r = await mgr.post(`/api/v1/customers/${c.id}/transfer`, { owner_id: lina.id, reason: '客户要求更换业务员' });
  assert.equal(r.status, 200, r.text);
  const now = (await mgr.get(`/api/v1/customers/${c.id}`)).body;
  assert.equal(now.owner.id, lina.id);
  assert.equal(now.collector.id, zw.user.id, 'the collector stays');
  // the former owner no longer sees it, the new one does
  assert.equal((await zw.get(`/api/v1/customers/${c.id}`)).status, 404);
  assert.equal((await (await as(server, 'lina')).get(`/api/v1/customers/${c.id}`)).status, 200);
  const h = await mgr.get(`/api/v1/customers/${c.id}/owner-history`);
  assert.equal(h.status, 200);
  assert.equal(h.body.items.length, 2);
  const t = h.body.items.find((x) => x.reason === '客户要求更换业务员');
  assert.ok(t);
  assert.deepEqual(t.from, { id: zw.user.id, name: '张伟' });
  assert.deepEqual(t.to, { id: lina.id, name: '李娜' });
  assert.deepEqual(t.by, { id: mgr.user.id, name: '周建国' });
  assert.match(t.at, /^\d{4}-\d\d-\d\dT/);
  const first = h.body.items.find((x) => x !== t);
  assert.equal(first.from, null);
  assert.equal(first.to.id, zw.user.id);
  // transferring to the current owner is refused
  r = await mgr.post(`/api/v1/customers/${c.id}/transfer`, { owner_id: lina.id, reason: '重复' });
  assert.equal(r.status, 422);
});

test('R-OWN-2: the GM can transfer across departments', async () => {
  const c = await create(zw, { name: '总经理转移' });
  const wang = (await gm.get('/api/v1/users')).body.items.find((u) => u.username === 'wangqiang');
  const r = await gm.post(`/api/v1/customers/${c.id}/transfer`, { owner_id: wang.id, reason: '区域调整' });
  assert.equal(r.status, 200, r.text);
  assert.equal((await gm.get(`/api/v1/customers/${c.id}`)).body.owner.name, '王强');
});

test('archive hides a customer from the default list; archived=true shows it; unarchive brings it back', async () => {
  const c = await create(zw, { name: '归档测试客户' });
  // a salesperson has no archive permission
  let r = await zw.post(`/api/v1/customers/${c.id}/archive`, {});
  assert.equal(r.status, 403);
  r = await mgr.post(`/api/v1/customers/${c.id}/archive`, {});
  assert.equal(r.status, 200, r.text);
  const def = await allPages(mgr, '/api/v1/customers');
  assert.ok(!def.some((x) => x.id === c.id));
  const arch = await allPages(mgr, '/api/v1/customers?archived=true');
  assert.ok(arch.some((x) => x.id === c.id));
  assert.ok(arch.every((x) => x.archived === true));
  const all = await allPages(mgr, '/api/v1/customers?archived=all');
  assert.ok(all.some((x) => x.id === c.id));
  const d = await mgr.get(`/api/v1/customers/${c.id}`);
  assert.equal(d.status, 200, 'an archived customer keeps its record');
  assert.equal(d.body.archived, true);
  assert.equal(d.body.name, '归档测试客户');
  r = await mgr.post(`/api/v1/customers/${c.id}/unarchive`, {});
  assert.equal(r.status, 200);
  assert.ok((await allPages(mgr, '/api/v1/customers')).some((x) => x.id === c.id));
  const bad = await mgr.get('/api/v1/customers?archived=maybe');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'archived');
});

test('roles without customer access cannot create customers (403)', async () => {
  for (const who of ['fuwu', 'kefu', 'shenji']) {
    const c = await as(server, who);
    const r = await c.post('/api/v1/customers', { kind: 'individual', name: `${who}登记` });
    assert.equal(r.status, 403, who);
  }
});

test('a token client (no cookie) can create and update a customer without CSRF', async () => {
  const t = await zw.post('/api/v1/auth/tokens', { name: 'crm-sync' });
  const bot = new Client(server.url, { token: t.body.token });
  const c = await bot.post('/api/v1/customers', { kind: 'individual', name: '脚本创建' });
  assert.equal(c.status, 201);
  const u = await bot.patch(`/api/v1/customers/${c.body.id}`, { notes: '脚本更新' });
  assert.equal(u.status, 200);
  assert.equal(u.body.notes, '脚本更新');
});
