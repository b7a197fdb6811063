// Browser test of verified updates (R-ARC-12, issue 12 item 11): a salesperson changes the
// mobile of his A-grade customer in the edit form and is told the change waits for his
// manager's confirmation (request number shown); the page still shows the old number; the
// sales manager opens the request from the bell and approves it; the customer's page then
// shows the new number.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, mobile } from '../lib/kehu.mjs';
import { launch, newPage, input, byTest, waitApi, login, artifact } from './helpers.mjs';

let server;
let browser;
let customer;
const NEW = mobile();

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 3 }), launch()]);
  const zw = await as(server, 'zhangwei');
  const r = await zw.post('/api/v1/customers', { kind: 'individual', name: '确认页A级客户', mobile: mobile() });
  assert.equal(r.status, 201, r.text);
  const g = await (await as(server, 'salesmgr')).patch(`/api/v1/customers/${r.body.id}`, { grade: 'A' });
  assert.equal(g.status, 200, g.text);
  customer = g.body;
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

test('R-ARC-12: issue 12 item 11: a salesperson\'s change of an A-grade customer\'s mobile waits for the sales manager, who approves it from the bell; then the page shows the new number', async () => {
  let id;
  const owner = await newPage(browser, { width: 1440, height: 900 });
  try {
    const page = owner.page;
    await login(page, server.url, 'zhangwei');
    await page.goto(`${server.url}/customers/${customer.id}/edit`);
    await input(page, 'field-mobile').waitFor();
    await input(page, 'field-mobile').fill(NEW);
    const saved = waitApi(page, 'PATCH', new RegExp(`^/api/v1/customers/${customer.id}$`));
    await byTest(page, 'save').click();
    const r = await saved;
    assert.equal(r.status(), 202, await r.text());
    id = (await r.json()).approval_id;
    const box = page.locator('.el-message-box').filter({ hasText: `#${id}` });
    await box.waitFor({ state: 'visible' });
    assert.match(await box.innerText(), /经理确认/);
    await page.screenshot({ path: artifact('confirm-pending.png') });
    await box.locator('.el-button--primary').click();
    await page.waitForURL(`**/customers/${customer.id}`);
    await byTest(page, 'masked-mobile').waitFor();
    assert.ok(!(await byTest(page, 'masked-mobile').innerText()).includes(NEW.slice(7)), 'not changed yet');
    const banner = page.locator(`[data-test="pending-change"][data-request="${id}"]`);
    await banner.waitFor({ state: 'visible' });
    assert.match(await banner.innerText(), /手机.*等待经理确认/);
  } finally {
    await owner.context.close();
  }

  const mgr = await newPage(browser, { width: 1440, height: 900 });
  try {
    const page = mgr.page;
    await login(page, server.url, 'salesmgr');
    // The customer's page tells the manager a change waits for him.
    await page.goto(`${server.url}/customers/${customer.id}`);
    await page.locator(`[data-test="pending-change"][data-request="${id}"]`).filter({ hasText: '等待您确认' }).waitFor();
    await byTest(page, 'inbox-bell').click();
    const note = page.locator(`[data-test="inbox-item"][data-request="${id}"]`).first();
    await note.waitFor({ state: 'visible' });
    await note.click();
    await page.waitForURL(`**/approvals/${id}`);
    await byTest(page, 'approval-summary').filter({ hasText: customer.code }).waitFor();
    await byTest(page, 'approval-approve').click();
    await input(page, 'approval-comment').fill('已电话核实');
    const approved = waitApi(page, 'POST', new RegExp(`^/api/v1/approvals/${id}/approve$`));
    await byTest(page, 'approval-confirm').click();
    assert.equal((await approved).status(), 200);
    await byTest(page, 'approval-detail-state').filter({ hasText: '已同意' }).waitFor();
  } finally {
    await mgr.context.close();
  }

  const gm = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(gm.page, server.url, 'gm');
    await gm.page.goto(`${server.url}/customers/${customer.id}`);
    await gm.page.waitForFunction((m) => document.querySelector('[data-test="masked-mobile"]')?.innerText.replace(/\s/g, '').includes(m), NEW);
    assert.equal(await byTest(gm.page, 'pending-change').count(), 0, 'nothing waits any more');
  } finally {
    await gm.context.close();
  }
});
