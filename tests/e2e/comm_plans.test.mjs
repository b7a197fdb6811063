// Browser test of communication plans 沟通计划 (R-INT-9): a sales manager makes a plan for a
// segment built from the customer list's filters (a tag), previews whom it reaches, saves and
// activates it; after the morning job the list shows its tasks and the plan's page its results,
// per period. On a 375 px phone the list and the plan's page fit the screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, mobile } from '../lib/kehu.mjs';
import { launch, newPage, input, byTest, waitApi, login, artifact, assertNoSideScroll, until } from './helpers.mjs';

const TAG = '页面计划测试';
let server;
let browser;
let admin;

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 1 }), launch()]);
  admin = await asAdmin(server);
  assert.equal((await admin.put('/api/v1/_test/clock', { now: '2026-06-01T09:00:00+08:00' })).status, 200);
  const zw = await as(server, 'zhangwei');
  for (let i = 0; i < 2; i++) {
    const r = await zw.post('/api/v1/customers', { kind: 'individual', name: `页面计划客户${i}`, mobile: mobile(), tags: [TAG] });
    assert.equal(r.status, 201, r.text);
  }
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

test('R-INT-9: a sales manager creates a plan for a tagged segment, previews it, activates it and sees it in the list with its results', async () => {
  const { context, page } = await newPage(browser);
  let id;
  try {
    await login(page, server.url, 'salesmgr');
    await byTest(page, 'nav-comm-plans').first().click();
    await byTest(page, 'cp-title').waitFor({ state: 'visible' });
    await byTest(page, 'cp-create').click();
    await input(page, 'cp-name').fill('页面建的关怀计划');
    await input(page, 'cp-goal').fill('了解使用情况');
    await input(page, 'cp-content').fill('问候，介绍以旧换新');
    await input(page, 'cp-seg-tag').fill(TAG);
    const previewed = waitApi(page, 'POST', /^\/api\/v1\/comm-plans\/preview$/);
    await byTest(page, 'cp-preview').click();
    assert.equal((await previewed).status(), 200);
    assert.match(await byTest(page, 'cp-reach').innerText(), /2/);
    const created = waitApi(page, 'POST', /^\/api\/v1\/comm-plans$/);
    await byTest(page, 'cp-save').click();
    const cr = await created;
    assert.equal(cr.status(), 201, await cr.text());
    const plan = await cr.json();
    id = plan.id;
    assert.deepEqual(plan.segment, { tag: TAG });
    assert.equal(plan.start_day, '2026-06-01', 'starts today by default');
    const row = page.locator(`[data-test="cp-row"][data-id="${id}"]`);
    await row.waitFor({ state: 'visible' });
    assert.equal(await row.getAttribute('data-state'), 'draft');
    const activated = waitApi(page, 'POST', new RegExp(`^/api/v1/comm-plans/${id}/activate$`));
    await row.locator('[data-test="cp-activate"]').click();
    assert.equal((await activated).status(), 200);
    await until(async () => (await row.getAttribute('data-state')) === 'active', 'the row shows the plan active');
    await page.screenshot({ path: artifact('comm-plans-list.png') });
  } finally {
    await context.close();
  }
  // the next morning's job
  assert.equal((await admin.put('/api/v1/_test/clock', { now: '2026-06-02T06:50:00+08:00' })).status, 200);
  assert.equal((await admin.post('/api/v1/_test/scheduler/tick')).status, 200);
  await until(async () => (await (await as(server, 'salesmgr')).get(`/api/v1/comm-plans/${id}`)).body.results.periods.some((p) => p.finished_at), 'the first period made');
  const { context: c2, page: p2 } = await newPage(browser, { width: 375, height: 812, mobile: true });
  try {
    await login(p2, server.url, 'salesmgr');
    await p2.goto(`${server.url}/comm-plans`);
    const row = p2.locator(`[data-test="cp-row"][data-id="${id}"]`);
    await row.waitFor({ state: 'visible' });
    assert.equal((await row.locator('[data-test="cp-tasks"]').innerText()).trim(), '2');
    await assertNoSideScroll(p2, 'the plans list');
    await byTest(p2, 'cp-create').click();
    await byTest(p2, 'cp-seg-tag').waitFor({ state: 'visible' });
    await assertNoSideScroll(p2, 'the plan form');
    await p2.screenshot({ path: artifact('comm-plan-form-375.png') });
    await p2.keyboard.press('Escape');
    await byTest(p2, 'cp-seg-tag').waitFor({ state: 'hidden' });
    await row.locator('[data-test="cp-open"]').click();
    await byTest(p2, 'cp-plan-name').waitFor({ state: 'visible' });
    assert.match(await byTest(p2, 'cp-r-tasks').innerText(), /2/);
    assert.equal(await p2.locator('[data-test="cp-period"]').count(), 1);
    assert.equal(await p2.locator('[data-test="cp-period"]').first().getAttribute('data-day'), '2026-06-01');
    assert.match(await byTest(p2, 'cp-plan-reach').innerText(), /2/);
    await assertNoSideScroll(p2, 'the plan\'s page');
    await p2.screenshot({ path: artifact('comm-plan-375.png'), fullPage: true });
  } finally {
    await c2.close();
  }
});
