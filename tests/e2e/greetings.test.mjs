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
