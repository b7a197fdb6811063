// Browser tests of the half-yearly inspection of the customer archive 每半年检查 (R-ARC-11,
// issue 13 item 9). A salesperson's new customer lacks its address and birthday; the general
// manager opens the inspections, runs one now (followed as a background job until it opens the
// new run), chooses the salesperson among the owners, finds the customer with 地址、生日 missing
// and its fix-up task open, then records the review — an empty one is stopped at the field first.
// The list and the run view do not scroll sideways on a 375 px phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, mobile } from '../lib/kehu.mjs';
import { launch, newPage, input, byTest, waitApi, login, artifact, assertNoSideScroll, until } from './helpers.mjs';

let server;
let browser;
let admin;

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 1 }), launch()]);
  admin = await asAdmin(server);
  assert.equal((await admin.put('/api/v1/_test/clock', { now: '2026-10-05T10:00:00+08:00' })).status, 200);
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

/** The item row of customer id, reading "load more" until it shows (items come by customer id). */
async function findItem(page, id) {
  const row = page.locator(`[data-test="insp-item"][data-id="${id}"]`);
  return until(async () => {
    if (await row.count()) return row;
    const more = byTest(page, 'insp-items-more');
    if ((await more.count()) && !/is-loading/.test((await more.getAttribute('class')) || '')) await more.click().catch(() => {});
    return null;
  }, `the item of customer ${id}`);
}

test('R-ARC-11: issue 13 item 9: a GM runs an inspection, sees a salesperson\'s incomplete customer with its missing fields, and records the review', async () => {
  const zw = await as(server, 'zhangwei');
  const made = await zw.post('/api/v1/customers', {
    kind: 'individual', name: '缺地址生日的客户', mobile: mobile(), gender: 'male', province_code: 110000, city_code: 110100, district_code: 110101,
  });
  assert.equal(made.status, 201, made.text);
  const c = made.body;
  const gm = await as(server, 'gm');
  let runId = 0;

  const { context, page } = await newPage(browser, { width: 1280, height: 900 });
  try {
    await login(page, server.url, 'gm');
    await byTest(page, 'nav-inspections').click();
    await page.waitForURL('**/inspections');
    await byTest(page, 'insp-title').waitFor();

    // run now: a background job, followed until the new run opens
    const started = waitApi(page, 'POST', /^\/api\/v1\/inspections$/);
    await byTest(page, 'insp-run').click();
    const s = await started;
    assert.equal(s.status(), 202, await s.text());
    await page.waitForURL(/\/inspections\/\d+$/, { timeout: 60000 });
    runId = Number(new URL(page.url()).pathname.split('/').pop());
    const run = (await gm.get(`/api/v1/inspections/${runId}`)).body;
    assert.match(run.period, /^manual-/);
    await byTest(page, 'insp-run-title').filter({ hasText: '手动检查 2026-10-05 10:00' }).waitFor();
    await byTest(page, 'insp-state').filter({ hasText: '待评审' }).waitFor();
    assert.equal(await byTest(page, 'insp-flagged').innerText(), String(run.flagged));

    // the salesperson among the owners filters the customers
    const zhang = run.owners.find((o) => o.owner.name === '张伟');
    assert.ok(zhang, JSON.stringify(run.owners));
    const filtered = page.waitForResponse((x) => x.request().method() === 'GET' && new URL(x.url()).pathname === `/api/v1/inspections/${runId}/items`
      && new URL(x.url()).searchParams.get('owner_id') === String(zhang.owner.id));
    await page.locator('[data-test="insp-owner"][data-name="张伟"]').click();
    assert.equal((await filtered).status(), 200);
    await page.waitForURL(new RegExp(`owner=${zhang.owner.id}`));
    const row = await findItem(page, c.id);
    assert.match(await row.locator('[data-test="insp-item-customer"]').innerText(), /缺地址生日的客户/);
    assert.equal(await row.locator('[data-test="insp-item-customer"]').getAttribute('href'), `/customers/${c.id}`);
    assert.equal(await row.locator('[data-test="insp-item-missing"]').innerText(), '地址、生日');
    const task = row.locator('[data-test="insp-item-task"]');
    assert.equal(await task.getAttribute('data-state'), 'open');
    assert.equal((await task.innerText()).trim(), '未完成');
    // every row shown is his
    for (const name of await page.locator('[data-test="insp-item"] td:nth-child(2)').allInnerTexts()) assert.equal(name.trim(), '张伟');
    await page.screenshot({ path: artifact('inspection-run-1280.png'), fullPage: true });

    // an empty review is stopped at its field, nothing sent
    let posted = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && /\/review$/.test(new URL(r.url()).pathname)) posted += 1; });
    await byTest(page, 'insp-review-submit').click();
    await byTest(page, 'insp-review').locator('.el-form-item__error').filter({ hasText: '必填' }).waitFor();
    assert.equal(posted, 0);

    // the review
    await input(page, 'insp-review-outcome').fill('已督促张伟两周内补全地址和生日');
    const reviewed = waitApi(page, 'POST', new RegExp(`^/api/v1/inspections/${runId}/review$`));
    await byTest(page, 'insp-review-submit').click();
    const r = await reviewed;
    assert.equal(r.status(), 200, await r.text());
    assert.deepEqual(JSON.parse(r.request().postData()), { outcome: '已督促张伟两周内补全地址和生日' });
    await byTest(page, 'insp-outcome').filter({ hasText: '已督促张伟两周内补全地址和生日' }).waitFor();
    assert.match(await byTest(page, 'insp-reviewed-by').innerText(), /赵总 于 2026-10-05 10:00 评审/);
    await byTest(page, 'insp-state').filter({ hasText: '已评审' }).waitFor();

    // back on the list, the run is reviewed
    await byTest(page, 'insp-back').click();
    const listed = page.locator(`[data-test="insp-run-row"][data-id="${runId}"]`);
    await listed.waitFor();
    assert.equal(await listed.locator('[data-test="insp-open"]').innerText(), '手动检查 2026-10-05 10:00');
    assert.equal(await listed.locator('[data-test="insp-state"]').getAttribute('data-state'), 'reviewed');
  } finally {
    await context.close();
  }

  const got = (await gm.get(`/api/v1/inspections/${runId}`)).body;
  assert.equal(got.reviewed, true);
  assert.equal(got.outcome, '已督促张伟两周内补全地址和生日');
  assert.equal(got.reviewed_by.name, '赵总');

  // on a phone: neither the list nor the run view scrolls sideways
  const phone = await newPage(browser, { width: 375, height: 812, mobile: true });
  try {
    const p = phone.page;
    await login(p, server.url, 'gm');
    await p.goto(server.url + '/inspections');
    await p.locator(`[data-test="insp-run-row"][data-id="${runId}"]`).waitFor();
    await assertNoSideScroll(p, 'the inspections at 375 px');
    await p.screenshot({ path: artifact('inspections-375.png'), fullPage: true });
    await p.locator(`[data-test="insp-run-row"][data-id="${runId}"] [data-test="insp-open"]`).click();
    await p.waitForURL(new RegExp(`/inspections/${runId}$`));
    await p.locator('[data-test="insp-owner"][data-name="张伟"]').click();
    await findItem(p, c.id);
    await byTest(p, 'insp-outcome').waitFor();
    await assertNoSideScroll(p, 'the run at 375 px');
    await p.screenshot({ path: artifact('inspection-run-375.png'), fullPage: true });
  } finally {
    await phone.context.close();
  }
});

test('R-ARC-11: issue 13 item 9: a salesperson has no inspection page', async () => {
  const { context, page } = await newPage(browser, { width: 1280, height: 900 });
  try {
    await login(page, server.url, 'zhangwei');
    assert.equal(await byTest(page, 'nav-inspections').count(), 0);
  } finally {
    await context.close();
  }
});
