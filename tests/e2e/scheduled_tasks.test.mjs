// Browser test of the scheduled tasks card in Settings (R-PLT-8): the administrator sees every
// periodic task, runs the reclaim of customers not followed up now, and watches it end; at 375 px
// the table stays usable.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, asAdmin, as, mobile } from '../lib/kehu.mjs';
import { launch, newPage, byTest, waitApi, login, artifact, assertNoSideScroll } from './helpers.mjs';

let server;
let browser;

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 1 }), launch()]);
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

test('R-PLT-8 R-OWN-7: the administrator runs the reclaim now from Settings and sees it done; the quiet customer is in the pool', async () => {
  const admin = await asAdmin(server);
  assert.equal((await admin.put('/api/v1/_test/clock', { now: '2026-07-01T09:00:00+08:00' })).status, 200);
  const mgr = await as(server, 'salesmgr');
  const zw = await as(server, 'zhangwei');
  const c = await mgr.post('/api/v1/customers', { kind: 'individual', name: '界面回收客户', mobile: mobile(), grade: 'C', owner_id: zw.user.id });
  assert.equal(c.status, 201, c.text);
  assert.equal((await admin.put('/api/v1/pool/rules', { rules: [{ grade: '', no_followup_days: 30, no_deal_days: 0 }] })).status, 200);
  assert.equal((await admin.put('/api/v1/_test/clock', { now: '2026-08-15T10:00:00+08:00' })).status, 200);
  const { context, page } = await newPage(browser, { width: 375, height: 800, mobile: true });
  try {
    await login(page, server.url, 'admin', server.adminPassword);
    const listed = waitApi(page, 'GET', /^\/api\/v1\/scheduled-tasks$/);
    await page.goto(server.url + '/admin/settings');
    assert.equal((await listed).status(), 200);
    const row = page.locator('[data-test="scheduled-task"][data-name="customer.reclaim"]');
    await row.waitFor({ state: 'visible' });
    assert.match(await row.innerText(), /customer\.reclaim/);
    await row.scrollIntoViewIfNeeded();
    await row.locator('[data-test="scheduled-run"]').click();
    const box = page.locator('.el-message-box');
    await box.waitFor({ state: 'visible' });
    const started = waitApi(page, 'POST', /^\/api\/v1\/scheduled-tasks\/customer\.reclaim\/run$/);
    await box.locator('.el-message-box__btns .el-button--primary').click();
    assert.equal((await started).status(), 202);
    await row.locator('[data-test="scheduled-state"]', { hasText: '已完成' }).waitFor({ state: 'visible', timeout: 30000 });
    assert.match(await row.locator('[data-test="scheduled-took"]').innerText(), /秒/);
    await assertNoSideScroll(page, 'settings at 375 px');
    await byTest(page, 'scheduled-tasks').screenshot({ path: artifact('scheduled-tasks-375.png') });
    const lina = await as(server, 'lina');
    const pool = (await lina.get('/api/v1/pool?limit=200')).body.items.map((x) => x.id);
    assert.ok(pool.includes(c.body.id), 'reclaimed');
  } finally {
    await context.close();
  }
});
