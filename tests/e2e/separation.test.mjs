// Browser tests of who may do what: an administrator alone is told how a role that sees
// customers is given; only managers are offered a customer's branch; a user is told of
// changes made to their account on the server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, kehu } from '../lib/kehu.mjs';
import { launch, newPage, input, byTest, waitApi, login, artifact, pickOption } from './helpers.mjs';

let server;
let browser;

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 3 }), launch()]);
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

for (const [width, height, mobile] of [[375, 740, true], [1440, 900, false]]) {
  test(`R-SEC-1: issue 10 item 18: at ${width} px the administrator creating a GM or resetting the GM's password is told why it needs a second person, offered an approval request, and the server command to use`, async () => {
    const { context, page } = await newPage(browser, { width, height, mobile });
    try {
      await login(page, server.url, 'admin', server.adminPassword);
      await page.goto(server.url + '/admin/users');
      await byTest(page, 'user-create').click();
      await input(page, 'user-username').fill(`fuzong${width}`);
      await input(page, 'user-display-name').fill('副总');
      await pickOption(page, page.locator('.el-dialog [data-test="user-role"]'), '总经理');
      // said before saving, with the command
      await byTest(page, 'user-role-second-person').filter({ hasText: `kehu user add fuzong${width} --role gm` }).waitFor({ state: 'visible' });
      await input(page, 'user-password').fill('preset-pass-2026');
      const created = waitApi(page, 'POST', /^\/api\/v1\/users$/);
      await byTest(page, 'user-save').click();
      assert.equal((await created).status(), 403);
      // offered as an approval request (account.create), the server command named as the alternative
      await byTest(page, 'second-person-dialog').waitFor({ state: 'visible' });
      assert.match(await byTest(page, 'second-person-why').innerText(), /副总.*另一人审批/s);
      await byTest(page, 'second-person-command').filter({ hasText: `kehu user add fuzong${width} --role gm` }).waitFor({ state: 'visible' });
      await page.screenshot({ path: artifact(`grant-refused-${width}.png`) });
      await page.keyboard.press('Escape');
      await byTest(page, 'second-person-dialog').waitFor({ state: 'hidden' });
      await page.keyboard.press('Escape');
      await byTest(page, 'user-save').waitFor({ state: 'hidden' });

      const row = page.locator('[data-test="user-table"] .el-table__row').filter({ hasText: 'gm' }).filter({ hasText: '总经理' }).first();
      await row.locator('[data-test="user-reset-password"]').click();
      await byTest(page, 'reset-second-person').filter({ hasText: 'kehu user passwd gm' }).waitFor({ state: 'visible' });
      await input(page, 'reset-password').fill('taken-over-2026');
      const reset = waitApi(page, 'PATCH', /^\/api\/v1\/users\/\d+$/);
      await byTest(page, 'reset-password-save').click();
      assert.equal((await reset).status(), 403);
      // offered as an approval request, the server command named as the alternative
      await byTest(page, 'second-person-dialog').waitFor({ state: 'visible' });
      assert.match(await byTest(page, 'second-person-why').innerText(), /另一人审批/);
      await byTest(page, 'second-person-command').filter({ hasText: 'kehu user passwd gm' }).waitFor({ state: 'visible' });
      await page.screenshot({ path: artifact(`reset-refused-${width}.png`) });
    } finally {
      await context.close();
    }
  });

  // one role per width: the form is the same at both
  const [user, offered] = mobile ? ['zhangwei', false] : ['salesmgr', true];
  test(`R-OWN-6: issue 10 item 19: at ${width} px ${offered ? 'a sales manager\'s customer form offers the branch' : 'a salesperson\'s customer form offers no branch'}`, async () => {
    const { context, page } = await newPage(browser, { width, height, mobile });
    try {
      await login(page, server.url, user);
      await page.goto(server.url + '/customers/new');
      await input(page, 'field-name').waitFor({ state: 'visible' });
      // whether it is offered follows the signed-in user's rights, known before the form shows
      if (offered) await byTest(page, 'field-branch_id').waitFor({ state: 'visible' });
      else assert.equal(await byTest(page, 'field-branch_id').count(), 0, user);
    } finally {
      await context.close();
    }
  });
}

test('R-SEC-10: issue 10 item 18: a user whose role was raised on the server is told at the next sign-in, once', async () => {
  const r = await kehu(['user', 'role', 'wangqiang', 'sales_manager', '--db', server.db]);
  assert.equal(r.code, 0, r.stderr);
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(page, server.url, 'wangqiang');
    const dialog = byTest(page, 'notices-dialog');
    await dialog.waitFor({ state: 'visible' });
    await byTest(page, 'notice').filter({ hasText: '您的角色已改为「销售经理」' }).waitFor({ state: 'visible' });
    const acked = waitApi(page, 'POST', /^\/api\/v1\/auth\/notices\/ack$/);
    await byTest(page, 'notices-ok').click();
    assert.equal((await acked).status(), 200);
    await page.reload();
    await byTest(page, 'account-menu').waitFor({ state: 'visible' });
    await page.waitForLoadState('networkidle');
    assert.equal(await byTest(page, 'notices-dialog').filter({ visible: true }).count(), 0);
  } finally {
    await context.close();
  }
});
