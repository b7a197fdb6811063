// Browser tests of the phone's calendar and address book (issue 13 item 11): on a 375 px phone a
// salesperson makes his private calendar address from "my tasks", copies it, and a calendar client
// reading it finds his task; renewing stops the old one. The GM exports a customer as vCards from
// the customer list's export menu and the download holds the card.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, as, asAdmin, mobile } from '../lib/kehu.mjs';
import { launch, newPage, byTest, waitApi, login, artifact, assertNoSideScroll } from './helpers.mjs';

let server;
let browser;
let task;
let customer;

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 1 }), launch()]);
  const admin = await asAdmin(server);
  assert.equal((await admin.put('/api/v1/_test/clock', { now: '2026-06-01T09:00:00+08:00' })).status, 200);
  const zw = await as(server, 'zhangwei');
  customer = (await zw.post('/api/v1/customers', { kind: 'individual', name: '通讯录客户', mobile: mobile() })).body;
  task = (await zw.post('/api/v1/tasks', { customer_id: customer.id, title: '手机日历里的回访', due_at: '2026-06-02T10:00:00+08:00' })).body;
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

test('R-INT-4: issue 13 item 11: at 375 px a salesperson makes his calendar address from "my tasks"; a calendar client reading it finds his task; a new address stops the old one', async () => {
  const { context, page } = await newPage(browser, { width: 375, height: 812, mobile: true });
  try {
    await login(page, server.url, 'zhangwei');
    await page.goto(`${server.url}/tasks`);
    await byTest(page, 'feed-open').click();
    await byTest(page, 'feed-state').waitFor({ state: 'visible' });
    const made = waitApi(page, 'POST', /^\/api\/v1\/calendar-feed$/);
    await byTest(page, 'feed-create').click();
    assert.equal((await made).status(), 201);
    const url = await byTest(page, 'feed-url').inputValue();
    assert.match(url, /\/api\/v1\/calendar-feed\.ics\?token=kcal_/);
    await assertNoSideScroll(page, 'the calendar dialog');
    await page.screenshot({ path: artifact('calendar-feed-375.png') });
    const r = await fetch(url);
    assert.equal(r.status, 200);
    const ics = await r.text();
    assert.ok(ics.includes(`UID:kehu-task-${task.id}@kehu`), ics);
    assert.ok(ics.includes('手机日历里的回访'));
    // a new address: the old one stops
    const again = waitApi(page, 'POST', /^\/api\/v1\/calendar-feed$/);
    await byTest(page, 'feed-create').click();
    await again;
    assert.equal((await fetch(url)).status, 404);
    assert.notEqual(await byTest(page, 'feed-url').inputValue(), url);
  } finally {
    await context.close();
  }
});

test('R-PLT-3: issue 13 item 11: the GM exports a customer as vCards from the export menu; the download holds its card', async () => {
  const { context, page } = await newPage(browser, { width: 1280, height: 900 });
  try {
    await login(page, server.url, 'gm');
    await page.goto(`${server.url}/customers?q=${encodeURIComponent('通讯录客户')}`);
    await byTest(page, 'customer-row').first().waitFor({ state: 'visible' });
    await byTest(page, 'export-menu').click();
    const started = waitApi(page, 'POST', /^\/api\/v1\/exports$/);
    const download = page.waitForEvent('download');
    await byTest(page, 'export-vcf').click();
    assert.equal((await (await started).request().postDataJSON()).format, 'vcf');
    const file = readFileSync(await (await download).path()).toString('utf8');
    assert.match(file, /^BEGIN:VCARD\r\nVERSION:4\.0\r\n/);
    assert.ok(file.includes('FN:通讯录客户'), file);
    assert.ok(file.includes(customer.code));
  } finally {
    await context.close();
  }
});
