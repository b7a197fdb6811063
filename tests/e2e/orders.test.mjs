// Browser test of orders 订单 (issue 14 item 4): a salesperson places an order in the dialog — the
// customer searched, a product line at the product's price with a discount, a free-text line for
// the installation — sees each line's amount and the total worked out as typed, finds it listed
// with its amount, opens it and marks it delivered; a line the server refuses (its product
// deactivated meanwhile) is marked with the server's words; a confirmed order is changed, and
// cancelled only with a reason; the list, the dialog and an order's page on a 375 px phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, mobile } from '../lib/kehu.mjs';
import { launch, newPage, byTest, input, login, until, artifact, assertInside, assertNoSideScroll, pickOption, waitApi } from './helpers.mjs';

let server, browser, zw, mgr, customer, product, gone;

/** Fen as the pages show them: "2,598.00". */
const yuan = (fen) => `${Math.floor(fen / 100).toLocaleString('en-US')}.${String(fen % 100).padStart(2, '0')}`;

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 1 }), launch()]);
  zw = await as(server, 'zhangwei');
  const r = await zw.post('/api/v1/customers', { kind: 'individual', name: '订单浏览器客户', mobile: mobile() });
  assert.equal(r.status, 201, r.text);
  customer = r.body;
  product = (await zw.get('/api/v1/products?state=active&limit=200')).body.items.find((p) => p.price_fen > 10000);
  assert.ok(product, 'a product of the demo catalogue');
  mgr = await as(server, 'salesmgr');
  const g = await mgr.post('/api/v1/products', { code: 'E2E-GONE', name: '即将停产型号', unit: '台', price_fen: 9900 });
  assert.equal(g.status, 201, g.text);
  gone = g.body;
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

const row = (page, id) => page.locator(`[data-test="ord-row"][data-id="${id}"]`);
/** The el-form-item holding the element with data-test=name (the n-th), and its error text. */
const fieldError = (page, name, n = 0) => byTest(page, 'ord-dialog').locator('.el-form-item')
  .filter({ has: page.locator(`[data-test="${name}"]`) }).nth(n).locator('.el-form-item__error');

test('R-DEV-5: issue 14 item 4: a salesperson places an order with a product line and a free-text line in the dialog, sees the total, opens it and marks it delivered', async () => {
  const { context, page } = await newPage(browser);
  try {
    await login(page, server.url, 'zhangwei');
    await byTest(page, 'nav-orders').click();
    await page.waitForURL('**/orders');
    await byTest(page, 'ord-title').waitFor();

    await byTest(page, 'ord-add').click();
    const dialog = byTest(page, 'ord-dialog');
    await dialog.waitFor({ state: 'visible' });
    // An empty form is stopped here, at its fields, before anything is sent.
    let posted = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/orders') posted += 1; });
    await byTest(page, 'ord-save').click();
    await dialog.locator('.el-form-item__error').first().waitFor();
    assert.equal(posted, 0);

    // The customer, searched.
    const searched = waitApi(page, 'GET', /^\/api\/v1\/customers$/);
    await byTest(page, 'ord-customer').click();
    await page.keyboard.type('订单浏览器');
    await searched;
    await page.locator('[data-test="ord-customer-option"]:visible').filter({ hasText: customer.name }).first().click();
    // A product line takes the product's price; 2 of them less 50 yuan.
    await pickOption(page, byTest(page, 'ord-line-product').first(), product.code);
    assert.equal(await input(page, 'ord-line-price').inputValue(), yuan(product.price_fen).replace(/,/g, ''));
    await input(page, 'ord-line-quantity').fill('2');
    await input(page, 'ord-line-discount').fill('50');
    const first = 2 * product.price_fen - 5000;
    await until(async () => (await byTest(page, 'ord-line-amount').first().innerText()) === yuan(first), 'the product line\'s amount');
    // A free-text line: the installation, 150 yuan.
    await byTest(page, 'ord-add-text').click();
    const text = byTest(page, 'ord-line').nth(1);
    await text.locator('[data-test="ord-line-description"] input, input[data-test="ord-line-description"]').fill('安装费');
    await text.locator('[data-test="ord-line-price"] input, input[data-test="ord-line-price"]').fill('150');
    await until(async () => (await text.locator('[data-test="ord-line-amount"]').innerText()) === '150.00', 'the free-text line\'s amount');
    const total = first + 15000;
    assert.equal(await byTest(page, 'ord-total').innerText(), `订单合计 ${yuan(total)} 元`);
    // A discount larger than the line is stopped at its field.
    await text.locator('[data-test="ord-line-discount"] input, input[data-test="ord-line-discount"]').fill('150.01');
    await byTest(page, 'ord-save').click();
    await fieldError(page, 'ord-line-discount', 1).filter({ hasText: '折扣不能超过数量 × 单价' }).waitFor();
    assert.equal(posted, 0);
    await text.locator('[data-test="ord-line-discount"] input, input[data-test="ord-line-discount"]').fill('');
    await input(page, 'ord-delivery-due').fill('2030-01-15');
    await input(page, 'ord-delivery-due').press('Enter');
    await input(page, 'ord-notes').fill('送货上门');
    await page.screenshot({ path: artifact('orders-dialog.png') });

    // A product deactivated while the form was open: the server's refusal names the line, which is marked.
    await byTest(page, 'ord-add-product').click();
    await pickOption(page, byTest(page, 'ord-line').nth(2).locator('[data-test="ord-line-product"]'), gone.code);
    assert.equal((await mgr.patch(`/api/v1/products/${gone.id}`, { active: false })).status, 200);
    const refused = waitApi(page, 'POST', /^\/api\/v1\/orders$/);
    await byTest(page, 'ord-save').click();
    assert.equal((await refused).status(), 422);
    await byTest(page, 'ord-lines-error').filter({ hasText: '第 3 行：没有这个产品，或它已停用' }).waitFor();
    assert.match(await byTest(page, 'ord-line').nth(2).getAttribute('class'), /\brefused\b/);
    assert.doesNotMatch(await byTest(page, 'ord-line').nth(0).getAttribute('class'), /\brefused\b/);
    posted = 0;
    await byTest(page, 'ord-line').nth(2).locator('[data-test="ord-line-remove"]').click();

    const saved = waitApi(page, 'POST', /^\/api\/v1\/orders$/);
    await byTest(page, 'ord-save').click();
    const res = await saved;
    assert.equal(res.status(), 201, await res.text());
    assert.equal(posted, 1);
    assert.deepEqual(JSON.parse(res.request().postData()), {
      customer_id: customer.id, delivery_due: '2030-01-15', notes: '送货上门',
      lines: [
        { product_id: product.id, quantity: 2, price_fen: product.price_fen, discount_fen: 5000 },
        { description: '安装费', quantity: 1, price_fen: 15000 },
      ],
    }, 'the time is the server\'s now: not sent');
    const made = await res.json();
    assert.equal(made.amount_fen, total);
    assert.equal(made.state, 'confirmed');
    await dialog.waitFor({ state: 'hidden' });
    await byTest(page, 'ord-placed').filter({ hasText: made.code }).waitFor();

    // Listed with its amount, and its state.
    await row(page, made.id).waitFor();
    const tr = page.locator('tr', { has: row(page, made.id) });
    assert.equal(await tr.locator('[data-test="ord-amount-cell"]').innerText(), yuan(total));
    assert.equal(await tr.locator('[data-test="ord-state"]').getAttribute('data-state'), 'confirmed');
    assert.equal(await tr.locator('[data-test="ord-due-cell"]').innerText(), '2030-01-15');
    await page.screenshot({ path: artifact('orders-list.png') });

    // Its page: the lines and the total; marked delivered (asked first), now.
    await row(page, made.id).click();
    await page.waitForURL(`**/orders/${made.id}`);
    await until(async () => (await byTest(page, 'ord-line-row').count()) === 2, 'the lines');
    assert.equal(await byTest(page, 'ord-lines-total').innerText(), yuan(total));
    assert.equal(await byTest(page, 'ord-customer-link').innerText(), customer.name);
    await byTest(page, 'ord-deliver').click();
    await byTest(page, 'ord-deliver-dialog').waitFor({ state: 'visible' });
    assert.match(await byTest(page, 'ord-deliver-ask').innerText(), new RegExp(made.code));
    const delivered = waitApi(page, 'POST', new RegExp(`^/api/v1/orders/${made.id}/deliver$`));
    await byTest(page, 'ord-deliver-submit').click();
    const d = await delivered;
    assert.equal(d.status(), 200, await d.text());
    assert.deepEqual(JSON.parse(d.request().postData()), {}, 'delivered now');
    await until(async () => (await byTest(page, 'ord-state').getAttribute('data-state')) === 'delivered', 'shown delivered');
    assert.notEqual((await byTest(page, 'ord-field-delivered_at').locator('.v').innerText()).trim(), '—');
    assert.equal(await byTest(page, 'ord-edit').count(), 0, 'a delivered order is not changed');
    await byTest(page, 'attachments').waitFor();
    await page.screenshot({ path: artifact('orders-page.png'), fullPage: true });
  } finally {
    await context.close();
  }
  const back = (await zw.get(`/api/v1/orders?customer_id=${customer.id}&state=delivered`)).body.items;
  assert.equal(back.length, 1);
  assert.equal(back[0].amount_fen, 2 * product.price_fen - 5000 + 15000);
});

test('R-DEV-5: issue 14 item 4: a confirmed order is changed (only what changed is sent) and cancelled only with a reason, which its page then shows', async () => {
  const r = await zw.post('/api/v1/orders', { customer_id: customer.id, lines: [{ description: '滤芯更换', quantity: 3, price_fen: 9900 }] });
  assert.equal(r.status, 201, r.text);
  const { context, page } = await newPage(browser);
  try {
    await login(page, server.url, 'zhangwei');
    await page.goto(`${server.url}/orders/${r.body.id}`);
    // Changed while confirmed: only what changed is sent, the lines all together.
    await byTest(page, 'ord-edit').click();
    await byTest(page, 'ord-dialog').waitFor({ state: 'visible' });
    assert.equal(await input(page, 'ord-line-description').inputValue(), '滤芯更换');
    await input(page, 'ord-line-quantity').fill('2');
    await until(async () => (await byTest(page, 'ord-total').innerText()) === '订单合计 198.00 元', 'the new total');
    const patched = waitApi(page, 'PATCH', new RegExp(`^/api/v1/orders/${r.body.id}$`));
    await byTest(page, 'ord-save').click();
    const p = await patched;
    assert.equal(p.status(), 200, await p.text());
    assert.deepEqual(JSON.parse(p.request().postData()), { lines: [{ description: '滤芯更换', quantity: 2, price_fen: 9900 }] });
    await until(async () => (await byTest(page, 'ord-lines-total').innerText()) === '198.00', 'the page shows the change');

    await byTest(page, 'ord-cancel-order').click();
    const dialog = byTest(page, 'ord-cancel-dialog');
    await dialog.waitFor({ state: 'visible' });
    let posted = 0;
    page.on('request', (x) => { if (x.method() === 'POST' && /\/cancel$/.test(x.url())) posted += 1; });
    await byTest(page, 'ord-cancel-submit').click();
    await dialog.locator('.el-form-item__error').filter({ hasText: '请填写' }).waitFor();
    assert.equal(posted, 0);
    await input(page, 'ord-cancel-reason').fill('客户改变计划');
    const cancelled = waitApi(page, 'POST', new RegExp(`^/api/v1/orders/${r.body.id}/cancel$`));
    await byTest(page, 'ord-cancel-submit').click();
    assert.equal((await cancelled).status(), 200);
    await until(async () => (await byTest(page, 'ord-state').getAttribute('data-state')) === 'cancelled', 'shown cancelled');
    assert.match(await byTest(page, 'ord-field-cancel_reason').innerText(), /客户改变计划/);
    assert.equal(await byTest(page, 'ord-deliver').count(), 0);
  } finally {
    await context.close();
  }
});

test('R-DEV-5: R-PLT-1: the orders, the new-order dialog and an order on a 375 px phone', async () => {
  const r = await zw.post('/api/v1/orders', {
    customer_id: customer.id, delivery_due: '2030-02-01',
    lines: [{ product_id: product.id, quantity: 1 }, { description: '上门安装及调试（含辅材）', quantity: 1, price_fen: 20000 }],
  });
  assert.equal(r.status, 201, r.text);
  const { context, page } = await newPage(browser, { width: 375, height: 740, mobile: true });
  try {
    await login(page, server.url, 'zhangwei');
    await page.goto(server.url + '/orders');
    await byTest(page, 'ord-cards').waitFor();
    await row(page, r.body.id).waitFor();
    assert.equal(await row(page, r.body.id).locator('[data-test="ord-amount-cell"]').innerText(), yuan(product.price_fen + 20000));
    await assertNoSideScroll(page, 'the orders at 375 px');
    await assertInside(row(page, r.body.id), 375, 'an order\'s card');
    await page.screenshot({ path: artifact('orders-375.png'), fullPage: true });

    await byTest(page, 'ord-add').click();
    await byTest(page, 'ord-dialog').waitFor({ state: 'visible' });
    await byTest(page, 'ord-add-text').click();
    for (const name of ['ord-customer', 'ord-save', 'ord-add-text', 'ord-total']) await assertInside(byTest(page, name).first(), 375, name);
    for (const name of ['ord-line-description', 'ord-line-price', 'ord-line-discount', 'ord-line-remove']) await assertInside(byTest(page, name).last(), 375, name);
    await assertNoSideScroll(page, 'the new-order dialog at 375 px');
    await page.screenshot({ path: artifact('orders-dialog-375.png'), fullPage: true });
    await byTest(page, 'ord-cancel').click();

    await page.goto(`${server.url}/orders/${r.body.id}`);
    await until(async () => (await byTest(page, 'ord-line-row').count()) === 2, 'the lines');
    await assertNoSideScroll(page, 'an order at 375 px');
    for (const name of ['ord-edit', 'ord-deliver', 'ord-cancel-order']) await assertInside(byTest(page, name), 375, name);
    await page.screenshot({ path: artifact('order-375.png'), fullPage: true });
  } finally {
    await context.close();
  }
});
