// Birthday greetings (R-INT-6, issue 13 item 6): the morning job gives the owner a greeting task
// greeting_days_before days ahead of a customer's or a contact's birthday, solar or lunar (农历,
// with leap months kept as Chinese families keep them), due at 09:00 on the day; customers of the
// best grades get a gift task with its budget; running again adds nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, auditEntries, mobile } from '../lib/kehu.mjs';

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

// Holiday greetings (R-INT-6): configured holidays, solar or lunar, make a greeting task for each
// eligible customer (by default the buyers: "对一般成交客户在每个节假日均进行电话或短信回访") the
// same days ahead, with the holiday's channel and its message; settings.manage edits them.
const holidayTasks = (items) => items.filter((t) => t.source.startsWith('holiday:'));

test('R-INT-6: the shipped holidays: 元旦, 春节, 元宵, 端午, 中秋, 国庆, 重阳, solar or lunar, for buyers', async () => {
  const r = await admin.get('/api/v1/greeting-holidays');
  assert.equal(r.status, 200, r.text);
  const by = Object.fromEntries(r.body.items.map((h) => [h.name_zh, h]));
  assert.deepEqual(Object.keys(by).sort(), ['中秋节', '元宵节', '元旦', '国庆节', '春节', '端午节', '重阳节'].sort());
  assert.equal(by['中秋节'].day, '农历08-15');
  assert.equal(by['国庆节'].day, '10-01');
  assert.ok(r.body.items.every((h) => h.audience === 'buyers' && h.active && h.template.includes('{name}')));
  assert.deepEqual(r.body.choices.audiences.map((a) => a.value), ['buyers', 'all', 'grades']);
});

let buyer, bought, prospect;
test('R-INT-6: 中秋 2027 (农历08-15) is greeted on 2027-09-15: a task for each buyer 3 days ahead with the message; a prospect is skipped; a rerun adds nothing', async () => {
  await clock('2027-09-01T10:00:00+08:00');
  buyer = await make({ name: '节日成交客户', stage: 'customer' });
  bought = await make({ name: '节日购买客户' });
  assert.equal((await zw.post('/api/v1/purchases', { customer_id: bought.id, amount_fen: 10000, products: '茶叶' })).status, 201);
  prospect = await make({ name: '节日潜在客户', stage: 'prospect' });
  assert.equal(holidayTasks(await greetingsOn('2027-09-11', buyer.id, 1)).length, 0, 'four days ahead: not yet');
  let items = holidayTasks(await greetingsOn('2027-09-12', buyer.id, 1));
  assert.equal(items.length, 1);
  const t = items[0];
  assert.equal(t.title, '中秋节问候：节日成交客户');
  assert.equal(t.due_at, '2027-09-15T09:00:00+08:00');
  assert.equal(t.kind, 'greeting');
  assert.equal(t.channel, 'call');
  assert.equal(t.assignee.name, '张伟');
  assert.match(t.purpose, /^节日成交客户您好，月圆人团圆/);
  const hs = (await admin.get('/api/v1/greeting-holidays')).body.items;
  assert.equal(t.source, `holiday:${hs.find((h) => h.name_zh === '中秋节').id}:2027:${buyer.id}`);
  assert.equal(holidayTasks(await greetingsOn('2027-09-12', bought.id, 1)).length, 1, 'a purchase makes a buyer');
  assert.equal(holidayTasks(await greetingsOn('2027-09-12', prospect.id, 1)).length, 0, 'a prospect who bought nothing');
  items = holidayTasks(await greetingsOn('2027-09-13', buyer.id, 2));
  assert.equal(items.length, 1, 'rerunning adds nothing');
});

test('R-INT-6: a solar holiday (国庆 10-01) is greeted the same way; an inactive holiday (重阳) is not; a holiday for grades reaches only those grades', async () => {
  const hs = (await admin.get('/api/v1/greeting-holidays')).body.items;
  const chongyang = hs.find((h) => h.name_zh === '重阳节');
  let r = await admin.put(`/api/v1/greeting-holidays/${chongyang.id}`, { active: false });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.active, false);
  assert.equal(r.body.template, chongyang.template, 'the fields not given stay');
  const gA = await make({ name: '节日A级客户', grade: 'A' });
  const gB = await make({ name: '节日B级客户', grade: 'B' });
  r = await admin.post('/api/v1/greeting-holidays', { name_zh: '公司周年庆', name_en: 'Anniversary', day: '10-02', audience: 'grades', grades: 'A', channel: 'sms', template: '{name}您好，感谢一路同行！' });
  assert.equal(r.status, 201, r.text);
  const anniversary = r.body;
  assert.deepEqual([anniversary.audience, anniversary.grades, anniversary.channel, anniversary.active], ['grades', 'A', 'sms', true]);
  // 重阳 2027 (农历09-09) falls on 10-08: 10-05 looks at 10-05 .. 10-08
  const double9 = (await zw.get('/api/v1/calendar/lunar/next?from=2027-09-20&month=9&day=9')).body.date;
  assert.equal(double9, '2027-10-08');
  let items = holidayTasks(await greetingsOn('2027-09-28', buyer.id, 2));
  const national = items.find((t) => t.title.startsWith("国庆节"));
  assert.ok(national, JSON.stringify(items));
  assert.equal(national.due_at, '2027-10-01T09:00:00+08:00');
  assert.equal(national.title, '国庆节问候：节日成交客户');
  items = holidayTasks(await greetingsOn('2027-09-29', gA.id, 1));
  assert.deepEqual(items.map((t) => [t.title, t.channel, t.purpose]), [['公司周年庆问候：节日A级客户', 'sms', '节日A级客户您好，感谢一路同行！']]);
  assert.equal(holidayTasks(await greetingsOn('2027-09-29', gB.id, 1)).length, 0, 'a B-grade customer is not in grades A');
  items = holidayTasks(await greetingsOn('2027-10-05', buyer.id, 3));
  assert.ok(!items.some((t) => t.title.startsWith('重阳节')), 'inactive');
  assert.equal(items.length, 2, '中秋 and 国庆');
  const audit = await auditEntries(await as(server, 'gm'), 'action=greeting.holiday_save');
  assert.ok(audit.some((e) => e.target_id === String(anniversary.id)), JSON.stringify(audit.slice(0, 2)));
});

test('R-INT-6: holiday refusals name the field and change nothing; only settings.manage holders see or edit them', async () => {
  const before = (await admin.get('/api/v1/greeting-holidays')).body.items;
  const ok = { name_zh: '测试节日', day: '05-01', template: '{name}您好' };
  const cases = [
    [{ ...ok, day: '13-01' }, 422, 'day'],
    [{ ...ok, day: '02-30' }, 422, 'day'],
    [{ ...ok, day: '02-29' }, 422, 'day'],
    [{ ...ok, day: '农历13-01' }, 422, 'day'],
    [{ ...ok, day: '农历08-31' }, 422, 'day'],
    [{ ...ok, day: 'mid-autumn' }, 422, 'day'],
    [{ ...ok, day: 501 }, 400, 'day'],
    [{ ...ok, name_zh: '' }, 422, 'name_zh'],
    [{ ...ok, name_zh: '节'.repeat(51) }, 422, 'name_zh'],
    [{ ...ok, audience: 'vip' }, 422, 'audience'],
    [{ ...ok, audience: 'grades', grades: 'AD' }, 422, 'grades'],
    [{ ...ok, audience: 'grades' }, 422, 'grades'],
    [{ ...ok, channel: 'fax' }, 422, 'channel'],
    [{ ...ok, template: '' }, 422, 'template'],
    [{ ...ok, template: '祝'.repeat(301) }, 422, 'template'],
    [{ ...ok, active: 'yes' }, 400, 'active'],
  ];
  for (const [body, status, field] of cases) {
    const r = await admin.post('/api/v1/greeting-holidays', body);
    assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.body.error.field, field);
  }
  const r = await admin.put(`/api/v1/greeting-holidays/${before[0].id}`, { day: '农历00-01' });
  assert.equal(r.status, 422, r.text);
  assert.equal((await admin.put('/api/v1/greeting-holidays/999999', { active: false })).status, 404);
  assert.equal((await zw.get('/api/v1/greeting-holidays')).status, 403);
  assert.equal((await zw.post('/api/v1/greeting-holidays', ok)).status, 403);
  assert.equal((await zw.put(`/api/v1/greeting-holidays/${before[0].id}`, { active: false })).status, 403);
  assert.deepEqual((await admin.get('/api/v1/greeting-holidays')).body.items, before);
});
