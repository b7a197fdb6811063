// Duplicate detection (R-ARC-8) and first-recorder ownership (R-OWN-2).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, idNumber, uscc, mobile, allPages } from '../lib/kehu.mjs';

let server;
let zw; // 张伟, salesperson 销售一部
let wq; // 王强, salesperson 销售二部
let gm;
before(async () => {
  server = await startServer({ demo: 3 });
  [zw, wq, gm] = await Promise.all([as(server, 'zhangwei'), as(server, 'wangqiang'), as(server, 'gm')]);
});
after(async () => { await server.stop(); });

async function create(client, body) {
  const r = await client.post('/api/v1/customers', { kind: 'individual', ...body });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

const allIds = async () => (await allPages(gm, '/api/v1/customers?archived=all', { limit: 200 })).map((c) => c.id).sort();

function assertDuplicate(r, existing, field) {
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.code, 'conflict');
  if (field) assert.equal(r.body.error.field, field);
  const e = r.body.error.existing;
  assert.ok(e, 'the 409 names the existing record');
  assert.equal(e.id, existing.id);
  assert.equal(e.code, existing.code);
  assert.equal(e.owner_id, existing.owner.id);
  assert.equal(e.owner_name, existing.owner.name);
  assert.ok(r.body.error.message_zh.includes(existing.code), 'the message names the existing code');
  assert.ok(r.body.error.message_zh.includes(existing.owner.name), 'the message names the owner');
  // Each language with its own words: the English text quotes only data (the code, the owner's name).
  const en = r.body.error.message_en;
  assert.match(en, /^duplicate customer: same [a-zA-Z ]+ as /, en);
  assert.ok(en.includes(existing.code) && en.includes(existing.owner.name), en);
  assert.doesNotMatch(en.replace(existing.owner.name, ''), /[\u3400-\u9fff\uff00-\uffef]/, en);
}

test('R-ARC-8: a second customer with the same mobile is refused with 409 naming the existing record and its owner', async () => {
  const m = mobile();
  const first = await create(zw, { name: '手机重复甲', mobile: m });
  const before = await allIds();
  const r = await wq.post('/api/v1/customers', { kind: 'individual', name: '手机重复乙', mobile: m });
  assertDuplicate(r, first, 'mobile');
  assert.deepEqual(await allIds(), before, 'nothing was saved');
});

test('R-PLT-4 R-ARC-8: issue 11 item 1: eight creates at once with one mobile store one customer; the others get 409 naming it', async () => {
  const m = mobile();
  const before = await allIds();
  const answers = await Promise.all(Array.from({ length: 8 }, (_, i) =>
    (i % 2 ? wq : zw).post('/api/v1/customers', { kind: 'individual', name: `同时登记${i}`, mobile: m })));
  const made = answers.filter((r) => r.status === 201);
  assert.equal(made.length, 1, answers.map((r) => `${r.status} ${r.text}`).join('\n'));
  for (const r of answers.filter((x) => x.status !== 201)) assertDuplicate(r, made[0].body, 'mobile');
  assert.deepEqual(await allIds(), [...before, made[0].body.id].sort());
});

test('R-ARC-8: the mobile is compared normalized: +86, 0086, spaces and dashes still match', async () => {
  const m = mobile();
  const first = await create(zw, { name: '规范化手机', mobile: m });
  const variants = [`+86 ${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}`, `+86${m}`, `0086${m}`,
    `${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`, ` ${m} `];
  for (const v of variants) {
    const r = await wq.post('/api/v1/customers', { kind: 'individual', name: '变体', mobile: v });
    assertDuplicate(r, first);
  }
});

test('R-ARC-8: a phone number matches across mobile, office and home phone fields', async () => {
  const m = mobile();
  const first = await create(zw, { name: '家里电话', phone_home: m });
  const r = await wq.post('/api/v1/customers', { kind: 'individual', name: '手机填成家里电话', mobile: m });
  assertDuplicate(r, first);
  const office = '010-6234' + String(Date.now() % 10000).padStart(4, '0');
  const o = await create(zw, { name: '办公电话', phone_office: office });
  const r2 = await wq.post('/api/v1/customers', { kind: 'individual', name: '同一办公电话', phone_office: office.replace('-', ' ') });
  assertDuplicate(r2, o);
});

test('R-ARC-8: the same ID number is refused, also when the check digit is written as lower-case x', async () => {
  let body = null;
  for (let i = 0; i < 300 && !body; i++) {
    const b = `32010219900307${String(i).padStart(3, '0')}`;
    if (idNumber(b).endsWith('X')) body = b;
  }
  const idn = idNumber(body);
  const first = await create(zw, { name: '身份证甲', id_number: idn });
  const before = await allIds();
  let r = await wq.post('/api/v1/customers', { kind: 'individual', name: '身份证乙', id_number: idn.toLowerCase() });
  assertDuplicate(r, first, 'id_number');
  r = await wq.post('/api/v1/customers', { kind: 'individual', name: '身份证丙', id_number: idn });
  assertDuplicate(r, first, 'id_number');
  assert.deepEqual(await allIds(), before);
});

test('R-ARC-8: the same USCC is refused (also written lower-case)', async () => {
  const code = uscc('91320102MA1XYW12' + String(Date.now() % 10));
  const first = await create(zw, { kind: 'organization', name: '南京信用代码有限公司', uscc: code });
  let r = await wq.post('/api/v1/customers', { kind: 'organization', name: '另一家公司', uscc: code });
  assertDuplicate(r, first, 'uscc');
  r = await wq.post('/api/v1/customers', { kind: 'organization', name: '另一家公司2', uscc: code.toLowerCase() });
  assertDuplicate(r, first, 'uscc');
});

test('R-ARC-8: the same name at the same company is refused; the same name at another company is fine', async () => {
  const first = await create(zw, { name: 'Li Ming', company: 'Acme Trading 有限公司' });
  let r = await wq.post('/api/v1/customers', { kind: 'individual', name: 'Li Ming', company: 'Acme Trading 有限公司' });
  assertDuplicate(r, first, 'name');
  r = await wq.post('/api/v1/customers', { kind: 'individual', name: ' li ming ', company: 'ACME TRADING 有限公司 ' });
  assertDuplicate(r, first, 'name');
  const other = await wq.post('/api/v1/customers', { kind: 'individual', name: 'Li Ming', company: '别的公司' });
  assert.equal(other.status, 201, 'same name at another company is a different person');
  const noCompany = await wq.post('/api/v1/customers', { kind: 'individual', name: 'Li Ming' });
  assert.equal(noCompany.status, 201, 'a name alone is not a duplicate');
});

test('R-OWN-2: the first recorder keeps the customer; the second salesperson is told who owns it even without seeing it', async () => {
  const m = mobile();
  const first = await create(zw, { name: '争抢客户', mobile: m });
  const r = await wq.post('/api/v1/customers', { kind: 'individual', name: '争抢客户', mobile: m });
  assert.equal(r.status, 409);
  assert.equal(r.body.error.existing.owner_name, '张伟');
  assert.equal(r.body.error.existing.code, first.code);
  // the record still belongs to the first recorder, and the second still cannot read it
  assert.equal((await gm.get(`/api/v1/customers/${first.id}`)).body.owner.id, zw.user.id);
  assert.equal((await wq.get(`/api/v1/customers/${first.id}`)).status, 404);
});

test('R-ARC-8: an update that would duplicate another customer is refused with 409 and the record is unchanged', async () => {
  const m1 = mobile();
  const m2 = mobile();
  const a = await create(zw, { name: '更新重复甲', mobile: m1 });
  const b = await create(zw, { name: '更新重复乙', mobile: m2, notes: '原来的' });
  const r = await zw.patch(`/api/v1/customers/${b.id}`, { mobile: m1, notes: '不应保存' });
  assertDuplicate(r, a, 'mobile');
  const now = (await gm.get(`/api/v1/customers/${b.id}`)).body; // in full (R-SEC-13)
  assert.equal(now.mobile, m2);
  assert.equal(now.notes, '原来的');
  assert.equal(now.version, b.version);
  // saving a record with its own unchanged keys is not a duplicate of itself
  const self = await zw.patch(`/api/v1/customers/${b.id}`, { mobile: m2, notes: '自己不重复' });
  assert.equal(self.status, 200, self.text);
});

test('R-ARC-8: after a customer changes its mobile, the old number is free again', async () => {
  const m1 = mobile();
  const m2 = mobile();
  const a = await create(zw, { name: '换号客户', mobile: m1 });
  assert.equal((await zw.patch(`/api/v1/customers/${a.id}`, { mobile: m2 })).status, 200);
  const r = await wq.post('/api/v1/customers', { kind: 'individual', name: '用旧号码', mobile: m1 });
  assert.equal(r.status, 201, r.text);
  const r2 = await wq.post('/api/v1/customers', { kind: 'individual', name: '用新号码', mobile: m2 });
  assert.equal(r2.status, 409);
});
