// Browser test of birthday greetings (R-INT-6, issue 13 item 6): on a 375 px phone a salesperson
// enters a new customer's lunar birthday (农历, leap month) with the birthday picker; the server
// keeps it in its lunar form; three days before its solar day this year the morning job puts the
// greeting task in his "my tasks".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, mobile } from '../lib/kehu.mjs';
import { launch, newPage, input, byTest, waitApi, login, artifact, pickOption, assertNoSideScroll, until } from './helpers.mjs';

let server;
let browser;
let admin;

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 1 }), launch()]);
  admin = await asAdmin(server);
  assert.equal((await admin.put('/api/v1/_test/clock', { now: '2026-05-01T10:00:00+08:00' })).status, 200);
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

test('R-INT-6: issue 13 item 6: at 375 px a salesperson enters a lunar leap-month birthday; its greeting task appears in "my tasks" three days before the day', async () => {
  const { context, page } = await newPage(browser, { width: 375, height: 812, mobile: true });
  try {
    await login(page, server.url, 'zhangwei');
    await page.goto(`${server.url}/customers/new`);
    await input(page, 'field-name').fill('农历生日页客户');
    await input(page, 'field-mobile').fill(mobile());
    const bday = byTest(page, 'field-birthday');
    await bday.getByText('农历').click();
    await input(page, 'bday-year').fill('2023');
    await pickOption(page, 'bday-month', '二月');
    await pickOption(page, 'bday-day', '十五');
    await byTest(page, 'bday-leap').click();
    await assertNoSideScroll(page, 'the form with the lunar birthday');
    await page.screenshot({ path: artifact('birthday-lunar-375.png') });
    const created = waitApi(page, 'POST', /^\/api\/v1\/customers$/);
    await byTest(page, 'save').click();
    const cr = await created;
    assert.equal(cr.status(), 201, await cr.text());
    const c = await cr.json();
    assert.equal(c.birthday, '农历2023-闰02-15');
    // three days before its day: the morning job
    const zw = await as(server, 'zhangwei');
    const day = (await zw.get('/api/v1/calendar/lunar/next?from=2026-05-02&month=2&day=15&leap=true')).body.date;
    const before3 = new Date(Date.parse(`${day}T00:00:00Z`) - 3 * 86400000).toISOString().slice(0, 10);
    assert.equal((await admin.put('/api/v1/_test/clock', { now: `${before3}T06:45:00+08:00` })).status, 200);
    assert.equal((await admin.post('/api/v1/_test/scheduler/tick')).status, 200);
    await until(async () => (await (await as(server, 'zhangwei')).get(`/api/v1/tasks?customer_id=${c.id}&kind=greeting`)).body.items.length === 1, 'the greeting task');
    await login(page, server.url, 'zhangwei'); // the clock moved: a new session
    await page.goto(`${server.url}/tasks`);
    const card = page.locator('[data-test="task"]').filter({ hasText: '生日问候' }).first();
    await card.waitFor({ state: 'visible' });
    assert.match(await card.innerText(), /生日问候：农历生日页客户（农历闰二月十五）/);
  } finally {
    await context.close();
  }
});

// Sending a greeting directly (R-INT-6): from "my day" at 375 px, the salesperson opens 发送问候 on
// a birthday greeting task, edits the text and sends it by e-mail (the customer's preferred
// channel); the loopback SMTP server receives it. A customer who prefers a call: the button in the
// dialog stays disabled and says why.
test('R-INT-6: at 375 px a birthday greeting is sent by e-mail from my day; a customer who prefers a call cannot be sent one', async () => {
  const { smtpServer } = await import('../lib/receivers.mjs');
  const smtp = await smtpServer();
  const { context, page } = await newPage(browser, { width: 375, height: 812, mobile: true });
  try {
    assert.equal((await admin.put('/api/v1/_test/clock', { now: '2026-09-01T10:00:00+08:00' })).status, 200);
    const adm = await asAdmin(server);
    const ch = await adm.post('/api/v1/notify/channels', { kind: 'email', name: '问候邮箱', url: `smtp://127.0.0.1:${smtp.port}`, sender: 'crm@example.cn' });
    assert.equal(ch.status, 201, ch.text);
    let zw = await as(server, 'zhangwei');
    const mk = async (body) => {
      const r = await zw.post('/api/v1/customers', { kind: 'individual', mobile: mobile(), birthday: '1985-09-05', ...body });
      assert.equal(r.status, 201, r.text);
      return r.body;
    };
    const byMail = await mk({ name: '邮件问候页客户', preferred_channel: 'email', email: 'page.guest@example.cn' });
    const byCall = await mk({ name: '电话问候页客户', preferred_channel: 'call' });
    assert.equal((await adm.put('/api/v1/_test/clock', { now: '2026-09-02T06:45:00+08:00' })).status, 200);
    assert.equal((await (await asAdmin(server)).post('/api/v1/_test/scheduler/tick')).status, 200);
    zw = await as(server, 'zhangwei');
    await until(async () => (await zw.get(`/api/v1/tasks?customer_id=${byCall.id}&kind=greeting`)).body.items.length === 1, 'the greeting tasks');
    await login(page, server.url, 'zhangwei');
    await page.goto(`${server.url}/my-day`);
    const section = byTest(page, 'my-day-greetings');
    await section.waitFor({ state: 'visible' });
    // the customer who prefers a call: disabled, with the reason
    const callCard = section.locator('[data-test="task"]').filter({ hasText: '电话问候页客户' }).first();
    await callCard.locator('[data-test="task-greet"]').click();
    const dialog = byTest(page, 'greet-dialog').filter({ visible: true });
    await byTest(page, 'greet-why').filter({ visible: true }).waitFor({ state: 'visible' });
    assert.match(await byTest(page, 'greet-why').filter({ visible: true }).innerText(), /电话/);
    assert.equal(await dialog.locator('[data-test="greet-send"]').isDisabled(), true);
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // the customer who prefers e-mail
    const card = section.locator('[data-test="task"]').filter({ hasText: '邮件问候页客户' }).first();
    await card.locator('[data-test="task-greet"]').click();
    await until(async () => (await input(page, 'greet-text').inputValue()).includes('生日快乐'), 'the text proposed');
    assert.equal(await byTest(page, 'greet-channel').filter({ visible: true }).getAttribute('data-channel'), 'email');
    assert.equal(await byTest(page, 'greet-to').filter({ visible: true }).innerText(), 'p***@example.cn');
    const text = '邮件问候页客户您好，祝您生日快乐！——张伟敬上';
    await input(page, 'greet-text').fill(text);
    await assertNoSideScroll(page, 'the greeting dialog');
    await page.screenshot({ path: artifact('greeting-send-375.png') });
    const sent = waitApi(page, 'POST', /^\/api\/v1\/tasks\/\d+\/send-greeting$/);
    await byTest(page, 'greet-send').filter({ visible: true }).click();
    const r = await sent;
    assert.equal(r.status(), 201, await r.text());
    assert.equal((await r.json()).task.state, 'done');
    await until(async () => {
      await (await asAdmin(server)).post('/api/v1/_test/scheduler/tick');
      return smtp.mails.some((m) => m.text.includes(text));
    }, 'the e-mail at the loopback SMTP server');
    const mail = smtp.mails.find((m) => m.text.includes(text));
    assert.deepEqual(mail.rcpt, ['<page.guest@example.cn>']);
  } finally {
    await context.close();
    await smtp.close();
  }
});

// The holiday greetings page (R-INT-6) at 375 px: the administrator switches a shipped holiday
// off and adds one on a lunar day for A-grade customers by SMS.
test('R-INT-6: at 375 px the administrator switches 重阳节 off and adds a lunar holiday for grade A by SMS', async () => {
  const { context, page } = await newPage(browser, { width: 375, height: 812, mobile: true });
  try {
    await login(page, server.url, 'admin', server.adminPassword);
    await page.goto(`${server.url}/greeting-holidays`);
    const list = byTest(page, 'holidays-list');
    await list.locator('[data-test="holiday"]').first().waitFor({ state: 'visible' });
    assert.equal(await list.locator('[data-test="holiday"]').count(), 7);
    const double9 = list.locator('[data-test="holiday"]').filter({ hasText: '重阳节' });
    assert.match(await double9.locator('[data-test="holiday-day"]').innerText(), /农历 9 月 9 日/);
    const off = waitApi(page, 'PUT', /^\/api\/v1\/greeting-holidays\/\d+$/);
    await double9.locator('[data-test="holiday-active"]').click();
    assert.equal((await off).status(), 200);
    await assertNoSideScroll(page, 'the holidays');
    await byTest(page, 'holiday-add').click();
    const dialog = byTest(page, 'holiday-dialog').filter({ visible: true });
    await input(page, 'holiday-name-zh').fill('七夕');
    await input(page, 'holiday-name-en').fill('Qixi');
    await dialog.locator('[data-test="holiday-calendar"]').getByText('农历').click();
    await pickOption(page, 'holiday-month', '7 月');
    await pickOption(page, 'holiday-daynum', '7 日');
    await dialog.locator('[data-test="holiday-audience"]').getByText('指定等级').click();
    await dialog.locator('[data-test="holiday-grades"]').getByText('A 级').click();
    await pickOption(page, 'holiday-channel', '短信');
    await input(page, 'holiday-template-input').fill('{name}您好，七夕快乐！');
    assert.match(await byTest(page, 'holiday-sample').filter({ visible: true }).innerText(), /王先生您好，七夕快乐！/);
    await assertNoSideScroll(page, 'the holiday dialog');
    await page.screenshot({ path: artifact('greeting-holiday-375.png') });
    const saved = waitApi(page, 'POST', /^\/api\/v1\/greeting-holidays$/);
    await dialog.locator('[data-test="holiday-save"]').click();
    const r = await saved;
    assert.equal(r.status(), 201, await r.text());
    const h = await r.json();
    assert.deepEqual([h.day, h.audience, h.grades, h.channel, h.name_en], ['农历07-07', 'grades', 'A', 'sms', 'Qixi']);
    await list.locator('[data-test="holiday"]').filter({ hasText: '七夕' }).waitFor({ state: 'visible' });
    const all = (await (await asAdmin(server)).get('/api/v1/greeting-holidays')).body.items;
    assert.equal(all.find((x) => x.name_zh === '重阳节').active, false);
  } finally {
    await context.close();
  }
});
