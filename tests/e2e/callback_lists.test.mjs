// Browser tests of callback lists 回访名单 (R-INT-5, issue 13 item 5). The sales manager draws a
// random sample of a segment (a salesperson's customers with a tag), previews them all ticked,
// leaves one out, picks the purpose (the title follows it), the due time and two members of his
// team, and makes the tasks: the page says how many went to whom, and the list shows below with
// its progress. A missing purpose is stopped at its field before sending. The page fits a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, mobile } from '../lib/kehu.mjs';
import { launch, newPage, input, byTest, waitApi, login, artifact, pickOption, assertNoSideScroll, until } from './helpers.mjs';

let server;
let browser;
let admin;
const users = {};
const customers = [];
const TAG = '回访页测试';

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 3 }), launch()]);
  admin = await asAdmin(server);
  assert.equal((await admin.put('/api/v1/_test/clock', { now: '2026-06-01T09:00:00+08:00' })).status, 200);
  for (const u of (await admin.get('/api/v1/users?limit=200')).body.items) users[u.username] = u;
  const zw = await as(server, 'zhangwei');
  for (let i = 0; i < 6; i++) {
    const r = await zw.post('/api/v1/customers', { kind: 'individual', name: `名单页客户${i}`, mobile: mobile(), tags: [TAG] });
    assert.equal(r.status, 201, r.text);
    customers.push(r.body);
  }
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

const fieldError = (page, scope, name) => scope.locator('.el-form-item').filter({ has: page.locator(`[data-test="${name}"]`) }).locator('.el-form-item__error');

test('R-INT-5: issue 13 item 5: the sales manager draws a segment\'s customers, previews and ticks them, and turns them into callback tasks with one purpose spread over two members; the page says how many went to whom and lists the list', async () => {
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(page, server.url, 'salesmgr');
    const lists = waitApi(page, 'GET', /^\/api\/v1\/callback-lists$/);
    await byTest(page, 'nav-callback-lists').click();
    await page.waitForURL('**/callback-lists');
    assert.equal((await lists).status(), 200);
    await byTest(page, 'callback-lists-empty').waitFor();

    // the segment: zhangwei's customers with the tag, a random sample of up to 10
    await byTest(page, 'callback-method-random').waitFor();
    await pickOption(page, 'callback-filter-owner_id', '张伟');
    await input(page, 'callback-filter-tag').fill(TAG);
    await input(page, 'callback-size').fill('10');
    await input(page, 'callback-size').press('Tab');
    const drawn = waitApi(page, 'POST', /^\/api\/v1\/callback-lists\/preview$/);
    await byTest(page, 'callback-preview').click();
    const d = await drawn;
    assert.equal(d.status(), 200, await d.text());
    assert.deepEqual(JSON.parse(d.request().postData()), { method: 'random', filter: { owner_id: String(users.zhangwei.id), tag: TAG }, size: 10 });
    const box = byTest(page, 'callback-drawn');
    await box.waitFor();
    await until(async () => (await byTest(page, 'callback-customer').count()) === 6, 'the six customers drawn');
    const ids = (await byTest(page, 'callback-customer').evaluateAll((els) => els.map((e) => Number(e.dataset.id)))).sort((a, b) => a - b);
    assert.deepEqual(ids, customers.map((c) => c.id).sort((a, b) => a - b));
    assert.deepEqual([...new Set(await byTest(page, 'callback-customer-owner').allInnerTexts())], ['张伟']);
    assert.equal(await byTest(page, 'callback-chosen').innerText(), '已选 6 位');
    // one left out
    const out = customers[0];
    await page.locator(`[data-test="callback-pick-${out.id}"]`).click();
    await byTest(page, 'callback-chosen').filter({ hasText: '已选 5 位' }).waitFor();

    // no purpose: stopped at its field
    const form = byTest(page, 'callback-task');
    let posted = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/callback-lists') posted += 1; });
    await byTest(page, 'callback-create').click();
    await fieldError(page, form, 'callback-purpose').filter({ hasText: '必填' }).waitFor();
    assert.equal(posted, 0);
    // the purpose, the title following it and then written; the due time proposed a week ahead
    await byTest(page, 'callback-purpose-emotional').click();
    assert.equal(await input(page, 'callback-task-title').inputValue(), '情感回访');
    await input(page, 'callback-task-title').fill('六月情感回访');
    assert.equal(await input(page, 'callback-due').inputValue(), '2026-06-08 18:00');
    // two members: the salesperson and the manager himself
    await byTest(page, 'callback-team-members').click();
    // a multiple select stays open while options are ticked: close it by clicking beside it
    await byTest(page, 'callback-members').click();
    for (const name of ['张伟', '周建国']) await page.locator('.el-select-dropdown__item:visible').filter({ hasText: name }).click();
    await form.locator('.section-title').click();
    await page.locator('.el-select-dropdown__item:visible').first().waitFor({ state: 'hidden' });
    for (const name of ['张伟', '周建国']) await form.locator('.el-select .el-tag').filter({ hasText: name }).waitFor();
    await page.screenshot({ path: artifact('callback-builder-1440.png'), fullPage: true });

    const created = waitApi(page, 'POST', /^\/api\/v1\/callback-lists$/);
    await byTest(page, 'callback-create').click();
    const c = await created;
    assert.equal(c.status(), 201, await c.text());
    const sent = JSON.parse(c.request().postData());
    assert.deepEqual(sent.customer_ids.slice().sort((a, b) => a - b), customers.slice(1).map((x) => x.id).sort((a, b) => a - b));
    assert.deepEqual({ ...sent, customer_ids: undefined }, {
      customer_ids: undefined, title: '六月情感回访', purpose: 'emotional', channel: 'call', due_at: '2026-06-08T18:00:00+08:00',
      assignee_ids: [users.zhangwei.id, users.salesmgr.id], method: 'random', filter: { owner_id: String(users.zhangwei.id), tag: TAG },
    });
    const made = await c.json();
    assert.equal(made.tasks, 5);

    // how many went to whom
    const note = byTest(page, 'callback-made');
    await note.waitFor({ state: 'visible' });
    assert.match(await note.innerText(), /已生成 5 项回访待办/);
    const shares = await byTest(page, 'callback-share').allInnerTexts();
    assert.deepEqual(shares, made.shares.map((s) => `${s.user.name} ${s.tasks} 项`));
    assert.equal(made.shares.reduce((n, s) => n + s.tasks, 0), 5);
    assert.equal(await byTest(page, 'callback-drawn').count(), 0, 'the preview is used up');
    // the list below, with its progress
    const row = page.locator(`[data-test="callback-list"][data-id="${made.id}"]`);
    await row.waitFor();
    assert.equal(await row.locator('[data-test="callback-list-title"]').innerText(), '六月情感回访');
    assert.match(await row.innerText(), /情感回访[\s\S]*电话[\s\S]*随机抽样[\s\S]*2026-06-08 18:00 前完成/);
    assert.equal(await row.locator('[data-test="callback-list-progress"]').innerText(), '完成 0/5');
    await page.screenshot({ path: artifact('callback-made-1440.png'), fullPage: true });

    // the server agrees: callback tasks with the purpose, none for the customer left out
    const mgr = await as(server, 'salesmgr');
    const his = (await mgr.get(`/api/v1/tasks?assignee_id=${users.zhangwei.id}&kind=callback&limit=200`)).body.items;
    const own = (await mgr.get('/api/v1/tasks?kind=callback&limit=200')).body.items;
    const tasks = [...his, ...own];
    assert.equal(tasks.length, 5);
    assert.ok(tasks.every((x) => x.purpose === 'emotional' && x.title === '六月情感回访'));
    assert.ok(!tasks.some((x) => x.customer.id === out.id));
  } finally {
    await context.close();
  }
});

test('R-INT-5: issue 13 item 5: on a 375 px phone the callback list page fits the screen, the preview included', async () => {
  const { context, page } = await newPage(browser, { width: 375, height: 812, mobile: true });
  try {
    await login(page, server.url, 'salesmgr');
    await page.goto(server.url + '/callback-lists');
    await byTest(page, 'callback-list').first().waitFor();
    await input(page, 'callback-filter-tag').fill(TAG);
    const drawn = waitApi(page, 'POST', /^\/api\/v1\/callback-lists\/preview$/);
    await byTest(page, 'callback-preview').click();
    assert.equal((await drawn).status(), 200);
    await byTest(page, 'callback-customer').first().waitFor();
    await assertNoSideScroll(page, 'the callback list page at 375 px');
    await page.screenshot({ path: artifact('callback-375.png'), fullPage: true });
  } finally {
    await context.close();
  }
});
