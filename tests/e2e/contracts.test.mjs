// Browser test of contracts 合同 (R-DEV-4): a salesperson creates a contract below the approval
// threshold in the dialog (customer searched, amount in yuan, period), submits it and sees it
// active with its days left; renews it and lands on the new draft, which links back to the old
// one, and the old one links to it; the list, the dialog and a contract's page on a 375 px phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, mobile } from '../lib/kehu.mjs';
import { launch, newPage, byTest, input, login, until, artifact, assertInside, assertNoSideScroll, waitApi } from './helpers.mjs';

let server, browser, zw, customer;

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 1 }), launch()]);
  zw = await as(server, 'zhangwei');
  const r = await zw.post('/api/v1/customers', { kind: 'individual', name: '合同浏览器客户', mobile: mobile() });
  assert.equal(r.status, 201, r.text);
  customer = r.body;
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

const row = (page, id) => page.locator(`[data-test="ctr-row"][data-id="${id}"]`);

/** Types a day into the date picker inside data-test=name and closes it. */
async function day(page, name, value) {
  await input(page, name).fill(value);
  await input(page, name).press('Enter');
}

test('R-DEV-4: a salesperson creates a contract below the approval threshold, submits it, sees it active, renews it and lands on the draft that links back', async () => {
  const { context, page } = await newPage(browser);
  try {
    await login(page, server.url, 'zhangwei');
    await byTest(page, 'nav-contracts').click();
    await page.waitForURL('**/contracts');
    await byTest(page, 'ctr-title').waitFor();

    await byTest(page, 'ctr-add').click();
    const dialog = byTest(page, 'ctr-dialog');
    await dialog.waitFor({ state: 'visible' });
    // An empty form is stopped here, at its fields, before anything is sent.
    let posted = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/contracts') posted += 1; });
    await byTest(page, 'ctr-save').click();
    await dialog.locator('.el-form-item__error').first().waitFor();
    assert.equal(posted, 0);

    const searched = waitApi(page, 'GET', /^\/api\/v1\/customers$/);
    await byTest(page, 'ctr-customer').click();
    await page.keyboard.type('合同浏览器');
    await searched;
    await page.locator('[data-test="ctr-customer-option"]:visible').filter({ hasText: customer.name }).first().click();
    await input(page, 'ctr-title-input').fill('净水设备年度供货合同');
    await input(page, 'ctr-amount').fill('56,800.50');
    await day(page, 'ctr-starts-on', '2026-01-01');
    await day(page, 'ctr-ends-on', '2030-12-31');
    await input(page, 'ctr-our-party').fill('某某净水科技有限公司');
    await input(page, 'ctr-signatory').fill('王经理');
    await page.screenshot({ path: artifact('contracts-dialog.png') });

    const saved = waitApi(page, 'POST', /^\/api\/v1\/contracts$/);
    await byTest(page, 'ctr-save').click();
    const res = await saved;
    assert.equal(res.status(), 201, await res.text());
    assert.deepEqual(JSON.parse(res.request().postData()), {
      customer_id: customer.id, kind: 'supply', title: '净水设备年度供货合同', amount_fen: 5680050,
      starts_on: '2026-01-01', ends_on: '2030-12-31', our_party: '某某净水科技有限公司', signatory: '王经理',
    });
    const made = await res.json();
    assert.equal(made.state, 'draft');
    assert.equal(made.needs_approval, false, 'below the threshold');

    // Taken to it: a draft, submitted (no approval needed), now active with its days left.
    await page.waitForURL(`**/contracts/${made.id}`);
    assert.equal(await byTest(page, 'ctr-code').innerText(), made.code);
    assert.equal(await byTest(page, 'ctr-state').getAttribute('data-state'), 'draft');
    assert.equal(await byTest(page, 'ctr-amount-shown').innerText(), '56,800.50');
    assert.equal(await byTest(page, 'ctr-period').innerText(), '2026-01-01 ~ 2030-12-31');
    await byTest(page, 'ctr-submit').click();
    await byTest(page, 'ctr-submit-dialog').waitFor({ state: 'visible' });
    await byTest(page, 'ctr-submit-note').filter({ hasText: '提交后立即生效' }).waitFor();
    const submitted = waitApi(page, 'POST', new RegExp(`^/api/v1/contracts/${made.id}/submit$`));
    await byTest(page, 'ctr-submit-submit').click();
    const s = await submitted;
    assert.equal(s.status(), 200, await s.text());
    assert.deepEqual(JSON.parse(s.request().postData()), {}, 'no reason given: none sent');
    await until(async () => (await byTest(page, 'ctr-state').getAttribute('data-state')) === 'active', 'shown active');
    await byTest(page, 'ctr-days-left').waitFor();
    assert.equal(await byTest(page, 'ctr-edit').count(), 0, 'an active contract is not changed');
    await byTest(page, 'attachments').waitFor();
    await page.screenshot({ path: artifact('contract-page.png'), fullPage: true });

    // Listed, active.
    await byTest(page, 'nav-contracts').click();
    await row(page, made.id).waitFor();
    const tr = page.locator('tr', { has: row(page, made.id) });
    assert.equal(await tr.locator('[data-test="ctr-state"]').getAttribute('data-state'), 'active');
    assert.equal(await tr.locator('[data-test="ctr-amount-cell"]').innerText(), '56,800.50');
    await page.screenshot({ path: artifact('contracts-list.png') });

    // Renewed: the new draft opens, linking back; the old one links to it.
    await row(page, made.id).click();
    await page.waitForURL(`**/contracts/${made.id}`);
    await byTest(page, 'ctr-renew').click();
    await byTest(page, 'ctr-renew-dialog').waitFor({ state: 'visible' });
    await byTest(page, 'ctr-renew-dates').filter({ hasText: '2031-01-01' }).waitFor();
    const renewed = waitApi(page, 'POST', new RegExp(`^/api/v1/contracts/${made.id}/renew$`));
    await byTest(page, 'ctr-renew-submit').click();
    const rn = await renewed;
    assert.equal(rn.status(), 201, await rn.text());
    const draft = await rn.json();
    await page.waitForURL(`**/contracts/${draft.id}`);
    await until(async () => (await byTest(page, 'ctr-code').innerText()) === draft.code, 'the new draft shown');
    assert.equal(await byTest(page, 'ctr-state').getAttribute('data-state'), 'draft');
    assert.equal(await byTest(page, 'ctr-renewal-of-link').innerText(), made.code);
    assert.match(await byTest(page, 'ctr-period').innerText(), /^2031-01-01 ~ /);
    // The draft is changed: only what changed is sent.
    await byTest(page, 'ctr-edit').click();
    await byTest(page, 'ctr-dialog').waitFor({ state: 'visible' });
    assert.equal(await input(page, 'ctr-title-input').inputValue(), '净水设备年度供货合同');
    await input(page, 'ctr-amount').fill('60000');
    const patched = waitApi(page, 'PATCH', new RegExp(`^/api/v1/contracts/${draft.id}$`));
    await byTest(page, 'ctr-save').click();
    const p = await patched;
    assert.equal(p.status(), 200, await p.text());
    assert.deepEqual(JSON.parse(p.request().postData()), { amount_fen: 6000000 });
    await until(async () => (await byTest(page, 'ctr-amount-shown').innerText()) === '60,000.00', 'the new amount shown');
    await byTest(page, 'ctr-renewal-of-link').click();
    await page.waitForURL(`**/contracts/${made.id}`);
    await until(async () => (await byTest(page, 'ctr-renewed-by-link').count()) === 1, 'the link to the renewal');
    assert.equal(await byTest(page, 'ctr-renewed-by-link').innerText(), draft.code);
    assert.equal(await byTest(page, 'ctr-renew').count(), 0, 'renewed once');
  } finally {
    await context.close();
  }
});

test('R-DEV-4: R-PLT-1: the contracts, the new-contract dialog and a contract on a 375 px phone', async () => {
  const r = await zw.post('/api/v1/contracts', {
    customer_id: customer.id, kind: 'service', title: '上门维修服务合同（含滤芯更换及年度保养）', amount_fen: 1200000,
    starts_on: '2026-01-01', ends_on: '2030-06-30', signatory: '李女士',
  });
  assert.equal(r.status, 201, r.text);
  const { context, page } = await newPage(browser, { width: 375, height: 740, mobile: true });
  try {
    await login(page, server.url, 'zhangwei');
    await page.goto(server.url + '/contracts');
    await byTest(page, 'ctr-cards').waitFor();
    await row(page, r.body.id).waitFor();
    await assertNoSideScroll(page, 'the contracts at 375 px');
    await assertInside(row(page, r.body.id), 375, 'a contract\'s card');
    await page.screenshot({ path: artifact('contracts-375.png'), fullPage: true });

    await byTest(page, 'ctr-add').click();
    await byTest(page, 'ctr-dialog').waitFor({ state: 'visible' });
    for (const name of ['ctr-customer', 'ctr-kind', 'ctr-title-input', 'ctr-amount', 'ctr-ends-on', 'ctr-notes', 'ctr-save']) {
      await assertInside(byTest(page, name).first(), 375, name);
    }
    await assertNoSideScroll(page, 'the new-contract dialog at 375 px');
    await page.screenshot({ path: artifact('contracts-dialog-375.png'), fullPage: true });
    await byTest(page, 'ctr-cancel').click();

    await page.goto(`${server.url}/contracts/${r.body.id}`);
    await byTest(page, 'ctr-fields').waitFor();
    await assertNoSideScroll(page, 'a contract at 375 px');
    for (const name of ['ctr-edit', 'ctr-submit', 'ctr-period']) await assertInside(byTest(page, name), 375, name);
    await page.screenshot({ path: artifact('contract-375.png'), fullPage: true });
  } finally {
    await context.close();
  }
});

test('R-DEV-4: a contract at the approval threshold goes pending with a link to its approval request; terminating asks for the reason', async () => {
  const big = await zw.post('/api/v1/contracts', {
    customer_id: customer.id, kind: 'quality', title: '质量保证协议（大额）', amount_fen: 20000000, starts_on: '2026-01-01', ends_on: '2029-12-31',
  });
  assert.equal(big.status, 201, big.text);
  assert.equal(big.body.needs_approval, true);
  const small = await zw.post('/api/v1/contracts', {
    customer_id: customer.id, kind: 'supply', title: '滤芯供货', amount_fen: 300000, starts_on: '2026-01-01', ends_on: '2029-12-31',
  });
  assert.equal(small.status, 201, small.text);
  assert.equal((await zw.post(`/api/v1/contracts/${small.body.id}/submit`, {})).body.state, 'active');
  const { context, page } = await newPage(browser);
  try {
    await login(page, server.url, 'zhangwei');
    await page.goto(`${server.url}/contracts/${big.body.id}`);
    await byTest(page, 'ctr-submit').click();
    await byTest(page, 'ctr-submit-note').filter({ hasText: '需审批通过才生效' }).waitFor();
    await input(page, 'ctr-submit-reason').fill('年度大客户');
    const submitted = waitApi(page, 'POST', new RegExp(`^/api/v1/contracts/${big.body.id}/submit$`));
    await byTest(page, 'ctr-submit-submit').click();
    const s = await submitted;
    assert.equal(s.status(), 200, await s.text());
    assert.deepEqual(JSON.parse(s.request().postData()), { reason: '年度大客户' });
    const pending = await s.json();
    assert.equal(pending.state, 'pending');
    await until(async () => (await byTest(page, 'ctr-state').getAttribute('data-state')) === 'pending', 'shown pending');
    assert.equal(await byTest(page, 'ctr-approval-link').getAttribute('href'), `/approvals/${pending.approval.id}`);
    assert.equal(await byTest(page, 'ctr-edit').count(), 0, 'not changed while pending');
    await byTest(page, 'ctr-approval-link').click();
    await page.waitForURL(`**/approvals/${pending.approval.id}`);

    // Terminating: stopped without a reason, done with one.
    await page.goto(`${server.url}/contracts/${small.body.id}`);
    await byTest(page, 'ctr-terminate').click();
    await byTest(page, 'ctr-terminate-dialog').waitFor({ state: 'visible' });
    let posted = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && /\/terminate$/.test(new URL(r.url()).pathname)) posted += 1; });
    await byTest(page, 'ctr-terminate-submit').click();
    await byTest(page, 'ctr-terminate-dialog').locator('.el-form-item__error').filter({ hasText: '请填写' }).waitFor();
    assert.equal(posted, 0);
    await input(page, 'ctr-terminate-reason').fill('客户提前解约');
    const ended = waitApi(page, 'POST', new RegExp(`^/api/v1/contracts/${small.body.id}/terminate$`));
    await byTest(page, 'ctr-terminate-submit').click();
    assert.equal((await ended).status(), 200);
    await until(async () => (await byTest(page, 'ctr-state').getAttribute('data-state')) === 'terminated', 'shown terminated');
    assert.match(await byTest(page, 'ctr-field-terminate_reason').innerText(), /客户提前解约/);
    assert.equal(await byTest(page, 'ctr-terminate').count(), 0);
  } finally {
    await context.close();
  }
});

test('R-DEV-5: R-DEV-4: a contract\'s page shows its order\'s payment plan (installments, paid, outstanding) and says how to get one when it has no order', async () => {
  const { context, page } = await newPage(browser);
  try {
    const bare = (await zw.post('/api/v1/contracts', { customer_id: customer.id, kind: 'service', title: '无订单的维修合同', amount_fen: 80000,
      starts_on: '2026-01-01', ends_on: '2030-12-31' })).body;
    const o = (await zw.post('/api/v1/orders', { customer_id: customer.id, lines: [{ description: '年度维修服务', quantity: 1, price_fen: 80000 }] })).body;
    const k = (await zw.post('/api/v1/contracts', { customer_id: customer.id, kind: 'service', title: '有订单的维修合同', amount_fen: 80000,
      starts_on: '2026-01-01', ends_on: '2030-12-31', order_id: o.id })).body;
    const plan = await zw.put(`/api/v1/orders/${o.id}/plan`, { installments: [{ due_on: '2029-06-30', amount_fen: 30000 }, { due_on: '2029-12-31', amount_fen: 50000 }] });
    assert.equal(plan.status, 200, plan.text);
    await login(page, server.url, 'zhangwei');
    await page.goto(`${server.url}/contracts/${bare.id}`);
    await byTest(page, 'ctr-no-order').waitFor();
    await page.goto(`${server.url}/contracts/${k.id}`);
    await byTest(page, 'rcv-panel').waitFor();
    await until(async () => (await byTest(page, 'rcv-sum-outstanding').getAttribute('data-fen')) === '80000', 'the plan\'s outstanding amount');
    assert.equal(await page.locator('[data-test="rcv-plan-item"], [data-test="rcv-plan-table"] tbody tr').count() >= 2, true);
    assert.equal(await byTest(page, 'ctr-no-order').count(), 0);
  } catch (e) {
    await artifact(page, 'contract-plan');
    throw e;
  } finally {
    await context.close();
  }
});
