// Browser test of the product catalogue 产品目录 (issue 14 item 2): a sales manager adds a product
// in the dialog (a taken code is refused at its field), deactivates one, imports a sheet; a
// salesperson reads the catalogue on a phone, without the managing buttons.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, as } from '../lib/kehu.mjs';
import { launch, newPage, byTest, input, login, until, artifact, assertNoSideScroll, waitApi } from './helpers.mjs';

let server, browser, dir, mgr;

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 1 }), launch()]);
  mgr = await as(server, 'salesmgr');
  const r = await mgr.post('/api/v1/products', { code: 'E2E-OLD', name: '旧款净化器', category: '家电', unit: '台', price_fen: 99900 });
  assert.equal(r.status, 201, r.text);
  dir = mkdtempSync(join(tmpdir(), 'kehu-pr-'));
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const row = (page, code) => page.locator(`[data-test="pr-row"][data-code="${code}"]`);

test('R-DEV-3: issue 14 item 2: a sales manager adds a product, is refused a taken code at its field, deactivates the old one and imports a sheet', async () => {
  const { context, page } = await newPage(browser);
  try {
    await login(page, server.url, 'salesmgr');
    await byTest(page, 'nav-products').click();
    await row(page, 'E2E-OLD').waitFor();
    // A taken code: the server's refusal shows at the code.
    await byTest(page, 'pr-add').click();
    await input(page, 'pr-code').fill('e2e-old');
    await input(page, 'pr-name').fill('重复编码');
    await byTest(page, 'pr-save').click();
    await until(async () => /已被其他产品使用/.test(await byTest(page, 'pr-dialog').textContent()), 'the refusal at the code');
    // A new product, the price typed in yuan.
    await input(page, 'pr-code').fill('e2e-new');
    await input(page, 'pr-name').fill('新款净化器');
    await input(page, 'pr-model').fill('KX-200');
    await input(page, 'pr-unit').fill('台');
    await input(page, 'pr-price').fill('1,280.50');
    await input(page, 'pr-warranty').fill('24');
    const saved = waitApi(page, 'POST', /^\/api\/v1\/products$/);
    await byTest(page, 'pr-save').click();
    assert.equal((await saved).status(), 201);
    await row(page, 'E2E-NEW').waitFor();
    const priceCell = page.locator('tr', { has: row(page, 'E2E-NEW') }).locator('[data-test="pr-price-cell"]');
    assert.equal((await priceCell.textContent()).trim(), '1,280.50');
    await page.screenshot({ path: artifact('products-list.png') });
    // Deactivate the old one (asked first): it leaves the default list, and shows under "deactivated".
    await page.locator('tr', { has: row(page, 'E2E-OLD') }).locator('[data-test="pr-deactivate"]').click();
    await page.locator('.el-message-box__btns .el-button--primary').click();
    await until(async () => (await row(page, 'E2E-OLD').count()) === 0, 'the old product leaves the list');
    // Import a sheet: preview names the bad row; the import adds the good one.
    const path = join(dir, '产品.csv');
    writeFileSync(path, '产品编码,产品名称,单价(元)\nE2E-IMP,导入的滤网,99\nE2E-BAD,价格错,9.999\n');
    await byTest(page, 'pr-import').click();
    await byTest(page, 'pi-file').setInputFiles(path);
    await byTest(page, 'pi-preview').click();
    await byTest(page, 'pi-summary').waitFor();
    assert.equal((await byTest(page, 'pi-valid').textContent()).trim(), '1');
    assert.match(await byTest(page, 'pi-error-row').first().textContent(), /第 3 行.*单价/);
    await byTest(page, 'pi-import').click();
    await until(async () => (await byTest(page, 'pi-created').count()) > 0, 'the import result');
    assert.equal((await byTest(page, 'pi-created').textContent()).trim(), '1');
  } finally {
    await context.close();
  }
  const imported = (await mgr.get('/api/v1/products?q=E2E-IMP')).body.items;
  assert.equal(imported[0].price_fen, 9900);
  assert.equal((await mgr.get('/api/v1/products?q=E2E-OLD&state=inactive')).body.items.length, 1);
});

test('R-PLT-1: issue 14 item 2: a salesperson reads the catalogue on a 375 px phone as cards, with no button to change it', async () => {
  const { context, page } = await newPage(browser, { width: 375, height: 740, mobile: true });
  try {
    await login(page, server.url, 'zhangwei');
    await page.goto(server.url + '/products');
    await byTest(page, 'pr-cards').waitFor();
    await until(async () => (await byTest(page, 'pr-row').count()) > 0, 'the catalogue');
    assert.equal(await byTest(page, 'pr-add').count(), 0);
    assert.equal(await byTest(page, 'pr-edit').count(), 0);
    await input(page, 'pr-q').fill('净化器');
    await input(page, 'pr-q').press('Enter');
    await until(async () => (await byTest(page, 'pr-row').count()) === 1, 'the search');
    await assertNoSideScroll(page, 'the catalogue at 375 px');
    await page.screenshot({ path: artifact('products-375.png'), fullPage: true });
  } finally {
    await context.close();
  }
});
