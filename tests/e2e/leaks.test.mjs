// Browser tests of leak reports (R-SEC-9, issue 12 item 8): a salesperson reports a suspected leak
// from one of his customers' pages (adding another customer by the dialog's search); the
// information supervisor is told by the bell, opens the report and sets a remedial action for
// another salesperson due tomorrow; she completes it from her bell; the CS manager closes the
// report with a conclusion, and the reporter sees it closed. A close refused by the server (an
// action set meanwhile) is shown; the list, a report's page and the dialog (from the list and a
// customer's page) fit a 375 px phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, mobile } from '../lib/kehu.mjs';
import { launch, newPage, input, byTest, waitApi, login, artifact, pickOption, assertNoSideScroll, assertInside } from './helpers.mjs';

let server;
let browser;
let customer;
let other;
const users = {};

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 3 }), launch()]);
  const zw = await as(server, 'zhangwei');
  const r = await zw.post('/api/v1/customers', { kind: 'individual', name: '泄露页客户', mobile: mobile() });
  assert.equal(r.status, 201, r.text);
  customer = r.body;
  // one more of his, found by the dialog's search (characters absent from the demo data)
  const o = await zw.post('/api/v1/customers', { kind: 'individual', name: '鞠蕤泄露乙', mobile: mobile() });
  assert.equal(o.status, 201, o.text);
  other = o.body;
  const sup = await as(server, 'infosup');
  for (const u of (await sup.get('/api/v1/users?limit=200')).body.items) users[u.username] = u;
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

/** Tomorrow's date in the company's zone, by the server's clock, and the zone's offset. */
async function tomorrow(client) {
  const z = (await client.get('/api/v1/settings/timezone')).body;
  const [, y, m, d] = /^(\d{4})-(\d{2})-(\d{2})/.exec(z.now);
  return { date: new Date(Date.UTC(+y, +m - 1, +d + 1)).toISOString().slice(0, 10), offset: z.now.slice(-6) };
}

/** Open the bell and the item linking to path; resolves once the page is shown. */
async function openFromBell(page, path) {
  await byTest(page, 'inbox-bell').click();
  const item = page.locator(`[data-test="inbox-item"][data-link="${path}"]`).first();
  await item.waitFor({ state: 'visible' });
  const text = await item.locator('.text').innerText();
  await item.click();
  await page.waitForURL(`**${path}`);
  return text;
}

const actionRow = (page, id) => page.locator(`[data-test="leak-action"][data-id="${id}"]`);

test('R-SEC-9: issue 12 item 8: a salesperson reports a leak from a customer\'s page; the information supervisor opens it from the bell and sets an action for another salesperson due tomorrow; she completes it from her bell; the CS manager closes it with a conclusion and the reporter sees it closed', async () => {
  let id;
  // 1. zhangwei reports it from his customer's page
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(page, server.url, 'zhangwei');
    await page.goto(`${server.url}/customers/${customer.id}`);
    await byTest(page, 'customer-name').filter({ hasText: customer.name }).waitFor();
    await byTest(page, 'leak-report-customer').click();
    const dialog = byTest(page, 'leak-report-dialog');
    await dialog.waitFor({ state: 'visible' });
    assert.match(await byTest(page, 'leak-report-why').innerText(), /客户信息主管和客户服务部经理/);
    // the customer is preset
    await dialog.locator('.el-select .el-tag').filter({ hasText: `${customer.code} ${customer.name}` }).waitFor();

    // no summary: said on the field, nothing sent
    let posted = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/leak-reports') posted += 1; });
    await byTest(page, 'leak-report-submit').click();
    const summaryItem = dialog.locator('.el-form-item').filter({ has: input(page, 'leak-report-summary') });
    await summaryItem.locator('.el-form-item__error').waitFor({ state: 'visible' });
    assert.equal(posted, 0);

    // one more customer, searched by name
    const searched = waitApi(page, 'GET', /^\/api\/v1\/customers$/);
    await byTest(page, 'leak-report-customers').click();
    await page.keyboard.type('鞠蕤');
    assert.match((await searched).url(), /q=/);
    const option = page.locator('.el-select-dropdown__item:visible').filter({ hasText: other.name });
    await option.click();
    await page.locator('.el-dialog__title:visible').click(); // a multiple select stays open: close it
    await option.waitFor({ state: 'hidden' });
    await dialog.locator('.el-select .el-tag').filter({ hasText: `${other.code} ${other.name}` }).waitFor();

    await input(page, 'leak-report-summary').fill('客户名单疑似被拍照外传');
    await input(page, 'leak-report-details').fill('在会议室看到有人用手机拍摄屏幕上的客户名单。');
    const filed = waitApi(page, 'POST', /^\/api\/v1\/leak-reports$/);
    await byTest(page, 'leak-report-submit').click();
    const f = await filed;
    assert.equal(f.status(), 201, await f.text());
    assert.deepEqual(JSON.parse(f.request().postData()), {
      summary: '客户名单疑似被拍照外传', details: '在会议室看到有人用手机拍摄屏幕上的客户名单。', customer_ids: [customer.id, other.id],
    });
    id = (await f.json()).id;
    await byTest(page, 'leak-report-done').filter({ hasText: `#${id}` }).waitFor({ state: 'visible' });
    assert.match(await byTest(page, 'leak-report-told').innerText(), /已通知客户信息主管和客户服务部经理/);
    await page.screenshot({ path: artifact('leak-report-1440.png') });

    // the link opens the report
    await byTest(page, 'leak-report-link').click();
    await page.waitForURL(`**/leaks/${id}`);
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await byTest(page, 'leak-detail-summary').innerText(), '客户名单疑似被拍照外传');
    assert.equal(await byTest(page, 'leak-detail-state').innerText(), '处理中');
    assert.equal(await byTest(page, 'leak-detail-reporter').innerText(), '张伟');
    for (const c of [customer, other]) {
      const link = page.locator(`[data-test="leak-detail-customer"][data-id="${c.id}"]`);
      assert.equal(await link.getAttribute('href'), `/customers/${c.id}`);
      assert.match(await link.innerText(), new RegExp(`${c.code} ${c.name}`));
    }
    await byTest(page, 'leak-actions-none').waitFor();
    assert.equal(await byTest(page, 'leak-action-form').count(), 0, 'a reporter sets no actions');
    assert.equal(await byTest(page, 'leak-close-form').count(), 0, 'a reporter does not close');
  } finally {
    await context.close();
  }

  // 2. infosup is told by the bell and sets an action for lina due tomorrow
  let actionId;
  const sup = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(sup.page, server.url, 'infosup');
    assert.match(await openFromBell(sup.page, `/leaks/${id}`), /张伟 报告疑似泄露/);
    await byTest(sup.page, 'leak-detail-summary').filter({ hasText: '客户名单疑似被拍照外传' }).waitFor();
    await byTest(sup.page, 'leak-action-form').waitFor({ state: 'visible' });
    await input(sup.page, 'leak-action-input').fill('更换会议室屏幕防窥膜');
    await pickOption(sup.page, 'leak-action-owner-select', '李娜');
    const due = await tomorrow(await as(server, 'infosup'));
    const dueInput = input(sup.page, 'leak-action-due-input');
    await dueInput.fill(`${due.date} 18:00`);
    await dueInput.press('Enter');
    const added = waitApi(sup.page, 'POST', new RegExp(`^/api/v1/leak-reports/${id}/actions$`));
    await byTest(sup.page, 'leak-action-submit').click();
    const a = await added;
    assert.equal(a.status(), 201, await a.text());
    assert.deepEqual(JSON.parse(a.request().postData()), {
      action: '更换会议室屏幕防窥膜', owner_id: users.lina.id, due_at: `${due.date}T18:00:00${due.offset}`,
    });
    actionId = (await a.json()).actions[0].id;
    const row = actionRow(sup.page, actionId);
    await row.waitFor({ state: 'visible' });
    assert.equal(await row.locator('[data-test="leak-action-owner"]').innerText(), '李娜');
    assert.equal(await row.locator('[data-test="leak-action-due"]').innerText(), `${due.date} 18:00`);
    await row.locator('[data-test="leak-action-open"]').waitFor();
    assert.equal(await row.locator('[data-test="leak-action-overdue"]').count(), 0);
    // closing waits for the action, and says so
    assert.match(await byTest(sup.page, 'leak-close-blocked').innerText(), /还有 1 项整改措施未完成/);
    assert.equal(await byTest(sup.page, 'leak-close-submit').isDisabled(), true);
    await sup.page.screenshot({ path: artifact('leak-action-1440.png'), fullPage: true });
  } finally {
    await sup.context.close();
  }

  // 3. lina completes it from her bell
  const ln = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(ln.page, server.url, 'lina');
    assert.match(await openFromBell(ln.page, `/leaks/${id}`), /更换会议室屏幕防窥膜/);
    const row = actionRow(ln.page, actionId);
    await row.waitFor({ state: 'visible' });
    assert.equal(await byTest(ln.page, 'leak-action-form').count(), 0, 'an owner sets no actions');
    await row.locator('[data-test="leak-action-complete"]').click();
    await byTest(ln.page, 'leak-done-dialog').waitFor({ state: 'visible' });
    await input(ln.page, 'leak-done-note').fill('已贴膜');
    const doneReq = waitApi(ln.page, 'POST', new RegExp(`^/api/v1/leak-reports/${id}/actions/${actionId}/done$`));
    await byTest(ln.page, 'leak-done-submit').click();
    const d = await doneReq;
    assert.equal(d.status(), 200, await d.text());
    assert.deepEqual(JSON.parse(d.request().postData()), { note: '已贴膜' });
    await row.locator('[data-test="leak-action-done"]').filter({ hasText: /李娜 于 .* 完成/ }).waitFor();
    assert.equal(await row.locator('[data-test="leak-action-note"]').innerText(), '说明：已贴膜');
    assert.equal(await row.locator('[data-test="leak-action-complete"]').count(), 0);
  } finally {
    await ln.context.close();
  }

  // 4. csmanager closes it with a conclusion, from the list
  const cs = await newPage(browser, { width: 1440, height: 900 });
  const conclusion = '经核查系内部人员拍照，已批评教育并删除照片。';
  try {
    await login(cs.page, server.url, 'csmanager');
    const listed = waitApi(cs.page, 'GET', /^\/api\/v1\/leak-reports$/);
    await byTest(cs.page, 'nav-leaks').click();
    assert.match((await listed).url(), /state=open/);
    const row = cs.page.locator('[data-test="leaks-table"] .el-table__row').filter({ has: cs.page.locator(`[data-test="leak-row"][data-id="${id}"]`) });
    await row.waitFor({ state: 'visible' });
    assert.match(await row.innerText(), /客户名单疑似被拍照外传/);
    assert.match(await row.innerText(), /张伟/);
    assert.equal(await row.locator('[data-test="leak-state"]').innerText(), '处理中');
    assert.equal(await row.locator('[data-test="leak-actions-open"]').innerText(), '0');
    await row.locator(`[data-test="leak-row"][data-id="${id}"]`).click();
    await cs.page.waitForURL(`**/leaks/${id}`);
    await byTest(cs.page, 'leak-close-form').waitFor({ state: 'visible' });
    assert.equal(await byTest(cs.page, 'leak-close-blocked').count(), 0);
    await input(cs.page, 'leak-close-conclusion').fill(conclusion);
    const closed = waitApi(cs.page, 'POST', new RegExp(`^/api/v1/leak-reports/${id}/close$`));
    await byTest(cs.page, 'leak-close-submit').click();
    const c = await closed;
    assert.equal(c.status(), 200, await c.text());
    await byTest(cs.page, 'leak-detail-state').filter({ hasText: '已结案' }).waitFor();
    assert.equal(await byTest(cs.page, 'leak-conclusion').innerText(), conclusion);
    assert.match(await byTest(cs.page, 'leak-closed-by').innerText(), /钱丽华 于 .* 结案/);
    assert.equal(await byTest(cs.page, 'leak-close-form').count(), 0);
    assert.equal(await byTest(cs.page, 'leak-action-form').count(), 0, 'no actions on a closed report');
  } finally {
    await cs.context.close();
  }

  // 5. zhangwei sees it closed: on the list under 已结案, and on its page
  const zw = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(zw.page, server.url, 'zhangwei');
    await zw.page.goto(server.url + '/leaks');
    await byTest(zw.page, 'leaks-table').waitFor();
    const again = waitApi(zw.page, 'GET', /^\/api\/v1\/leak-reports$/);
    await pickOption(zw.page, 'leaks-state', '已结案');
    assert.match((await again).url(), /state=closed/);
    const row = zw.page.locator('[data-test="leaks-table"] .el-table__row').filter({ has: zw.page.locator(`[data-test="leak-row"][data-id="${id}"]`) });
    await row.waitFor({ state: 'visible' });
    assert.equal(await row.locator('[data-test="leak-state"]').innerText(), '已结案');
    assert.match(await openFromBell(zw.page, `/leaks/${id}`), /已结案/);
    await byTest(zw.page, 'leak-detail-state').filter({ hasText: '已结案' }).waitFor();
    assert.equal(await byTest(zw.page, 'leak-conclusion').innerText(), conclusion);
    assert.match(await byTest(zw.page, 'leak-action-done').innerText(), /李娜/);
    await zw.page.screenshot({ path: artifact('leak-closed-1440.png'), fullPage: true });
  } finally {
    await zw.context.close();
  }
});

test('R-SEC-9: issue 12 item 8: closing a report on which an action was set meanwhile shows the server\'s refusal and the action', async () => {
  const zwc = await as(server, 'zhangwei');
  const r = await zwc.post('/api/v1/leak-reports', { summary: '打印件遗失' });
  assert.equal(r.status, 201, r.text);
  const id = r.body.id;
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(page, server.url, 'csmanager');
    await page.goto(`${server.url}/leaks/${id}`);
    await byTest(page, 'leak-close-form').waitFor({ state: 'visible' });
    // another handler sets an action while the page is open
    const due = await tomorrow(zwc);
    const set = await (await as(server, 'infosup')).post(`/api/v1/leak-reports/${id}/actions`,
      { action: '调取监控', owner_id: users.lina.id, due_at: `${due.date}T12:00:00${due.offset}` });
    assert.equal(set.status, 201, set.text);
    await input(page, 'leak-close-conclusion').fill('无需处理');
    const refused = waitApi(page, 'POST', new RegExp(`^/api/v1/leak-reports/${id}/close$`));
    await byTest(page, 'leak-close-submit').click();
    const c = await refused;
    assert.equal(c.status(), 409, await c.text());
    assert.match(await byTest(page, 'leak-close-error').innerText(), /未完成的整改措施/);
    await byTest(page, 'leak-action').filter({ hasText: '调取监控' }).waitFor();
    await byTest(page, 'leak-close-blocked').waitFor();
    assert.equal(await byTest(page, 'leak-detail-state').innerText(), '处理中');
  } finally {
    await context.close();
  }
});

test('R-SEC-9: issue 12 item 8: the list, a report\'s page with its action form and the report dialog (from the list and a customer\'s page) fit a 375 px phone without sideways scrolling', async () => {
  const zwc = await as(server, 'zhangwei');
  const r = await zwc.post('/api/v1/leak-reports', {
    summary: '客户联系方式被发到外部微信群，需要尽快核查是谁转发的以及涉及哪些客户', details: '详见截图。'.repeat(20), customer_ids: [customer.id],
  });
  assert.equal(r.status, 201, r.text);
  const id = r.body.id;
  const due = await tomorrow(zwc);
  const set = await (await as(server, 'infosup')).post(`/api/v1/leak-reports/${id}/actions`,
    { action: '联系群主删除消息并留存证据', owner_id: users.lina.id, due_at: `${due.date}T18:00:00${due.offset}` });
  assert.equal(set.status, 201, set.text);

  const { context, page } = await newPage(browser, { width: 375, height: 740, mobile: true });
  try {
    await login(page, server.url, 'infosup');
    await page.goto(server.url + '/leaks');
    const card = page.locator(`.m-card[data-test="leak-row"][data-id="${id}"]`);
    await card.waitFor({ state: 'visible' });
    assert.match(await card.innerText(), /未完成措施：1/);
    await assertNoSideScroll(page, 'the list at 375 px');
    await page.screenshot({ path: artifact('leaks-375.png'), fullPage: true });

    await card.click();
    await page.waitForURL(`**/leaks/${id}`);
    await byTest(page, 'leak-action-form').waitFor({ state: 'visible' });
    await byTest(page, 'leak-close-blocked').waitFor({ state: 'visible' });
    await assertNoSideScroll(page, 'the report at 375 px');
    await page.screenshot({ path: artifact('leak-375.png'), fullPage: true });

    await byTest(page, 'leak-back').click();
    await page.waitForURL(/\/leaks$/);
    await byTest(page, 'leak-report').click();
    const dialog = byTest(page, 'leak-report-dialog');
    await dialog.waitFor({ state: 'visible' });
    await byTest(page, 'leak-report-submit').waitFor({ state: 'visible' });
    await assertNoSideScroll(page, 'the report dialog at 375 px');
    await assertInside(byTest(page, 'leak-report-why'), 375, 'why');
    await assertInside(input(page, 'leak-report-details'), 375, 'the details');
    await assertInside(byTest(page, 'leak-report-customers'), 375, 'the customers');
    await assertInside(byTest(page, 'leak-report-submit'), 375, 'the submit button');
    await page.screenshot({ path: artifact('leak-dialog-375.png') });
    await page.locator('.el-dialog__headerbtn:visible').click();
    await dialog.waitFor({ state: 'hidden' });

    // the customer page's button, and its dialog naming the customer
    await page.goto(`${server.url}/customers/${customer.id}`);
    await assertInside(byTest(page, 'leak-report-customer'), 375, 'the customer page\'s button');
    await assertNoSideScroll(page, 'the customer page at 375 px');
    await byTest(page, 'leak-report-customer').click();
    await dialog.waitFor({ state: 'visible' });
    await dialog.locator('.el-select .el-tag').filter({ hasText: customer.name }).waitFor();
    await assertInside(byTest(page, 'leak-report-customers'), 375, 'the customers named');
    await assertNoSideScroll(page, 'the dialog on the customer page at 375 px');
  } finally {
    await context.close();
  }
});
