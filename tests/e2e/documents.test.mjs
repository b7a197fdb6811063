// Browser test of an interaction's attachments (R-INT-1): on a 375-px phone a salesperson opens a
// call on the customer's timeline, attaches a quote (PDF), sees it listed, and the manager sees it
// on the same timeline without the attach button.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, as, mobile } from '../lib/kehu.mjs';
import { launch, newPage, byTest, waitApi, login } from './helpers.mjs';

let server, browser, dir, customer, call;

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 1 }), launch()]);
  const sales = await as(server, 'zhangwei');
  const c = await sales.post('/api/v1/customers', { kind: 'individual', name: '浏览器附件客户', mobile: mobile() });
  assert.equal(c.status, 201, c.text);
  customer = c.body;
  const i = await sales.post('/api/v1/interactions', { customer_id: customer.id, channel: 'call', summary: '电话报价' });
  assert.equal(i.status, 201, i.text);
  call = i.body;
  dir = mkdtempSync(join(tmpdir(), 'kehu-doc-'));
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('R-INT-1: a salesperson attaches a PDF to a logged call from a 375-px phone; the manager sees it listed', async () => {
  const path = join(dir, '报价单.pdf');
  writeFileSync(path, '%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n');
  const entry = (page) => page.locator(`[data-test="timeline-entry"][data-id="${call.id}"]`);
  const phone = await newPage(browser, { width: 375, height: 740, mobile: true });
  try {
    const page = phone.page;
    await login(page, server.url, 'zhangwei');
    await page.goto(`${server.url}/customers/${customer.id}?tab=interactions`);
    await entry(page).waitFor();
    await entry(page).locator('[data-test="attach-toggle"]').click();
    const posted = waitApi(page, 'POST', /^\/api\/v1\/documents$/);
    await entry(page).locator('[data-test="attach-file"]').setInputFiles(path);
    const r = await posted;
    assert.equal(r.status(), 201, `upload answered ${r.status()} at ${page.url()}`);
    await entry(page).locator('[data-test="attach-item"]', { hasText: '报价单.pdf' }).waitFor();
  } finally {
    await phone.context.close();
  }
  const desk = await newPage(browser, { width: 1280, height: 900 });
  try {
    const page = desk.page;
    await login(page, server.url, 'salesmgr');
    await page.goto(`${server.url}/customers/${customer.id}?tab=interactions`);
    await entry(page).waitFor();
    assert.match(await entry(page).locator('[data-test="attach-toggle"]').textContent(), /\(1\)/);
    await entry(page).locator('[data-test="attach-toggle"]').click();
    await entry(page).locator('[data-test="attach-item"]', { hasText: '报价单.pdf' }).waitFor();
  } finally {
    await desk.context.close();
  }
});
