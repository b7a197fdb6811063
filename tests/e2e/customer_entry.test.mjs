// Browser test of the entry deadline (R-ARC-10, issue 13 item 9) and the preferred channel
// (R-INT-6): a salesperson enters, on a phone, a customer collected more than 2 working days
// earlier; the record carries the "entered late" badge and the late-entry filter finds it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, asAdmin } from '../lib/kehu.mjs';
import { launch, newPage, input, byTest, waitApi, login, pickOption, assertNoSideScroll } from './helpers.mjs';

let server;
let browser;

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 1 }), launch()]);
  const admin = await asAdmin(server);
  assert.equal((await admin.put('/api/v1/_test/clock', { now: '2026-11-20T10:00:00+08:00' })).status, 200);
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

test('R-ARC-10: a customer collected on 10 November and entered on 20 November from a 375-px phone is flagged as entered late, with its preferred channel', async () => {
  const { context, page } = await newPage(browser, { width: 375, height: 740, mobile: true });
  try {
    await login(page, server.url, 'zhangwei');
    await page.goto(server.url + '/customers/new');
    await input(page, 'field-name').waitFor();
    await input(page, 'field-name').fill('逾期录入浏览器客户');
    await input(page, 'field-mobile').fill('13700137010');
    await input(page, 'field-collected_on').fill('2026-11-10');
    await input(page, 'field-collected_on').press('Enter');
    await pickOption(page, 'field-preferred_channel', '短信');
    await assertNoSideScroll(page, 'the customer form');
    const posted = waitApi(page, 'POST', /^\/api\/v1\/customers$/);
    await byTest(page, 'save').click();
    const r = await posted;
    assert.equal(r.status(), 201, await r.text());
    const body = await r.json();
    assert.equal(body.collected_on, '2026-11-10');
    assert.equal(body.preferred_channel, 'sms');
    await byTest(page, 'entry-late-badge').waitFor();
    assert.match(await byTest(page, 'profile-collected_on').textContent(), /2026-11-10/);
    assert.match(await byTest(page, 'profile-preferred_channel').textContent(), /短信/);

    // the late-entry filter of the list finds it
    await page.goto(server.url + '/customers?entry_late=true');
    const row = page.locator('[data-test="customer-row"]', { hasText: '逾期录入浏览器客户' }).first();
    await row.waitFor();
    await row.locator('[data-test="row-entry-late"]').waitFor({ state: 'visible' });
  } finally {
    await context.close();
  }
});
