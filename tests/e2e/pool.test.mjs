// Browser tests of the public pool 公海 (R-OWN-7, issue 13 item 8) and the distribution of unowned
// customers 分配客户 (R-OWN-3). A salesperson releases his customer to the pool from its page,
// with a reason (asked for first); on a 375 px phone another salesperson finds it in her pool
// page with the reason and claims it; once the day's claims are capped at one, her next claim is
// refused as the server words it, and the customer stays in the pool. A manager reads the reclaim
// rules and sets one. On the distribution screen a sales manager picks released customers and
// two members (one with more weight), proposes, gives one customer to the other person, and
// confirms with a reason: the owners are those he confirmed. Nothing scrolls sideways at 375 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, mobile } from '../lib/kehu.mjs';
import { launch, newPage, input, byTest, waitApi, login, artifact, pickOption, assertNoSideScroll, assertInside, until } from './helpers.mjs';

let server;
let browser;
let admin;
const users = {};

const clock = async (now) => assert.equal((await admin.put('/api/v1/_test/clock', { now })).status, 200);
const params = async (body) => assert.equal((await admin.put('/api/v1/settings/parameters', body)).status, 200);

async function customerOf(c, name) {
  const r = await c.post('/api/v1/customers', { kind: 'individual', name, mobile: mobile() });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 3 }), launch()]);
  admin = await asAdmin(server);
  await clock('2026-06-01T09:00:00+08:00');
  for (const u of (await admin.get('/api/v1/users?limit=200')).body.items) users[u.username] = u;
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

const rowOf = (page, id) => page.locator(`[data-test="pool-row"][data-id="${id}"]`);

test('R-OWN-7: issue 13 item 8: a salesperson releases his customer from its page with a reason; another finds it in her pool on a 375 px phone and claims it; with the day\'s claims capped at one her next claim is refused as the server words it', async () => {
  const zw = await as(server, 'zhangwei');
  const c = await customerOf(zw, '放入公海客户');
  const other = await customerOf(zw, '第二位公海客户');

  // zhangwei releases it from the customer's page
  const desk = await newPage(browser, { width: 1280, height: 900 });
  try {
    const { page } = desk;
    await login(page, server.url, 'zhangwei');
    await page.goto(`${server.url}/customers/${c.id}`);
    await byTest(page, 'customer-name').filter({ hasText: '放入公海客户' }).waitFor();
    await byTest(page, 'release-customer').click();
    const dialog = byTest(page, 'release-dialog');
    await dialog.waitFor({ state: 'visible' });
    // the reason is asked for before anything is sent
    let posted = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && /\/release$/.test(new URL(r.url()).pathname)) posted += 1; });
    await byTest(page, 'release-submit').click();
    await dialog.locator('.el-form-item__error').filter({ hasText: '必填' }).waitFor();
    assert.equal(posted, 0);
    await input(page, 'release-reason').fill('客户暂无需求，交公海');
    const released = waitApi(page, 'POST', new RegExp(`^/api/v1/customers/${c.id}/release$`));
    await byTest(page, 'release-submit').click();
    const r = await released;
    assert.equal(r.status(), 200, await r.text());
    assert.deepEqual(JSON.parse(r.request().postData()), { reason: '客户暂无需求，交公海' });
    // no longer his: he is taken to the pool, where it now is
    await page.waitForURL('**/pool');
    await rowOf(page, c.id).waitFor();
  } finally {
    await desk.context.close();
  }
  assert.equal((await zw.get(`/api/v1/customers/${c.id}`)).status, 404, 'no longer his');
  assert.equal((await zw.post(`/api/v1/customers/${other.id}/release`, { reason: '长期联系不上' })).status, 200);

  // lina, on her phone
  const { context, page } = await newPage(browser, { width: 375, height: 812, mobile: true });
  try {
    await login(page, server.url, 'lina');
    await page.waitForURL('**/my-day');
    const listed = waitApi(page, 'GET', /^\/api\/v1\/pool$/);
    await byTest(page, 'menu-toggle').click();
    await byTest(page, 'nav-pool').click();
    await page.waitForURL('**/pool');
    assert.equal((await listed).status(), 200);
    const row = rowOf(page, c.id);
    await row.waitFor({ state: 'visible' });
    assert.equal(await row.locator('[data-test="pool-name"]').innerText(), '放入公海客户');
    assert.equal(await row.locator('[data-test="pool-reason"]').innerText(), '客户暂无需求，交公海');
    assert.match(await row.locator('[data-test="pool-since"]').innerText(), /2026-06-01 09:00/);
    // "new in the last 7 days" asks for the company's week
    const recent = waitApi(page, 'GET', /^\/api\/v1\/pool$/);
    await byTest(page, 'pool-recent').click();
    assert.equal(new URL((await recent).url()).searchParams.get('since'), '2026-05-25');
    await row.waitFor({ state: 'visible' });
    await assertInside(row.locator('[data-test="pool-claim"]'), 375, 'the claim button');
    await assertNoSideScroll(page, 'the pool at 375 px');
    await page.screenshot({ path: artifact('pool-375.png'), fullPage: true });

    // she claims it
    const claimed = waitApi(page, 'POST', new RegExp(`^/api/v1/pool/${c.id}/claim$`));
    await row.locator('[data-test="pool-claim"]').click();
    const cl = await claimed;
    assert.equal(cl.status(), 200, await cl.text());
    await page.locator('.el-message--success').filter({ hasText: '已领取「放入公海客户」' }).waitFor();
    await until(async () => (await rowOf(page, c.id).count()) === 0, 'the claimed customer off the pool');
    const lina = await as(server, 'lina');
    assert.equal((await lina.get(`/api/v1/customers/${c.id}`)).body.owner.name, '李娜');

    // one claim a day: the next is refused, in the server's words, and stays in the pool
    await params({ pool_claims_per_day: 1 });
    const second = rowOf(page, other.id);
    await second.waitFor();
    const refused = waitApi(page, 'POST', new RegExp(`^/api/v1/pool/${other.id}/claim$`));
    await second.locator('[data-test="pool-claim"]').click();
    const rf = await refused;
    assert.equal(rf.status(), 409);
    const err = (await rf.json()).error;
    assert.equal(err.field, 'claims_per_day');
    const shown = second.locator('[data-test="pool-claim-error"]');
    await shown.waitFor();
    assert.equal(await shown.getAttribute('data-field'), 'claims_per_day');
    assert.equal(await shown.innerText(), err.message_zh);
    assert.equal(await rowOf(page, other.id).count(), 1);
    await assertNoSideScroll(page, 'the refusal at 375 px');
    await page.screenshot({ path: artifact('pool-refused-375.png'), fullPage: true });
    assert.equal((await lina.get(`/api/v1/customers/${other.id}`)).status, 404, 'not hers');
  } finally {
    await params({ pool_claims_per_day: 20 });
    await context.close();
  }
});

test('R-OWN-7: issue 13 item 8: a salesperson reads the reclaim rules; the general manager sets one for grade A', async () => {
  const { context, page } = await newPage(browser, { width: 1280, height: 900 });
  try {
    await login(page, server.url, 'zhangwei');
    await page.goto(server.url + '/pool?tab=rules');
    await byTest(page, 'pool-rules-readonly').waitFor();
    assert.equal(await byTest(page, 'pool-rules-save').count(), 0);
  } finally {
    await context.close();
  }
  const gm = await newPage(browser, { width: 1280, height: 900 });
  try {
    const { page: p } = gm;
    await login(p, server.url, 'gm');
    await p.goto(server.url + '/pool');
    await byTest(p, 'pool-tab-rules').click();
    await byTest(p, 'pool-rules-empty').waitFor();
    await byTest(p, 'pool-rule-add').click();
    const rule = p.locator('[data-test="pool-rule"]').first();
    await pickOption(p, rule.locator('[data-test="pool-rule-grade"]'), 'A级');
    await rule.locator('[data-test="pool-rule-followup"] input').fill('15');
    const saved = waitApi(p, 'PUT', /^\/api\/v1\/pool\/rules$/);
    await byTest(p, 'pool-rules-save').click();
    const s = await saved;
    assert.equal(s.status(), 200, await s.text());
    assert.deepEqual(JSON.parse(s.request().postData()), { rules: [{ grade: 'A', no_followup_days: 15, no_deal_days: 0 }] });
    await p.locator('.el-message--success').filter({ hasText: '已保存收回规则' }).waitFor();
  } finally {
    await gm.context.close();
  }
  const rules = (await admin.get('/api/v1/pool/rules')).body.rules;
  assert.deepEqual(rules, [{ grade: 'A', no_followup_days: 15, no_deal_days: 0 }]);
});

test('R-OWN-3: issue 13 item 8: on the distribution screen a sales manager proposes for released customers, gives one to another person, and confirms: the owners are those he confirmed', async () => {
  await clock('2026-06-02T09:00:00+08:00');
  const mgr = await as(server, 'salesmgr');
  const leads = [];
  for (let i = 1; i <= 4; i++) {
    const c = await customerOf(mgr, `市场线索${i}`);
    assert.equal((await mgr.post(`/api/v1/customers/${c.id}/release`, { reason: '市场活动收集，待分配' })).status, 200);
    leads.push(c);
  }

  const { context, page } = await newPage(browser, { width: 1280, height: 900 });
  try {
    await login(page, server.url, 'salesmgr');
    await byTest(page, 'nav-distribution').click();
    await page.waitForURL('**/distribution');
    for (const c of leads) {
      const row = page.locator(`[data-test="dist-customer"][data-id="${c.id}"]`);
      await row.waitFor();
      await row.locator('[data-test="dist-customer-pick"]').click();
    }
    await byTest(page, 'dist-selected').filter({ hasText: '已选 4 位' }).waitFor();

    // without members the proposal is not asked for
    await byTest(page, 'dist-propose').click();
    await byTest(page, 'dist-error-members').filter({ hasText: '请至少选择一位接收人' }).waitFor();

    // zhangwei and lina; lina takes twice the load
    await byTest(page, 'dist-members-pick').click();
    for (const name of ['张伟', '李娜']) await page.locator('.el-select-dropdown__item:visible').filter({ hasText: name }).first().click();
    await byTest(page, 'dist-members').locator('.section-title').click(); // a multiple select stays open: close it
    await page.locator('.el-select-dropdown__item:visible').first().waitFor({ state: 'hidden' });
    const memberRow = (u) => page.locator(`[data-test="dist-member"][data-user="${u.id}"]`);
    await memberRow(users.lina).waitFor();
    await memberRow(users.zhangwei).waitFor();
    await memberRow(users.lina).locator('[data-test="dist-weight"] input').fill('200');
    await memberRow(users.lina).locator('.member-name').click();

    const proposed = waitApi(page, 'POST', /^\/api\/v1\/distribution\/proposal$/);
    await byTest(page, 'dist-propose').click();
    const pr = await proposed;
    assert.equal(pr.status(), 200, await pr.text());
    assert.deepEqual(JSON.parse(pr.request().postData()), {
      customer_ids: leads.map((c) => c.id),
      members: [{ user_id: users.zhangwei.id, weight: 100 }, { user_id: users.lina.id, weight: 200 }],
    });
    const proposal = await pr.json();
    const items = page.locator('[data-test="dist-item"]');
    await until(async () => (await items.count()) === 4, 'the proposal\'s four customers');
    const loads = page.locator('[data-test="dist-load"]');
    assert.equal(await loads.count(), 2);

    // give the first customer to the other person
    const first = proposal.items[0];
    const to = first.user_id === users.zhangwei.id ? users.lina : users.zhangwei;
    const item = page.locator(`[data-test="dist-item"][data-id="${first.customer_id}"]`);
    await pickOption(page, item.locator('[data-test="dist-item-person"]'), to.display_name);
    await until(async () => (await item.getAttribute('data-user')) === String(to.id), 'the changed person');
    const givenTo = (u) => page.locator(`[data-test="dist-load"][data-user="${u.id}"] [data-test="dist-load-given"]`);
    const before = proposal.loads.find((l) => l.user.id === to.id).given;
    await until(async () => Number(await givenTo(to).innerText()) === before + 1, 'the loads counted again');
    await page.screenshot({ path: artifact('distribution-1280.png'), fullPage: true });

    // confirm: the reason first
    await byTest(page, 'dist-confirm').click();
    await byTest(page, 'dist-proposal').locator('.el-form-item__error').filter({ hasText: '必填' }).waitFor();
    await input(page, 'dist-reason').fill('按工作量分配市场线索');
    const done = waitApi(page, 'POST', /^\/api\/v1\/distribution$/);
    await byTest(page, 'dist-confirm').click();
    const d = await done;
    assert.equal(d.status(), 200, await d.text());
    const sent = JSON.parse(d.request().postData());
    assert.equal(sent.reason, '按工作量分配市场线索');
    const expected = proposal.items.map((x) => (x.customer_id === first.customer_id ? { ...x, user_id: to.id } : x));
    assert.deepEqual(sent.items, expected);
    await page.locator('.el-message--success').filter({ hasText: '已分配 4 位客户' }).waitFor();
    await byTest(page, 'dist-proposal').waitFor({ state: 'detached' });
    for (const c of leads) await until(async () => (await page.locator(`[data-test="dist-customer"][data-id="${c.id}"]`).count()) === 0, `${c.name} off the list`);

    // the owners are those confirmed
    for (const x of expected) {
      const got = (await mgr.get(`/api/v1/customers/${x.customer_id}`)).body;
      assert.equal(got.owner && got.owner.id, x.user_id, `customer ${x.customer_id}`);
    }
  } finally {
    await context.close();
  }

  // the screen at 375 px: nothing scrolls sideways
  const phone = await newPage(browser, { width: 375, height: 812, mobile: true });
  try {
    await login(phone.page, server.url, 'salesmgr');
    await phone.page.goto(server.url + '/distribution');
    await byTest(phone.page, 'dist-title').waitFor();
    await byTest(phone.page, 'dist-customers').waitFor();
    await assertNoSideScroll(phone.page, 'the distribution screen at 375 px');
  } finally {
    await phone.context.close();
  }
});
