// Browser tests of the signed-in user's account: the first login with a password an administrator set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, addUser, Client } from '../lib/kehu.mjs';
import { launch, newPage, input, byTest, waitApi, login, artifact } from './helpers.mjs';

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
  test(`R-SEC-10: issue 9 item 16: at ${width} px a user with a preset password sees only the change-password dialog, then signs in with the new one`, async () => {
    const username = `xin${width}`;
    await addUser(server, {
      username, display_name: '新同事', role: 'salesperson', department_id: 1, branch_id: 1, password: 'preset-pass-2026',
    });
    const { context, page } = await newPage(browser, { width, height, mobile });
    try {
      await login(page, server.url, username, 'preset-pass-2026');
      const dialog = byTest(page, 'change-password-dialog');
      await dialog.waitFor({ state: 'visible' });
      await byTest(page, 'must-change-hint').waitFor({ state: 'visible' });
      // nothing else: no menu, no page, and the dialog cannot be dismissed
      assert.equal(await page.locator('.side, [data-test="menu-toggle"]').count(), 0);
      assert.equal(await page.locator('.el-dialog__headerbtn').filter({ visible: true }).count(), 0);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'visible' });
      await byTest(page, 'must-change-logout').waitFor({ state: 'visible' });
      await page.screenshot({ path: artifact(`must-change-password-${width}.png`) });

      await input(page, 'old-password').fill('preset-pass-2026');
      await input(page, 'new-password').fill('my-own-pass-2026');
      await input(page, 'new-password2').fill('my-own-pass-2026');
      const changed = waitApi(page, 'POST', /^\/api\/v1\/auth\/password$/);
      await byTest(page, 'change-password-submit').click();
      assert.equal((await changed).status(), 200);
      await page.waitForURL(/\/login/);
      await login(page, server.url, username, 'my-own-pass-2026');
      await byTest(page, 'new-customer').waitFor({ state: 'visible' });
      assert.equal(await byTest(page, 'change-password-dialog').filter({ visible: true }).count(), 0);
      const again = await new Client(server.url).login(username, 'my-own-pass-2026');
      assert.equal(again.body.user.must_change_password, false);
    } finally {
      await context.close();
    }
  });
}
