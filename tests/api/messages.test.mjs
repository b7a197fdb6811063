// What a user reads comes in the language asked for: labels the server sends, and error messages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, auditEntries, mobile } from '../lib/kehu.mjs';

const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/;

let server;
before(async () => { server = await startServer({ demo: 3 }); });
after(async () => { await server.stop(); });

async function asLang(username, lang) {
  const c = await as(server, username);
  c.lang = lang;
  return c;
}

test('R-PLT-1: issue 9 item 6: the owner history names the system and the creation in the reader\'s language only', async () => {
  const en = await asLang('gm', 'en');
  const zh = await asLang('gm', 'zh-CN');
  const list = await en.get('/api/v1/customers?limit=1');
  assert.equal(list.status, 200);
  const id = list.body.items[0].id; // a demo customer: created by the system
  const hEn = await en.get(`/api/v1/customers/${id}/owner-history`);
  assert.equal(hEn.status, 200);
  const first = hEn.body.items.at(-1);
  assert.equal(first.by.id, null);
  assert.equal(first.by.name, 'System');
  assert.equal(first.reason, 'Created the customer');
  const hZh = await zh.get(`/api/v1/customers/${id}/owner-history`);
  assert.equal(hZh.body.items.at(-1).by.name, '系统');
  assert.equal(hZh.body.items.at(-1).reason, '创建客户');
  // a customer a user creates: their name (user data), the creation label in English
  const sales = await asLang('zhangwei', 'en');
  const made = await sales.post('/api/v1/customers', { kind: 'individual', name: '语言测试', mobile: mobile() });
  assert.equal(made.status, 201, made.text);
  const own = await sales.get(`/api/v1/customers/${made.body.id}/owner-history`);
  assert.equal(own.body.items[0].reason, 'Created the customer');
  assert.equal(own.body.items[0].by.id, sales.user.id);
  const fh = await en.get(`/api/v1/customers/${id}/field-history`);
  assert.equal(fh.status, 200);
  for (const f of fh.body.items) if (f.by.id === null) assert.equal(f.by.name, 'System');
});

test('R-PLT-1: issue 9 item 6: the audit log names the system actor in the reader\'s language only', async () => {
  const auditor = await asLang('shenji', 'en');
  const entries = await auditEntries(auditor);
  const system = entries.filter((e) => e.actor.id === null);
  assert.ok(system.length > 0, 'the demo load is audited as the system');
  for (const e of system) assert.equal(e.actor.name, 'System');
  auditor.lang = 'zh-CN';
  const zhEntries = await auditEntries(auditor);
  for (const e of zhEntries.filter((x) => x.actor.id === null)) assert.equal(e.actor.name, '系统');
});

test('R-PLT-1: issue 9 item 6: refusals asked for in English carry no Chinese except the user\'s own data', async () => {
  const sales = await asLang('zhangwei', 'en');
  const cases = [
    await sales.post('/api/v1/customers', { kind: 'individual', name: '坏手机', mobile: '12345' }),
    await sales.post('/api/v1/customers', { kind: 'individual', name: '', mobile: mobile() }),
    await sales.post('/api/v1/customers', { kind: 'organization', name: '坏代码', uscc: 'X' }),
    await sales.get('/api/v1/customers/99999999'),
    await sales.get('/api/v1/users'),
  ];
  for (const r of cases) {
    assert.ok(r.status >= 400, r.text);
    assert.doesNotMatch(r.body.error.message, CJK, r.text);
    assert.match(r.body.error.message_zh, CJK, r.text);
  }
  // a duplicate names the existing owner (user data), the rest is English
  const m = mobile();
  assert.equal((await sales.post('/api/v1/customers', { kind: 'individual', name: '重复一', mobile: m })).status, 201);
  const dup = await sales.post('/api/v1/customers', { kind: 'individual', name: '重复二', mobile: m });
  assert.equal(dup.status, 409);
  const owner = dup.body.error.existing.owner_name;
  assert.doesNotMatch(dup.body.error.message.replace(owner, ''), CJK, dup.text);
  assert.match(dup.body.error.message, /same phone number as/);
});
