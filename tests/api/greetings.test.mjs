// Birthday greetings (R-INT-6, issue 13 item 6): the morning job gives the owner a greeting task
// greeting_days_before days ahead of a customer's or a contact's birthday, solar or lunar (农历,
// with leap months kept as Chinese families keep them), due at 09:00 on the day; customers of the
// best grades get a gift task with its budget; running again adds nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, auditEntries, mobile, sqlite } from '../lib/kehu.mjs';
import { smtpServer, webhookServer } from '../lib/receivers.mjs';

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
  assert.equal((await zw.post('/api/v1/orders', { customer_id: bought.id, lines: [{ description: '茶叶', quantity: 1, price_fen: 10000 }] })).status, 201);
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

// Sending a greeting directly (R-INT-6): by the customer's preferred channel when Kehu can send
// it — e-mail through the e-mail server, SMS through the SMS gateway (a signed webhook) — as one
// outbox message, an interaction that completes the task, and an audit entry.
let smtp, hooks;
after(async () => {
  if (smtp) await smtp.close();
  if (hooks) await hooks.close();
});
const tick = async () => assert.equal((await admin.post('/api/v1/_test/scheduler/tick')).status, 200);
async function outbox(channelId, pred) {
  let items = [];
  for (let i = 0; i < 200; i++) {
    await tick();
    items = (await admin.get(`/api/v1/notify/outbox?channel_id=${channelId}&limit=100`)).body.items;
    if (pred(items)) return items;
    await new Promise((res) => setTimeout(res, 50));
  }
  assert.fail(`channel ${channelId}: ${JSON.stringify(items)}`);
}
const greetingTask = async (customer, title = '问候测试') => {
  const r = await zw.post('/api/v1/tasks', { customer_id: customer.id, kind: 'greeting', title, due_at: '2027-10-20T09:00:00+08:00' });
  assert.equal(r.status, 201, r.text);
  return r.body;
};
let mailChannel, smsChannel;

test('R-INT-6: send-greeting refusals: not a greeting task, a customer who prefers a call, no e-mail address, no SMS gateway, text too long, someone else\'s task; nothing changes', async () => {
  await clock('2027-10-06T10:00:00+08:00');
  const caller = await make({ name: '爱接电话客户', preferred_channel: 'call' });
  const noMail = await make({ name: '没有邮箱客户', preferred_channel: 'email' });
  const texter = await make({ name: '短信客户甲', preferred_channel: 'sms' });
  const follow = await zw.post('/api/v1/tasks', { customer_id: caller.id, kind: 'follow_up', title: '普通回访', due_at: '2027-10-20T09:00:00+08:00' });
  let r = await zw.post(`/api/v1/tasks/${follow.body.id}/send-greeting`, {});
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.field, 'kind');
  const callTask = await greetingTask(caller);
  const preview = await zw.get(`/api/v1/tasks/${callTask.id}/greeting`);
  assert.equal(preview.status, 200, preview.text);
  assert.deepEqual([preview.body.sendable, preview.body.channel, preview.body.field], [false, 'call', 'preferred_channel']);
  assert.match(preview.body.reason_en, /prefers a call: make the call and log it/);
  r = await zw.post(`/api/v1/tasks/${callTask.id}/send-greeting`, {});
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.field, 'preferred_channel');
  assert.match(r.body.error.message_zh, /电话/);
  const noMailTask = await greetingTask(noMail);
  r = await zw.post(`/api/v1/tasks/${noMailTask.id}/send-greeting`, {});
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.field, 'email');
  const smsTask = await greetingTask(texter);
  r = await zw.post(`/api/v1/tasks/${smsTask.id}/send-greeting`, {});
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.field, 'channel', 'no SMS gateway yet');
  r = await zw.post(`/api/v1/tasks/${smsTask.id}/send-greeting`, { text: '祝'.repeat(501) });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'text');
  r = await zw.post(`/api/v1/tasks/${smsTask.id}/send-greeting`, { text: 5 });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'text');
  const lina = await as(server, 'lina');
  r = await lina.post(`/api/v1/tasks/${smsTask.id}/send-greeting`, {});
  assert.ok([403, 404].includes(r.status), r.text);
  for (const t of [callTask, noMailTask, smsTask]) {
    assert.equal((await zw.get(`/api/v1/tasks/${t.id}`)).body.state, 'open');
  }
  for (const c of [caller, noMail, texter]) {
    assert.equal((await zw.get(`/api/v1/interactions?customer_id=${c.id}`)).body.items.length, 0, 'nothing logged');
  }
});

test('R-INT-6: a birthday greeting is sent by e-mail to a customer who prefers it: the loopback SMTP server gets it; the interaction completes the task; the log shows the address masked', async () => {
  smtp = await smtpServer();
  hooks = await webhookServer({ secrets: { '/hook/sms': 'sms-secret' } });
  const ch = await admin.post('/api/v1/notify/channels', { kind: 'email', name: '问候邮箱', url: `smtp://127.0.0.1:${smtp.port}`, sender: 'crm@example.cn' });
  assert.equal(ch.status, 201, ch.text);
  mailChannel = ch.body;
  const c = await make({ name: '邮件生日客户', preferred_channel: 'email', email: 'guest.birthday@example.cn', birthday: '1980-10-09' });
  const [task] = await greetingsOn('2027-10-06', c.id, 1);
  assert.equal(task.title, '生日问候：邮件生日客户');
  const preview = (await zw.get(`/api/v1/tasks/${task.id}/greeting`)).body;
  assert.deepEqual([preview.sendable, preview.channel, preview.to], [true, 'email', 'g***@example.cn']);
  assert.equal(preview.text, '邮件生日客户您好，祝您生日快乐，身体健康，万事如意！');
  const text = '邮件生日客户您好，祝您生日快乐！——张伟';
  const r = await zw.post(`/api/v1/tasks/${task.id}/send-greeting`, { text });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.body.channel, r.body.to, r.body.task.state], ['email', 'g***@example.cn', 'done']);
  assert.equal(r.body.task.done_interaction_id, r.body.interaction_id);
  const [m] = await outbox(mailChannel.id, (xs) => xs.some((x) => x.id === r.body.outbox_id && x.state === 'sent'));
  assert.equal(m.recipient, 'g***@example.cn', 'the delivery log masks the address');
  assert.equal(sqlite(server.db, `SELECT customer_id FROM notify_outbox WHERE id = ${r.body.outbox_id}`), String(c.id), 'the message names its customer (merge and destruction reach it)');
  assert.equal(m.kind, 'greeting');
  const mail = smtp.mails.find((x) => x.text.includes(text));
  assert.ok(mail, JSON.stringify(smtp.mails.map((x) => x.text)));
  assert.deepEqual(mail.rcpt, ['<guest.birthday@example.cn>']);
  assert.match(mail.subject, /生日快乐/);
  const [x] = (await zw.get(`/api/v1/interactions?customer_id=${c.id}`)).body.items;
  assert.deepEqual([x.id, x.channel, x.summary, x.outcome], [r.body.interaction_id, 'email', text, 'sent']);
  const again = await zw.post(`/api/v1/tasks/${task.id}/send-greeting`, {});
  assert.equal(again.status, 409, 'sent once');
  assert.equal(again.body.error.field, 'state');
  const audit = await auditEntries(await as(server, 'gm'), 'action=greeting.send');
  assert.ok(audit.some((e) => e.target_id === String(task.id)), JSON.stringify(audit.slice(0, 2)));
});

test('R-INT-6: a holiday greeting is sent by SMS through the SMS gateway: the loopback webhook receiver gets {to, text} with a valid signature', async () => {
  const ch = await admin.post('/api/v1/notify/channels', { kind: 'sms', name: '短信网关', url: `http://127.0.0.1:${hooks.port}/hook/sms`, secret: 'sms-secret' });
  assert.equal(ch.status, 201, ch.text);
  smsChannel = ch.body;
  assert.ok(!JSON.stringify(ch.body).includes('sms-secret'));
  const phone = mobile();
  const c = await make({ name: '短信节日客户', stage: 'customer', preferred_channel: 'sms', mobile: phone });
  await clock('2027-10-06T10:00:00+08:00');
  const t = await greetingTask(c, '国庆节问候：短信节日客户');
  const r = await zw.post(`/api/v1/tasks/${t.id}/send-greeting`, {});
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.to, `${phone.slice(0, 3)}****${phone.slice(-4)}`);
  const [m] = await outbox(smsChannel.id, (xs) => xs.some((x) => x.id === r.body.outbox_id && x.state === 'sent'));
  assert.equal(m.recipient, r.body.to);
  const hit = hooks.hits.find((h) => h.path === '/hook/sms' && h.body && h.body.to === phone);
  assert.ok(hit, JSON.stringify(hooks.hits.map((h) => h.body)));
  assert.equal(hit.signatureOk, true);
  assert.equal(hit.body.text, '短信节日客户您好，感谢您一直以来的支持，祝您万事如意！');
  const [x] = (await zw.get(`/api/v1/interactions?customer_id=${c.id}`)).body.items;
  assert.deepEqual([x.channel, x.outcome], ['sms', 'sent']);
  // the SMS gateway carries greetings only: the inbox's notifications do not go to it
  assert.ok((await admin.get(`/api/v1/notify/outbox?channel_id=${smsChannel.id}&limit=100`)).body.items.every((y) => y.kind === 'greeting'));
});
