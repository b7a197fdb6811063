// Browser test of sharing between branches (R-OWN-6): the general manager shares the head office's
// A-grade customers with Shanghai; Shanghai's manager finds one marked "shared" and reads its page
// without edit buttons; after the rule is revoked it is gone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, mobile } from '../lib/kehu.mjs';
import { launch, newPage, byTest, input, waitApi, login, pickOption, until, assertNoSideScroll } from './helpers.mjs';

let server;
let browser;
let customer;

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 1 }), launch()]);
  const sales = await as(server, 'zhangwei');
  const r = await sales.post('/api/v1/customers', { kind: 'individual', name: '浏览器共享客户', mobile: mobile() });
  assert.equal(r.status, 201, r.text);
  customer = r.body;
  const mgr = await as(server, 'salesmgr');
  assert.equal((await mgr.patch(`/api/v1/customers/${customer.id}`, { grade: 'A' })).status, 200);
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

test('R-OWN-6: the general manager adds a sharing rule on the branch-sharing page; the Shanghai manager reads the shared customer, read-only, at 375 px; revoking hides it', async () => {
  const gmPage = await newPage(browser, { width: 1280, height: 900 });
  const shPage = await newPage(browser, { width: 375, height: 740, mobile: true });
  try {
    await login(gmPage.page, server.url, 'gm');
    await byTest(gmPage.page, 'nav-branch-shares').first().click();
    await byTest(gmPage.page, 'shares-empty').waitFor();
    await pickOption(gmPage.page, 'share-from', '总部');
    await pickOption(gmPage.page, 'share-to', '上海分公司');
    await pickOption(gmPage.page, 'share-grade', 'A');
    await input(gmPage.page, 'share-note').fill('华东大客户联合服务');
    const made = waitApi(gmPage.page, 'POST', /^\/api\/v1\/branch-shares$/);
    await byTest(gmPage.page, 'share-add').click();
    assert.equal((await made).status(), 201);
    await byTest(gmPage.page, 'share-row').first().waitFor();

    const p = shPage.page;
    await login(p, server.url, 'shmgr');
    await p.goto(server.url + '/customers?q=' + encodeURIComponent('浏览器共享客户'));
    const row = p.locator('[data-test="customer-row"]', { hasText: '浏览器共享客户' }).first();
    await row.waitFor();
    await row.locator('[data-test="row-shared"]').waitFor(); // the shared badge (rendered with the row, or just after)
    await row.click();
    await byTest(p, 'customer-shared').waitFor();
    assert.equal(await byTest(p, 'edit-customer').count(), 0, 'no edit button on a shared customer');
    await assertNoSideScroll(p, 'the shared customer page');

    // revoked: the Shanghai manager no longer finds it
    const revoked = waitApi(gmPage.page, 'POST', /^\/api\/v1\/branch-shares\/\d+\/revoke$/);
    await byTest(gmPage.page, 'share-revoke').first().click();
    await gmPage.page.locator('.el-message-box .el-button--danger').click();
    assert.equal((await revoked).status(), 200);
    await p.goto(server.url + '/customers/' + customer.id);
    await until(async () => (await p.getByText('客户不存在或无权查看').count()) > 0 || (await byTest(p, 'request-access').count()) > 0, 'the page to refuse the record');
  } finally {
    await gmPage.context.close();
    await shPage.context.close();
  }
});
