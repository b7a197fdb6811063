// Browser tests of meeting minutes 会谈纪要 (R-INT-3, issue 13 item 3). On a 375 px phone a
// salesperson logs a meeting through the customer's log box on Friday 13 February 2026; the
// timeline shows its minutes to write, due Tuesday 24 February (the Spring Festival not counted),
// read in one call for the whole timeline. Past the due time his task of kind minutes in "my
// tasks" opens the minutes dialog (no "done"): he writes and submits them, late, without the page
// scrolling sideways. His department head reads them on the approvals page and returns them with
// a comment; the salesperson sees the comment, rewrites them from the timeline and submits them
// again; the head approves them; the salesperson marks them sent and records the customer's
// confirmation on the minutes page. The head's per-person counts, from the start of the year,
// show the salesperson's late minutes highlighted and list them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, mobile } from '../lib/kehu.mjs';
import { launch, newPage, input, byTest, waitApi, login, artifact, assertNoSideScroll, assertInside, until } from './helpers.mjs';

let server;
let browser;
let admin;
let customer;
let meeting; // the interaction logged through the box
let minutes; // its minutes as the server has them after the first submission
const users = {};

const clock = async (now) => assert.equal((await admin.put('/api/v1/_test/clock', { now })).status, 200);
const PHONE = { width: 375, height: 812, mobile: true };

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 1 }), launch()]);
  admin = await asAdmin(server);
  await clock('2026-02-13T09:00:00+08:00');
  for (const u of (await admin.get('/api/v1/users?limit=200')).body.items) users[u.username] = u;
  const zw = await as(server, 'zhangwei');
  const r = await zw.post('/api/v1/customers', { kind: 'individual', name: '纪要页客户', mobile: mobile() });
  assert.equal(r.status, 201, r.text);
  customer = r.body;
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

/** The timeline entry of the meeting, and its minutes line. */
const entryOf = (page) => page.locator(`[data-test="timeline-entry"][data-id="${meeting.id}"]`);
const minutesLine = (page) => entryOf(page).locator('[data-test="timeline-minutes"]');
/** The el-form-item holding the element with data-test=name, and its error text. */
const fieldError = (page, scope, name) => scope.locator('.el-form-item').filter({ has: page.locator(`[data-test="${name}"]`) }).locator('.el-form-item__error');

async function asUser(name, size, fn) {
  const { context, page } = await newPage(browser, size);
  try {
    await login(page, server.url, name);
    await fn(page);
  } finally {
    await context.close();
  }
}

/** Open the customer's interactions tab; resolves with the one GET /minutes the timeline made. */
async function openTimeline(page) {
  const listed = waitApi(page, 'GET', /^\/api\/v1\/minutes$/);
  await page.goto(`${server.url}/customers/${customer.id}?tab=interactions`);
  const r = await listed;
  assert.equal(r.status(), 200, await r.text());
  assert.equal(new URL(r.url()).searchParams.get('customer_id'), String(customer.id));
  return r;
}

/** Decide the review request on the approvals page, from the list's "waiting for me" box. */
async function decide(page, action, comment) {
  await page.goto(server.url + '/approvals?box=todo');
  const row = page.locator(`[data-test="approval-row"][data-id="${minutes.request_id}"]`);
  await row.waitFor({ state: 'visible' });
  assert.match(await row.innerText(), /审阅会谈纪要：.*纪要页客户/);
  await row.click();
  await page.waitForURL(`**/approvals/${minutes.request_id}`);
  const card = byTest(page, 'approval-minutes');
  await card.waitFor({ state: 'visible' });
  await byTest(page, 'approval-' + action).click();
  await input(page, 'approval-comment').fill(comment);
  const decided = waitApi(page, 'POST', new RegExp(`^/api/v1/approvals/${minutes.request_id}/${action}$`));
  await byTest(page, 'approval-confirm').click();
  const d = await decided;
  assert.equal(d.status(), 200, await d.text());
  return card;
}

test('R-INT-3: issue 13 item 3: on a 375 px phone a meeting logged through the box on the Friday before the Spring Festival shows its minutes on the timeline, due Tuesday 24 February, read in one call for the timeline', async () => {
  await clock('2026-02-13T15:00:00+08:00');
  await asUser('zhangwei', PHONE, async (page) => {
    let minutesCalls = 0;
    page.on('request', (r) => { if (r.method() === 'GET' && new URL(r.url()).pathname.startsWith('/api/v1/minutes')) minutesCalls += 1; });
    await openTimeline(page);
    await byTest(page, 'log-form').waitFor({ state: 'visible' });
    await byTest(page, 'log-channel-meeting').click();
    await input(page, 'log-summary').fill('年前会面，商谈明年合作');
    const logged = waitApi(page, 'POST', /^\/api\/v1\/interactions$/);
    const reread = waitApi(page, 'GET', /^\/api\/v1\/minutes$/);
    await byTest(page, 'log-submit').click();
    const res = await logged;
    assert.equal(res.status(), 201, await res.text());
    assert.equal(JSON.parse(res.request().postData()).channel, 'meeting');
    meeting = await res.json();
    await reread;

    // the timeline shows the minutes to write, due 2 working days later: the 24th
    const line = minutesLine(page);
    await line.waitFor({ state: 'visible' });
    assert.equal(await line.getAttribute('data-state'), 'due');
    assert.equal(await line.getAttribute('data-late'), 'false');
    assert.equal(await line.locator('[data-test="minutes-state"]').innerText(), '待写');
    assert.equal(await line.locator('[data-test="timeline-minutes-due"]').innerText(), '2026-02-24 15:00 前提交');
    assert.equal(await line.locator('[data-test="minutes-late"]').count(), 0);
    await assertInside(line.locator('[data-test="timeline-minutes-write"]'), 375, 'the write button');
    // one read of the minutes per timeline load, none per entry
    assert.equal(minutesCalls, 2, 'the first load and the reload after logging');
    await assertNoSideScroll(page, 'the timeline with minutes at 375 px');
    await page.screenshot({ path: artifact('minutes-timeline-375.png'), fullPage: true });

    // the dialog says when they are due
    await line.locator('[data-test="timeline-minutes-write"]').click();
    const dialog = byTest(page, 'minutes-dialog');
    await dialog.waitFor({ state: 'visible' });
    await byTest(page, 'minutes-due-hint').filter({ hasText: '请于 2026-02-24 15:00 前提交' }).waitFor();
    assert.equal(await byTest(page, 'minutes-overdue').count(), 0);
    assert.equal(await dialog.locator('[data-test="minutes-meeting"]').innerText(), '2026-02-13 15:00');
    // nothing written: stopped here, at the box
    let posted = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && /\/submit$/.test(new URL(r.url()).pathname)) posted += 1; });
    await byTest(page, 'minutes-submit').click();
    await fieldError(page, dialog, 'minutes-body').filter({ hasText: '必填' }).waitFor();
    assert.equal(posted, 0);
    await assertNoSideScroll(page, 'the minutes dialog at 375 px');
    await byTest(page, 'minutes-close').click();
    await dialog.waitFor({ state: 'hidden' });
  });
  const x = (await (await as(server, 'zhangwei')).get(`/api/v1/minutes/${meeting.id}`)).body;
  assert.equal(Date.parse(x.due_at), Date.parse('2026-02-24T15:00:00+08:00'));
});

test('R-INT-3: issue 13 item 3: past the due time the salesperson\'s minutes task in "my tasks" opens the minutes dialog instead of "done"; he writes and submits them at 375 px, late, and the task is done', async () => {
  await clock('2026-02-24T16:00:00+08:00');
  await asUser('zhangwei', PHONE, async (page) => {
    await page.goto(server.url + '/tasks');
    const zw = await as(server, 'zhangwei');
    const taskId = (await zw.get(`/api/v1/minutes/${meeting.id}`)).body.task_id;
    const card = page.locator(`[data-test="task"][data-id="${taskId}"]`);
    await card.waitFor({ state: 'visible' });
    assert.equal(await card.getAttribute('data-state'), 'overdue');
    assert.equal(await card.locator('[data-test="task-kind"]').innerText(), '会谈纪要');
    assert.equal(await card.locator('[data-test="task-done"]').count(), 0, 'no generic done');
    assert.equal(await card.locator('[data-test="task-log"]').count(), 0);
    await card.locator('[data-test="task-minutes"]').click();

    const dialog = byTest(page, 'minutes-dialog');
    await dialog.waitFor({ state: 'visible' });
    assert.equal(await dialog.getAttribute('data-id'), String(meeting.id));
    await byTest(page, 'minutes-overdue').filter({ hasText: '已过提交期限（2026-02-24 15:00）' }).waitFor();
    assert.equal(await dialog.locator('[data-test="minutes-late"]').innerText(), '已逾期');
    const body = '一、双方回顾今年合作；\n二、明年追加订货；\n三、下次会面三月。';
    await input(page, 'minutes-body').fill(body);
    await assertInside(input(page, 'minutes-body'), 375, 'the minutes box');
    await assertInside(byTest(page, 'minutes-submit'), 375, 'the submit button');
    await assertNoSideScroll(page, 'writing the minutes at 375 px');
    await page.screenshot({ path: artifact('minutes-write-375.png'), fullPage: true });
    const submitted = waitApi(page, 'POST', new RegExp(`^/api/v1/minutes/${meeting.id}/submit$`));
    const reloaded = waitApi(page, 'GET', /^\/api\/v1\/tasks$/);
    await byTest(page, 'minutes-submit').click();
    const s = await submitted;
    assert.equal(s.status(), 200, await s.text());
    assert.deepEqual(JSON.parse(s.request().postData()), { body });
    minutes = await s.json();
    assert.deepEqual([minutes.state, minutes.late], ['submitted', true]);
    await dialog.waitFor({ state: 'hidden' });
    await reloaded;
    await until(async () => (await card.count()) === 0, 'the done task off the open ones');
    assert.equal((await zw.get(`/api/v1/tasks/${taskId}`)).body.state, 'done');

    // the timeline: in review, submitted late
    await openTimeline(page);
    const line = minutesLine(page);
    await line.waitFor({ state: 'visible' });
    assert.equal(await line.getAttribute('data-state'), 'submitted');
    assert.equal(await line.locator('[data-test="minutes-state"]').innerText(), '审阅中');
    assert.equal(await line.locator('[data-test="minutes-late"]').innerText(), '逾期提交');
    assert.equal(await line.locator('[data-test="timeline-minutes-open"]').count(), 1, 'nothing to do while in review');
    await assertNoSideScroll(page, 'the timeline at 375 px');
  });
});

test('R-INT-3: issue 13 item 3: the department head reads the minutes on the approvals page and returns them with a comment; the salesperson sees it, rewrites them from the timeline at 375 px and submits them again; the head approves them', async () => {
  await asUser('salesmgr', { width: 1280, height: 900 }, async (page) => {
    const card = await decide(page, 'return', '请写明订货数量');
    await byTest(page, 'approval-detail-state').filter({ hasText: '已退回' }).waitFor();
    assert.match(await card.locator('[data-test="approval-minutes-body"]').innerText(), /明年追加订货/);
    await page.screenshot({ path: artifact('minutes-review-1280.png'), fullPage: true });
  });

  await asUser('zhangwei', PHONE, async (page) => {
    await openTimeline(page);
    const line = minutesLine(page);
    await line.waitFor({ state: 'visible' });
    assert.equal(await line.locator('[data-test="minutes-state"]').innerText(), '退回修改');
    await line.locator('[data-test="timeline-minutes-write"]').click();
    const dialog = byTest(page, 'minutes-dialog');
    await dialog.waitFor({ state: 'visible' });
    await byTest(page, 'minutes-return-comment').filter({ hasText: '请写明订货数量' }).waitFor();
    assert.match(await byTest(page, 'minutes-returned').innerText(), /周建国 退回修改/);
    assert.match(await input(page, 'minutes-body').inputValue(), /明年追加订货；/, 'the text submitted, to rewrite');
    const body = '一、回顾今年合作；\n二、明年追加订货200台；\n三、下次会面三月。';
    await input(page, 'minutes-body').fill(body);
    assert.equal(await byTest(page, 'minutes-submit').innerText(), '重新提交审阅');
    await assertNoSideScroll(page, 'rewriting the minutes at 375 px');
    const submitted = waitApi(page, 'POST', new RegExp(`^/api/v1/minutes/${meeting.id}/submit$`));
    await byTest(page, 'minutes-submit').click();
    const s = await submitted;
    assert.equal(s.status(), 200, await s.text());
    assert.equal((await s.json()).state, 'submitted');
    await dialog.waitFor({ state: 'hidden' });
    await until(async () => (await line.getAttribute('data-state')) === 'submitted', 'the timeline in review again');
  });

  await asUser('salesmgr', { width: 1280, height: 900 }, async (page) => {
    const card = await decide(page, 'approve', '可以发给客户');
    await byTest(page, 'approval-detail-state').filter({ hasText: '已同意' }).waitFor();
    assert.match(await card.locator('[data-test="approval-minutes-body"]').innerText(), /200台/);
    await card.locator('[data-test="minutes-state"]').filter({ hasText: '已通过' }).waitFor();
  });
  assert.equal((await (await as(server, 'zhangwei')).get(`/api/v1/minutes/${meeting.id}`)).body.state, 'approved');
});

test('R-INT-3: issue 13 item 3: on the minutes page the salesperson marks the approved minutes sent and records the customer\'s confirmation; the late filter lists them', async () => {
  await asUser('zhangwei', PHONE, async (page) => {
    await byTest(page, 'menu-toggle').click();
    const listed = waitApi(page, 'GET', /^\/api\/v1\/minutes$/);
    await byTest(page, 'nav-minutes').click();
    await page.waitForURL('**/minutes');
    await listed;
    const item = page.locator(`[data-test="minutes-item"][data-id="${meeting.id}"]`);
    await item.waitFor({ state: 'visible' });
    assert.equal(await item.getAttribute('data-state'), 'approved');
    assert.match(await item.innerText(), /纪要页客户/);

    // sent
    await item.locator('[data-test="minutes-item-sent"]').click();
    const dialog = byTest(page, 'minutes-dialog');
    await dialog.waitFor({ state: 'visible' });
    assert.match(await byTest(page, 'minutes-text').innerText(), /200台/);
    let step = waitApi(page, 'POST', new RegExp(`^/api/v1/minutes/${meeting.id}/sent$`));
    await byTest(page, 'minutes-submit').filter({ hasText: '标记已发送' }).click();
    let r = await step;
    assert.equal(r.status(), 200, await r.text());
    await dialog.waitFor({ state: 'hidden' });
    await until(async () => (await item.getAttribute('data-state')) === 'sent', 'shown sent');

    // confirmed, with a note
    await item.locator('[data-test="minutes-item-confirm"]').click();
    await dialog.waitFor({ state: 'visible' });
    await input(page, 'minutes-confirm-note').fill('客户邮件回复已收到');
    await assertNoSideScroll(page, 'the confirmation at 375 px');
    step = waitApi(page, 'POST', new RegExp(`^/api/v1/minutes/${meeting.id}/confirmed$`));
    await byTest(page, 'minutes-submit').filter({ hasText: '客户已确认' }).click();
    r = await step;
    assert.equal(r.status(), 200, await r.text());
    assert.deepEqual(JSON.parse(r.request().postData()), { note: '客户邮件回复已收到' });
    await dialog.waitFor({ state: 'hidden' });
    await until(async () => (await item.getAttribute('data-state')) === 'confirmed', 'shown confirmed');
    assert.equal(await item.locator('[data-test="minutes-item-open"]').count(), 1, 'nothing more to do');
    assert.equal(await item.locator('[data-test="minutes-late"]').innerText(), '逾期提交');

    // the late ones
    const late = waitApi(page, 'GET', /^\/api\/v1\/minutes$/);
    await byTest(page, 'minutes-state-filter').click();
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: /^逾期$/ }).click();
    assert.equal(new URL((await late).url()).searchParams.get('state'), 'late');
    await page.waitForURL('**/minutes?state=late');
    await item.waitFor({ state: 'visible' });
    await assertNoSideScroll(page, 'the minutes page at 375 px');
    await page.screenshot({ path: artifact('minutes-page-375.png'), fullPage: true });

    // the dialog tells what happened, with the note
    await item.locator('[data-test="minutes-item-open"]').click();
    await dialog.waitFor({ state: 'visible' });
    assert.equal(await byTest(page, 'minutes-note').innerText(), '客户邮件回复已收到');
    assert.match(await byTest(page, 'minutes-steps').innerText(), /2026-02-24 16:00 提交/);
  });
  const x = (await (await as(server, 'zhangwei')).get(`/api/v1/minutes/${meeting.id}`)).body;
  assert.deepEqual([x.state, x.note, x.late], ['confirmed', '客户邮件回复已收到', true]);
});

test('R-INT-3: issue 13 item 3: the department head\'s per-person counts from the start of the year show the salesperson\'s late minutes highlighted, and list his minutes', async () => {
  await asUser('salesmgr', { width: 1280, height: 900 }, async (page) => {
    await page.goto(server.url + '/minutes');
    const counted = waitApi(page, 'GET', /^\/api\/v1\/minutes\/counts$/);
    await byTest(page, 'minutes-view-counts').click();
    const c = await counted;
    assert.equal(c.status(), 200, await c.text());
    assert.equal(new URL(c.url()).searchParams.get('from'), '2026-01-01');
    const row = page.locator(`[data-test="minutes-count"][data-author="${users.zhangwei.id}"]`);
    await row.waitFor({ state: 'visible' });
    assert.equal(await row.getAttribute('data-highlight'), 'true');
    const tr = page.locator('tr', { has: row });
    assert.match(await tr.getAttribute('class'), /late-row/);
    assert.equal(await tr.locator('[data-test="minutes-count-total"]').innerText(), '1');
    assert.equal(await tr.locator('[data-test="minutes-count-late"]').innerText(), '1');
    assert.equal(await tr.locator('[data-test="minutes-count-overdue"]').innerText(), '0');
    await page.screenshot({ path: artifact('minutes-counts-1280.png'), fullPage: true });

    // his minutes
    const listed = waitApi(page, 'GET', /^\/api\/v1\/minutes$/);
    await row.locator('[data-test="minutes-count-person"]').click();
    assert.equal(new URL((await listed).url()).searchParams.get('author_id'), String(users.zhangwei.id));
    await byTest(page, 'minutes-title').filter({ hasText: '张伟的会谈纪要' }).waitFor();
    const item = page.locator(`[data-test="minutes-item"][data-id="${meeting.id}"]`);
    await item.waitFor({ state: 'visible' });
    assert.equal(await item.getAttribute('data-state'), 'confirmed');
    assert.match(await page.locator('tr', { has: item }).getAttribute('class'), /late-row/);
    // not his to act on: the manager reads them
    await page.locator('tr', { has: item }).locator('[data-test="minutes-item-open"]').click();
    await byTest(page, 'minutes-dialog').waitFor({ state: 'visible' });
    assert.match(await byTest(page, 'minutes-text').innerText(), /200台/);
    assert.equal(await byTest(page, 'minutes-submit').count(), 0);
  });
});
