// Browser tests of the departure handover (R-SEC-8, issue 12 item 7): switching off a user who
// still holds something is refused and opens the handover dialog on what they hold; a successor
// takes it all (a kind's own successor refused is said on that kind's line), the account is then
// disabled, the customer is the successor's and so is the approval step that waited on her (its
// history names the handover). The dialog fits a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, mobile } from '../lib/kehu.mjs';
import { launch, newPage, input, byTest, waitApi, login, artifact, until, pickOption, assertInside, assertNoSideScroll } from './helpers.mjs';

let server;
let browser;

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 1 }), launch()]);
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

const pick = (page, select, text) => pickOption(page, page.locator(`.el-dialog [data-test="${select}"]`), text);

const userRow = (page, username) => page.locator('[data-test="user-table"] .el-table__row').filter({ hasText: `${username}` }).first();

async function userId(admin, username) {
  const u = (await admin.get('/api/v1/users?limit=200')).body.items.find((x) => x.username === username);
  assert.ok(u, `user ${username}`);
  return u.id;
}

test('R-SEC-8: issue 12 item 7: switching off a salesperson who owns a customer is refused and opens the handover on what she holds; a successor who cannot own customers is refused on the customers line; handed over to a colleague with a reason, the account is disabled, the users table shows her inactive, the colleague owns her customer and decides the request that waited on her, whose history names the handover', async () => {
  const admin = await asAdmin(server);
  const lina = await as(server, 'lina');
  const c = await lina.post('/api/v1/customers', { kind: 'individual', name: '交接测试客户', mobile: mobile() });
  assert.equal(c.status, 201, c.text);
  const zhangweiId = await userId(admin, 'zhangwei');
  const linaId = await userId(admin, 'lina');
  // she heads her department, so the sales manager's request to read a branch's customer waits on her
  const dept = (await admin.get('/api/v1/users?limit=200')).body.items.find((x) => x.id === linaId).department_id;
  const head = await admin.patch(`/api/v1/departments/${dept}`, { head_id: linaId });
  assert.equal(head.status, 200, head.text);
  const theirs = await (await as(server, 'chenjing')).post('/api/v1/customers', { kind: 'individual', name: '分公司交接客户', mobile: mobile() });
  assert.equal(theirs.status, 201, theirs.text);
  const access = await (await as(server, 'salesmgr')).post('/api/v1/approvals', { kind: 'access.read', subject: { customer_ids: [theirs.body.id] }, reason: '协助跟进', purpose: '了解客户' });
  assert.equal(access.status, 201, access.text);

  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(page, server.url, 'admin', server.adminPassword);
    await page.goto(server.url + '/admin/users');
    await userRow(page, 'lina').locator('[data-test="user-handover"]').waitFor();
    assert.equal(await userRow(page, 'admin').locator('[data-test="user-handover"]').count(), 0, 'no handover of oneself');
    await userRow(page, 'lina').locator('[data-test="user-edit"]').click();
    await byTest(page, 'user-active').click();
    const refused = waitApi(page, 'PATCH', new RegExp(`^/api/v1/users/${linaId}$`));
    await byTest(page, 'user-save').click();
    const r = await refused;
    assert.equal(r.status(), 409);
    assert.equal((await r.json()).error.field, 'active');

    const dialog = byTest(page, 'handover-dialog');
    await dialog.waitFor({ state: 'visible' });
    await byTest(page, 'handover-notice').filter({ hasText: '离职交接' }).waitFor();
    const customers = dialog.locator('[data-test="handover-kind"][data-kind="customers"]');
    await customers.waitFor();
    for (const kind of ['department_head', 'approvals']) await dialog.locator(`[data-test="handover-kind"][data-kind="${kind}"]`).waitFor();
    assert.match(await customers.innerText(), /负责的客户/);
    assert.ok(Number(await customers.locator('[data-test="handover-count"]').innerText()) >= 1);
    const holdings = (await admin.get(`/api/v1/users/${linaId}/holdings`)).body;
    assert.equal(await dialog.locator('[data-test="handover-kind"]').count(), holdings.items.filter((h) => h.count > 0).length, 'every kind held, and only those');

    // the successor and the reason are asked before anything is sent
    await byTest(page, 'handover-submit').click();
    await dialog.locator('.el-form-item__error').first().waitFor({ state: 'visible' });
    await pick(page, 'handover-to', '张伟 (zhangwei)');
    await input(page, 'handover-reason').fill('李娜离职');

    // the customers' own successor is a technician, who cannot own customers: said on that line
    await pick(page, 'handover-successor-customers', '冯工 (jishu)');
    const wrong = waitApi(page, 'POST', new RegExp(`^/api/v1/users/${linaId}/handover$`));
    await byTest(page, 'handover-submit').click();
    const w = await wrong;
    assert.equal(w.status(), 422, await w.text());
    assert.equal((await w.json()).error.field, 'successors.customers');
    assert.equal(JSON.parse(w.request().postData()).to, zhangweiId);
    await byTest(page, 'handover-error-customers').waitFor({ state: 'visible' });

    await pick(page, 'handover-successor-customers', '张伟 (zhangwei)');
    const handed = waitApi(page, 'POST', new RegExp(`^/api/v1/users/${linaId}/handover$`));
    await byTest(page, 'handover-submit').click();
    const h = await handed;
    assert.equal(h.status(), 200, await h.text());
    assert.deepEqual(JSON.parse(h.request().postData()), { to: zhangweiId, reason: '李娜离职' });
    const moved = (await h.json()).moved;
    assert.ok(moved.some((m) => m.kind === 'customers' && m.to === zhangweiId && m.count >= 1), JSON.stringify(moved));
    await byTest(page, 'handover-moved-item').filter({ hasText: '负责的客户' }).filter({ hasText: '张伟' }).waitFor();
    await page.screenshot({ path: artifact('handover-done-1440.png') });

    const off = waitApi(page, 'PATCH', new RegExp(`^/api/v1/users/${linaId}$`));
    await byTest(page, 'handover-disable').click();
    const o = await off;
    assert.equal(o.status(), 200, await o.text());
    assert.deepEqual(JSON.parse(o.request().postData()), { active: false });
    await byTest(page, 'handover-disabled').waitFor();
    await byTest(page, 'handover-close').click();
    await dialog.waitFor({ state: 'hidden' });
    await byTest(page, 'user-save').waitFor({ state: 'hidden' });
    await until(async () => /停用/.test(await userRow(page, 'lina').innerText().catch(() => '')), 'lina shown inactive');
    assert.equal(await userRow(page, 'lina').locator('[data-test="user-handover"]').count(), 0, 'no handover of an inactive user');
  } finally {
    await context.close();
  }

  const zhangwei = await as(server, 'zhangwei');
  const got = await zhangwei.get(`/api/v1/customers/${c.body.id}`);
  assert.equal(got.status, 200, got.text);
  assert.equal(got.body.owner.id, zhangweiId);
  const history = (await zhangwei.get(`/api/v1/customers/${c.body.id}/owner-history`)).body.items;
  assert.ok(history.some((e) => e.to && e.to.id === zhangweiId && e.reason === '李娜离职'), JSON.stringify(history));
  assert.equal((await admin.get('/api/v1/users?limit=200')).body.items.find((u) => u.id === linaId).active, false);
  assert.equal((await admin.get(`/api/v1/users/${linaId}/holdings`)).body.total, 0, 'she holds nothing any more');

  // the request that waited on her is zhangwei's to decide, its history saying so
  const { context: c2, page: zw } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(zw, server.url, 'zhangwei');
    await zw.goto(`${server.url}/approvals/${access.body.id}`);
    await byTest(zw, 'approval-history').filter({ hasText: '转交接手人' }).waitFor();
    await byTest(zw, 'approval-approve').waitFor();
  } finally {
    await c2.close();
  }
});

test('R-SEC-8: issue 12 item 7: at 375 px the handover dialog opened from a user\'s row fits the screen, its successor lists included', async () => {
  const W = 375;
  const wangqiang = await as(server, 'wangqiang');
  const c = await wangqiang.post('/api/v1/customers', { kind: 'individual', name: '手机交接客户', mobile: mobile() });
  assert.equal(c.status, 201, c.text);
  const { context, page } = await newPage(browser, { width: W, height: 740, mobile: true });
  try {
    await login(page, server.url, 'admin', server.adminPassword);
    await page.goto(server.url + '/admin/users');
    const action = userRow(page, 'wangqiang').locator('[data-test="user-handover"]');
    await action.scrollIntoViewIfNeeded();
    await action.click();
    const dialog = byTest(page, 'handover-dialog');
    await dialog.locator('[data-test="handover-kind"][data-kind="customers"]').waitFor();
    await assertNoSideScroll(page, 'the handover dialog');
    await assertInside(dialog, W, 'the dialog');
    await assertInside(byTest(page, 'handover-to'), W, 'the successor select');
    await assertInside(byTest(page, 'handover-successor-customers'), W, 'the customers\' successor select');
    await assertInside(byTest(page, 'handover-submit'), W, 'the hand over button');
    await byTest(page, 'handover-to').click();
    const option = page.locator('.el-select-dropdown__item:visible').filter({ hasText: 'zhangwei' }).first();
    await option.waitFor();
    await assertNoSideScroll(page, 'the successor list');
    await assertInside(option, W, 'a successor of the list');
    await page.screenshot({ path: artifact('handover-375.png') });
    await option.click();
    await assertNoSideScroll(page, 'the dialog with a successor chosen');
  } finally {
    await context.close();
  }
});
