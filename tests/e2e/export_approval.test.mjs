// Browser tests of approved exports (R-SEC-6, issue 12 item 5): a salesperson's export menu on
// the customer list asks for the export instead of making it; the customer-information
// supervisor is told by the bell and approves; the salesperson produces and downloads the file,
// once, from 我的导出申请, which then shows it produced. The request dialog, the page and a
// customer's request fit a 375 px phone. A direct exporter the server refuses as needing
// approval is offered the request instead.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, as, asAdmin, mobile } from '../lib/kehu.mjs';
import { launch, newPage, input, byTest, waitApi, login, artifact, until, pickOption, assertNoSideScroll, assertInside } from './helpers.mjs';

let server;
let browser;
const mine = [];
// Characters absent from the demo data, so the search finds only these customers.
const WORD = '鞠蕤导出';

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 3 }), launch()]);
  const admin = await asAdmin(server);
  assert.equal((await admin.put('/api/v1/_test/clock', { now: '2026-06-01T09:00:00+08:00' })).status, 200);
  const zw = await as(server, 'zhangwei');
  for (const name of [`${WORD}甲`, `${WORD}乙`, `${WORD}丙`]) {
    const r = await zw.post('/api/v1/customers', { kind: 'individual', name, mobile: mobile() });
    assert.equal(r.status, 201, r.text);
    mine.push(r.body);
  }
  // grade A (the sales manager's to give) for the two the filtered list exports; the third stays C
  const mgr = await as(server, 'salesmgr');
  for (const c of mine.slice(0, 2)) {
    const r = await mgr.patch(`/api/v1/customers/${c.id}`, { grade: 'A' });
    assert.equal(r.status, 200, r.text);
  }
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

/** The request's row on 我的导出申请 (a table row at 1440 px). */
const requestRow = (page, id) => page.locator('[data-test="exports-table"] .el-table__row')
  .filter({ has: page.locator(`[data-test="export-request-row"][data-id="${id}"]`) });

test('R-SEC-6: issue 12 item 5: a salesperson requests an export of the filtered list from the customer list, the information supervisor approves it from the bell, and the salesperson produces and downloads it once from 我的导出申请, which then shows it produced', async () => {
  let id;
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(page, server.url, 'zhangwei');
    await page.goto(`${server.url}/customers?q=${encodeURIComponent(WORD)}`);
    await until(async () => (await byTest(page, 'customer-row').count()) === 3, 'the three customers found');
    await byTest(page, 'toggle-filters').click();
    await pickOption(page, 'filter-grade', 'A级');
    const filtered = waitApi(page, 'GET', /^\/api\/v1\/customers$/);
    await byTest(page, 'filter-apply').click();
    assert.match((await filtered).url(), /grade=A/);
    await until(async () => (await byTest(page, 'customer-row').count()) === 2, 'the two A customers listed');
    const menuButton = byTest(page, 'export-menu');
    assert.match(await menuButton.innerText(), /申请导出/);
    let direct = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/exports') direct += 1; });
    await menuButton.click();
    await byTest(page, 'export-csv').click();
    const dialog = byTest(page, 'export-request-dialog');
    await dialog.waitFor({ state: 'visible' });
    assert.match(await byTest(page, 'export-request-why').innerText(), /导出客户资料须经总经理或客户信息主管批准/);
    const filterLine = page.locator('[data-test="export-request-filter"][data-key="q"]');
    assert.match(await filterLine.innerText(), new RegExp(`搜索：${WORD}`));
    assert.match(await page.locator('[data-test="export-request-filter"][data-key="grade"]').innerText(), /等级：A级/);
    assert.equal(await byTest(page, 'export-request-format').innerText(), 'CSV（UTF-8）');

    // reason and purpose are required: said on the fields, nothing sent
    await byTest(page, 'export-request-submit').click();
    await dialog.locator('.el-form-item__error').nth(1).waitFor({ state: 'visible' });
    assert.equal(await dialog.locator('.el-form-item__error').count(), 2);
    await input(page, 'export-request-reason').fill('季度回访名单');
    await input(page, 'export-request-purpose').fill('电话回访');
    const filed = waitApi(page, 'POST', /^\/api\/v1\/export-requests$/);
    await byTest(page, 'export-request-submit').click();
    const f = await filed;
    assert.equal(f.status(), 201, await f.text());
    const sent = JSON.parse(f.request().postData());
    assert.equal(sent.format, 'csv');
    assert.equal(sent.encoding, 'utf-8');
    assert.equal(sent.filter.q, WORD);
    assert.equal(sent.filter.grade, 'A');
    assert.equal(sent.reason, '季度回访名单');
    assert.equal(sent.purpose, '电话回访');
    id = (await f.json()).id;
    const done = byTest(page, 'export-request-done');
    await done.filter({ hasText: `#${id}` }).waitFor({ state: 'visible' });
    assert.match(await done.innerText(), /客户信息主管/);
    assert.equal(await byTest(page, 'export-request-link').getAttribute('href'), `/approvals/${id}`);
    await byTest(page, 'export-request-mine').waitFor({ state: 'visible' });
    await page.screenshot({ path: artifact('export-request-1440.png') });
    assert.equal(direct, 0, 'nothing was exported without approval');

    // 我的导出申请 lists it, waiting
    await byTest(page, 'export-request-mine').click();
    await page.waitForURL(/\/exports$/);
    const row = requestRow(page, id);
    await row.waitFor({ state: 'visible' });
    assert.match(await row.locator('[data-test="export-request-state"]').innerText(), /审批中/);
    assert.match(await row.locator('[data-test="export-request-summary"]').innerText(), /导出客户 2 位/);
    assert.equal(await row.locator('[data-test="export-produce"]').count(), 0, 'nothing to produce before the approval');
  } finally {
    await context.close();
  }

  const { context: c2, page: sup } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(sup, server.url, 'infosup');
    await byTest(sup, 'inbox-bell').click();
    const note = sup.locator(`[data-test="inbox-item"][data-request="${id}"]`).first();
    await note.waitFor({ state: 'visible' });
    await note.click();
    await sup.waitForURL(`**/approvals/${id}`);
    await byTest(sup, 'approval-reason').filter({ hasText: '季度回访名单' }).waitFor();
    assert.equal(await byTest(sup, 'approval-export').count(), 0, 'producing is the requester\'s');
    await byTest(sup, 'approval-approve').click();
    await input(sup, 'approval-comment').fill('同意导出');
    const approved = waitApi(sup, 'POST', new RegExp(`^/api/v1/approvals/${id}/approve$`));
    await byTest(sup, 'approval-confirm').click();
    const a = await approved;
    assert.equal(a.status(), 200, await a.text());
    await byTest(sup, 'approval-detail-state').filter({ hasText: '已同意' }).waitFor();
  } finally {
    await c2.close();
  }

  const { context: c3, page: zw } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(zw, server.url, 'zhangwei');
    const listed = waitApi(zw, 'GET', /^\/api\/v1\/export-requests$/);
    await byTest(zw, 'nav-exports').click();
    await listed;
    const row = requestRow(zw, id);
    await row.waitFor({ state: 'visible' });
    assert.match(await row.locator('[data-test="export-request-state"]').innerText(), /已同意/);
    const produce = row.locator('[data-test="export-produce"]');
    assert.match(await produce.innerText(), /生成并下载/);
    const started = waitApi(zw, 'POST', /^\/api\/v1\/exports$/);
    const download = zw.waitForEvent('download');
    await produce.click();
    const s = await started;
    assert.equal(s.status(), 202, await s.text());
    assert.deepEqual(JSON.parse(s.request().postData()), { approval_id: id });
    const d = await download;
    assert.match(d.suggestedFilename(), /\.csv$/);
    const text = readFileSync(await d.path(), 'utf8');
    assert.match(text.split('\n')[0], /导出人：张伟（zhangwei）/);
    assert.ok(text.includes(`${WORD}甲`) && text.includes(`${WORD}乙`), 'the approved rows');
    assert.ok(!text.includes(`${WORD}丙`), 'only the approved filter');
    // the row says it was produced, and offers the file again, not another production
    await row.locator('[data-test="export-produced"]').filter({ hasText: '已生成' }).waitFor();
    assert.equal(await row.locator('[data-test="export-produce"]').count(), 0);
    assert.match(await row.locator('[data-test="export-request-produced"]').innerText(), /^2026-06-01 \d\d:\d\d$/);
    await row.locator('[data-test="export-download"]').waitFor({ state: 'visible' });
    await zw.screenshot({ path: artifact('exports-produced-1440.png') });
    // on coming back the page finds the file still kept and downloads it again, the same file
    const jobAsked = waitApi(zw, 'GET', /^\/api\/v1\/jobs\/\d+$/);
    await zw.reload();
    assert.equal((await jobAsked).status(), 200);
    const again = zw.waitForEvent('download');
    await requestRow(zw, id).locator('[data-test="export-download"]').click();
    assert.equal(readFileSync(await (await again).path(), 'utf8'), text);
    assert.equal(await requestRow(zw, id).locator('[data-test="export-produce"]').count(), 0);
    // the request's page says so too
    await requestRow(zw, id).locator('[data-test="export-request-row"]').click();
    await zw.waitForURL(`**/approvals/${id}`);
    await byTest(zw, 'approval-export').filter({ hasText: '已于' }).waitFor();
    assert.equal(await byTest(zw, 'approval-produce').count(), 0);
  } finally {
    await c3.close();
  }
});

test('R-SEC-6: issue 12 item 5: at 375 px the request dialog, 我的导出申请 and a customer\'s request fit the screen; the request\'s page produces an approved one', async () => {
  const W = 375;
  const { context, page } = await newPage(browser, { width: W, height: 740, mobile: true });
  try {
    await login(page, server.url, 'zhangwei');
    await page.goto(`${server.url}/customers?q=${encodeURIComponent(WORD)}`);
    await until(async () => (await byTest(page, 'customer-row').count()) === 3, 'the three customers found');
    await byTest(page, 'export-menu').click();
    await byTest(page, 'export-xlsx').click();
    const dialog = byTest(page, 'export-request-dialog');
    await dialog.waitFor({ state: 'visible' });
    assert.equal(await byTest(page, 'export-request-format').innerText(), 'Excel (xlsx)');
    await assertNoSideScroll(page, 'the request dialog');
    await assertInside(byTest(page, 'export-request-why'), W, 'why');
    await assertInside(byTest(page, 'export-request-submit'), W, 'the submit button');
    await page.screenshot({ path: artifact('export-request-375.png') });
    await input(page, 'export-request-reason').fill('外出拜访名单');
    await input(page, 'export-request-purpose').fill('上门拜访');
    const filed = waitApi(page, 'POST', /^\/api\/v1\/export-requests$/);
    await byTest(page, 'export-request-submit').click();
    const f = await filed;
    assert.equal(f.status(), 201, await f.text());
    const id = (await f.json()).id;
    await byTest(page, 'export-request-done').filter({ hasText: `#${id}` }).waitFor({ state: 'visible' });
    await assertNoSideScroll(page, 'the submitted request');
    await assertInside(byTest(page, 'export-request-mine'), W, 'the link to my export requests');

    const sup = await as(server, 'infosup');
    assert.equal((await sup.post(`/api/v1/approvals/${id}/approve`, { comment: '同意' })).status, 200);
    await byTest(page, 'export-request-mine').click();
    await page.waitForURL(/\/exports$/);
    const card = page.locator(`[data-test="export-request-card"][data-id="${id}"]`);
    await card.waitFor({ state: 'visible' });
    await assertNoSideScroll(page, '我的导出申请');
    await assertInside(card, W, 'a request\'s card');
    await assertInside(card.locator('[data-test="export-produce"]'), W, 'the produce button');
    await page.screenshot({ path: artifact('exports-375.png'), fullPage: true });

    // the request's page produces it as the list does
    await card.locator('[data-test="export-request-row"]').click();
    await page.waitForURL(`**/approvals/${id}`);
    const produce = byTest(page, 'approval-produce');
    await produce.waitFor({ state: 'visible' });
    assert.match(await produce.innerText(), /生成导出文件/);
    await assertNoSideScroll(page, 'the approved request\'s page');
    await assertInside(produce, W, 'the produce button on the request\'s page');
    const started = waitApi(page, 'POST', /^\/api\/v1\/exports$/);
    const download = page.waitForEvent('download');
    await produce.click();
    assert.equal((await started).status(), 202);
    assert.match((await download).suggestedFilename(), /\.xlsx$/);
    await byTest(page, 'approval-export').filter({ hasText: '已于' }).waitFor();

    // one customer's file is asked for from its page
    await page.goto(`${server.url}/customers/${mine[0].id}`);
    const ask = byTest(page, 'export-customer');
    assert.match(await ask.innerText(), /申请导出/);
    await ask.click();
    await dialog.waitFor({ state: 'visible' });
    assert.equal(await byTest(page, 'export-request-customer').innerText(), `${mine[0].code} ${mine[0].name}`);
    assert.equal(await byTest(page, 'export-request-format').count(), 0);
    await assertNoSideScroll(page, 'a customer\'s request dialog');
    await input(page, 'export-request-reason').fill('核对档案');
    await input(page, 'export-request-purpose').fill('合同续签');
    const one = waitApi(page, 'POST', /^\/api\/v1\/export-requests$/);
    await byTest(page, 'export-request-submit').click();
    const o = await one;
    assert.equal(o.status(), 201, await o.text());
    assert.deepEqual(JSON.parse(o.request().postData()), { customer_id: mine[0].id, reason: '核对档案', purpose: '合同续签' });
  } finally {
    await context.close();
  }
});

test('R-SEC-6: issue 12 item 5: a direct export the server refuses as needing approval (the permissions changed meanwhile) opens the request dialog for that export', async () => {
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(page, server.url, 'gm');
    await page.goto(`${server.url}/customers?q=${encodeURIComponent(WORD)}`);
    await until(async () => (await byTest(page, 'customer-row').count()) === 3, 'the three customers found');
    assert.doesNotMatch(await byTest(page, 'export-menu').innerText(), /申请/, 'the GM exports directly');
    // the server's answer to a user who lost export.approve after the page was loaded
    await page.route('**/api/v1/exports', (route) => route.fulfill({
      status: 403,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'approval_required', field: 'approval_id', message: '导出客户资料须经批准', message_zh: '导出客户资料须经批准', message_en: 'Exporting customer records needs approval' } }),
    }));
    const refused = waitApi(page, 'POST', /^\/api\/v1\/exports$/);
    await byTest(page, 'export-menu').click();
    await byTest(page, 'export-csv-gbk').click();
    assert.equal((await refused).status(), 403);
    await byTest(page, 'export-request-dialog').waitFor({ state: 'visible' });
    assert.equal(await byTest(page, 'export-request-format').innerText(), 'CSV（GBK）');
    assert.match(await page.locator('[data-test="export-request-filter"][data-key="q"]').innerText(), new RegExp(WORD));
  } finally {
    await context.close();
  }
});
