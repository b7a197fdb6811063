// Browser tests of complaints 投诉 and the follow-up rules on complaints and dates (R-CMP-1,
// R-INT-4). On a 375 px phone a salesperson records a written complaint (a letter) from the
// customer's complaints tab — an empty form is stopped at its fields before sending, the letter
// turns "written" on by itself — sees it open there, and resolves it (an empty resolution is
// stopped too). Once the follow-up job has run, the customer's tasks tab shows the immediate call
// of the written complaint and the callback of the resolved one, named after their rules, and the
// complaints page lists the complaint under "resolved", linked to its customer. The
// general manager adds a rule on the customers' birthdays, every year, from 3 days before to the
// day, in the rule dialog on a phone, and finds it in the rules list read as such. Nothing scrolls
// sideways on the phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, mobile } from '../lib/kehu.mjs';
import { launch, newPage, input, byTest, waitApi, login, artifact, pickOption, assertNoSideScroll, assertInside, until } from './helpers.mjs';

let server;
let browser;
let admin;

const W = 375;
const clock = async (now) => assert.equal((await admin.put('/api/v1/_test/clock', { now })).status, 200);
/** Run the scheduler's due jobs once (the follow-up job among them). */
const tick = async () => assert.equal((await admin.post('/api/v1/_test/scheduler/tick')).status, 200);
/** The el-form-item holding the element with data-test=name, and its error text. */
const fieldError = (page, scope, name) => scope.locator('.el-form-item').filter({ has: page.locator(`[data-test="${name}"]`) }).locator('.el-form-item__error');
const isOn = async (locator) => /is-checked/.test(await locator.getAttribute('class'));
/** Type into an el-input-number and leave it (it takes the value on change). */
async function setNumber(page, name, value) {
  const box = input(page, name);
  await box.fill(String(value));
  await box.press('Tab');
}

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 3 }), launch()]);
  admin = await asAdmin(server);
  // The job's first run switches the shipped rules on (the complaint ones among them): they apply from then.
  await clock('2026-06-01T09:06:00+08:00');
  admin = await asAdmin(server);
  await tick();
  const gm = await as(server, 'gm');
  await until(async () => (await gm.get('/api/v1/followup-rules')).body.items.every((r) => !r.enabled || r.active_from), 'the shipped rules switched on by the job');
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

test('R-INT-4: R-CMP-1: on a 375 px phone a salesperson records a written complaint (a letter) from the customer\'s page and resolves it; after the follow-up job the customer\'s tasks show the immediate call and the callback; nothing scrolls sideways', async () => {
  await clock('2026-06-01T09:20:00+08:00');
  const zw = await as(server, 'zhangwei');
  const made = await zw.post('/api/v1/customers', { kind: 'individual', name: '投诉页客户', mobile: mobile() });
  assert.equal(made.status, 201, made.text);
  const customer = made.body;
  const summary = '来信投诉：安装师傅迟到两小时，态度生硬';
  const resolution = '已致电道歉，更换安装师傅并减免安装费，客户认可';
  let complaint;

  let phone = await newPage(browser, { width: W, height: 812, mobile: true });
  try {
    const page = phone.page;
    await login(page, server.url, 'zhangwei');
    await page.goto(`${server.url}/customers/${customer.id}`);
    const listed = waitApi(page, 'GET', /^\/api\/v1\/complaints$/);
    await byTest(page, 'tab-complaints').click();
    const res0 = await listed;
    assert.equal(res0.status(), 200, await res0.text());
    assert.equal(new URL(res0.url()).searchParams.get('customer_id'), String(customer.id));
    const panel = byTest(page, 'customer-complaints');
    await byTest(page, 'complaints-empty').waitFor();
    await assertInside(byTest(page, 'complaint-add'), W, 'the record button');
    await byTest(page, 'complaint-add').click();
    const dialog = byTest(page, 'complaint-dialog');
    await dialog.waitFor({ state: 'visible' });
    assert.match(await byTest(page, 'complaint-form-customer-fixed').innerText(), /投诉页客户/);

    // an empty complaint is stopped at its fields, nothing is sent
    let posted = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/complaints') posted += 1; });
    assert.equal(await isOn(byTest(page, 'complaint-form-written')), false, 'by phone: not written');
    await byTest(page, 'complaint-form-submit').click();
    await fieldError(page, dialog, 'complaint-form-category').filter({ hasText: '必填' }).waitFor();
    await fieldError(page, dialog, 'complaint-form-summary').filter({ hasText: '必填' }).waitFor();
    assert.equal(posted, 0);

    // a letter: written by itself
    await pickOption(page, 'complaint-form-channel', '信函');
    await until(() => isOn(byTest(page, 'complaint-form-written')), 'a letter is a written complaint');
    await pickOption(page, 'complaint-form-category', '服务态度');
    await input(page, 'complaint-form-summary').fill(summary);
    await assertInside(byTest(page, 'complaint-form-submit'), W, 'the dialog\'s button');
    await assertNoSideScroll(page, 'the complaint dialog at 375 px');
    await page.screenshot({ path: artifact('complaint-form-375.png') });
    const recorded = waitApi(page, 'POST', /^\/api\/v1\/complaints$/);
    await byTest(page, 'complaint-form-submit').click();
    const res = await recorded;
    assert.equal(res.status(), 201, await res.text());
    assert.deepEqual(JSON.parse(res.request().postData()), {
      customer_id: customer.id, channel: 'letter', category: 'attitude', severity: 'general', written: true, summary,
    });
    complaint = await res.json();
    assert.deepEqual([complaint.state, complaint.written, complaint.customer.id], ['open', true, customer.id]);
    await dialog.waitFor({ state: 'hidden' });

    // open in the panel, a written letter about the attitude
    const card = panel.locator(`[data-test="complaint"][data-id="${complaint.id}"]`);
    await card.waitFor();
    assert.equal(await card.getAttribute('data-state'), 'open');
    assert.equal(await card.locator('[data-test="complaint-state"]').innerText(), '待处理');
    assert.equal(await card.locator('[data-test="complaint-written"]').innerText(), '书面');
    assert.equal(await card.locator('[data-test="complaint-channel"]').innerText(), '信函');
    assert.equal(await card.locator('[data-test="complaint-category"]').innerText(), '服务态度');
    assert.equal(await card.locator('[data-test="complaint-summary"]').innerText(), summary);
    await assertInside(card.locator('[data-test="complaint-resolve"]'), W, 'the resolve button');
    await assertNoSideScroll(page, 'the complaints tab at 375 px');
    await page.screenshot({ path: artifact('complaint-open-375.png'), fullPage: true });

    // resolved: an empty resolution is stopped here
    await card.locator('[data-test="complaint-resolve"]').click();
    const resolveDialog = byTest(page, 'complaint-resolve-dialog');
    await resolveDialog.waitFor({ state: 'visible' });
    let resolves = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && /\/resolve$/.test(new URL(r.url()).pathname)) resolves += 1; });
    await byTest(page, 'complaint-resolve-submit').click();
    await fieldError(page, resolveDialog, 'complaint-resolution-input').filter({ hasText: '必填' }).waitFor();
    assert.equal(resolves, 0);
    await input(page, 'complaint-resolution-input').fill(resolution);
    await assertInside(byTest(page, 'complaint-resolve-submit'), W, 'the resolve dialog\'s button');
    await assertNoSideScroll(page, 'the resolve dialog at 375 px');
    const resolving = waitApi(page, 'POST', new RegExp(`^/api/v1/complaints/${complaint.id}/resolve$`));
    await byTest(page, 'complaint-resolve-submit').click();
    const r2 = await resolving;
    assert.equal(r2.status(), 200, await r2.text());
    assert.deepEqual(JSON.parse(r2.request().postData()), { resolution });
    await resolveDialog.waitFor({ state: 'hidden' });
    await until(async () => (await card.getAttribute('data-state')) === 'resolved', 'the complaint resolved');
    assert.equal(await card.locator('[data-test="complaint-state"]').innerText(), '已处理');
    assert.match(await card.locator('[data-test="complaint-resolution"]').innerText(), new RegExp(resolution));
    assert.match(await card.locator('[data-test="complaint-resolved"]').innerText(), /^张伟 于 2026-06-01 09:\d\d 处理完毕$/);
    assert.equal(await card.locator('[data-test="complaint-resolve"]').count(), 0, 'resolved once');
    await assertNoSideScroll(page, 'a resolved complaint at 375 px');
    await page.screenshot({ path: artifact('complaint-resolved-375.png'), fullPage: true });
  } finally {
    await phone.context.close();
  }

  // the server agrees
  const got = (await zw.get(`/api/v1/complaints/${complaint.id}`)).body;
  assert.deepEqual([got.state, got.resolution, got.resolved_by && got.resolved_by.name], ['resolved', resolution, '张伟']);

  // the follow-up job's next run: the immediate call of the written complaint, the callback of the resolved one
  await clock('2026-06-01T10:06:00+08:00');
  admin = await asAdmin(server);
  await tick();
  const titles = ['收到书面投诉即时电话回访', '投诉处理后电话回访'];
  const zw2 = await as(server, 'zhangwei');
  const tasks = await until(async () => {
    const items = (await zw2.get(`/api/v1/tasks?customer_id=${customer.id}&state=all&limit=200`)).body.items.filter((x) => x.rule);
    return titles.every((title) => items.some((x) => x.title === title)) && items;
  }, 'the complaint rules\' tasks', 30000);
  const byTitle = Object.fromEntries(tasks.map((x) => [x.title, x]));

  phone = await newPage(browser, { width: W, height: 812, mobile: true });
  try {
    const page = phone.page;
    await login(page, server.url, 'zhangwei');
    await page.goto(`${server.url}/customers/${customer.id}?tab=tasks`);
    const tab = byTest(page, 'customer-tasks');
    for (const title of titles) {
      const task = tab.locator(`[data-test="task"][data-id="${byTitle[title].id}"]`);
      await task.waitFor();
      assert.equal(await task.locator('[data-test="task-title"]').innerText(), title);
      assert.equal(await task.getAttribute('data-state'), 'open');
      assert.equal(await task.locator('[data-test="task-assignee"]').innerText(), '张伟', 'the owner\'s');
    }
    await assertNoSideScroll(page, 'the tasks tab at 375 px');
    await page.screenshot({ path: artifact('complaint-tasks-375.png'), fullPage: true });
    // the complaint tab keeps the complaint, resolved
    await byTest(page, 'tab-complaints').click();
    await byTest(page, 'customer-complaints').locator(`[data-test="complaint"][data-id="${complaint.id}"][data-state="resolved"]`).waitFor();
    await assertNoSideScroll(page, 'the complaints tab at 375 px');
    // the complaints page: open ones by default, the resolved one under "resolved", its customer linked
    await byTest(page, 'menu-toggle').click();
    const opened = waitApi(page, 'GET', /^\/api\/v1\/complaints$/);
    await byTest(page, 'nav-complaints').click();
    await page.waitForURL('**/complaints');
    assert.equal(new URL((await opened).url()).searchParams.get('state'), 'open');
    const cards = byTest(page, 'complaints-cards');
    await cards.waitFor();
    assert.equal(await cards.locator(`[data-test="complaint"][data-id="${complaint.id}"]`).count(), 0, 'not open');
    const resolvedList = waitApi(page, 'GET', /^\/api\/v1\/complaints$/);
    await pickOption(page, 'complaints-state', '已处理');
    assert.equal(new URL((await resolvedList).url()).searchParams.get('state'), 'resolved');
    await page.waitForURL('**/complaints?state=resolved');
    const row = cards.locator(`[data-test="complaint"][data-id="${complaint.id}"]`);
    await row.waitFor();
    assert.equal(await row.getAttribute('data-state'), 'resolved');
    assert.match(await row.locator('[data-test="complaint-customer"]').innerText(), /投诉页客户/);
    assert.equal(await row.locator('[data-test="complaint-resolve"]').count(), 0);
    await assertNoSideScroll(page, 'the complaints page at 375 px');
    await page.screenshot({ path: artifact('complaints-page-375.png'), fullPage: true });
    await row.locator('[data-test="complaint-customer"]').click();
    await page.waitForURL(`**/customers/${customer.id}?tab=complaints`);
    await byTest(page, 'customer-complaints').locator(`[data-test="complaint"][data-id="${complaint.id}"]`).waitFor();
  } finally {
    await phone.context.close();
  }
});

test('R-INT-4: on a 375 px phone the general manager adds a rule on the customers\' birthdays — every year, from 3 days before to the day — in the rule dialog (the date is asked for before sending), and it is listed read as such; nothing scrolls sideways', async () => {
  const gmApi = await as(server, 'gm');
  const before = (await gmApi.get('/api/v1/followup-rules')).body;
  const position = Math.max(0, ...before.items.map((r) => Number(r.position) || 0)) + 1;
  assert.ok(before.choices.date_fields.some((f) => f.value === 'birthday' && f.zh === '生日'), 'the birthday offered');
  const { context, page } = await newPage(browser, { width: W, height: 812, mobile: true });
  try {
    await login(page, server.url, 'gm');
    await page.goto(server.url + '/followup-rules');
    await byTest(page, 'rule').first().waitFor();
    await assertInside(byTest(page, 'rule-add'), W, 'the add button');
    await byTest(page, 'rule-add').click();
    const dialog = byTest(page, 'rule-dialog');
    await dialog.waitFor({ state: 'visible' });
    assert.equal(await byTest(page, 'rule-date-field').count(), 0, 'no date for a rule on an event');
    await input(page, 'rule-name-zh').fill('生日前三天电话问候');
    await input(page, 'rule-name-en').fill('Birthday: call from 3 days before');
    await pickOption(page, 'rule-trigger', '日期字段');
    await byTest(page, 'rule-date-field').waitFor();
    await byTest(page, 'rule-negative-hint').filter({ hasText: '负数表示日期之前' }).waitFor();

    // no date chosen: stopped at its field
    let posted = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/followup-rules') posted += 1; });
    await byTest(page, 'rule-save').click();
    await fieldError(page, dialog, 'rule-date-field').filter({ hasText: '必填' }).waitFor();
    assert.equal(posted, 0);

    // the birthday: every year by itself; the window before the date
    assert.equal(await isOn(byTest(page, 'rule-yearly')), false);
    await pickOption(page, 'rule-date-field', /^\s*生日\s*$/);
    await until(() => isOn(byTest(page, 'rule-yearly')), 'a birthday comes every year');
    await setNumber(page, 'rule-from', -3);
    await setNumber(page, 'rule-to', 0);
    await byTest(page, 'rule-preview').filter({ hasText: '每年生日前 3 天至当天 · 电话 · 客户负责人' }).waitFor();
    await assertInside(byTest(page, 'rule-save'), W, 'the save button');
    await assertNoSideScroll(page, 'the rule dialog at 375 px');
    await page.screenshot({ path: artifact('followup-date-rule-375.png') });
    const saved = waitApi(page, 'POST', /^\/api\/v1\/followup-rules$/);
    await byTest(page, 'rule-save').click();
    const s = await saved;
    assert.equal(s.status(), 201, await s.text());
    assert.deepEqual(JSON.parse(s.request().postData()), {
      name_zh: '生日前三天电话问候', name_en: 'Birthday: call from 3 days before', trigger: 'date_field', audience: 'all', unit: 'days',
      offset_from: -3, offset_to: 0, channel: 'call', assignee_role: '', purpose: '', enabled: true, position,
      date_field: 'birthday', yearly: true,
    });
    const rule = await s.json();
    await dialog.waitFor({ state: 'hidden' });

    // listed, read as a rule on the birthday
    const card = page.locator(`[data-test="rule"][data-id="${rule.id}"]`);
    await card.waitFor();
    assert.equal(await card.locator('[data-test="rule-name"]').innerText(), '生日前三天电话问候');
    assert.equal(await card.locator('[data-test="rule-sentence"]').innerText(), '每年生日前 3 天至当天 · 电话 · 客户负责人');
    await assertNoSideScroll(page, 'the rules at 375 px');
    await page.screenshot({ path: artifact('followup-rules-date-375.png'), fullPage: true });
    // in English too
    await byTest(page, 'lang-switch').click();
    await card.locator('[data-test="rule-sentence"]').filter({ hasText: /^from 3 days before to the day of the .+, each year · / }).waitFor();
    await byTest(page, 'lang-switch').click();
  } finally {
    await context.close();
  }
  // the server agrees
  const x = (await gmApi.get('/api/v1/followup-rules')).body.items.find((r) => r.name_zh === '生日前三天电话问候');
  assert.ok(x, 'saved');
  assert.deepEqual([x.trigger, x.date_field, x.yearly, x.unit, x.offset_from, x.offset_to, x.enabled], ['date_field', 'birthday', true, 'days', -3, 0, true]);
});
