// Browser tests of secrecy levels (issue 12 item 2): the GM marks a customer confidential on its
// form, the badge and the custodian show on its page; its owner, a salesperson cleared for normal
// records only, no longer finds it; the information supervisor, cleared for confidential records,
// does, also on a phone. The administrator raising a user's clearance is offered an approval request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin } from '../lib/kehu.mjs';
import { launch, newPage, input, byTest, waitApi, login, artifact, until, pickOption } from './helpers.mjs';

let server;
let browser;

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 100 }), launch()]);
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

/** Search the customer list for `q` and wait for the answer. */
async function search(page, q) {
  await page.goto(server.url + '/customers');
  await input(page, 'search-input').fill(q);
  const listed = waitApi(page, 'GET', /^\/api\/v1\/customers$/);
  await byTest(page, 'search-button').click();
  assert.equal((await listed).status(), 200);
}

test('R-SEC-2: issue 12 item 2: the GM marks a customer confidential; its badge shows, the owner no longer finds it, the information supervisor does', async () => {
  const sales = await as(server, 'zhangwei');
  const gm = await as(server, 'gm');
  const owned = (await gm.get(`/api/v1/customers?owner_id=${sales.user.id}&limit=50`)).body.items;
  const cust = owned.find((c) => c.secrecy === 'normal' && !c.archived);
  assert.ok(cust, 'zhangwei owns a normal customer');

  // the GM sets the level on the customer's form
  let { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(page, server.url, 'gm');
    await page.goto(`${server.url}/customers/${cust.id}`);
    await byTest(page, 'customer-name').waitFor();
    assert.equal(await byTest(page, 'secrecy-badge').count(), 0, 'no badge on a normal record');
    await byTest(page, 'edit-customer').click();
    await byTest(page, 'field-secrecy').waitFor();
    await pickOption(page, 'field-secrecy', '机密');
    const saved = waitApi(page, 'PATCH', new RegExp(`^/api/v1/customers/${cust.id}$`));
    await byTest(page, 'save').click();
    const r = await saved;
    assert.equal(r.status(), 200, await r.text());
    assert.equal(JSON.parse(r.request().postData()).secrecy, 'confidential');
    await page.waitForURL(new RegExp(`/customers/${cust.id}$`));
    await byTest(page, 'secrecy-badge').filter({ hasText: '机密' }).waitFor({ state: 'visible' });
    await byTest(page, 'customer-custodian').filter({ hasText: '孙慧敏' }).waitFor({ state: 'visible' });
    await page.screenshot({ path: artifact('secrecy-customer-1440.png') });
  } finally { await context.close(); }
  assert.equal((await gm.get(`/api/v1/customers/${cust.id}`)).body.secrecy, 'confidential');

  // the owner no longer finds it
  ({ context, page } = await newPage(browser, { width: 1440, height: 900 }));
  try {
    await login(page, server.url, 'zhangwei');
    await search(page, cust.code);
    await byTest(page, 'customer-table').waitFor();
    assert.equal(await page.locator(`[data-test="customer-row"][data-id="${cust.id}"]`).count(), 0, 'not in the owner\'s list');
    await page.goto(`${server.url}/customers/${cust.id}`);
    await page.locator('.el-alert').filter({ hasText: '客户不存在或无权查看' }).waitFor({ state: 'visible' });
  } finally { await context.close(); }

  // the information supervisor does, with the badge, on a desktop and on a phone
  for (const [width, mobile] of [[1440, false], [375, true]]) {
    ({ context, page } = await newPage(browser, { width, height: mobile ? 800 : 900, mobile }));
    try {
      await login(page, server.url, 'infosup');
      await search(page, cust.code);
      const row = page.locator(`[data-test="customer-row"][data-id="${cust.id}"]`);
      await row.waitFor({ state: 'visible' });
      const badge = row.locator('[data-test="secrecy-badge"]');
      assert.equal((await badge.innerText()).trim(), '机密');
      if (mobile) {
        const b = await badge.boundingBox();
        assert.ok(b && b.x >= 0 && b.x + b.width <= width, `the badge fits on a ${width} px screen`);
        const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
        assert.ok(sw <= cw, `the list is ${sw} px wide on a ${cw} px screen`);
        await page.screenshot({ path: artifact('secrecy-list-375.png') });
      }
    } finally { await context.close(); }
  }
});

test('R-SEC-2: issue 12 item 2: the administrator raises the customer service manager\'s clearance on the users page and is offered an approval request of kind account.change', async () => {
  const admin = await asAdmin(server);
  const before = (await admin.get('/api/v1/users')).body.items.find((u) => u.username === 'csmanager');
  assert.equal(before.clearance, 'normal');
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(page, server.url, 'admin', server.adminPassword);
    await page.goto(server.url + '/admin/users');
    const row = page.locator('[data-test="user-table"] .el-table__row').filter({ hasText: 'csmanager' }).first();
    await row.waitFor();
    assert.match(await row.locator('[data-test="user-clearance"]').innerText(), /普通/);
    await row.locator('[data-test="user-clearance-by-role"]').waitFor();
    await row.locator('[data-test="user-edit"]').click();
    await pickOption(page, 'user-clearance-select', '机密');
    // the ordinary fields first, then the clearance alone
    const patches = [];
    page.on('response', (x) => { if (x.request().method() === 'PATCH' && /^\/api\/v1\/users\/\d+$/.test(new URL(x.url()).pathname)) patches.push(x); });
    await byTest(page, 'user-save').click();
    const r = await until(() => patches.find((x) => x.status() !== 200), 'the clearance refused');
    assert.deepEqual(JSON.parse(r.request().postData()), { clearance: 'confidential' });
    assert.equal(r.status(), 403);
    assert.equal((await r.json()).error.code, 'approval_required');
    const dialog = byTest(page, 'second-person-dialog');
    await dialog.waitFor({ state: 'visible' });
    assert.match(await byTest(page, 'second-person-why').innerText(), /钱丽华.*机密/);
    await byTest(page, 'second-person-command').filter({ hasText: 'kehu user clearance csmanager confidential' }).waitFor();
    await input(page, 'second-person-reason').fill('负责机密客户的投诉处理');
    const submitted = waitApi(page, 'POST', /^\/api\/v1\/approvals$/);
    await byTest(page, 'second-person-submit').click();
    const s = await submitted;
    assert.equal(s.status(), 201, await s.text());
    const sent = JSON.parse(s.request().postData());
    assert.equal(sent.kind, 'account.change');
    assert.deepEqual(sent.subject, { user_id: before.id, clearance: 'confidential' });
    await byTest(page, 'second-person-done').waitFor({ state: 'visible' });
  } finally { await context.close(); }
  const after = (await admin.get('/api/v1/users')).body.items.find((u) => u.username === 'csmanager');
  assert.equal(after.clearance, 'normal', 'nothing changes before the approval');
});

test('R-SEC-2: issue 12 item 2: the administrator names the custodians of the secrecy levels on the settings page, and is told on the field when the user is not cleared for the level', async () => {
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(page, server.url, 'admin', server.adminPassword);
    await page.goto(server.url + '/admin/settings');
    const card = byTest(page, 'secrecy-levels');
    await card.waitFor();
    assert.match(await byTest(page, 'secrecy-level-normal').innerText(), /普通/);
    await byTest(page, 'custodian-confidential').locator('input').first().waitFor();
    assert.match(await byTest(page, 'secrecy-level-confidential').innerText(), /孙慧敏/);
    // infosup reads confidential records only: refused for top secret, the message on the field
    let put = waitApi(page, 'PUT', /^\/api\/v1\/secrecy-levels\/top_secret$/);
    await pickOption(page, 'custodian-top_secret', '孙慧敏');
    assert.equal((await put).status(), 422);
    await byTest(page, 'secrecy-level-top_secret').locator('.el-form-item__error').waitFor({ state: 'visible' });
    // the GM reads every level
    put = waitApi(page, 'PUT', /^\/api\/v1\/secrecy-levels\/confidential$/);
    await pickOption(page, 'custodian-confidential', '赵总');
    const r = await put;
    assert.equal(r.status(), 200, await r.text());
    assert.equal((await r.json()).items.find((l) => l.level === 'confidential').custodian.username, 'gm');
    await page.screenshot({ path: artifact('secrecy-custodians-1440.png') });
  } finally { await context.close(); }
});
