// Outside persons 非本企业人员 (R-SEC-4): the administrator registers a visitor on the users page
// with their organisation and introduction letter or work-ID number.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin } from '../lib/kehu.mjs';
import { launch, newPage, input, byTest, waitApi, login, until, pickOption } from './helpers.mjs';

let server;
let browser;

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 1 }), launch()]);
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

const pick = (page, select, text) => pickOption(page, page.locator(`.el-dialog [data-test="${select}"]`), text);

test('R-SEC-4: issue 12 item 3: the administrator registers a visitor with organisation and introduction letter; without the letter the field says so and nothing is saved', async () => {
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(page, server.url, 'admin', server.adminPassword);
    await page.goto(server.url + '/admin/users');
    await byTest(page, 'user-create').click();
    await input(page, 'user-username').fill('shenjiwai');
    await input(page, 'user-display-name').fill('外审 钱会计');
    await pick(page, 'user-role', '外部查阅人');
    await input(page, 'user-organization').fill('信诚会计师事务所');
    await input(page, 'user-password').fill('visitor-pass-2026');
    const refused = waitApi(page, 'POST', /^\/api\/v1\/users$/);
    await byTest(page, 'user-save').click();
    assert.equal((await refused).status(), 422);
    await page.locator('.el-dialog .el-form-item__error').filter({ hasText: '介绍信' }).waitFor({ state: 'visible' });
    await input(page, 'user-credential').fill('介绍信 2026-031');
    const saved = waitApi(page, 'POST', /^\/api\/v1\/users$/);
    await byTest(page, 'user-save').click();
    const r = await saved;
    assert.equal(r.status(), 201, await r.text());
    await until(async () => /外审 钱会计/.test(await byTest(page, 'user-table').innerText()), 'the visitor is listed');
    const admin = await asAdmin(server);
    const u = (await admin.get('/api/v1/users')).body.items.find((x) => x.username === 'shenjiwai');
    assert.equal(u.role, 'visitor');
    assert.equal(u.organization, '信诚会计师事务所');
    assert.equal(u.credential, '介绍信 2026-031');
  } finally {
    await context.close();
  }
});

test('R-SEC-4: issue 12 item 3: a salesperson files an access request on a visitor\'s behalf from the request dialog; the request names the visitor', async () => {
  const admin = await asAdmin(server);
  const v = await admin.post('/api/v1/users', { username: 'waicha2', display_name: '外查 孙审计', role: 'visitor', organization: '立信审计', credential: '工作证 77', password: 'visitor-pass-2027' });
  assert.equal(v.status, 201, v.text);
  const zw = await as(server, 'zhangwei');
  const c = await zw.post('/api/v1/customers', { kind: 'individual', name: '外查对象', mobile: '13912345601' });
  assert.equal(c.status, 201, c.text);
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(page, server.url, 'zhangwei');
    await page.goto(server.url + '/access-grants');
    await byTest(page, 'grants-request').click();
    const codes = input(page, 'access-codes');
    await codes.fill(c.body.code);
    await codes.press('Enter');
    await pickOption(page, page.locator('.el-dialog [data-test="access-visitor"]'), '外查 孙审计（立信审计）');
    await input(page, 'access-purpose').fill('年度审计');
    await input(page, 'access-reason').fill('审计所抽查客户档案');
    const filed = waitApi(page, 'POST', /^\/api\/v1\/approvals$/);
    await byTest(page, 'access-submit').click();
    const r = await filed;
    assert.equal(r.status(), 201, await r.text());
    const body = await r.json();
    assert.equal(body.subject.for_user_id, v.body.id);
    assert.match(body.summary, /外部查阅人 外查 孙审计（立信审计）/);
  } finally {
    await context.close();
  }
});
