// Birthday greetings (R-INT-6, issue 13 item 6): the morning job gives the owner a greeting task
// greeting_days_before days ahead of a customer's or a contact's birthday, solar or lunar (农历,
// with leap months kept as Chinese families keep them), due at 09:00 on the day; customers of the
// best grades get a gift task with its budget; running again adds nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, mobile } from '../lib/kehu.mjs';

let server, admin, zw;

async function clock(now) {
  assert.equal((await admin.put('/api/v1/_test/clock', { now })).status, 200);
  admin = await asAdmin(server);
  zw = await as(server, 'zhangwei');
}
const shift = (date, days) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400000).toISOString().slice(0, 10);
/** Tick at 06:45 on day, then the customer's greeting tasks once the job made them (or [] after a while). */
async function greetingsOn(day, customerId, want = 1) {
  await clock(`${day}T06:45:00+08:00`);
  assert.equal((await admin.post('/api/v1/_test/scheduler/tick')).status, 200);
  let items = [];
  for (let i = 0; i < 60; i++) {
    items = (await zw.get(`/api/v1/tasks?customer_id=${customerId}&kind=greeting&state=all&limit=50`)).body.items;
    if (items.length >= want) break;
    await new Promise((res) => setTimeout(res, 50));
  }
  return items;
}
/** zhangwei's customer; the grade set by his manager, who grades customers. */
const make = async ({ grade, ...body }) => {
  const r = await zw.post('/api/v1/customers', { kind: 'individual', mobile: mobile(), ...body });
  assert.equal(r.status, 201, r.text);
  if (grade) {
    const g = await (await as(server, 'salesmgr')).patch(`/api/v1/customers/${r.body.id}`, { grade });
    assert.equal(g.status, 200, g.text);
  }
  return r.body;
};

before(async () => {
  server = await startServer({ demo: 1 });
  admin = await asAdmin(server);
  await clock('2026-05-01T10:00:00+08:00');
});
after(async () => { await server.stop(); });

test('R-INT-6: issue 13 item 6: a solar birthday makes a gift task for an A-grade customer 3 days ahead, due at 09:00 on the day; a spouse\'s birthday its own task; a second run adds nothing', async () => {
  const c = await make({ name: '生日客户甲', grade: 'A', birthday: '1985-06-05' });
  const k = await zw.post(`/api/v1/customers/${c.id}/contacts`, { name: '李明', relation: 'spouse', birthday: '1986-06-06', mobile: mobile() });
  assert.equal(k.status, 201, k.text);
  assert.deepEqual(await greetingsOn('2026-06-01', c.id, 1).then((x) => x.length), 0, 'four days ahead: not yet');
  let items = await greetingsOn('2026-06-02', c.id, 1);
  assert.equal(items.length, 1);
  assert.equal(items[0].title, '生日送礼：生日客户甲');
  assert.match(items[0].purpose, /礼品预算 ¥200/);
  assert.equal(items[0].due_at, '2026-06-05T09:00:00+08:00');
  assert.equal(items[0].assignee.name, '张伟', 'the owner does it');
  items = await greetingsOn('2026-06-03', c.id, 2);
  assert.equal(items.length, 2, 'the spouse\'s, one day later; the customer\'s not again');
  const spouse = items.find((x) => x.title.includes('李明'));
  assert.equal(spouse.title, '生日送礼：李明（生日客户甲）');
  assert.equal(spouse.due_at, '2026-06-06T09:00:00+08:00');
  assert.equal((await greetingsOn('2026-06-04', c.id, 3)).length, 2, 'rerunning adds nothing');
});

test('R-INT-6 R-INT-7: issue 13 item 6: a lunar birthday is greeted on its solar day of this year; a leap-month birthday as families keep it; a C-grade customer gets a greeting, not a gift', async () => {
  await clock('2026-05-01T10:00:00+08:00');
  const lunar = await make({ name: '农历生日客户', grade: 'C', birthday: '农历1990-06-10' });
  const leap = await make({ name: '闰月生日客户', grade: 'C', birthday: '农历2023-闰02-15' });
  const next = async (q) => (await zw.get(`/api/v1/calendar/lunar/next?from=2026-05-02&${q}`)).body.date;
  const dLunar = await next('month=6&day=10');
  const dLeap = await next('month=2&day=15&leap=true');
  assert.ok(dLunar > '2026-07-01' && dLunar < '2026-08-15', dLunar); // 六月初十 falls in July or August
  assert.ok(dLeap > '2027-02-01' && dLeap < '2027-04-30', dLeap); // no 闰二月 in 2026 or 2027: 二月十五 of 2027
  let items = await greetingsOn(shift(dLunar, -3), lunar.id, 1);
  assert.equal(items.length, 1);
  assert.equal(items[0].title, '生日问候：农历生日客户（农历六月初十）');
  assert.equal(items[0].due_at, `${dLunar}T09:00:00+08:00`);
  assert.match(items[0].purpose, /生日问候/);
  items = await greetingsOn(shift(dLeap, -2), leap.id, 1);
  assert.equal(items.length, 1);
  assert.equal(items[0].title, '生日问候：闰月生日客户（农历闰二月十五）');
  assert.equal(items[0].due_at, `${dLeap}T09:00:00+08:00`);
});

test('R-INT-6: issue 13 item 6: a 29 February birthday is greeted on the 28th in other years', async () => {
  await clock('2027-02-01T10:00:00+08:00');
  const c = await make({ name: '闰日客户', birthday: '2000-02-29' });
  const items = await greetingsOn('2027-02-26', c.id, 1);
  assert.equal(items.length, 1);
  assert.equal(items[0].due_at, '2027-02-28T09:00:00+08:00');
});

test('R-INT-6: issue 13 item 6: refusals — a lunar date that does not exist, a leap month the year lacks, a bad solar date; nothing saved', async () => {
  for (const birthday of ['农历2026-闰06-10', '农历1985-13-01', '农历1985-06-31', '1985-02-30', '农历85-06-10', 'lunar']) {
    const r = await zw.post('/api/v1/customers', { kind: 'individual', name: `坏生日${birthday}`, mobile: mobile(), birthday });
    assert.equal(r.status, 422, `${birthday}: ${r.text}`);
    assert.equal(r.body.error.field, 'birthday');
    assert.ok(r.body.error.message_zh.includes('农历'));
  }
  const found = (await zw.get(`/api/v1/customers?q=${encodeURIComponent('坏生日')}`)).body.items;
  assert.equal(found.length, 0);
  // the greeting parameters have their ranges
  const r = await admin.put('/api/v1/settings/parameters', { greeting_days_before: 31 });
  assert.equal(r.status, 422, r.text);
});
