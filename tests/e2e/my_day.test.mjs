// Browser tests of "my day" 我的一天 (R-INT-4, issue 13 item 12), the landing page of those who
// log interactions. A salesperson's follow-up task falls due; on a 375 px phone he logs in and
// lands on "my day", which counts and lists it among today's tasks (his overdue one apart, a
// greeting of the coming week, a customer new in the pool with its claim button); "log
// interaction" on it opens the interaction box set to its customer and the task, and the call
// logged there completes it: it leaves the list and the API says done. Nothing scrolls sideways.
// A role that logs no interactions still lands where it did; a sales manager's day counts and
// links the approvals waiting for him.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, mobile } from '../lib/kehu.mjs';
import { launch, newPage, input, byTest, waitApi, login, artifact, assertNoSideScroll, assertInside, until } from './helpers.mjs';

let server;
let browser;
let admin;
let customer;
let due;
let late;
let greeting;
let pooled;

const clock = async (now) => assert.equal((await admin.put('/api/v1/_test/clock', { now })).status, 200);

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 3 }), launch()]);
  admin = await asAdmin(server);
  await clock('2026-06-01T09:00:00+08:00');
  const zw = await as(server, 'zhangwei');
  let r = await zw.post('/api/v1/customers', { kind: 'individual', name: '我的一天客户', mobile: mobile() });
  assert.equal(r.status, 201, r.text);
  customer = r.body;
  const task = async (body) => {
    const x = await zw.post('/api/v1/tasks', { customer_id: customer.id, ...body });
    assert.equal(x.status, 201, x.text);
    return x.body;
  };
  // the follow-up call, due the day after tomorrow in the evening; a fix-up due tomorrow; a
  // greeting for the customer's birthday next week
  due = await task({ title: '新客户首次回访', channel: 'call', due_at: '2026-06-03T18:00:00+08:00' });
  late = await task({ title: '补全地址', kind: 'fixup', due_at: '2026-06-02T12:00:00+08:00' });
  greeting = await task({ title: '生日问候', kind: 'greeting', channel: 'wechat', due_at: '2026-06-07T10:00:00+08:00' });
  // lina releases a customer to the pool the day before
  await clock('2026-06-02T10:00:00+08:00');
  const lina = await as(server, 'lina');
  r = await lina.post('/api/v1/customers', { kind: 'individual', name: '公海新客户', mobile: mobile() });
  assert.equal(r.status, 201, r.text);
  pooled = r.body;
  r = await lina.post(`/api/v1/customers/${pooled.id}/release`, { reason: '客户搬迁外地' });
  assert.equal(r.status, 200, r.text);
  // the day the call is due
  await clock('2026-06-03T10:00:00+08:00');
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

const taskIn = (scope, id) => scope.locator(`[data-test="task"][data-id="${id}"]`);

test('R-INT-4: issue 13 item 12: a salesperson\'s "my day" shows a due follow-up; logging the call from a 375-px-wide screen completes it', async () => {
  const { context, page } = await newPage(browser, { width: 375, height: 812, mobile: true });
  try {
    const overdueRead = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/tasks' && new URL(r.url()).searchParams.get('state') === 'overdue');
    const todayRead = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/tasks' && new URL(r.url()).searchParams.get('due_to') !== null && !new URL(r.url()).searchParams.get('kind'));
    const poolRead = waitApi(page, 'GET', /^\/api\/v1\/pool$/);
    await login(page, server.url, 'zhangwei');
    // he lands on my day
    await page.waitForURL('**/my-day');
    await byTest(page, 'my-day-title').filter({ hasText: '我的一天' }).waitFor();
    // today and the pool's week count from the server's today (2026-06-03), not the browser's
    const q = new URL((await todayRead).url()).searchParams;
    assert.deepEqual([q.get('state'), q.get('due_to')], ['open', '2026-06-03']);
    assert.equal((await overdueRead).status(), 200);
    assert.equal(new URL((await poolRead).url()).searchParams.get('since'), '2026-05-27');

    const today = byTest(page, 'my-day-today');
    const card = taskIn(today, due.id);
    await card.waitFor({ state: 'visible' });
    assert.equal(await card.locator('[data-test="task-title"]').innerText(), '新客户首次回访');
    assert.match(await card.locator('[data-test="task-customer"]').innerText(), /我的一天客户/);
    await card.locator('[data-test="task-due-today"]').waitFor();
    // the overdue fix-up is in its own section, not among today's
    await taskIn(byTest(page, 'my-day-overdue'), late.id).waitFor();
    assert.equal(await taskIn(today, late.id).count(), 0);
    assert.equal(await taskIn(byTest(page, 'my-day-overdue'), late.id).getAttribute('data-state'), 'overdue');
    // the greeting of the coming week
    await taskIn(byTest(page, 'my-day-greetings'), greeting.id).waitFor();
    // the customer new in the pool, with its claim button
    const poolRow = byTest(page, 'my-day-pool').locator(`[data-test="my-day-pool-row"][data-id="${pooled.id}"]`);
    await poolRow.waitFor();
    assert.match(await poolRow.innerText(), /公海新客户[\s\S]*客户搬迁外地/);
    await poolRow.locator('[data-test="pool-claim"]').waitFor();
    // nothing waits for his approval: no such section
    assert.equal(await byTest(page, 'my-day-approvals').count(), 0);
    // the counts at the top
    const count = (k) => byTest(page, `my-day-count-${k}`).locator('[data-test="my-day-count"]');
    const todayCount = Number(await count('today').innerText());
    assert.ok(todayCount >= 1, 'today counts the due call');
    assert.equal(todayCount, await today.locator('[data-test="task"]').count());
    assert.equal(Number(await count('overdue').innerText()), await byTest(page, 'my-day-overdue').locator('[data-test="task"]').count());
    assert.ok(Number(await count('pool').innerText()) >= 1);
    await assertInside(card.locator('[data-test="task-log"]'), 375, 'the card\'s log button');
    await assertNoSideScroll(page, 'my day at 375 px');
    await page.screenshot({ path: artifact('my-day-375.png'), fullPage: true });

    // log the call: the box opens on this page, set to the customer and the task
    await card.locator('[data-test="task-log"]').click();
    const dialog = byTest(page, 'my-day-log');
    await dialog.waitFor({ state: 'visible' });
    assert.match(await byTest(page, 'my-day-log-customer').innerText(), new RegExp(`${customer.code} 我的一天客户`));
    await byTest(page, 'log-for-task').filter({ hasText: '新客户首次回访' }).waitFor();
    assert.equal(await byTest(page, 'log-channel-call').getAttribute('aria-checked'), 'true', 'a call, the task\'s channel');
    await input(page, 'log-summary').fill('电话回访，客户对安装服务满意。');
    await input(page, 'log-outcome').fill('满意');
    await assertInside(byTest(page, 'log-submit'), 375, 'the submit button');
    await assertNoSideScroll(page, 'the log box at 375 px');
    await page.screenshot({ path: artifact('my-day-log-375.png') });
    const logged = waitApi(page, 'POST', /^\/api\/v1\/interactions$/);
    await byTest(page, 'log-submit').click();
    const res = await logged;
    assert.equal(res.status(), 201, await res.text());
    assert.deepEqual(JSON.parse(res.request().postData()), {
      customer_id: customer.id, channel: 'call', direction: 'out', summary: '电话回访，客户对安装服务满意。', outcome: '满意', task_id: due.id,
    });
    assert.equal((await res.json()).completed_task_id, due.id);

    // the box closes, the page says so, the call's task leaves the list
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.el-message--success').filter({ hasText: `已完成待办 #${due.id}「新客户首次回访」` }).waitFor();
    await until(async () => (await taskIn(today, due.id).count()) === 0, 'the done task off today\'s list');
    await until(async () => Number(await count('today').innerText()) === todayCount - 1, 'today\'s count down by one');
    await assertNoSideScroll(page, 'my day after logging');

    // the server agrees
    const zw = await as(server, 'zhangwei');
    const t = (await zw.get(`/api/v1/tasks/${due.id}`)).body;
    assert.equal(t.state, 'done');
    assert.ok(t.done_interaction_id, 'done by the interaction');
    assert.equal((await zw.get(`/api/v1/tasks/${late.id}`)).body.state, 'open', 'the overdue one is left as it is');
  } finally {
    await context.close();
  }
});

test('R-INT-4: issue 13 item 12: a role that logs no interactions lands where it did (the auditor on the home page); a sales manager lands on his day, which counts and links the approvals waiting for him', async () => {
  const { context, page } = await newPage(browser, { width: 1280, height: 900 });
  try {
    // the auditor logs no interactions and sees no customers: the home page, as before
    await login(page, server.url, 'shenji');
    await page.waitForURL((u) => u.pathname === '/');
    await byTest(page, 'home').waitFor();
    assert.equal(await byTest(page, 'nav-my-day').count(), 0);
  } finally {
    await context.close();
  }
  // zhangwei plans a visit: it waits for his department head's approval
  const zw = await as(server, 'zhangwei');
  const filed = await zw.post('/api/v1/visit-plans', { customer_id: customer.id, objective: '上门回访安装情况', planned_at: '2026-06-05T14:00:00+08:00' });
  assert.equal(filed.status, 201, filed.text);
  const mgr = await as(server, 'salesmgr');
  const todo = (await mgr.get('/api/v1/approvals?box=todo&state=pending&total=true')).body;
  assert.ok(todo.items.length >= 1, 'the plan waits for him');
  const second = await newPage(browser, { width: 1280, height: 900 });
  try {
    await login(second.page, server.url, 'salesmgr');
    await second.page.waitForURL('**/my-day');
    await byTest(second.page, 'my-day-title').waitFor();
    await byTest(second.page, 'nav-my-day').waitFor();
    // the approvals waiting for him: counted, the first listed with a link to its request
    const section = byTest(second.page, 'my-day-approvals');
    const first = section.locator(`[data-test="my-day-approval"][data-id="${todo.items[0].id}"]`);
    await first.waitFor();
    assert.equal(await first.locator('a').getAttribute('href'), `/approvals/${todo.items[0].id}`);
    assert.equal(await byTest(second.page, 'my-day-count-approvals').locator('[data-test="my-day-count"]').innerText(), String(todo.total));
    await assertNoSideScroll(second.page, 'my day at 1280 px');
    await first.locator('a').click();
    await second.page.waitForURL(`**/approvals/${todo.items[0].id}`);
  } finally {
    await second.context.close();
  }
});
