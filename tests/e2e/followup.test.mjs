// Browser tests of interactions 跟进记录 (R-INT-1, issue 13 item 2) and tasks 待办 (R-INT-4, issue
// 13 item 4). On a 375 px phone a salesperson sees his follow-up task due today in "my tasks",
// opens the customer's page from it and logs the call for it with a next step (an empty summary is
// stopped before sending); the box says the task is done and the next step became a new task, the
// timeline shows the call, the tasks tab shows the task done and the next step open, and the API
// agrees; nothing scrolls sideways. At desktop width his manager sees his tasks (the overdue one
// highlighted), skips one with a reason, is refused at the field when giving one to a salesperson
// who does not see the customer, a log for the skipped task is refused at the box (in the language
// shown), and he adds a task for the salesperson on the customer's page. A task.assigned
// notification opens "my tasks" with that task shown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, mobile } from '../lib/kehu.mjs';
import { launch, newPage, input, byTest, waitApi, login, artifact, pickOption, assertNoSideScroll, assertInside, until } from './helpers.mjs';

let server;
let browser;
let admin;
let zw;
let customer;
let contact;
let firstTask;
const users = {};

const clock = async (now) => assert.equal((await admin.put('/api/v1/_test/clock', { now })).status, 200);

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 3 }), launch()]);
  admin = await asAdmin(server);
  await clock('2026-06-01T09:00:00+08:00');
  for (const u of (await admin.get('/api/v1/users?limit=200')).body.items) users[u.username] = u;
  zw = await as(server, 'zhangwei');
  let r = await zw.post('/api/v1/customers', { kind: 'individual', name: '跟进页客户', mobile: mobile() });
  assert.equal(r.status, 201, r.text);
  customer = r.body;
  r = await zw.post(`/api/v1/customers/${customer.id}/contacts`, { name: '王秘书', relation: 'assistant', mobile: mobile() });
  assert.equal(r.status, 201, r.text);
  contact = r.body;
  // his follow-up call, due this evening
  r = await zw.post('/api/v1/tasks', { customer_id: customer.id, title: '第一次回访', channel: 'call', purpose: '了解净水器使用情况', due_at: '2026-06-01T18:00:00+08:00' });
  assert.equal(r.status, 201, r.text);
  firstTask = r.body;
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

const taskIn = (scope, id) => scope.locator(`[data-test="task"][data-id="${id}"]`);
/** The el-form-item holding the element with data-test=name, and its error text. */
const fieldError = (page, scope, name) => scope.locator('.el-form-item').filter({ has: page.locator(`[data-test="${name}"]`) }).locator('.el-form-item__error');

test('R-INT-1: issue 13 item 2: on a 375 px phone a salesperson sees his follow-up task in "my tasks", logs the call for it from the customer\'s page with a next step; the task is done, the next step is a new open task, and nothing scrolls sideways', async () => {
  const { context, page } = await newPage(browser, { width: 375, height: 812, mobile: true });
  try {
    await login(page, server.url, 'zhangwei');
    // he lands on "my day" (R-INT-4), which reads his tasks; then my tasks, from the menu
    await page.waitForURL('**/my-day');
    await until(async () => /^\d+$/.test(await byTest(page, 'my-day-count-today').locator('[data-test="my-day-count"]').innerText()), 'my day read');
    const listed = waitApi(page, 'GET', /^\/api\/v1\/tasks$/);
    await byTest(page, 'menu-toggle').click();
    await byTest(page, 'nav-tasks').click();
    await page.waitForURL('**/tasks');
    assert.equal(new URL((await listed).url()).searchParams.get('state'), 'open');
    const card = taskIn(page, firstTask.id);
    await card.waitFor({ state: 'visible' });
    assert.equal(await card.locator('[data-test="task-title"]').innerText(), '第一次回访');
    assert.match(await card.locator('[data-test="task-customer"]').innerText(), /跟进页客户/);
    assert.equal(await card.getAttribute('data-state'), 'open');
    // due this evening (the server's today, not the browser's)
    await card.locator('[data-test="task-due-today"]').waitFor();
    assert.equal(await page.locator('[data-test="tasks-group"][data-group="today"]').locator(`[data-test="task"][data-id="${firstTask.id}"]`).count(), 1);
    assert.match(await card.locator('[data-test="task-due"]').innerText(), /2026-06-01 18:00/);
    await assertInside(card.locator('[data-test="task-log"]'), 375, 'the card\'s log button');
    await assertNoSideScroll(page, 'my tasks at 375 px');
    await page.screenshot({ path: artifact('followup-tasks-375.png'), fullPage: true });

    // log the call for it: the customer's page opens on the box, set to the task
    await card.locator('[data-test="task-log"]').click();
    await page.waitForURL(`**/customers/${customer.id}?**`);
    const u = new URL(page.url());
    assert.equal(u.searchParams.get('tab'), 'interactions');
    assert.equal(u.searchParams.get('task'), String(firstTask.id));
    const form = byTest(page, 'log-form');
    await form.waitFor({ state: 'visible' });
    await byTest(page, 'log-for-task').filter({ hasText: '第一次回访' }).waitFor();
    assert.equal(await byTest(page, 'log-channel-call').getAttribute('aria-checked'), 'true', 'a call, the task\'s channel');

    // an empty summary is stopped here, at its field
    let posted = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/interactions') posted += 1; });
    await byTest(page, 'log-submit').click();
    const summaryError = fieldError(page, form, 'log-summary');
    await summaryError.waitFor({ state: 'visible' });
    assert.equal(await summaryError.innerText(), '必填');
    assert.equal(posted, 0);

    await input(page, 'log-summary').fill('介绍了新款净水器，客户有兴趣。');
    await input(page, 'log-outcome').fill('愿意试用');
    await input(page, 'log-next-step').fill('送样机上门');
    await byTest(page, 'log-next-tomorrow').click();
    assert.equal(await input(page, 'log-next-at').inputValue(), '2026-06-02 09:00');
    // the customer's secretary took part
    await byTest(page, 'log-more').click();
    await byTest(page, 'log-contacts').click();
    const option = page.locator('.el-select-dropdown__item:visible').filter({ hasText: '王秘书' });
    await option.click();
    await byTest(page, 'log-box').locator('.section-title').click(); // a multiple select stays open: close it
    await option.waitFor({ state: 'hidden' });
    await form.locator('.el-select .el-tag').filter({ hasText: '王秘书' }).waitFor();
    await assertInside(byTest(page, 'log-submit'), 375, 'the submit button');
    await assertInside(input(page, 'log-summary'), 375, 'the summary');
    await assertInside(byTest(page, 'log-channel-event'), 375, 'the last channel button');
    await assertNoSideScroll(page, 'the log box at 375 px');
    await page.screenshot({ path: artifact('followup-log-375.png'), fullPage: true });

    const logged = waitApi(page, 'POST', /^\/api\/v1\/interactions$/);
    await byTest(page, 'log-submit').click();
    const res = await logged;
    assert.equal(res.status(), 201, await res.text());
    assert.deepEqual(JSON.parse(res.request().postData()), {
      customer_id: customer.id, channel: 'call', direction: 'out', summary: '介绍了新款净水器，客户有兴趣。', outcome: '愿意试用',
      next_step: '送样机上门', next_at: '2026-06-02T09:00:00+08:00', task_id: firstTask.id, contact_ids: [contact.id],
    });
    const x = await res.json();
    assert.equal(x.completed_task_id, firstTask.id);
    assert.ok(x.task_id, 'the next step became a task');

    // the box says so, and clears
    const doneNote = byTest(page, 'log-done');
    await doneNote.waitFor({ state: 'visible' });
    assert.equal(await doneNote.getAttribute('data-completed'), String(firstTask.id));
    assert.equal(await doneNote.getAttribute('data-next'), String(x.task_id));
    await doneNote.filter({ hasText: `已完成待办 #${firstTask.id}「第一次回访」` }).waitFor();
    assert.match(await doneNote.innerText(), new RegExp(`下一步已加入待办 #${x.task_id}「送样机上门」，2026-06-02 09:00 到期`));
    assert.equal(await input(page, 'log-summary').inputValue(), '');
    assert.equal(await input(page, 'log-next-step').inputValue(), '');
    assert.equal(await byTest(page, 'log-for-task').count(), 0);
    assert.equal(new URL(page.url()).searchParams.get('task'), null);

    // the timeline, newest first
    const entry = byTest(page, 'timeline-entry').first();
    await until(async () => (await entry.getAttribute('data-id')) === String(x.id), 'the call on the timeline');
    assert.equal(await entry.locator('[data-test="timeline-channel"]').innerText(), '电话');
    assert.equal(await entry.locator('[data-test="timeline-summary"]').innerText(), '介绍了新款净水器，客户有兴趣。');
    assert.equal(await entry.locator('[data-test="timeline-author"]').innerText(), '张伟');
    assert.match(await entry.locator('[data-test="timeline-people"]').innerText(), /王秘书/);
    assert.match(await entry.locator('[data-test="timeline-next"]').innerText(), /送样机上门 · 2026-06-02 09:00/);
    assert.equal(await entry.locator('[data-test="timeline-completed"]').innerText(), `完成了待办 #${firstTask.id}`);
    await assertNoSideScroll(page, 'the timeline at 375 px');

    // the tasks tab: the follow-up done by the call, the next step open
    const tasksLoaded = waitApi(page, 'GET', /^\/api\/v1\/tasks$/);
    await byTest(page, 'tab-tasks').click();
    assert.equal(new URL((await tasksLoaded).url()).searchParams.get('customer_id'), String(customer.id));
    const tab = byTest(page, 'customer-tasks');
    const done = taskIn(tab, firstTask.id);
    await done.waitFor({ state: 'visible' });
    assert.equal(await done.getAttribute('data-state'), 'done');
    assert.match(await done.locator('[data-test="task-finished"]').innerText(), /张伟 于 2026-06-01 09:00 完成 · 由跟进记录完成/);
    assert.equal(await done.locator('[data-test="task-actions"]').count(), 0);
    const next = taskIn(tab, x.task_id);
    assert.equal(await next.getAttribute('data-state'), 'open');
    assert.equal(await next.locator('[data-test="task-title"]').innerText(), '送样机上门');
    const cards = await tab.locator('[data-test="task"]').evaluateAll((els) => els.map((e) => e.dataset.id));
    assert.deepEqual(cards, [String(x.task_id), String(firstTask.id)], 'open tasks first');
    await assertNoSideScroll(page, 'the tasks tab at 375 px');
    await page.screenshot({ path: artifact('followup-customer-tasks-375.png'), fullPage: true });

    // the server agrees
    const t1 = (await zw.get(`/api/v1/tasks/${firstTask.id}`)).body;
    assert.equal(t1.state, 'done');
    assert.equal(t1.done_interaction_id, x.id);
    const t2 = (await zw.get(`/api/v1/tasks/${x.task_id}`)).body;
    assert.equal(t2.state, 'open');
    assert.equal(t2.kind, 'next_step');
    assert.equal(Date.parse(t2.due_at), Date.parse('2026-06-02T09:00:00+08:00'));

    // my tasks: the next step, due tomorrow; the call's task is gone from the open ones
    await page.goto(server.url + '/tasks');
    await taskIn(page, x.task_id).waitFor({ state: 'visible' });
    assert.equal(await page.locator('[data-test="tasks-group"][data-group="later"]').locator(`[data-test="task"][data-id="${x.task_id}"]`).count(), 1);
    assert.equal(await taskIn(page, firstTask.id).count(), 0);
  } finally {
    await context.close();
  }
});

test('R-INT-4: issue 13 item 4: the manager sees a salesperson\'s tasks with the overdue one highlighted, skips one with a reason, is refused at the field when giving one to someone who does not see the customer, a log for the skipped task is refused at the box, and he adds a task for the salesperson on the customer\'s page', async () => {
  const c = (await zw.post('/api/v1/customers', { kind: 'individual', name: '分派页客户', mobile: mobile() })).body;
  const add = async (body) => {
    const r = await zw.post('/api/v1/tasks', { customer_id: c.id, ...body });
    assert.equal(r.status, 201, r.text);
    return r.body;
  };
  const late = await add({ title: '核对收货地址', kind: 'fixup', due_at: '2026-06-01T15:00:00+08:00' });
  const later = await add({ title: '节后回访', channel: 'visit', due_at: '2026-06-15T10:00:00+08:00' });
  await clock('2026-06-01T16:00:00+08:00');
  const zwLater = await as(server, 'zhangwei'); // the idle hours ended his session

  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(page, server.url, 'salesmgr');
    await page.goto(server.url + '/tasks');
    await byTest(page, 'tasks-title').filter({ hasText: '我的待办' }).waitFor();
    // zhangwei's tasks
    const listed = waitApi(page, 'GET', /^\/api\/v1\/tasks$/);
    await pickOption(page, 'tasks-person', '张伟');
    assert.equal(new URL((await listed).url()).searchParams.get('assignee_id'), String(users.zhangwei.id));
    await byTest(page, 'tasks-title').filter({ hasText: '张伟的待办' }).waitFor();
    const overdue = taskIn(page, late.id);
    await overdue.waitFor({ state: 'visible' });
    assert.equal(await overdue.getAttribute('data-state'), 'overdue');
    assert.equal(await page.locator('[data-test="tasks-group"][data-group="overdue"]').locator(`[data-test="task"][data-id="${late.id}"]`).count(), 1);
    assert.match(await page.locator('tr', { has: overdue }).getAttribute('class'), /overdue-row/);
    assert.equal(await overdue.locator('[data-test="task-state"]').innerText(), '已逾期');
    const row = (task) => page.locator('tr', { has: taskIn(page, task.id) });
    assert.match(await row(later).innerText(), /分派页客户[\s\S]*节后回访[\s\S]*回访 · 拜访[\s\S]*张伟/);
    await page.screenshot({ path: artifact('followup-manager-1440.png'), fullPage: true });

    // skip the later one: the reason is asked for first
    await row(later).locator('[data-test="task-skip"]').click();
    const skipDialog = byTest(page, 'task-finish-dialog');
    await skipDialog.waitFor({ state: 'visible' });
    let posted = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && /\/skip$/.test(new URL(r.url()).pathname)) posted += 1; });
    await byTest(page, 'task-finish-submit').click();
    await fieldError(page, skipDialog, 'task-finish-text').filter({ hasText: '必填' }).waitFor();
    assert.equal(posted, 0);
    await input(page, 'task-finish-text').fill('客户出国，节后再联系');
    const skipped = waitApi(page, 'POST', new RegExp(`^/api/v1/tasks/${later.id}/skip$`));
    await byTest(page, 'task-finish-submit').click();
    const s = await skipped;
    assert.equal(s.status(), 200, await s.text());
    assert.deepEqual(JSON.parse(s.request().postData()), { reason: '客户出国，节后再联系' });
    await skipDialog.waitFor({ state: 'hidden' });
    await until(async () => (await taskIn(page, later.id).count()) === 0, 'the skipped task off the open list');
    const got = await zwLater.get(`/api/v1/tasks/${later.id}`);
    assert.equal(got.status, 200, got.text);
    const b = got.body;
    assert.equal(b.state, 'skipped');
    assert.equal(b.note, '客户出国，节后再联系');
    assert.equal(b.done_by.name, '周建国');

    // give the overdue one to lina, who does not see the customer: refused at the field
    await row(late).locator('[data-test="task-assign"]').click();
    const assignDialog = byTest(page, 'task-assign-dialog');
    await assignDialog.waitFor({ state: 'visible' });
    await pickOption(page, 'task-assign-select', '李娜');
    const refused = waitApi(page, 'POST', new RegExp(`^/api/v1/tasks/${late.id}/assign$`));
    await byTest(page, 'task-assign-submit').click();
    const a = await refused;
    assert.equal(a.status(), 422, await a.text());
    assert.equal((await a.json()).error.field, 'assignee_id');
    await fieldError(page, assignDialog, 'task-assign-select').filter({ hasText: '执行人须为能查看这位客户的在职用户' }).waitFor();
    await page.locator('.el-dialog__headerbtn:visible').click();
    await assignDialog.waitFor({ state: 'hidden' });
    assert.equal((await zwLater.get(`/api/v1/tasks/${late.id}`)).body.assignee.name, '张伟');

    // a link to the skipped task: logging for it is refused by the server, shown at the box
    await page.goto(`${server.url}/customers/${c.id}?tab=interactions&task=${later.id}`);
    await byTest(page, 'log-for-task').filter({ hasText: '节后回访' }).waitFor();
    assert.equal(await byTest(page, 'log-channel-visit').getAttribute('aria-checked'), 'true', 'the task\'s channel');
    await input(page, 'log-summary').fill('上门拜访');
    const log = waitApi(page, 'POST', /^\/api\/v1\/interactions$/);
    await byTest(page, 'log-submit').click();
    const l = await log;
    assert.equal(l.status(), 409, await l.text());
    assert.equal(JSON.parse(l.request().postData()).task_id, later.id);
    await byTest(page, 'log-error-task').filter({ hasText: '这项待办不存在、已完成' }).waitFor();
    assert.equal(await input(page, 'log-summary').inputValue(), '上门拜访', 'what was written stays');
    // the refusal reads in the language shown
    await byTest(page, 'lang-switch').click();
    await byTest(page, 'log-error-task').filter({ hasText: 'the task is unknown, done already' }).waitFor();
    await byTest(page, 'lang-switch').click();
    await byTest(page, 'log-error-task').filter({ hasText: '这项待办不存在、已完成' }).waitFor();
    assert.equal(await byTest(page, 'timeline-entry').count(), 0, 'nothing was logged');
    await page.screenshot({ path: artifact('followup-refused-1440.png'), fullPage: true });

    // the manager adds a task for the salesperson from the customer's tasks tab
    await byTest(page, 'tab-tasks').click();
    await taskIn(byTest(page, 'customer-tasks'), later.id).waitFor();
    await byTest(page, 'task-add').click();
    const addDialog = byTest(page, 'task-form-dialog');
    await addDialog.waitFor({ state: 'visible' });
    assert.equal(await input(page, 'task-form-due').inputValue(), '2026-06-02 18:00', 'tomorrow evening proposed');
    await input(page, 'task-form-title').fill('电话确认新地址');
    await pickOption(page, 'task-form-kind', '资料补正');
    await pickOption(page, 'task-form-channel', '电话');
    await pickOption(page, 'task-form-assignee', '张伟');
    const added = waitApi(page, 'POST', /^\/api\/v1\/tasks$/);
    await byTest(page, 'task-form-submit').click();
    const n = await added;
    assert.equal(n.status(), 201, await n.text());
    assert.deepEqual(JSON.parse(n.request().postData()), {
      customer_id: c.id, title: '电话确认新地址', kind: 'fixup', channel: 'call', due_at: '2026-06-02T18:00:00+08:00', assignee_id: users.zhangwei.id,
    });
    await addDialog.waitFor({ state: 'hidden' });
    const made = taskIn(byTest(page, 'customer-tasks'), (await n.json()).id);
    await made.waitFor({ state: 'visible' });
    assert.equal(await made.locator('[data-test="task-assignee"]').innerText(), '张伟');
    // open ones first: the overdue one, the new one; then the skipped one
    const order = await byTest(page, 'customer-tasks').locator('[data-test="task"]').evaluateAll((els) => els.map((e) => e.dataset.state));
    assert.deepEqual(order, ['overdue', 'open', 'skipped']);
    await page.screenshot({ path: artifact('followup-customer-tasks-1440.png'), fullPage: true });
  } finally {
    await context.close();
    await clock('2026-06-01T09:00:00+08:00');
  }
});

test('R-INT-4: issue 13 item 4: a task given to a salesperson is told in his inbox, whose link opens "my tasks" with that task shown', async () => {
  const mgr = await as(server, 'salesmgr');
  const r = await mgr.post('/api/v1/tasks', { customer_id: customer.id, title: '送合同上门', assignee_id: users.zhangwei.id, due_at: '2026-06-03T10:00:00+08:00' });
  assert.equal(r.status, 201, r.text);
  const task = r.body;
  const { context, page } = await newPage(browser, { width: 1280, height: 900 });
  try {
    await login(page, server.url, 'zhangwei');
    await byTest(page, 'inbox-bell').click();
    const item = page.locator(`[data-test="inbox-item"][data-link="/tasks?id=${task.id}"]`).first();
    await item.waitFor({ state: 'visible' });
    assert.match(await item.innerText(), /送合同上门/);
    await item.click();
    await page.waitForURL(`**/tasks?id=${task.id}`);
    const focus = byTest(page, 'task-focus');
    await focus.waitFor({ state: 'visible' });
    const card = taskIn(focus, task.id);
    await card.waitFor({ state: 'visible' });
    assert.equal(await card.locator('[data-test="task-title"]').innerText(), '送合同上门');
    assert.match(await card.locator('[data-test="task-customer"]').innerText(), /跟进页客户/);
    assert.match(await card.getAttribute('class'), /focused/);
    // and in the list below, marked
    const listed = page.locator('[data-test="tasks-list"] tr', { has: taskIn(page, task.id) });
    await listed.waitFor();
    assert.match(await listed.getAttribute('class'), /focused/);
  } finally {
    await context.close();
  }
});
