// Browser tests of visit plans 客户走访单 (R-INT-2, issue 13 item 3). On a 375 px phone a
// salesperson plans a visit from the customer's page (an empty objective is stopped at its field
// before sending); the page says it went for approval and links the request. His manager
// approves it on the approvals page. Back on the phone, the salesperson finds it approved in "my
// visit plans", closes it with the visit's result, and the visit shows in the customer's timeline;
// the customer's tasks tab shows the plan done and its visit task completed. Nothing scrolls
// sideways on the phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, mobile } from '../lib/kehu.mjs';
import { launch, newPage, input, byTest, waitApi, login, artifact, assertNoSideScroll, assertInside, until } from './helpers.mjs';

let server;
let browser;
let admin;
let customer;

const clock = async (now) => assert.equal((await admin.put('/api/v1/_test/clock', { now })).status, 200);

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 3 }), launch()]);
  admin = await asAdmin(server);
  await clock('2026-06-01T09:00:00+08:00');
  const zw = await as(server, 'zhangwei');
  const r = await zw.post('/api/v1/customers', { kind: 'individual', name: '走访页客户', mobile: mobile() });
  assert.equal(r.status, 201, r.text);
  customer = r.body;
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

const fieldError = (page, scope, name) => scope.locator('.el-form-item').filter({ has: page.locator(`[data-test="${name}"]`) }).locator('.el-form-item__error');
const planIn = (scope, id) => scope.locator(`[data-test="plan"][data-id="${id}"]`);

test('R-INT-2: issue 13 item 3: a salesperson plans a visit from the customer\'s page on a 375 px phone, his manager approves it on the approvals page, he closes it from "my visit plans" and the visit shows in the customer\'s timeline; nothing scrolls sideways', async () => {
  const W = 375;
  let plan;
  let done;
  // ---- the salesperson files the plan, on his phone ----
  let phone = await newPage(browser, { width: W, height: 812, mobile: true });
  try {
    const page = phone.page;
    await login(page, server.url, 'zhangwei');
    await page.goto(`${server.url}/customers/${customer.id}`);
    await byTest(page, 'tab-tasks').click();
    const section = byTest(page, 'customer-plans');
    await section.waitFor();
    await byTest(page, 'plans-empty').waitFor();
    await assertInside(byTest(page, 'plan-add'), W, 'the plan button');
    await byTest(page, 'plan-add').click();
    const dialog = byTest(page, 'plan-dialog');
    await dialog.waitFor({ state: 'visible' });
    // an empty objective is stopped here
    let posted = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/visit-plans') posted += 1; });
    await byTest(page, 'plan-at-tomorrow').click();
    assert.equal(await input(page, 'plan-at').inputValue(), '2026-06-02 09:00');
    await byTest(page, 'plan-submit').click();
    await fieldError(page, dialog, 'plan-objective').filter({ hasText: '必填' }).waitFor();
    assert.equal(posted, 0);
    await input(page, 'plan-objective').fill('介绍新品并了解用水需求');
    await input(page, 'plan-reason').fill('客户上周来电咨询');
    await assertInside(byTest(page, 'plan-submit'), W, 'the submit button');
    await page.screenshot({ path: artifact('visit-plan-form-375.png') });
    const filed = waitApi(page, 'POST', /^\/api\/v1\/visit-plans$/);
    await byTest(page, 'plan-submit').click();
    const res = await filed;
    assert.equal(res.status(), 201, await res.text());
    assert.deepEqual(JSON.parse(res.request().postData()), {
      customer_id: customer.id, objective: '介绍新品并了解用水需求', planned_at: '2026-06-02T09:00:00+08:00', reason: '客户上周来电咨询',
    });
    plan = await res.json();
    assert.equal(plan.state, 'pending');
    await dialog.waitFor({ state: 'hidden' });
    const note = byTest(page, 'plan-filed');
    await note.waitFor({ state: 'visible' });
    assert.match(await note.innerText(), new RegExp(`走访单 #${plan.id} 已提交审批`));
    assert.equal(await byTest(page, 'plan-filed-link').getAttribute('href'), `/approvals/${plan.id}`);
    assert.equal(await planIn(section, plan.id).count(), 0, 'listed on the customer once approved');
    await assertNoSideScroll(page, 'the customer\'s tasks tab at 375 px');
    // my visit plans: pending, with its request
    await page.goto(`${server.url}/tasks?view=plans`);
    const mine = planIn(byTest(page, 'my-plans'), plan.id);
    await mine.waitFor();
    assert.equal(await mine.getAttribute('data-state'), 'pending');
    assert.equal(await mine.locator('[data-test="plan-state"]').innerText(), '待审批');
    assert.equal(await mine.locator('[data-test="plan-close"]').count(), 0, 'not closable before approval');
    assert.equal(await mine.locator('[data-test="plan-request"]').getAttribute('href'), `/approvals/${plan.id}`);
    await assertNoSideScroll(page, 'my visit plans at 375 px');
  } finally {
    await phone.context.close();
  }

  // ---- his manager approves it on the approvals page ----
  const desk = await newPage(browser, { width: 1440, height: 900 });
  try {
    const page = desk.page;
    await login(page, server.url, 'salesmgr');
    await page.goto(server.url + '/approvals');
    const row = page.locator(`[data-test="approval-row"][data-id="${plan.id}"]`).first();
    await row.waitFor();
    assert.match(await row.innerText(), /走访 .*走访页客户.*2026-06-02 09:00/);
    await row.click();
    await page.waitForURL(`**/approvals/${plan.id}`);
    await byTest(page, 'approval-reason').filter({ hasText: '客户上周来电咨询' }).waitFor();
    await byTest(page, 'approval-approve').click();
    await input(page, 'approval-comment').fill('同意，注意带样品');
    const approved = waitApi(page, 'POST', new RegExp(`^/api/v1/approvals/${plan.id}/approve$`));
    await byTest(page, 'approval-confirm').click();
    assert.equal((await approved).status(), 200);
    await byTest(page, 'approval-detail-state').filter({ hasText: '已同意' }).waitFor();
  } finally {
    await desk.context.close();
  }
  const zw = await as(server, 'zhangwei');
  const got = (await zw.get(`/api/v1/visit-plans/${plan.id}`)).body;
  assert.equal(got.state, 'approved');
  assert.ok(got.task_id, 'the visit is his task');

  // ---- after the visit, he closes it from his phone ----
  await clock('2026-06-02T17:00:00+08:00');
  phone = await newPage(browser, { width: W, height: 812, mobile: true });
  try {
    const page = phone.page;
    await login(page, server.url, 'zhangwei');
    await page.goto(server.url + '/tasks');
    // the visit is on his tasks, overdue now
    const task = page.locator(`[data-test="task"][data-id="${got.task_id}"]`);
    await task.waitFor();
    assert.match(await task.innerText(), /走访/);
    await byTest(page, 'view-plans').click();
    await page.waitForURL('**/tasks?view=plans');
    const card = planIn(byTest(page, 'my-plans'), plan.id);
    await card.waitFor();
    assert.equal(await card.getAttribute('data-state'), 'approved');
    assert.equal(await card.locator('[data-test="plan-state"]').innerText(), '已批准');
    assert.match(await card.locator('[data-test="plan-customer"]').innerText(), /走访页客户/);
    await assertInside(card.locator('[data-test="plan-close"]'), W, 'the close button');
    await assertNoSideScroll(page, 'an approved plan at 375 px');
    await card.locator('[data-test="plan-close"]').click();
    const dialog = byTest(page, 'plan-close-dialog');
    await dialog.waitFor({ state: 'visible' });
    let posted = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && /\/close$/.test(new URL(r.url()).pathname)) posted += 1; });
    await byTest(page, 'plan-close-submit').click();
    await fieldError(page, dialog, 'plan-close-summary').filter({ hasText: '必填' }).waitFor();
    assert.equal(posted, 0);
    await input(page, 'plan-close-summary').fill('拜访顺利，客户决定试用一台');
    await input(page, 'plan-close-outcome').fill('试用');
    await input(page, 'plan-close-next-step').fill('回访试用情况');
    await byTest(page, 'plan-close-next-week').click();
    await assertInside(byTest(page, 'plan-close-submit'), W, 'the close dialog\'s button');
    await page.screenshot({ path: artifact('visit-plan-close-375.png') });
    const closed = waitApi(page, 'POST', new RegExp(`^/api/v1/visit-plans/${plan.id}/close$`));
    await byTest(page, 'plan-close-submit').click();
    const c = await closed;
    assert.equal(c.status(), 200, await c.text());
    assert.deepEqual(JSON.parse(c.request().postData()), {
      summary: '拜访顺利，客户决定试用一台', outcome: '试用', next_step: '回访试用情况', next_at: '2026-06-09T09:00:00+08:00',
    });
    done = await c.json();
    assert.equal(done.state, 'done');
    await dialog.waitFor({ state: 'hidden' });
    await byTest(page, 'plan-closed').waitFor({ state: 'visible' });
    await until(async () => (await card.getAttribute('data-state')) === 'done', 'the plan done');
    assert.equal(await card.locator('[data-test="plan-state"]').innerText(), '已结案');
    assert.equal(await card.locator('[data-test="plan-close"]').count(), 0);
    await assertNoSideScroll(page, 'a closed plan at 375 px');
    await page.screenshot({ path: artifact('visit-plans-mine-375.png'), fullPage: true });

    // the visit on the customer's timeline
    await byTest(page, 'plan-closed-link').click();
    await page.waitForURL(`**/customers/${customer.id}?tab=interactions`);
    const entry = page.locator(`[data-test="timeline-entry"][data-id="${done.interaction_id}"]`);
    await entry.waitFor();
    assert.equal(await entry.getAttribute('data-channel'), 'visit');
    assert.equal(await entry.locator('[data-test="timeline-channel"]').innerText(), '拜访');
    assert.equal(await entry.locator('[data-test="timeline-summary"]').innerText(), '拜访顺利，客户决定试用一台');
    assert.equal(await entry.locator('[data-test="timeline-completed"]').innerText(), `完成了待办 #${got.task_id}`);
    assert.match(await entry.locator('[data-test="timeline-next"]').innerText(), /回访试用情况 · 2026-06-09 09:00/);
    await assertNoSideScroll(page, 'the timeline at 375 px');
    // the tasks tab: the visit task done, the plan done
    await byTest(page, 'tab-tasks').click();
    const tab = byTest(page, 'customer-tasks');
    await tab.locator(`[data-test="task"][data-id="${got.task_id}"][data-state="done"]`).waitFor();
    const listed = planIn(byTest(page, 'customer-plans'), plan.id);
    await listed.waitFor();
    assert.equal(await listed.getAttribute('data-state'), 'done');
    await assertNoSideScroll(page, 'the tasks tab at 375 px');
    await page.screenshot({ path: artifact('visit-plan-customer-375.png'), fullPage: true });
  } finally {
    await phone.context.close();
  }
  // the server agrees
  const zw2 = await as(server, 'zhangwei');
  const x = (await zw2.get(`/api/v1/interactions/${done.interaction_id}`)).body;
  assert.deepEqual([x.channel, x.customer_id, x.done_task_id], ['visit', customer.id, got.task_id]);
  assert.equal((await zw2.get(`/api/v1/tasks/${got.task_id}`)).body.state, 'done');
});
