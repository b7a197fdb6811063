// Browser tests of retention and destruction (R-SEC-7, issue 12 item 6): an archived customer
// whose retention period (general/* = 1 month) has passed is listed as due; the information
// supervisor ticks it and requests its destruction from 销毁管理; the general manager approves
// the request on its page; the register then shows the entry by the customer's code and without
// its name, and the customer's page is gone. The administrator edits the retention periods on
// Settings, and a bad value is shown on its row; the pages and the dialog fit a 375 px phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, mobile } from '../lib/kehu.mjs';
import { launch, newPage, input, byTest, waitApi, login, artifact, assertNoSideScroll, assertInside } from './helpers.mjs';

let server;
let browser;
let doomed;
const NAME = '销毁页客户戌';
const REASON = '保管期满，按档案管理规定销毁';

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 3 }), launch()]);
  let gm = await as(server, 'gm');
  assert.equal((await gm.put('/api/v1/_test/clock', { now: '2026-06-01T10:00:00+08:00' })).status, 200);
  gm = await as(server, 'gm');
  const zw = await as(server, 'zhangwei');
  const r = await zw.post('/api/v1/customers', { kind: 'individual', name: NAME, mobile: mobile(), category: 'general' });
  assert.equal(r.status, 201, r.text);
  doomed = r.body;
  assert.equal((await gm.post(`/api/v1/customers/${doomed.id}/archive`, {})).status, 200);
  const admin = await asAdmin(server);
  const rules = await admin.put('/api/v1/retention-rules', { rules: [
    { category: 'general', stage: '*', months: 1 }, { category: '*', stage: '*', months: 60 },
  ] });
  assert.equal(rules.status, 200, rules.text);
  // Two months on; sessions may not outlive the jump, so everyone signs in after it.
  assert.equal((await gm.put('/api/v1/_test/clock', { now: '2026-08-01T10:00:00+08:00' })).status, 200);
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

const dueRow = (page, id) => page.locator(`[data-test="due-row"][data-id="${id}"]`);

test('R-SEC-7: issue 12 item 6: the information supervisor requests the destruction of a customer past its retention period from the due list; the GM approves it; the register shows its code and not its name, and its page is gone', async () => {
  let id;
  // 1. infosup: the customer's page says how long it is kept; the due list has it; she requests its destruction
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(page, server.url, 'infosup');
    await page.goto(`${server.url}/customers/${doomed.id}`);
    const kept = byTest(page, 'customer-retention');
    await kept.waitFor({ state: 'visible' });
    assert.match(await kept.innerText(), /归档于 2026-06-01 10:00 · 保管至 2026-07-01/);
    await byTest(page, 'destroy-customer').waitFor({ state: 'visible' });

    await byTest(page, 'nav-destruction').first().click();
    await page.waitForURL('**/destruction');
    const row = dueRow(page, doomed.id);
    await row.waitFor({ state: 'visible' });
    assert.equal(await row.locator('[data-test="due-code"]').innerText(), doomed.code);
    assert.equal(await row.locator('[data-test="due-code"]').getAttribute('href'), `/customers/${doomed.id}`);
    assert.equal(await row.locator('[data-test="due-name"]').innerText(), NAME);
    assert.match(await row.locator('[data-test="due-since"]').innerText(), /^2026-07-01/);
    assert.ok(await byTest(page, 'due-request').isDisabled(), 'nothing ticked, nothing to request');
    await row.locator('[data-test="due-select"]').click();
    assert.match(await byTest(page, 'due-selected').innerText(), /已选 1 位/);
    await byTest(page, 'due-request').click();

    const dialog = byTest(page, 'destroy-dialog');
    await dialog.waitFor({ state: 'visible' });
    assert.equal(await dialog.locator('[data-test="destroy-customer"]').innerText(), doomed.code);
    assert.match(await input(page, 'destroy-reason').getAttribute('placeholder'), /请勿填写客户姓名/);
    // no reason: said on the field, nothing sent
    let posted = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/approvals') posted += 1; });
    await byTest(page, 'destroy-submit').click();
    await dialog.locator('.el-form-item').filter({ has: input(page, 'destroy-reason') }).locator('.el-form-item__error').waitFor({ state: 'visible' });
    assert.equal(posted, 0);

    await input(page, 'destroy-reason').fill(REASON);
    await input(page, 'destroy-purpose').fill('档案管理');
    const filed = waitApi(page, 'POST', /^\/api\/v1\/approvals$/);
    await byTest(page, 'destroy-submit').click();
    const f = await filed;
    assert.equal(f.status(), 201, await f.text());
    assert.deepEqual(JSON.parse(f.request().postData()), {
      kind: 'customer.destroy', subject: { customer_ids: [doomed.id] }, reason: REASON, purpose: '档案管理',
    });
    id = (await f.json()).id;
    await byTest(page, 'destroy-done').filter({ hasText: `#${id}` }).waitFor({ state: 'visible' });
    assert.equal(await byTest(page, 'destroy-link').getAttribute('href'), `/approvals/${id}`);
    await page.screenshot({ path: artifact('destruction-request-1440.png') });
    await byTest(page, 'destroy-link').click();
    await page.waitForURL(`**/approvals/${id}`);
    const summary = await byTest(page, 'approval-summary').innerText();
    assert.ok(summary.includes(doomed.code) && !summary.includes(NAME), summary);
  } finally {
    await context.close();
  }

  // 2. the GM approves it on the request's page, opened from the bell
  const g = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(g.page, server.url, 'gm');
    await byTest(g.page, 'inbox-bell').click();
    const note = g.page.locator(`[data-test="inbox-item"][data-request="${id}"]`).first();
    await note.waitFor({ state: 'visible' });
    await note.click();
    await g.page.waitForURL(`**/approvals/${id}`);
    await byTest(g.page, 'approval-reason').filter({ hasText: REASON }).waitFor();
    await byTest(g.page, 'approval-approve').click();
    await input(g.page, 'approval-comment').fill('同意销毁');
    const approved = waitApi(g.page, 'POST', new RegExp(`^/api/v1/approvals/${id}/approve$`));
    await byTest(g.page, 'approval-confirm').click();
    const a = await approved;
    assert.equal(a.status(), 200, await a.text());
    await byTest(g.page, 'approval-detail-state').filter({ hasText: '已同意' }).waitFor();
  } finally {
    await g.context.close();
  }

  // 3. infosup: the register has the entry by code only; the due list and the customer's page no longer have it
  const s = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(s.page, server.url, 'infosup');
    await s.page.goto(`${server.url}/destruction`);
    await byTest(s.page, 'due-table').waitFor({ state: 'visible' });
    await byTest(s.page, 'due-empty').or(byTest(s.page, 'due-row').first()).first().waitFor();
    assert.equal(await dueRow(s.page, doomed.id).count(), 0);
    const listed = waitApi(s.page, 'GET', /^\/api\/v1\/destructions$/);
    await byTest(s.page, 'tab-register').click();
    assert.equal((await listed).status(), 200);
    const entry = byTest(s.page, 'register-row').filter({ has: s.page.locator(`[data-test="register-code"]:text-is("${doomed.code}")`) });
    await entry.waitFor({ state: 'visible' });
    assert.equal(await entry.locator('[data-test="register-reason"]').innerText(), REASON);
    assert.equal(await entry.locator('[data-test="register-request"]').getAttribute('href'), `/approvals/${id}`);
    const wiped = entry.locator('[data-test="register-wiped"]');
    const state = await wiped.getAttribute('data-state');
    assert.ok(['wiping', 'wiped'].includes(state), state);
    if (state === 'wiping') assert.equal((await wiped.innerText()).trim(), '清除中');
    assert.ok(!(await byTest(s.page, 'register-table').innerText()).includes(NAME), 'the register holds no name');
    await s.page.screenshot({ path: artifact('destruction-register-1440.png') });

    await s.page.goto(`${server.url}/customers/${doomed.id}`);
    await byTest(s.page, 'customer-load-error').waitFor({ state: 'visible' });
    assert.equal(await byTest(s.page, 'customer-name').count(), 0);
  } finally {
    await s.context.close();
  }
});

test('R-SEC-7: issue 12 item 6: the administrator edits a retention period on Settings and saves it; a bad value is shown on its row and not sent; at 375 px the destruction page and the request dialog fit the screen', async () => {
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(page, server.url, 'admin', server.adminPassword);
    await page.goto(`${server.url}/admin/settings`);
    const card = byTest(page, 'retention-card');
    await card.waitFor({ state: 'visible' });
    const rows = card.locator('[data-test="retention-row"]');
    await rows.nth(1).waitFor();
    assert.equal(await rows.count(), 2);
    const months = (i) => rows.nth(i).locator('[data-test="retention-months"] input');
    assert.equal(await months(0).inputValue(), '1');
    assert.equal(await months(1).inputValue(), '60');

    // */* from 60 to 72 months: saved
    await months(1).fill('72');
    await months(1).press('Tab');
    const put = waitApi(page, 'PUT', /^\/api\/v1\/retention-rules$/);
    await byTest(page, 'retention-save').click();
    const p = await put;
    assert.equal(p.status(), 200, await p.text());
    assert.deepEqual(JSON.parse(p.request().postData()), { rules: [
      { category: 'general', stage: '*', months: 1 }, { category: '*', stage: '*', months: 72 },
    ] });
    const admin = await asAdmin(server);
    assert.deepEqual((await admin.get('/api/v1/retention-rules')).body.rules.map((r) => r.months), [1, 72]);

    // 1300 months: said on that row, nothing sent
    let sent = 0;
    page.on('request', (r) => { if (r.method() === 'PUT' && new URL(r.url()).pathname === '/api/v1/retention-rules') sent += 1; });
    await months(0).fill('1300');
    await months(0).press('Tab');
    await byTest(page, 'retention-save').click();
    const err = rows.nth(0).locator('.el-form-item__error');
    await err.waitFor({ state: 'visible' });
    assert.match(await err.innerText(), /0 到 1200/);
    assert.equal(await rows.nth(1).locator('.el-form-item__error').count(), 0);
    assert.equal(sent, 0);
    await page.screenshot({ path: artifact('retention-card-1440.png') });
  } finally {
    await context.close();
  }

  // a narrow phone: the due list and register scroll inside their box; the dialog fits
  const zw = await as(server, 'zhangwei');
  const r = await zw.post('/api/v1/customers', { kind: 'individual', name: '销毁页客户亥', category: 'general' });
  assert.equal(r.status, 201, r.text);
  assert.equal((await (await as(server, 'gm')).post(`/api/v1/customers/${r.body.id}/archive`, {})).status, 200);
  const m = await newPage(browser, { width: 375, height: 740, mobile: true });
  try {
    await login(m.page, server.url, 'infosup');
    await m.page.goto(`${server.url}/customers/${r.body.id}`);
    await byTest(m.page, 'customer-retention').waitFor({ state: 'visible' });
    assert.match(await byTest(m.page, 'customer-kept-until').innerText(), /保管至 2026-(08-31|09-01)/);
    await byTest(m.page, 'destroy-customer').click();
    const dialog = m.page.locator('.el-dialog').filter({ has: m.page.locator('[data-test="destroy-reason"]') });
    await dialog.waitFor({ state: 'visible' });
    await assertInside(dialog, 375, 'the request dialog');
    await assertInside(byTest(m.page, 'destroy-submit'), 375, 'its submit button');
    await m.page.screenshot({ path: artifact('destruction-dialog-375.png') });
    await m.page.keyboard.press('Escape');
    await m.page.goto(`${server.url}/destruction`);
    await byTest(m.page, 'due-table').waitFor({ state: 'visible' });
    await assertNoSideScroll(m.page, 'the due list');
    await byTest(m.page, 'tab-register').click();
    await byTest(m.page, 'register-row').first().waitFor({ state: 'visible' });
    await assertNoSideScroll(m.page, 'the register');
    await m.page.screenshot({ path: artifact('destruction-register-375.png') });
  } finally {
    await m.context.close();
  }
});
