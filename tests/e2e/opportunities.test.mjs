// Browser test of opportunities 商机 and the sales funnel 销售漏斗 (R-DEV-3): a salesperson creates an
// opportunity in the dialog (customer searched, amount in yuan, a product line at the product's
// price), finds it on the board, moves it by its "move to" menu and by dragging it, sees the
// funnel's count per stage follow, reads its stage history and closes it as lost (a reason
// required); the board and the funnel on a 375 px phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as } from '../lib/kehu.mjs';
import { launch, newPage, byTest, input, login, until, artifact, assertInside, assertNoSideScroll, pickOption, waitApi } from './helpers.mjs';

let server, browser, zw, customer, stages;

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 1 }), launch()]);
  zw = await as(server, 'zhangwei');
  const r = await zw.post('/api/v1/customers', { kind: 'individual', name: '商机浏览器客户', mobile: '13700138021' });
  assert.equal(r.status, 201, r.text);
  customer = r.body;
  stages = (await zw.get('/api/v1/opportunity-stages')).body.items;
  assert.ok(stages.length >= 3, 'the default stages');
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

const column = (page, stage) => page.locator(`[data-test="opp-column"][data-stage-id="${stage.id}"]`);
const card = (page, id) => page.locator(`[data-test="opp-card"][data-id="${id}"]`);

/** The funnel table's open count of each stage, by its Chinese name. */
async function funnelCounts(page) {
  await byTest(page, 'opp-funnel-row').first().waitFor();
  const rows = byTest(page, 'opp-funnel-row');
  const out = {};
  for (let i = 0; i < await rows.count(); i++) {
    const row = rows.nth(i);
    out[await row.getAttribute('data-stage-name')] = Number((await row.locator('[data-test="opp-funnel-count"]').textContent()).trim());
  }
  return out;
}

test('R-DEV-3: a salesperson creates an opportunity in the dialog, moves it on the board by menu and by drag, and the funnel follows', async () => {
  const [first, second, third] = stages;
  const { context, page } = await newPage(browser);
  try {
    await login(page, server.url, 'zhangwei');
    // The funnel before: the counts per stage.
    await byTest(page, 'nav-opportunity-funnel').click();
    const before = await funnelCounts(page);

    // A new opportunity from the board's dialog.
    await byTest(page, 'nav-opportunities').click();
    await byTest(page, 'opp-board').waitFor();
    await column(page, first).waitFor();
    await byTest(page, 'opp-add').click();
    const dialog = byTest(page, 'opp-dialog');
    await dialog.waitFor();
    // Saving an empty form is refused here, at its fields.
    await byTest(page, 'opp-save').click();
    await dialog.locator('.el-form-item__error').first().waitFor();
    const searched = waitApi(page, 'GET', /^\/api\/v1\/customers$/);
    await input(page, 'opp-customer').fill('商机浏览器');
    await searched;
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: customer.name }).first().click();
    await input(page, 'opp-title').fill('净水器 20 台');
    await input(page, 'opp-amount').fill('25,600');
    await input(page, 'opp-expected-close').fill('2027-01-15');
    await input(page, 'opp-expected-close').press('Enter');
    assert.equal(await input(page, 'opp-probability').inputValue(), String(first.probability), 'the first stage\'s probability');
    // A product line takes the product's price.
    await byTest(page, 'opp-line-add').click();
    await pickOption(page, byTest(page, 'opp-line-product').first(), 'JS-A1');
    assert.equal(await input(page, 'opp-line-price').inputValue(), '2688.00');
    await input(page, 'opp-line-quantity').fill('2');
    assert.match(await byTest(page, 'opp-lines-total').textContent(), /5,376\.00/);
    const posted = waitApi(page, 'POST', /^\/api\/v1\/opportunities$/);
    await byTest(page, 'opp-save').click();
    const res = await posted;
    assert.equal(res.status(), 201, await res.text());
    const made = await res.json();
    assert.equal(made.amount_fen, 2560000);
    assert.equal(made.stage.id, first.id);
    assert.deepEqual(made.products.map((p) => [p.code, p.quantity, p.price_fen]), [['JS-A1', 2, 268800]]);

    // On the board, in the first stage's column.
    await column(page, first).locator(`[data-test="opp-card"][data-id="${made.id}"]`).waitFor();
    assert.match(await card(page, made.id).textContent(), /25,600\.00/);
    assert.match(await card(page, made.id).textContent(), /商机浏览器客户/);

    // Moved by its "move to" menu (the way on a phone or by keyboard).
    let patched = waitApi(page, 'PATCH', new RegExp(`^/api/v1/opportunities/${made.id}$`));
    await card(page, made.id).locator('[data-test="opp-move"]').click();
    await page.locator(`[data-test="opp-move-stage"][data-stage-id="${second.id}"]:visible`).click();
    assert.equal((await patched).status(), 200);
    await column(page, second).locator(`[data-test="opp-card"][data-id="${made.id}"]`).waitFor();

    // Dragged to the third stage's column (a synthetic drag can be lost on a loaded machine: again,
    // at most three times, each waiting for the move's request).
    let moved3 = false;
    for (let i = 0; i < 3 && !moved3; i++) {
      patched = waitApi(page, 'PATCH', new RegExp(`^/api/v1/opportunities/${made.id}$`));
      await page.dragAndDrop(`[data-test="opp-card"][data-id="${made.id}"]`, `[data-test="opp-column"][data-stage-id="${third.id}"]`);
      moved3 = await patched.then((r) => r.status() === 200, () => false);
    }
    assert.ok(moved3, 'the drag moved the opportunity');
    await column(page, third).locator(`[data-test="opp-card"][data-id="${made.id}"]`).waitFor();
    await until(async () => (await column(page, third).locator('[data-test="opp-col-count"]').textContent()).trim() !== '0', 'the column count');
    await page.screenshot({ path: artifact('opportunities-board.png') });
    const moved = (await zw.get(`/api/v1/opportunities/${made.id}`)).body;
    assert.equal(moved.stage.id, third.id);
    assert.equal(moved.probability, third.probability, 'a move takes the stage\'s probability');
    assert.equal(moved.history.length, 3);

    // The funnel: one more in the third stage, the first and second as they were.
    await byTest(page, 'nav-opportunity-funnel').click();
    await until(async () => (await funnelCounts(page))[third.name] === (before[third.name] || 0) + 1, 'the funnel counts the move');
    const after = await funnelCounts(page);
    assert.equal(after[first.name], before[first.name] || 0);
    assert.equal(after[second.name], before[second.name] || 0);
    await byTest(page, 'opp-funnel-chart').locator('canvas').first().waitFor();
    await byTest(page, 'opp-forecast-chart').locator('canvas').first().waitFor();
    await page.screenshot({ path: artifact('opportunities-funnel.png'), fullPage: true });

    // Its page: the stage history; lost needs a reason.
    await page.goto(`${server.url}/opportunities/${made.id}`);
    await until(async () => (await byTest(page, 'opp-history-row').count()) === 3, 'the stage history');
    assert.match(await byTest(page, 'opp-history-duration').last().textContent(), /分钟|小时|天/);
    await byTest(page, 'opp-lost').click();
    await byTest(page, 'opp-close-submit').click();
    await byTest(page, 'opp-close-dialog').locator('.el-form-item__error').waitFor();
    await input(page, 'opp-close-reason').fill('价格高于竞品');
    const closed = waitApi(page, 'POST', new RegExp(`^/api/v1/opportunities/${made.id}/close$`));
    await byTest(page, 'opp-close-submit').click();
    assert.equal((await closed).status(), 200);
    await until(async () => (await byTest(page, 'opp-state').first().getAttribute('data-state')) === 'lost', 'shown lost');
    assert.match(await byTest(page, 'opp-field-close_reason').textContent(), /价格高于竞品/);
    // A salesperson does not reopen (the general manager and sales managers do).
    assert.equal(await byTest(page, 'opp-reopen').count(), 0);
  } finally {
    await context.close();
  }
});

test('R-DEV-3: R-PLT-1: the board and the funnel on a 375 px phone', async () => {
  const r = await zw.post('/api/v1/opportunities', { customer_id: customer.id, title: '手机上的商机', amount_fen: 99900, expected_close: '2027-02-01' });
  assert.equal(r.status, 201, r.text);
  const { context, page } = await newPage(browser, { width: 375, height: 740, mobile: true });
  try {
    await login(page, server.url, 'zhangwei');
    await page.goto(server.url + '/opportunities');
    await card(page, r.body.id).waitFor();
    await assertNoSideScroll(page, 'the board at 375 px');
    await assertInside(byTest(page, 'opp-drop-won'), 375, 'the won zone');
    await assertInside(byTest(page, 'opp-drop-lost'), 375, 'the lost zone');
    await assertInside(card(page, r.body.id), 375, 'the card');
    await assertInside(card(page, r.body.id).locator('[data-test="opp-move"]'), 375, 'the card\'s move menu');
    // The columns scroll sideways inside the board, not the page.
    const [sw, cw] = await byTest(page, 'opp-board').evaluate((el) => [el.scrollWidth, el.clientWidth]);
    assert.ok(sw > cw, `the board scrolls sideways (${sw} in ${cw})`);
    await page.screenshot({ path: artifact('opportunities-board-375.png'), fullPage: true });

    await page.goto(server.url + '/opportunities/funnel');
    await byTest(page, 'opp-funnel-chart').locator('canvas').first().waitFor();
    await byTest(page, 'opp-forecast-chart').locator('canvas').first().waitFor();
    await assertNoSideScroll(page, 'the funnel at 375 px');
    await assertInside(byTest(page, 'opp-funnel-chart'), 375, 'the funnel chart');
    await assertInside(byTest(page, 'opp-forecast-chart'), 375, 'the forecast chart');
    await page.screenshot({ path: artifact('opportunities-funnel-375.png'), fullPage: true });
  } finally {
    await context.close();
  }
});
