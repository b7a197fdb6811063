// Browser tests of follow-up rules 回访规则, purchases (orders) and the team view (R-INT-4, issue 13
// item 4). The GM reads the shipped rules as sentences, edits one's window and sees it listed so; a
// window that closes before it opens is stopped at its field before sending, a window longer
// than the unit allows is refused by the server at its field; he switches a rule off and on
// (then it applies from now). A salesperson reads the rules on a phone without changing them.
// A salesperson places an order (the customer's purchase, issue 14 item 4) on a customer who had
// the non-buyer calls: a price below a fen is refused, not rounded; the page says the two calls
// were skipped and the customer's tasks show them skipped. The sales manager's team tab shows a
// salesperson's overdue task, and clicking him shows his tasks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, mobile } from '../lib/kehu.mjs';
import { launch, newPage, input, byTest, waitApi, login, artifact, pickOption, assertNoSideScroll, until } from './helpers.mjs';

let server;
let browser;
let admin;
const users = {};

const clock = async (now) => assert.equal((await admin.put('/api/v1/_test/clock', { now })).status, 200);
/** Run the scheduler's due jobs once (followup.generate runs at minute 5 of every hour). */
const tick = async () => assert.equal((await admin.post('/api/v1/_test/scheduler/tick')).status, 200);

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 3 }), launch()]);
  admin = await asAdmin(server);
  // The job's first run: the shipped rules apply from then.
  await clock('2026-06-01T09:06:00+08:00');
  admin = await asAdmin(server);
  await tick();
  const gm = await as(server, 'gm');
  await until(async () => (await gm.get('/api/v1/followup-rules')).body.items.every((r) => r.active_from), 'the shipped rules switched on by the job');
  for (const u of (await admin.get('/api/v1/users?limit=200')).body.items) users[u.username] = u;
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

const ruleRow = (page, id) => page.locator('tr', { has: page.locator(`[data-test="rule"][data-id="${id}"]`) });
/** The el-form-item holding the element with data-test=name, and its error text. */
const fieldError = (page, scope, name) => scope.locator('.el-form-item').filter({ has: page.locator(`[data-test="${name}"]`) }).locator('.el-form-item__error');
/** Type into an el-input-number and leave it (it takes the value on change). */
async function setNumber(page, name, value) {
  const box = input(page, name);
  await box.fill(String(value));
  await box.press('Tab');
}

test('R-INT-4: issue 13 item 4: the GM reads the rules as sentences, changes a shipped rule\'s window and sees it listed; a window closing before it opens is stopped at its field, one too long for its unit is refused by the server at its field; switched off and on, a rule applies from then', async () => {
  const gmApi = await as(server, 'gm');
  const shipped = (await gmApi.get('/api/v1/followup-rules')).body.items;
  const second = shipped.find((r) => r.name_en === 'Buyer: second call within 30 days');
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(page, server.url, 'gm');
    const read = waitApi(page, 'GET', /^\/api\/v1\/followup-rules$/);
    await byTest(page, 'nav-followup-rules').click();
    await page.waitForURL('**/followup-rules');
    assert.equal((await read).status(), 200);
    await byTest(page, 'rules-active-note').filter({ hasText: '规则只对启用之后发生的触发生效' }).waitFor();
    assert.equal(await byTest(page, 'rules-read-only').count(), 0);
    // the rules in order, each a sentence with the server's labels
    await until(async () => (await byTest(page, 'rule-sentence').count()) === shipped.length, 'every rule listed');
    const sentences = await byTest(page, 'rule-sentence').allInnerTexts();
    assert.deepEqual(sentences.slice(0, 4), [
      '首次购买后 0–3 天 · 电话 · 指导回访 · 客户负责人',
      '首次购买后 0–30 天 · 电话 · 解释回访 · 客户负责人',
      '首次购买后 0–60 天 · 电话 · 情感回访 · 客户负责人',
      '新建客户后 0–3 天 · 未购买客户 · 电话 · 情感回访 · 客户负责人',
    ]);
    assert.equal(sentences[5], '每次购买后 7 天 · 电话 · 指导回访 · 客户负责人');
    assert.equal(sentences[6], '每次购买后 4–6 个月 · 电话 · 解释回访 · 客户负责人');
    assert.match(await ruleRow(page, second.id).locator('[data-test="rule-active"]').innerText(), /自 2026-06-01 09:06 起生效/);

    // the second call within 45 days instead of 30, done by the customer-service manager
    await ruleRow(page, second.id).locator('[data-test="rule-edit"]').click();
    const dialog = byTest(page, 'rule-dialog');
    await dialog.waitFor({ state: 'visible' });
    assert.equal(await input(page, 'rule-name-zh').inputValue(), '购买客户第二次回访（30日内）');
    assert.equal(await input(page, 'rule-to').inputValue(), '30');
    await input(page, 'rule-name-zh').fill('购买客户第二次回访（45日内）');
    await input(page, 'rule-name-en').fill('Buyer: second call within 45 days');
    await setNumber(page, 'rule-to', 45);
    await pickOption(page, 'rule-assignee', '客户服务部经理');
    await byTest(page, 'rule-preview').filter({ hasText: '首次购买后 0–45 天 · 电话 · 解释回访 · 客户服务部经理' }).waitFor();
    const saved = waitApi(page, 'PUT', new RegExp(`^/api/v1/followup-rules/${second.id}$`));
    await byTest(page, 'rule-save').click();
    const s = await saved;
    assert.equal(s.status(), 200, await s.text());
    assert.deepEqual(JSON.parse(s.request().postData()), {
      name_zh: '购买客户第二次回访（45日内）', name_en: 'Buyer: second call within 45 days', trigger: 'first_purchase', audience: 'all', unit: 'days',
      offset_from: 0, offset_to: 45, channel: 'call', assignee_role: 'cs_manager', purpose: 'explanation', enabled: true, position: second.position,
      date_field: '', yearly: false,
    });
    await dialog.waitFor({ state: 'hidden' });
    await ruleRow(page, second.id).locator('[data-test="rule-sentence"]').filter({ hasText: '首次购买后 0–45 天 · 电话 · 解释回访 · 客户服务部经理' }).waitFor();
    assert.equal(await ruleRow(page, second.id).locator('[data-test="rule-name"]').innerText(), '购买客户第二次回访（45日内）');
    // still in its place, and still applying from the job's first run (edited, not switched on again)
    assert.equal((await byTest(page, 'rule-sentence').allInnerTexts())[1], '首次购买后 0–45 天 · 电话 · 解释回访 · 客户服务部经理');
    assert.match(await ruleRow(page, second.id).locator('[data-test="rule-active"]').innerText(), /自 2026-06-01 09:06 起生效/);
    await page.screenshot({ path: artifact('followup-rules-1440.png'), fullPage: true });

    // bad windows: opening after it falls due is stopped here; 121 months is refused by the server, at its field
    await ruleRow(page, second.id).locator('[data-test="rule-edit"]').click();
    await dialog.waitFor({ state: 'visible' });
    let puts = 0;
    page.on('request', (r) => { if (r.method() === 'PUT' && /followup-rules/.test(r.url())) puts += 1; });
    await setNumber(page, 'rule-from', 50);
    await byTest(page, 'rule-save').click();
    await fieldError(page, dialog, 'rule-to').filter({ hasText: '到期不能早于可做的起点' }).waitFor();
    assert.equal(puts, 0);
    await setNumber(page, 'rule-from', 0);
    await pickOption(page, 'rule-unit', '个月');
    await setNumber(page, 'rule-to', 121);
    await byTest(page, 'rule-preview').filter({ hasText: '首次购买后 0–121 个月' }).waitFor();
    const refused = waitApi(page, 'PUT', new RegExp(`^/api/v1/followup-rules/${second.id}$`));
    await byTest(page, 'rule-save').click();
    const r = await refused;
    assert.equal(r.status(), 422, await r.text());
    assert.equal((await r.json()).error.field, 'offset_to');
    await fieldError(page, dialog, 'rule-to').filter({ hasText: '到期时间须不早于开始时间，且不超过 120' }).waitFor();
    assert.equal(await fieldError(page, dialog, 'rule-from').count(), 0, 'only the field the server names');
    await page.screenshot({ path: artifact('followup-rule-refused-1440.png') });
    await page.locator('.el-dialog__headerbtn:visible').click();
    await dialog.waitFor({ state: 'hidden' });
    let x = (await gmApi.get('/api/v1/followup-rules')).body.items.find((y) => y.id === second.id);
    assert.deepEqual([x.unit, x.offset_from, x.offset_to], ['days', 0, 45], 'nothing changed');

    // switched off, then on again at 10:00: it applies from then
    await clock('2026-06-01T10:00:00+08:00');
    const gm2 = await as(server, 'gm');
    const ctx2 = await newPage(browser, { width: 1440, height: 900 });
    try {
      const p2 = ctx2.page;
      await login(p2, server.url, 'gm');
      await p2.goto(server.url + '/followup-rules');
      const sw = ruleRow(p2, second.id).locator('[data-test="rule-enabled"]');
      await sw.waitFor();
      const off = waitApi(p2, 'PUT', new RegExp(`^/api/v1/followup-rules/${second.id}$`));
      await sw.click();
      assert.equal((await off).status(), 200);
      assert.equal(JSON.parse((await off).request().postData()).enabled, false);
      await ruleRow(p2, second.id).locator('[data-test="rule-active"]').filter({ hasText: '已停用' }).waitFor();
      const on = waitApi(p2, 'PUT', new RegExp(`^/api/v1/followup-rules/${second.id}$`));
      await sw.click();
      assert.equal((await on).status(), 200);
      await ruleRow(p2, second.id).locator('[data-test="rule-active"]').filter({ hasText: '自 2026-06-01 10:00 起生效' }).waitFor();
      x = (await gm2.get('/api/v1/followup-rules')).body.items.find((y) => y.id === second.id);
      assert.equal(x.enabled, true);
      assert.equal(Date.parse(x.active_from), Date.parse('2026-06-01T10:00:00+08:00'));
      assert.equal(x.offset_to, 45);
    } finally {
      await ctx2.context.close();
    }
  } finally {
    await context.close();
  }
});

test('R-INT-4: issue 13 item 4: on a 375 px phone a salesperson reads the rules as cards and changes nothing', async () => {
  const { context, page } = await newPage(browser, { width: 375, height: 812, mobile: true });
  try {
    await login(page, server.url, 'zhangwei');
    await byTest(page, 'menu-toggle').click();
    await byTest(page, 'nav-followup-rules').click();
    await page.waitForURL('**/followup-rules');
    await byTest(page, 'rule').first().waitFor();
    assert.equal(await byTest(page, 'rule-sentence').first().innerText(), '首次购买后 0–3 天 · 电话 · 指导回访 · 客户负责人');
    await byTest(page, 'rules-read-only').waitFor();
    assert.equal(await byTest(page, 'rule-edit').count(), 0);
    assert.equal(await byTest(page, 'rule-add').count(), 0);
    assert.equal(await byTest(page, 'rule-enabled').count(), 0);
    await assertNoSideScroll(page, 'the rules at 375 px');
    // in English, the sentence too
    await byTest(page, 'lang-switch').click();
    await byTest(page, 'rule-sentence').first().filter({ hasText: '0–3 days after first purchase · Phone call · Guidance · The customer\'s owner' }).waitFor();
    await byTest(page, 'lang-switch').click();
    await page.screenshot({ path: artifact('followup-rules-375.png'), fullPage: true });
  } finally {
    await context.close();
  }
});

test('R-INT-4: issue 13 item 4: a salesperson places an order (the customer\'s purchase) on a customer who had the non-buyer calls; a price below a fen is refused, not rounded; the page says the calls were skipped and the customer\'s tasks show them skipped', async () => {
  // a new customer at 10:20: the job at 11:05 gives the owner the non-buyer calls within 3 and 15 days
  await clock('2026-06-01T10:20:00+08:00');
  let zw = await as(server, 'zhangwei');
  const c = (await zw.post('/api/v1/customers', { kind: 'individual', name: '购买页客户', mobile: mobile() })).body;
  await clock('2026-06-01T11:06:00+08:00');
  admin = await asAdmin(server);
  await tick();
  zw = await as(server, 'zhangwei');
  const ruleTasks = async () => (await zw.get(`/api/v1/tasks?customer_id=${c.id}&state=all`)).body.items.filter((x) => x.rule);
  const calls = await until(async () => { const l = await ruleTasks(); return l.length === 2 && l; }, 'the non-buyer calls');
  assert.deepEqual(calls.map((x) => x.state), ['open', 'open']);

  const { context, page } = await newPage(browser, { width: 1280, height: 900 });
  try {
    await login(page, server.url, 'zhangwei');
    await page.goto(`${server.url}/customers/${c.id}?tab=tasks`);
    const tab = byTest(page, 'customer-tasks');
    for (const x of calls) await tab.locator(`[data-test="task"][data-id="${x.id}"][data-state="open"]`).waitFor();

    // the order: one free-text line, the price typed in yuan
    await page.goto(`${server.url}/orders`);
    await byTest(page, 'ord-add').click();
    const dialog = byTest(page, 'ord-dialog');
    await dialog.waitFor({ state: 'visible' });
    const searched = waitApi(page, 'GET', /^\/api\/v1\/customers$/);
    await byTest(page, 'ord-customer').click();
    await page.keyboard.type('购买页');
    await searched;
    await page.locator('[data-test="ord-customer-option"]:visible').filter({ hasText: '购买页客户' }).first().click();
    await byTest(page, 'ord-add-text').click();
    await byTest(page, 'ord-line-remove').first().click();
    assert.equal(await byTest(page, 'ord-line').count(), 1);
    let posted = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/orders') posted += 1; });
    await input(page, 'ord-line-description').fill('净水器 A1');
    await input(page, 'ord-line-price').fill('1288.505');
    await byTest(page, 'ord-save').click();
    await fieldError(page, dialog, 'ord-line-price').filter({ hasText: '金额最多到分（两位小数），不会替您四舍五入' }).waitFor();
    assert.equal(posted, 0);
    await input(page, 'ord-line-price').fill('1,288.50');
    const placed = waitApi(page, 'POST', /^\/api\/v1\/orders$/);
    await byTest(page, 'ord-save').click();
    const res = await placed;
    assert.equal(res.status(), 201, await res.text());
    assert.deepEqual(JSON.parse(res.request().postData()), { customer_id: c.id, lines: [{ description: '净水器 A1', quantity: 1, price_fen: 128850 }] });
    const order = await res.json();
    assert.equal(order.skipped_tasks, 2);
    await dialog.waitFor({ state: 'hidden' });

    const done = byTest(page, 'ord-placed');
    await done.waitFor({ state: 'visible' });
    assert.equal(await done.getAttribute('data-skipped'), '2');
    assert.equal(await byTest(page, 'ord-skipped').innerText(), '未购买客户的 2 项回访已跳过（客户已购买）。');
    // the order listed, in yuan
    const row = page.locator('tr', { has: page.locator(`[data-test="ord-row"][data-id="${order.id}"]`) });
    await row.waitFor();
    assert.equal(await row.locator('[data-test="ord-amount-cell"]').innerText(), '1,288.50');
    assert.equal(await row.locator('[data-test="ord-state"]').getAttribute('data-state'), 'confirmed');
    assert.match(await row.innerText(), /2026-06-01 11:06/);
    assert.match(await row.innerText(), /张伟/);
    await page.screenshot({ path: artifact('followup-order-1280.png'), fullPage: true });

    // the customer's tasks: both calls skipped
    await page.goto(`${server.url}/customers/${c.id}?tab=tasks`);
    for (const x of calls) await byTest(page, 'customer-tasks').locator(`[data-test="task"][data-id="${x.id}"][data-state="skipped"]`).waitFor();

    // the server agrees
    assert.deepEqual((await ruleTasks()).filter((x) => calls.some((y) => y.id === x.id)).map((x) => x.state), ['skipped', 'skipped']);
    assert.deepEqual((await zw.get(`/api/v1/orders?customer_id=${c.id}`)).body.items.map((x) => [x.amount_fen, x.state, x.created_by.name]), [[128850, 'confirmed', '张伟']]);
  } finally {
    await context.close();
  }
});

test('R-INT-4: issue 13 item 4: the sales manager\'s team tab counts a salesperson\'s overdue task, highlighted; clicking him shows his tasks', async () => {
  await clock('2026-06-01T12:00:00+08:00');
  const zw = await as(server, 'zhangwei');
  const c = (await zw.post('/api/v1/customers', { kind: 'individual', name: '团队页客户', mobile: mobile() })).body;
  const r = await zw.post('/api/v1/tasks', { customer_id: c.id, title: '确认安装时间', channel: 'call', due_at: '2026-06-01T13:00:00+08:00' });
  assert.equal(r.status, 201, r.text);
  const late = r.body;
  await clock('2026-06-01T15:00:00+08:00');
  const mgr = await as(server, 'salesmgr');
  const want = (await mgr.get('/api/v1/tasks/team')).body.items.find((x) => x.user.id === users.zhangwei.id);
  assert.ok(want && want.overdue >= 1, JSON.stringify(want));

  const { context, page } = await newPage(browser, { width: 1280, height: 900 });
  try {
    await login(page, server.url, 'salesmgr');
    await page.goto(server.url + '/tasks');
    const team = waitApi(page, 'GET', /^\/api\/v1\/tasks\/team$/);
    await byTest(page, 'view-team').click();
    assert.equal((await team).status(), 200);
    await page.waitForURL('**/tasks?view=team');
    const row = page.locator(`[data-test="team-row"][data-user="${users.zhangwei.id}"]`);
    await row.waitFor();
    assert.equal(await row.locator('[data-test="team-name"]').innerText(), '张伟');
    assert.equal(await row.locator('[data-test="team-overdue"]').innerText(), String(want.overdue));
    assert.equal(await row.locator('[data-test="team-open"]').innerText(), String(want.open));
    assert.equal(await row.locator('[data-test="team-due-today"]').innerText(), String(want.due_today));
    assert.match(await row.getAttribute('class'), /\blate\b/, 'the overdue highlighted');
    await page.screenshot({ path: artifact('followup-team-1280.png'), fullPage: true });

    // his tasks, with the staff selector set to him
    const listed = waitApi(page, 'GET', /^\/api\/v1\/tasks$/);
    await row.click();
    assert.equal(new URL((await listed).url()).searchParams.get('assignee_id'), String(users.zhangwei.id));
    await byTest(page, 'tasks-title').filter({ hasText: '张伟的待办' }).waitFor();
    assert.equal(new URL(page.url()).searchParams.get('view'), null, 'the tasks tab');
    assert.match(await byTest(page, 'tasks-person').innerText(), /张伟/);
    const t = page.locator(`[data-test="task"][data-id="${late.id}"]`);
    await t.waitFor();
    assert.equal(await t.getAttribute('data-state'), 'overdue');
    // a salesperson has no team tab
    const zwApi = await as(server, 'zhangwei');
    assert.equal((await zwApi.get('/api/v1/tasks/team')).status, 403);
  } finally {
    await context.close();
  }
});
