// Browser tests of masking (R-SEC-13, issue 12 item 9): a salesperson sees his customer's
// mobile and ID number masked in the list and on the customer's page, shows the mobile in full
// with one click, and finds that view in the customer's "who saw this" as the GM sees it; the
// GM sees the numbers in full with nothing to click; the page fits a 375 px phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, mobile, idNumber } from '../lib/kehu.mjs';
import { launch, newPage, byTest, waitApi, login, artifact, assertNoSideScroll, assertInside } from './helpers.mjs';

let server;
let browser;
let customer;
const M = mobile();
const ID = idNumber('44030519850302001');
const masked = `${M.slice(0, 3)}****${M.slice(7)}`;

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 3 }), launch()]);
  const zw = await as(server, 'zhangwei');
  const r = await zw.post('/api/v1/customers', { kind: 'individual', name: '脱敏页客户', mobile: M, id_number: ID });
  assert.equal(r.status, 201, r.text);
  customer = r.body;
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

test('R-SEC-13: issue 12 item 9: a salesperson sees the mobile and ID number masked, shows the mobile with one click, and the GM finds that view in who saw this; the GM sees the numbers in full', async () => {
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(page, server.url, 'zhangwei');
    await page.goto(`${server.url}/customers?q=${encodeURIComponent('脱敏页客户')}`);
    const row = page.locator('[data-test="customer-row"]').filter({ hasText: '脱敏页客户' }).first();
    await row.waitFor({ state: 'visible' });
    assert.ok((await row.innerText()).includes(masked.slice(0, 3)), await row.innerText());
    assert.ok(!(await row.innerText()).replace(/\s/g, '').includes(M), 'the list shows no full number');

    await page.goto(`${server.url}/customers/${customer.id}`);
    const mob = byTest(page, 'masked-mobile');
    await mob.waitFor({ state: 'visible' });
    assert.equal((await mob.innerText()).includes('****'), true, await mob.innerText());
    assert.ok((await byTest(page, 'masked-id_number').innerText()).includes('**********'));
    const [reply] = await Promise.all([waitApi(page, 'POST', /\/customers\/\d+\/reveal$/), byTest(page, 'reveal-mobile').click()]);
    assert.equal(reply.status(), 200);
    await page.waitForFunction((m) => document.querySelector('[data-test="masked-mobile"]')?.innerText.replace(/\s/g, '').includes(m), M);
    assert.equal(await byTest(page, 'reveal-mobile').count(), 0, 'nothing left to show');
    assert.ok((await byTest(page, 'masked-id_number').innerText()).includes('**********'), 'the other field stays masked');
    await page.screenshot({ path: artifact('masking-revealed.png') });
  } finally {
    await context.close();
  }

  const gm = await newPage(browser, { width: 1440, height: 900 });
  try {
    // The view's audit entry is durable within the read-audit window (about a second).
    const gmApi = await as(server, 'gm');
    for (let i = 0; i < 50; i++) {
      const log = (await gmApi.get(`/api/v1/customers/${customer.id}/access-log`)).body.items;
      if (log.some((e) => e.action === 'customer.unmask')) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    await login(gm.page, server.url, 'gm');
    await gm.page.goto(`${server.url}/customers/${customer.id}`);
    await byTest(gm.page, 'tab-access').click();
    const entry = gm.page.locator('[data-test="access-log-row"][data-action="customer.unmask"]').first();
    await entry.waitFor({ state: 'visible' });
    assert.match(await entry.innerText(), /zhangwei|张伟/);
    assert.match(await entry.innerText(), /查看完整号码：手机/);
    await gm.page.goto(`${server.url}/customers/${customer.id}`);
    const mob = byTest(gm.page, 'masked-mobile');
    await mob.waitFor({ state: 'visible' });
    assert.ok((await mob.innerText()).replace(/\s/g, '').includes(M), await mob.innerText());
    assert.equal(await byTest(gm.page, 'reveal-mobile').count(), 0);
    assert.ok((await byTest(gm.page, 'masked-id_number').innerText()).includes(ID));
  } finally {
    await gm.context.close();
  }
});

test('R-SEC-13: issue 12 item 9: at 375 px the masked numbers and their show buttons fit the phone', async () => {
  const { context, page } = await newPage(browser, { width: 375, height: 740, mobile: true });
  try {
    await login(page, server.url, 'zhangwei');
    await page.goto(`${server.url}/customers/${customer.id}`);
    const mob = byTest(page, 'masked-mobile');
    await mob.waitFor({ state: 'visible' });
    await assertInside(byTest(page, 'reveal-mobile'), 375, 'the show button');
    await assertNoSideScroll(page, 'the customer page');
    await byTest(page, 'reveal-mobile').click();
    await page.waitForFunction((m) => document.querySelector('[data-test="masked-mobile"]')?.innerText.replace(/\s/g, '').includes(m), M);
    await assertNoSideScroll(page, 'the customer page with the number shown');
    await page.screenshot({ path: artifact('masking-375.png') });
  } finally {
    await context.close();
  }
});
