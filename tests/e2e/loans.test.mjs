// Browser tests of the lending register (R-SEC-5, issue 12 item 4): a salesperson selects
// customers on the list and checks their files out with the confirmation (refused without
// it), finds the loan on the register and registers its return; an information specialist
// (a keeper of the register) is told of an overdue loan by the bell, opens it on the register,
// exports the register as xlsx, and the register shows as cards on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, mobile } from '../lib/kehu.mjs';
import { launch, newPage, input, byTest, waitApi, login, artifact, until, pickOption, assertNoSideScroll } from './helpers.mjs';

let server;
let browser;
let admin;
const mine = [];
const MONDAY = '2026-06-01T09:00:00+08:00';
const THURSDAY = '2026-06-04T10:30:00+08:00'; // the hourly alert runs from 10 past

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 3 }), launch()]);
  admin = await asAdmin(server);
  assert.equal((await admin.put('/api/v1/_test/clock', { now: MONDAY })).status, 200);
  const zw = await as(server, 'zhangwei');
  for (const name of ['外借页甲', '外借页乙']) {
    const r = await zw.post('/api/v1/customers', { kind: 'individual', name, mobile: mobile() });
    assert.equal(r.status, 201, r.text);
    mine.push(r.body);
  }
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

const loanRow = (page, id) => page.locator(`[data-test="loans-table"] .el-table__row`).filter({ has: page.locator(`[data-test="loan-row"][data-id="${id}"]`) });

test('R-SEC-5: issue 12 item 4: a salesperson checks out two customers with a confirmation, the register shows the loan, and returning it registers the return', async () => {
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(page, server.url, 'zhangwei');
    await page.waitForURL(/\/my-day$/); // a salesperson's landing page (R-INT-4)
    await byTest(page, 'nav-customers').click();
    await page.waitForURL(/\/customers(\?.*)?$/);
    for (const c of mine) {
      await page.locator(`[data-test="customer-row"][data-id="${c.id}"] [data-test="select-row"]`).click();
    }
    assert.match(await byTest(page, 'bulk-count').innerText(), /已选 2 个/);
    assert.equal(await byTest(page, 'bulk-transfer').count(), 0, 'a salesperson transfers nothing');
    await byTest(page, 'bulk-checkout').click();
    const dialog = byTest(page, 'checkout-dialog');
    await dialog.waitFor({ state: 'visible' });
    const listed = await byTest(page, 'checkout-item').allInnerTexts();
    assert.equal(listed.length, 2);
    for (const c of mine) assert.ok(listed.some((s) => s.includes(c.code) && s.includes(c.name)), listed.join('|'));
    await input(page, 'checkout-reason').fill('上门回访带档案');
    assert.equal(await input(page, 'checkout-days').inputValue(), '3');

    // without the confirmation: the server refuses on the confirm field, nothing is saved
    const refused = waitApi(page, 'POST', /^\/api\/v1\/loans$/);
    await byTest(page, 'checkout-submit').click();
    const r0 = await refused;
    assert.equal(r0.status(), 422, await r0.text());
    assert.equal((await r0.json()).error.field, 'confirm');
    const confirmItem = dialog.locator('.el-form-item').filter({ has: byTest(page, 'checkout-confirm') });
    await confirmItem.locator('.el-form-item__error').waitFor({ state: 'visible' });
    assert.match(await confirmItem.locator('.el-form-item__error').innerText(), /确认/);
    const zw = await as(server, 'zhangwei');
    assert.equal((await zw.get('/api/v1/loans?state=all')).body.items.length, 0, 'nothing registered');

    await byTest(page, 'checkout-confirm').click();
    const saved = waitApi(page, 'POST', /^\/api\/v1\/loans$/);
    await byTest(page, 'checkout-submit').click();
    const r1 = await saved;
    assert.equal(r1.status(), 201, await r1.text());
    const sent = JSON.parse(r1.request().postData());
    assert.deepEqual({ ...sent, customer_ids: [...sent.customer_ids].sort((a, b) => a - b) },
      { customer_ids: mine.map((c) => c.id).sort((a, b) => a - b), reason: '上门回访带档案', days: 3, confirm: true });
    const loanId = (await r1.json()).id;
    await byTest(page, 'checkout-done').filter({ hasText: `#${loanId}` }).waitFor({ state: 'visible' });
    await page.screenshot({ path: artifact('loan-checkout-1440.png') });

    // the link opens the register at the loan
    await byTest(page, 'checkout-link').click();
    await page.waitForURL(new RegExp(`/loans\\?.*id=${loanId}`));
    await dialog.waitFor({ state: 'hidden' });
    const row = loanRow(page, loanId);
    await row.waitFor({ state: 'visible' });
    assert.match(await row.getAttribute('class'), /focused/);
    assert.match(await row.innerText(), new RegExp(`${mine[0].code} 外借页甲`));
    await row.locator('[data-test="loan-open"]').waitFor();
    assert.equal(await row.locator('[data-test="loan-overdue"]').count(), 0);

    // the register from the menu: open loans by default
    const listed2 = waitApi(page, 'GET', /^\/api\/v1\/loans$/);
    await byTest(page, 'nav-loans').click();
    const lr = await listed2;
    assert.match(lr.url(), /state=open/);
    await loanRow(page, loanId).waitFor({ state: 'visible' });

    // register the return with a note
    await loanRow(page, loanId).locator('[data-test="loan-return"]').click();
    await byTest(page, 'return-dialog').waitFor({ state: 'visible' });
    await input(page, 'return-note').fill('原件已交回');
    const returned = waitApi(page, 'POST', new RegExp(`^/api/v1/loans/${loanId}/return$`));
    await byTest(page, 'return-submit').click();
    const r2 = await returned;
    assert.equal(r2.status(), 200, await r2.text());
    // no longer among the open ones; shown as returned under "returned"
    await loanRow(page, loanId).waitFor({ state: 'detached' });
    const again = waitApi(page, 'GET', /^\/api\/v1\/loans$/);
    await pickOption(page, 'loans-state', '已归还');
    assert.match((await again).url(), /state=returned/);
    const done = loanRow(page, loanId);
    await done.waitFor({ state: 'visible' });
    assert.match(await done.locator('[data-test="loan-returned"]').innerText(), /张伟 于 .* 归还/);
    assert.equal(await done.locator('[data-test="loan-return-note"]').innerText(), '原件已交回');
    assert.equal(await done.locator('[data-test="loan-return"]').count(), 0);
    await page.screenshot({ path: artifact('loan-returned-1440.png') });

    // the customer page checks out that one customer
    await page.goto(server.url + '/customers/' + mine[1].id);
    await byTest(page, 'checkout-customer').click();
    await dialog.waitFor({ state: 'visible' });
    assert.deepEqual(await byTest(page, 'checkout-item').evaluateAll((els) => els.map((e) => e.dataset.id)), [String(mine[1].id)]);
    await input(page, 'checkout-reason').fill('单个客户借出');
    await byTest(page, 'checkout-confirm').click();
    const one = waitApi(page, 'POST', /^\/api\/v1\/loans$/);
    await byTest(page, 'checkout-submit').click();
    const r3 = await one;
    assert.equal(r3.status(), 201, await r3.text());
    assert.deepEqual(JSON.parse(r3.request().postData()).customer_ids, [mine[1].id]);
    await byTest(page, 'checkout-close').click();
    await dialog.waitFor({ state: 'hidden' });
    await zw.post(`/api/v1/loans/${(await r3.json()).id}/return`, { note: '' });
  } finally {
    await context.close();
  }
});

test('R-SEC-5: issue 12 item 4: the information specialist is told of the salesperson\'s overdue loan by the bell, sees it on the register and downloads the register as xlsx; the register fits a 375 px phone', async () => {
  // a second loan of zhangwei's, for 2 days from Monday: overdue on Thursday
  const zw = await as(server, 'zhangwei');
  const open = await zw.post('/api/v1/loans', { customer_ids: [mine[0].id], reason: '合同核对', days: 2, confirm: true });
  assert.equal(open.status, 201, open.text);
  assert.equal((await admin.put('/api/v1/_test/clock', { now: THURSDAY })).status, 200);
  assert.equal((await admin.post('/api/v1/_test/scheduler/tick')).status, 200);
  const spec = await as(server, 'infospec');
  const alert = await until(async () => (await spec.get('/api/v1/notifications?limit=50')).body.items
    .find((n) => n.kind === 'loan.overdue' && n.link === `/loans?id=${open.body.id}`), 'the overdue alert');
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await page.clock.setFixedTime(new Date(THURSDAY));
    await login(page, server.url, 'infospec');
    // the bell's item opens the loan on the register
    await byTest(page, 'inbox-bell').click();
    const item = page.locator(`[data-test="inbox-item"][data-link="/loans?id=${open.body.id}"]`);
    await item.waitFor({ state: 'visible' });
    assert.equal(await item.locator('.text').innerText(), alert.text);
    await item.click();
    await page.waitForURL(new RegExp(`/loans\\?.*id=${open.body.id}`));
    await byTest(page, 'loans-borrower').waitFor({ state: 'visible' });
    const row = loanRow(page, open.body.id);
    await row.waitFor({ state: 'visible' });
    assert.match(await row.getAttribute('class'), /focused/);
    assert.match(await row.innerText(), /张伟/);
    assert.match(await row.innerText(), /合同核对/);
    assert.equal(await row.locator('[data-test="loan-overdue"]').innerText(), '逾期 2 天');
    assert.match(await row.locator('[data-test="loan-due"]').getAttribute('class'), /overdue/);
    await row.locator('[data-test="loan-return"]').waitFor({ state: 'visible' });
    await page.screenshot({ path: artifact('loans-overdue-1440.png') });
    // export what the register shows
    const file = page.waitForResponse((r) => /^\/api\/v1\/jobs\/\d+\/file$/.test(new URL(r.url()).pathname));
    const started = waitApi(page, 'POST', /^\/api\/v1\/loans\/export$/);
    const dl = page.waitForEvent('download');
    await byTest(page, 'loans-export').click();
    const s = await started;
    assert.equal(s.status(), 202, await s.text());
    const f = await file;
    assert.equal(f.status(), 200);
    assert.match(f.headers()['content-type'] || '', /spreadsheetml/);
    const d = await dl;
    assert.match(d.suggestedFilename(), /\.xlsx$/);
  } finally {
    await context.close();
  }

  const phone = await newPage(browser, { width: 375, height: 740, mobile: true });
  try {
    await phone.page.clock.setFixedTime(new Date(THURSDAY));
    await login(phone.page, server.url, 'infospec');
    await phone.page.goto(server.url + '/loans?state=all');
    const card = phone.page.locator(`.m-card[data-test="loan-row"][data-id="${open.body.id}"]`);
    await card.waitFor({ state: 'visible' });
    assert.match(await card.innerText(), /合同核对/);
    await assertNoSideScroll(phone.page, 'the register at 375 px');
    await phone.page.screenshot({ path: artifact('loans-375.png'), fullPage: true });
  } finally {
    await phone.context.close();
  }
});
