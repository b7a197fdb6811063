// Browser test of access requests 查阅申请 (R-SEC-3, issue 12 item 3): a salesperson refused a
// customer asks to read it from the refusal, the department head, the information supervisor
// and (a confidential record) the CS manager each approve it from their inbox, the salesperson
// opens it read-only from My access grants, and once the term has ended it is refused again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin } from '../lib/kehu.mjs';
import { launch, newPage, input, byTest, waitApi, login, artifact } from './helpers.mjs';

let server;
let browser;

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 20 }), launch()]);
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

/** A customer owned by lina (one she makes when the demo gave her none). */
async function linasCustomer() {
  const lina = await as(server, 'lina');
  const mine = (await lina.get('/api/v1/customers?limit=50')).body.items || [];
  const c = mine.find((x) => x.owner && x.owner.id === lina.user.id) || mine[0];
  if (c) return c;
  const r = await lina.post('/api/v1/customers', { kind: 'individual', name: '李娜的查阅测试客户', mobile: '13900001234' });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

/** An approver signs in, opens the request from the bell and approves it; resolves the new state. */
async function approveFromInbox(username, id, comment) {
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(page, server.url, username);
    await byTest(page, 'inbox-bell').click();
    const note = page.locator(`[data-test="inbox-item"][data-request="${id}"]`).first();
    await note.waitFor({ state: 'visible' });
    await note.click();
    await page.waitForURL(`**/approvals/${id}`);
    await byTest(page, 'approval-summary').waitFor();
    await byTest(page, 'approval-approve').click();
    await input(page, 'approval-comment').fill(comment);
    const approved = waitApi(page, 'POST', new RegExp(`^/api/v1/approvals/${id}/approve$`));
    await byTest(page, 'approval-confirm').click();
    const r = await approved;
    assert.equal(r.status(), 200, `${username}: ${await r.text()}`);
    return (await r.json()).state;
  } finally {
    await context.close();
  }
}

test('R-SEC-3: issue 12 item 3: a salesperson requests access to a confidential record, the department head, the information supervisor and the CS manager approve it in the inbox, the salesperson opens it, and after the deadline cannot', async () => {
  const gm = await as(server, 'gm');
  const admin = await asAdmin(server);
  const target = await linasCustomer();
  const p = await gm.patch(`/api/v1/customers/${target.id}`, { secrecy: 'confidential' });
  assert.equal(p.status, 200, p.text);
  const name = p.body.name;

  // zhangwei is refused the record and asks to read it from the refusal
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  let id;
  try {
    await login(page, server.url, 'zhangwei');
    await page.goto(`${server.url}/customers/${target.id}`);
    await byTest(page, 'customer-load-error').filter({ hasText: '客户不存在或无权查看' }).waitFor();
    await byTest(page, 'customer-request-access').click();
    const dialog = byTest(page, 'access-dialog');
    await dialog.waitFor({ state: 'visible' });
    assert.doesNotMatch(await dialog.innerText(), new RegExp(name), 'the dialog names nothing the requester may not see');
    // purpose and reason are required before anything is sent
    await byTest(page, 'access-submit').click();
    await dialog.locator('.el-form-item__error').first().waitFor({ state: 'visible' });
    assert.equal(await input(page, 'access-days').inputValue(), '3', 'three days unless changed');
    await input(page, 'access-days').fill('1');
    await input(page, 'access-days').blur();
    await input(page, 'access-purpose').fill('客户回访');
    await input(page, 'access-reason').fill('李娜休假，客户来电需核对回款信息');
    const submitted = waitApi(page, 'POST', /^\/api\/v1\/approvals$/);
    await byTest(page, 'access-submit').click();
    const s = await submitted;
    assert.equal(s.status(), 201, await s.text());
    assert.deepEqual(JSON.parse(s.request().postData()).subject, { customer_ids: [target.id], days: 1 });
    const body = await s.json();
    id = body.id;
    assert.equal(body.kind, 'access.read');
    assert.equal(body.secrecy, 1);
    assert.equal(body.steps.length, 3, 'department head, information supervisor, CS manager');
    const done = byTest(page, 'access-done');
    await done.filter({ hasText: `#${id}` }).waitFor({ state: 'visible' });
    assert.match(await done.innerText(), /等待 .+ 审批/);
    await page.screenshot({ path: artifact('access-submitted-1440.png') });
    await byTest(page, 'access-link').click();
    await page.waitForURL(`**/approvals/${id}`);
    await byTest(page, 'approval-detail-state').filter({ hasText: '审批中' }).waitFor();
  } finally {
    await context.close();
  }

  assert.equal(await approveFromInbox('salesmgr', id, '同意，部门负责人'), 'pending');
  assert.equal(await approveFromInbox('infosup', id, '同意，客服部门'), 'pending');
  assert.equal(await approveFromInbox('csmanager', id, '同意，机密资料'), 'approved');

  // zhangwei opens it from My access grants, read-only
  const { context: c2, page: zw } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(zw, server.url, 'zhangwei');
    await byTest(zw, 'nav-access-grants').click();
    await zw.waitForURL('**/access-grants');
    const link = zw.locator(`[data-test="grant-customer"][data-id="${target.id}"]`).first();
    await link.waitFor();
    assert.equal((await link.innerText()).trim(), name);
    await byTest(zw, 'grant-secrecy').filter({ hasText: '机密' }).first().waitFor();
    assert.match(await byTest(zw, 'grant-left').first().innerText(), /剩余 (2[0-4]|1?\d) 小时/);
    await byTest(zw, 'grant-request').filter({ hasText: `#${id}` }).first().waitFor();
    await zw.screenshot({ path: artifact('access-grants-1440.png') });
    await link.click();
    await zw.waitForURL(`**/customers/${target.id}`);
    await byTest(zw, 'customer-name').filter({ hasText: name }).waitFor();
    await byTest(zw, 'customer-read-only').filter({ hasText: `凭查阅申请 #${id} 只读查看` }).waitFor();
    assert.equal(await byTest(zw, 'edit-customer').count(), 0, 'no edit through a grant');
    assert.equal(await byTest(zw, 'transfer-customer').count(), 0);
    assert.equal(await byTest(zw, 'archive-customer').count(), 0);
    await byTest(zw, 'tab-contacts').click();
    assert.equal(await byTest(zw, 'contact-add').count(), 0);
    assert.equal(await byTest(zw, 'contact-edit').count(), 0);
    await zw.screenshot({ path: artifact('access-read-only-1440.png') });

    // past the deadline the record is refused again
    const grants = (await (await as(server, 'zhangwei')).get('/api/v1/access-grants')).body.items;
    const g = grants.find((x) => x.customer.id === target.id);
    assert.ok(g, JSON.stringify(grants));
    const moved = await admin.put('/api/v1/_test/clock', { now: new Date(Date.parse(g.ends_at) + 60000).toISOString() });
    assert.equal(moved.status, 200, moved.text);
    await zw.reload();
    // a day later the session may have lapsed too: sign in again and come back
    await Promise.race([
      byTest(zw, 'customer-load-error').waitFor(),
      zw.waitForURL('**/login**'),
    ]);
    if (/\/login/.test(new URL(zw.url()).pathname)) {
      await login(zw, server.url, 'zhangwei');
      await zw.goto(`${server.url}/customers/${target.id}`);
    }
    await byTest(zw, 'customer-load-error').filter({ hasText: '客户不存在或无权查看' }).waitFor();
    assert.equal(await byTest(zw, 'customer-name').count(), 0);
    await byTest(zw, 'customer-request-access').waitFor();
    await zw.goto(`${server.url}/access-grants`);
    await byTest(zw, 'grants-table').filter({ hasText: '没有生效中的查阅授权' }).waitFor();
  } finally {
    await c2.close();
  }
});

test('R-SEC-10 R-SEC-3: issue 12 item 12: the auditor-like view on the customer page — the GM opens who used a customer and sees the refused read and the change', async () => {
  const gm = await as(server, 'gm');
  const zw = await as(server, 'zhangwei');
  const lina = await as(server, 'lina');
  const c = (await lina.post('/api/v1/customers', { kind: 'individual', name: '使用记录客户', mobile: '13912340077' })).body;
  const lent = await lina.post('/api/v1/loans', { customer_ids: [c.id], reason: '上门回访', confirm: true });
  assert.equal(lent.status, 201, lent.text);
  assert.equal((await gm.patch(`/api/v1/customers/${c.id}`, { secrecy: 'confidential' })).status, 200);
  assert.equal((await zw.get(`/api/v1/customers/${c.id}`)).status, 404);
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(page, server.url, 'gm', 'kehu-demo-2026');
    await page.goto(`${server.url}/customers/${c.id}`);
    await byTest(page, 'tab-access').click();
    await page.locator('[data-test="access-log-row"][data-action="customer.read_denied"]').filter({ hasText: 'zhangwei' }).first().waitFor({ state: 'visible' });
    await page.locator('[data-test="access-log-row"][data-action="customer.update"]').first().waitFor({ state: 'visible' });
    // and the loan holding it, with its borrower
    await page.locator('[data-test="access-loan-row"][data-kind="file"]').filter({ hasText: '李娜' }).filter({ hasText: `#${lent.body.id}` }).waitFor({ state: 'visible' });
    // A salesperson who owns nothing here has no such tab on a record they see: lina is no manager.
    const { context: c2, page: p2 } = await newPage(browser, { width: 1440, height: 900 });
    try {
      await login(p2, server.url, 'lina', 'kehu-demo-2026');
      const mine = (await lina.post('/api/v1/customers', { kind: 'individual', name: '李娜自己的', mobile: '13912340078' })).body;
      await p2.goto(`${server.url}/customers/${mine.id}`);
      await byTest(p2, 'tab-profile').waitFor({ state: 'visible' });
      assert.equal(await byTest(p2, 'tab-access').count(), 0);
    } finally {
      await c2.close();
    }
  } finally {
    await context.close();
  }
});
