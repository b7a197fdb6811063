// Browser tests of the approvals engine's UI (issue 12 item 1): the two-person rule on the users
// page becomes an approval request; the approver is told by the header's bell, opens the request
// from it and decides it; the change shows once approved; the pages work on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin } from '../lib/kehu.mjs';
import { launch, newPage, input, byTest, waitApi, login, artifact, until, pickOption, assertNoSideScroll, assertInside } from './helpers.mjs';

let server;
let browser;

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 3 }), launch()]);
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

const pick = (page, select, text) => pickOption(page, page.locator(`.el-dialog [data-test="${select}"]`), text);

const userRow = (page, username) => page.locator('[data-test="user-table"] .el-table__row').filter({ hasText: username }).first();

test('R-SEC-1: issue 12 item 1: the administrator asks for a technician to become a salesperson on the users page, the GM is told by the bell, opens the request from it and approves it, and the users page then shows the new role', async () => {
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  let id;
  try {
    await login(page, server.url, 'admin', server.adminPassword);
    await page.goto(server.url + '/admin/users');
    await userRow(page, 'jishu').locator('[data-test="user-edit"]').click();
    await pick(page, 'user-role', '业务员');
    await pick(page, 'user-department', '销售一部');
    // said before saving
    await byTest(page, 'user-role-second-person').filter({ hasText: '提交审批申请' }).waitFor({ state: 'visible' });
    const refused = waitApi(page, 'PATCH', /^\/api\/v1\/users\/\d+$/);
    await byTest(page, 'user-save').click();
    const r = await refused;
    assert.equal(r.status(), 403);
    assert.equal((await r.json()).error.code, 'approval_required');
    const dialog = byTest(page, 'second-person-dialog');
    await dialog.waitFor({ state: 'visible' });
    assert.match(await byTest(page, 'second-person-why').innerText(), /冯工.*业务员/);
    // the operator's command stays the alternative
    await byTest(page, 'second-person-command').filter({ hasText: 'kehu user role jishu salesperson' }).waitFor();
    // the reason is required
    await byTest(page, 'second-person-submit').click();
    await dialog.locator('.el-form-item__error').first().waitFor({ state: 'visible' });
    await input(page, 'second-person-reason').fill('技术员转岗为业务员');
    await input(page, 'second-person-purpose').fill('接手华东客户');
    const submitted = waitApi(page, 'POST', /^\/api\/v1\/approvals$/);
    await byTest(page, 'second-person-submit').click();
    const s = await submitted;
    assert.equal(s.status(), 201, await s.text());
    const body = await s.json();
    id = body.id;
    assert.deepEqual(JSON.parse(s.request().postData()).subject, { user_id: body.subject.user_id, role: 'salesperson', department_id: 1, branch_id: body.subject.branch_id });
    const done = byTest(page, 'second-person-done');
    await done.filter({ hasText: `#${id}` }).waitFor({ state: 'visible' });
    assert.match(await done.innerText(), /等待 总经理 审批/);
    await page.screenshot({ path: artifact('approval-submitted-1440.png') });
    await byTest(page, 'second-person-close').click();
    await dialog.waitFor({ state: 'hidden' });
    assert.match(await userRow(page, 'jishu').innerText(), /技术员/, 'nothing changes before the approval');
  } finally {
    await context.close();
  }

  const { context: c2, page: gm } = await newPage(browser, { width: 1440, height: 900 });
  try {
    const counted = waitApi(gm, 'GET', /^\/api\/v1\/notifications\/unread$/);
    await login(gm, server.url, 'gm');
    await counted;
    const badge = gm.locator('[data-test="inbox-unread"] .el-badge__content');
    // the count shown on the bell, '' when none is (no waiting: a hidden badge may be gone)
    const shown = async () => ((await badge.count()) && (await badge.first().isVisible()) ? (await badge.first().innerText()).trim() : '');
    await until(async () => /^[1-9]\d*$/.test(await shown()), 'the unread count on the bell');
    const before = Number(await shown());
    await byTest(gm, 'inbox-bell').click();
    const note = gm.locator(`[data-test="inbox-item"][data-request="${id}"]`).first();
    await note.waitFor({ state: 'visible' });
    assert.match(await note.innerText(), /系统管理员 提交的「修改角色、密级权限或重置他人密码」等待您审批/);
    const read = waitApi(gm, 'POST', /^\/api\/v1\/notifications\/read$/);
    await note.click();
    const rr = await read;
    assert.equal(rr.status(), 200);
    assert.equal(JSON.parse(rr.request().postData()).id > 0, true);
    await gm.waitForURL(`**/approvals/${id}`);
    await byTest(gm, 'approval-summary').filter({ hasText: '冯工' }).waitFor();
    await until(async () => (await shown()) === (before === 1 ? '' : String(before - 1)), 'the count going down once read');
    assert.match(await byTest(gm, 'approval-reason').innerText(), /技术员转岗为业务员/);
    assert.equal(await byTest(gm, 'approval-step').count(), 1);
    assert.match(await byTest(gm, 'approval-step').innerText(), /总经理/);
    await byTest(gm, 'approval-approve').click();
    await input(gm, 'approval-comment').fill('同意转岗');
    const approved = waitApi(gm, 'POST', new RegExp(`^/api/v1/approvals/${id}/approve$`));
    await byTest(gm, 'approval-confirm').click();
    const a = await approved;
    assert.equal(a.status(), 200, await a.text());
    assert.equal(typeof JSON.parse(a.request().postData()).version, 'number', 'the decision carries the version it was made on');
    await byTest(gm, 'approval-detail-state').filter({ hasText: '已同意' }).waitFor();
    await byTest(gm, 'approval-step').filter({ hasText: '赵总' }).waitFor();
    assert.equal(await byTest(gm, 'approval-approve').count(), 0, 'nothing left to decide');
    await byTest(gm, 'approval-history').filter({ hasText: '同意转岗' }).waitFor();
    await gm.screenshot({ path: artifact('approval-approved-1440.png') });
    // the list's "decided by me" tab has it
    await gm.goto(server.url + '/approvals?box=done');
    await gm.locator(`[data-test="approval-row"][data-id="${id}"]`).first().waitFor();
  } finally {
    await c2.close();
  }

  const { context: c3, page: again } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(again, server.url, 'admin', server.adminPassword);
    await again.goto(server.url + '/admin/users');
    await until(async () => /业务员/.test(await userRow(again, 'jishu').innerText().catch(() => '')), 'the new role on the users page');
  } finally {
    await c3.close();
  }
});

test('R-SEC-1: issue 12 item 1: at 375 px the approvals page and a request\'s page fit the screen, and the approver reaches every button: returning needs a comment', async () => {
  const admin = await asAdmin(server);
  const kefu = (await admin.get('/api/v1/users')).body.items.find((u) => u.username === 'kefu');
  const q = await admin.post('/api/v1/approvals', { kind: 'account.change', subject: { user_id: kefu.id, password: 'phone-test-pass-2026' }, reason: '忘记密码，需要重置', purpose: '恢复登录' });
  assert.equal(q.status, 201, q.text);
  const W = 375;
  const { context, page } = await newPage(browser, { width: W, height: 740, mobile: true });
  try {
    await login(page, server.url, 'gm');
    await assertInside(byTest(page, 'inbox-bell'), W, 'the bell');
    await byTest(page, 'inbox-bell').click();
    const item = page.locator(`[data-test="inbox-item"][data-request="${q.body.id}"]`).first();
    await item.waitFor({ state: 'visible' });
    await assertInside(byTest(page, 'inbox'), W, 'the inbox');
    await assertInside(byTest(page, 'inbox-read-all'), W, 'mark all read');
    await byTest(page, 'inbox-bell').click();
    await item.waitFor({ state: 'hidden' });
    await page.goto(server.url + '/approvals');
    // something waits for the GM: that tab opens first
    const row = page.locator(`[data-test="approval-row"][data-id="${q.body.id}"]`).first();
    await row.waitFor();
    assert.match(await page.locator('.el-tabs__item.is-active').innerText(), /待我审批/);
    await assertNoSideScroll(page, 'the approvals page');
    await assertInside(row, W, 'a request of the list');
    await page.screenshot({ path: artifact('approvals-375.png') });
    await row.click();
    await page.waitForURL(`**/approvals/${q.body.id}`);
    await byTest(page, 'approval-summary').waitFor();
    await assertNoSideScroll(page, 'a request\'s page');
    for (const b of ['approval-approve', 'approval-return', 'approval-reject']) await assertInside(byTest(page, b), W, b);
    await page.screenshot({ path: artifact('approval-375.png') });
    await byTest(page, 'approval-return').click();
    await byTest(page, 'approval-confirm').click();
    await page.locator('[data-test="approval-dialog"] .el-form-item__error').waitFor({ state: 'visible' });
    await input(page, 'approval-comment').fill('请写明由谁通知本人');
    await assertInside(byTest(page, 'approval-confirm'), W, 'the dialog\'s confirm button');
    const returned = waitApi(page, 'POST', new RegExp(`^/api/v1/approvals/${q.body.id}/return$`));
    await byTest(page, 'approval-confirm').click();
    assert.equal((await returned).status(), 200);
    await byTest(page, 'approval-detail-state').filter({ hasText: '已退回' }).waitFor();
    await assertNoSideScroll(page, 'a returned request\'s page');
  } finally {
    await context.close();
  }
});

test('R-SEC-1: issue 12 item 1: the requester resubmits a returned request with a new reason, then withdraws it; only oversight sees the "all" tab', async () => {
  const admin = await asAdmin(server);
  const returned = (await admin.get('/api/v1/approvals?box=mine&state=returned')).body.items;
  let req = returned[0];
  if (!req) {
    // run alone: make one (the 375 px test returns one)
    const kefu = (await admin.get('/api/v1/users')).body.items.find((u) => u.username === 'kefu');
    req = (await admin.post('/api/v1/approvals', { kind: 'account.change', subject: { user_id: kefu.id, password: 'resubmit-pass-2026' }, reason: '重置' })).body;
    const gm = await as(server, 'gm');
    assert.equal((await gm.post(`/api/v1/approvals/${req.id}/return`, { comment: '请补充' })).status, 200);
  }
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(page, server.url, 'admin', server.adminPassword);
    await page.goto(server.url + '/approvals');
    await byTest(page, 'box-mine').waitFor();
    assert.equal(await byTest(page, 'box-all').count(), 0, 'the administrator does not oversee requests');
    await pickOption(page, 'approval-state-filter', '已退回');
    const row = page.locator(`[data-test="approval-row"][data-id="${req.id}"]`).first();
    await row.waitFor();
    assert.match(page.url(), /state=returned/);
    await row.click();
    await page.waitForURL(`**/approvals/${req.id}`);
    await byTest(page, 'approval-resubmit').click();
    await input(page, 'resubmit-reason').fill('本人来电，已核实身份，需要重置密码');
    const resubmitted = waitApi(page, 'POST', new RegExp(`^/api/v1/approvals/${req.id}/resubmit$`));
    await byTest(page, 'approval-confirm').click();
    assert.equal((await resubmitted).status(), 200);
    await byTest(page, 'approval-detail-state').filter({ hasText: '审批中' }).waitFor();
    await byTest(page, 'approval-reason').filter({ hasText: '已核实身份' }).waitFor();
    await byTest(page, 'approval-history').filter({ hasText: '重新提交' }).waitFor();
    await byTest(page, 'approval-withdraw').click();
    const withdrawn = waitApi(page, 'POST', new RegExp(`^/api/v1/approvals/${req.id}/withdraw$`));
    await byTest(page, 'approval-confirm').click();
    assert.equal((await withdrawn).status(), 200);
    await byTest(page, 'approval-detail-state').filter({ hasText: '已撤回' }).waitFor();
    assert.equal(await byTest(page, 'approval-withdraw').count(), 0);
  } finally {
    await context.close();
  }
  const { context: c2, page: auditor } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(auditor, server.url, 'shenji');
    await auditor.goto(server.url + '/approvals');
    await byTest(auditor, 'box-all').click();
    await auditor.locator(`[data-test="approval-row"][data-id="${req.id}"]`).first().waitFor();
  } finally {
    await c2.close();
  }
});

test('R-SEC-1: issue 12 item 1: the administrator edits a kind\'s approval rules (amounts in yuan, sent in fen), restores the defaults, and sets a department\'s head among its active members', async () => {
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(page, server.url, 'admin', server.adminPassword);
    await page.goto(server.url + '/admin/settings');
    const kind = byTest(page, 'rules-kind-account.change');
    await kind.waitFor();
    await kind.locator('[data-test="rules-configured"]').filter({ hasText: '默认规则' }).waitFor();
    assert.equal(await kind.locator('[data-test="rule-row"]').count(), 1);
    await kind.locator('[data-test="rule-add"]').click();
    const second = kind.locator('[data-test="rule-row"]').nth(1);
    await pickOption(page, second.locator('[data-test="rule-approver"]'), '部门负责人');
    await second.locator('[data-test="rule-min"] input').fill('1234.5');
    await second.locator('[data-test="rule-hours"] input').fill('8');
    await second.locator('[data-test="rule-hours"] input').blur();
    const saved = waitApi(page, 'PUT', /^\/api\/v1\/approval-kinds\/account\.change\/rules$/);
    await kind.locator('[data-test="rules-save"]').click();
    const s = await saved;
    assert.equal(s.status(), 200, await s.text());
    const sent = JSON.parse(s.request().postData()).rules;
    assert.deepEqual(sent[1], { approver: 'dept_head', min_amount: 123450, max_amount: 0, min_secrecy: 0, hours: 8 });
    await kind.locator('[data-test="rules-configured"]').filter({ hasText: '已自定义' }).waitFor();
    await byTest(page, 'approval-rules').screenshot({ path: artifact('approval-rules-1440.png') });
    await kind.locator('[data-test="rules-restore"]').click();
    const restored = waitApi(page, 'PUT', /^\/api\/v1\/approval-kinds\/account\.change\/rules$/);
    await page.locator('.el-message-box .el-button--primary').click();
    const r = await restored;
    assert.deepEqual(JSON.parse(r.request().postData()), { rules: [] });
    await kind.locator('[data-test="rules-configured"]').filter({ hasText: '默认规则' }).waitFor();
    assert.equal(await kind.locator('[data-test="rule-row"]').count(), 1);

    // 销售二部 (id 2) has no head yet; 王强 is its member
    await page.goto(server.url + '/admin/users');
    await byTest(page, 'tab-departments').click();
    const head = byTest(page, 'dept-head-2');
    await head.waitFor();
    const patched = waitApi(page, 'PATCH', /^\/api\/v1\/departments\/2$/);
    await pickOption(page, head, 'wangqiang');
    const set = await patched;
    assert.equal(set.status(), 200, await set.text());
    const admin = await asAdmin(server);
    await until(async () => ((await admin.get('/api/v1/departments')).body.items.find((d) => d.id === 2).head || {}).name === '王强', 'the head saved');
  } finally {
    await context.close();
  }
});

test('R-SEC-1: issue 12 item 1: a decision on a request that changed meanwhile (withdrawn by its requester) is refused with 409; the page says so and shows the request as it is now', async () => {
  const admin = await asAdmin(server);
  const kefu = (await admin.get('/api/v1/users')).body.items.find((u) => u.username === 'kefu');
  const q = await admin.post('/api/v1/approvals', { kind: 'account.change', subject: { user_id: kefu.id, password: 'conflict-pass-2026' }, reason: '重置密码' });
  assert.equal(q.status, 201, q.text);
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(page, server.url, 'gm');
    await page.goto(server.url + `/approvals/${q.body.id}`);
    await byTest(page, 'approval-approve').waitFor();
    const w = await admin.post(`/api/v1/approvals/${q.body.id}/withdraw`, { comment: '不需要了' });
    assert.equal(w.status, 200, w.text);
    await byTest(page, 'approval-approve').click();
    const refused = waitApi(page, 'POST', new RegExp(`^/api/v1/approvals/${q.body.id}/approve$`));
    await byTest(page, 'approval-confirm').click();
    assert.equal((await refused).status(), 409);
    await page.locator('.el-message').filter({ hasText: '已被他人处理' }).waitFor();
    await byTest(page, 'approval-detail-state').filter({ hasText: '已撤回' }).waitFor();
    assert.equal(await byTest(page, 'approval-approve').count(), 0);
    await byTest(page, 'approval-history').filter({ hasText: '不需要了' }).waitFor();
  } finally {
    await context.close();
  }
});

test('R-SEC-1: issue 12 item 1: in English the approvals page, a request and the second-person dialog speak English', async () => {
  const admin = await asAdmin(server);
  const kefu = (await admin.get('/api/v1/users')).body.items.find((u) => u.username === 'kefu');
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await page.addInitScript(() => localStorage.setItem('kehu.lang', 'en'));
    await login(page, server.url, 'admin', server.adminPassword);
    await page.goto(server.url + '/admin/users');
    await userRow(page, 'kefu').locator('[data-test="user-reset-password"]').click();
    await input(page, 'reset-password').fill('english-test-pass-2026');
    await byTest(page, 'reset-password-save').click();
    await byTest(page, 'second-person-dialog').waitFor({ state: 'visible' });
    assert.match(await byTest(page, 'second-person-why').innerText(), /second person's approval/);
    await input(page, 'second-person-reason').fill('Locked out');
    const submitted = waitApi(page, 'POST', /^\/api\/v1\/approvals$/);
    await byTest(page, 'second-person-submit').click();
    const s = await submitted;
    assert.equal(s.status(), 201);
    const id = (await s.json()).id;
    assert.equal(JSON.parse(s.request().postData()).subject.password, 'english-test-pass-2026');
    await byTest(page, 'second-person-done').filter({ hasText: 'Waiting for General manager' }).waitFor();
    await byTest(page, 'second-person-link').click();
    await page.waitForURL(`**/approvals/${id}`);
    await byTest(page, 'approval-detail-state').filter({ hasText: 'Pending' }).waitFor();
    await byTest(page, 'approval-history').filter({ hasText: 'submitted the request' }).waitFor();
    const text = await page.locator('main').innerText();
    const chinese = text.split('\n').filter((l) => /[\u4e00-\u9fff]/.test(l));
    // only what users typed or the server names (the summary of a request in Chinese data) may be Chinese
    assert.ok(chinese.every((l) => /卫小红|系统管理员/.test(l)), `Chinese in the English UI: ${chinese.join(' | ')}`);
  } finally {
    await context.close();
  }
});

test('R-SEC-1: issue 12 item 1: creating a user whose role reads customers becomes an approval request from the users page; the user exists once the GM approves it', async () => {
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(page, server.url, 'admin', server.adminPassword);
    await page.goto(server.url + '/admin/users');
    await byTest(page, 'user-create').click();
    await input(page, 'user-username').fill('xinyewu');
    await input(page, 'user-display-name').fill('新业务员');
    await pick(page, 'user-role', '业务员');
    await pick(page, 'user-department', '销售一部');
    await pick(page, 'user-branch', '总部');
    await input(page, 'user-password').fill('new-sales-pass-2026');
    const refused = waitApi(page, 'POST', /^\/api\/v1\/users$/);
    await byTest(page, 'user-save').click();
    assert.equal((await refused).status(), 403);
    await byTest(page, 'second-person-dialog').waitFor({ state: 'visible' });
    assert.match(await byTest(page, 'second-person-why').innerText(), /新业务员.*业务员/);
    await input(page, 'second-person-reason').fill('新入职');
    const submitted = waitApi(page, 'POST', /^\/api\/v1\/approvals$/);
    await byTest(page, 'second-person-submit').click();
    const s = await submitted;
    assert.equal(s.status(), 201, await s.text());
    const sent = JSON.parse(s.request().postData());
    assert.equal(sent.kind, 'account.create');
    assert.equal(sent.subject.username, 'xinyewu');
    const id = (await s.json()).id;
    await byTest(page, 'second-person-done').filter({ hasText: `#${id}` }).waitFor({ state: 'visible' });
    await byTest(page, 'second-person-close').click();
    const gm = await as(server, 'gm');
    const ok = await gm.post(`/api/v1/approvals/${id}/approve`, {});
    assert.equal(ok.status, 200, ok.text);
    await page.reload();
    await until(async () => /新业务员/.test(await byTest(page, 'user-table').innerText()), 'the new user is listed');
  } finally {
    await context.close();
  }
});
