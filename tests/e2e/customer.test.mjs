// Browser end-to-end tests of the customer archive (zh-CN UI, real `kehu serve`, Debian chromium).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, mobile as freshMobile } from '../lib/kehu.mjs';
import { launch, newPage, input, byTest, waitApi, login, artifact, until } from './helpers.mjs';

let server;
let browser;

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 30 }), launch()]);
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

// Characters absent from the demo data (src/demo) and the region names, so a search hits only our customer.
const NAME = '鞠蕤';
const PLACE_OLD = '四川绵阳';
const PLACE_NEW = '湖南湘潭';

test('R-PLT-1 R-ARC-4 R-ARC-9 R-ARC-12: log in, create a customer with a personal profile, find it by a 2-character name, edit a custom-profile field, see the change in field history', async () => {
  const { context, page } = await newPage(browser);
  try {
    await login(page, server.url, 'zhangwei');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    // a salesperson lands on "my day"; the customer list is in the menu
    await page.waitForURL(/\/my-day$/);
    await byTest(page, 'nav-customers').click();
    await page.waitForURL(/\/customers(\?.*)?$/);

    // --- create ---
    await byTest(page, 'new-customer').click();
    await page.waitForURL(/\/customers\/new$/);
    await byTest(page, 'field-kind-individual').waitFor();
    await byTest(page, 'field-kind-individual').click();
    await input(page, 'field-name').fill(NAME);
    const mob = freshMobile();
    await input(page, 'field-mobile').fill(mob);

    await byTest(page, 'field-templates').click();
    const opt = page.locator('.el-select-dropdown__item').filter({ hasText: '客户信息档案' }).first();
    await opt.click();
    await page.keyboard.press('Escape');
    await byTest(page, 'template-personal').waitFor({ state: 'visible' });
    await input(page, 'custom-native_place').fill(PLACE_OLD);

    const created = waitApi(page, 'POST', /^\/api\/v1\/customers$/);
    await byTest(page, 'save').click();
    const cr = await created;
    assert.ok(cr.status() === 201 || cr.status() === 200, `create: HTTP ${cr.status()} ${await cr.text()}`);
    const id = (await cr.json()).id;
    assert.ok(id, 'created customer has an id');
    await page.waitForURL(new RegExp(`/customers/${id}$`));

    // --- find by the 2-character name ---
    await byTest(page, 'nav-customers').click();
    await page.waitForURL(/\/customers(\?.*)?$/);
    await input(page, 'search-input').fill(NAME);
    const searched = page.waitForResponse((r) => {
      const u = new URL(r.url());
      return u.pathname === '/api/v1/customers' && u.searchParams.get('q') === NAME;
    });
    await byTest(page, 'search-button').click();
    const sr = await searched;
    assert.equal(sr.status(), 200);
    const found = (await sr.json()).items;
    assert.deepEqual(found.map((x) => x.name), [NAME], 'the API search returns exactly our customer');
    const rows = page.locator('[data-test="customer-row"]');
    await until(async () => (await rows.count()) === 1 && (await rows.first().getAttribute('data-id')) === String(id),
      'exactly one customer row for the search');
    assert.match(await rows.first().innerText(), new RegExp(NAME));
    // The search is in the URL (useList): the pager counts it, and a reload shows the same list.
    assert.equal(new URL(page.url()).searchParams.get('q'), NAME);
    await until(async () => (await byTest(page, 'list-total').innerText()) === '第 1–1 条，共 1 条', 'the pager counts one customer');
    await page.reload();
    await until(async () => (await rows.count()) === 1 && (await rows.first().getAttribute('data-id')) === String(id),
      'the reloaded page shows the same search');
    assert.equal(await input(page, 'search-input').inputValue(), NAME);
    await rows.first().getByRole('link', { name: NAME }).click();
    await page.waitForURL(new RegExp(`/customers/${id}(\\?.*)?$`));

    // --- customer page: heading and custom profile ---
    await until(async () => (await byTest(page, 'customer-name').textContent().catch(() => null)) === NAME, 'name heading');
    await byTest(page, 'tab-custom').click();
    const value = byTest(page, 'custom-value-native_place');
    await value.waitFor({ state: 'visible' });
    assert.match(await value.innerText(), new RegExp(PLACE_OLD));

    await byTest(page, 'edit-custom').click();
    await page.waitForURL(new RegExp(`/customers/${id}/edit$`));
    const place = input(page, 'custom-native_place');
    await place.waitFor({ state: 'visible' });
    assert.equal(await place.inputValue(), PLACE_OLD);
    await place.fill(PLACE_NEW);
    const patched = waitApi(page, 'PATCH', new RegExp(`^/api/v1/customers/${id}$`));
    await byTest(page, 'save').click();
    const pr = await patched;
    assert.equal(pr.status(), 200, `update: ${await pr.text()}`);
    await page.waitForURL(new RegExp(`/customers/${id}(\\?.*)?$`));
    await byTest(page, 'tab-custom').click();
    await until(async () => /湖南湘潭/.test((await value.innerText().catch(() => '')) || ''), 'updated custom value shown');

    // --- field history ---
    const hist = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/customers/${id}/field-history`);
    await byTest(page, 'tab-history').click();
    assert.equal((await hist).status(), 200);
    const row = page.locator('[data-test="field-history-row"][data-field*="native_place"]').first();
    await row.waitFor({ state: 'visible' });
    assert.equal((await row.locator('.old').innerText()).trim(), PLACE_OLD);
    assert.equal((await row.locator('.new').innerText()).trim(), PLACE_NEW);
    assert.match(await row.innerText(), /籍贯/, 'the field is shown by its Chinese label');
    await page.screenshot({ path: artifact('customer-field-history.png') });
  } finally {
    await context.close();
  }
});

test('R-PLT-1: on a 375 px phone screen the login works, the customer list shows cards and the menu opens', async () => {
  const { context, page } = await newPage(browser, { width: 375, height: 740, mobile: true });
  try {
    await page.goto(server.url + '/login');
    await byTest(page, 'login-submit').waitFor();
    await page.screenshot({ path: artifact('mobile-login.png') });
    await input(page, 'login-username').fill('zhangwei');
    await input(page, 'login-password').fill('kehu-demo-2026');
    await byTest(page, 'login-submit').click();
    // a salesperson lands on "my day" (R-INT-4); the customer list is one tap away in the menu
    await page.waitForURL(/\/my-day$/);
    await byTest(page, 'menu-toggle').click();
    const nav = byTest(page, 'nav-customers');
    await nav.waitFor({ state: 'visible' });
    await page.locator('.el-drawer').waitFor({ state: 'visible' });
    // wait for the drawer's slide-in to finish before the screenshot
    await until(async () => {
      const b = await page.locator('.el-drawer').boundingBox();
      return b && b.x >= 0;
    }, 'drawer opened');
    await page.screenshot({ path: artifact('mobile-menu.png') });
    const listed = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/customers' && r.request().method() === 'GET');
    await nav.click();
    await page.locator('.el-drawer').waitFor({ state: 'hidden' });
    assert.equal((await listed).status(), 200);
    await page.waitForURL(/\/customers(\?.*)?$/);

    const cards = page.locator('.m-card[data-test="customer-row"]');
    await cards.first().waitFor({ state: 'visible' });
    assert.ok((await cards.count()) >= 1);
    assert.equal(await byTest(page, 'customer-table').count(), 0, 'no wide table on a phone');
    // Nothing wider than the screen (no horizontal scrolling).
    const sw = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(sw <= 375, `page is ${sw} px wide`);
    const box = await cards.first().boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 375, 'card fits the screen');
    await page.screenshot({ path: artifact('mobile-list.png') });
  } finally {
    await context.close();
  }
});

test('R-ARC-7: an invalid mobile is refused and the server message is shown at the mobile field', async () => {
  const { context, page } = await newPage(browser);
  try {
    await login(page, server.url, 'zhangwei');
    await page.goto(server.url + '/customers/new');
    await input(page, 'field-name').fill('鞠芃');
    await input(page, 'field-mobile').fill('1234567');
    const created = waitApi(page, 'POST', /^\/api\/v1\/customers$/);
    await byTest(page, 'save').click();
    const r = await created;
    assert.equal(r.status(), 422);
    const err = (await r.json()).error;
    assert.equal(err.field, 'mobile');
    assert.ok(err.message);
    const item = page.locator('.el-form-item').filter({ has: page.locator('[data-test="field-mobile"]') });
    const msg = item.locator('.el-form-item__error');
    await msg.waitFor({ state: 'visible' });
    assert.equal((await msg.innerText()).trim(), err.message);
    assert.match(err.message, /手机/, 'zh-CN message');
    // nothing else is flagged and the form stays open
    assert.equal(await page.locator('.el-form-item__error').count(), 1);
    assert.match(page.url(), /\/customers\/new$/);
  } finally {
    await context.close();
  }
});
