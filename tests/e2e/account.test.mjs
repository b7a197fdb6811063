// Browser tests of the signed-in user's account: the first login with a password an administrator set,
// the signed-in devices, and the UI working under its Content-Security-Policy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, addUser, asAdmin, as, Client, sqlite } from '../lib/kehu.mjs';
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
      // a salesperson lands on "my day" (R-INT-4)
      await byTest(page, 'my-day-title').waitFor({ state: 'visible' });
      assert.equal(await byTest(page, 'change-password-dialog').filter({ visible: true }).count(), 0);
      const again = await new Client(server.url).login(username, 'my-own-pass-2026');
      assert.equal(again.body.user.must_change_password, false);
    } finally {
      await context.close();
    }
  });
}

for (const [width, height, mobile] of [[375, 740, true], [1440, 900, false]]) {
  test(`R-SEC-1: issue 10 items 7 and 9: at ${width} px a user lists their signed-in devices, ends another one and then all the others, with no Content-Security-Policy violation`, async () => {
    const elsewhere = await as(server, 'lina');
    const another = await as(server, 'lina');
    const { context, page } = await newPage(browser, { width, height, mobile });
    const violations = [];
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
    try {
      await login(page, server.url, 'lina');
      await byTest(page, 'my-day-title').waitFor({ state: 'visible' });
      await byTest(page, 'account-menu').click();
      const listed = waitApi(page, 'GET', /^\/api\/v1\/auth\/sessions$/);
      await byTest(page, 'menu-sessions').click();
      assert.equal((await listed).status(), 200);
      const dialog = byTest(page, 'sessions-dialog');
      await byTest(page, 'session-current').first().waitFor({ state: 'visible' });
      assert.ok(await byTest(page, 'session-row').count() >= 2);
      assert.equal(await byTest(page, 'session-current').count(), 1);
      await page.screenshot({ path: artifact(`sessions-${width}.png`) });
      const before = await byTest(page, 'session-row').count();
      await byTest(page, 'session-end').first().click();
      const ended = waitApi(page, 'DELETE', /^\/api\/v1\/auth\/sessions\/[0-9a-f]{16}$/);
      await page.locator('.el-message-box .el-button--primary').click();
      const gone = await ended;
      assert.equal(gone.status(), 200);
      const id = new URL(gone.url()).pathname.split('/').pop();
      assert.equal(sqlite(server.db, `SELECT count(*) FROM sessions WHERE substr(token_hash, 1, 16) = '${id}'`), '0');
      await page.waitForFunction((n) => document.querySelectorAll('[data-test="session-row"]').length === n - 1, before);
      assert.ok(await dialog.isVisible());
      // sign out everywhere else: only this one is left
      await byTest(page, 'sessions-end-others').click();
      const others = waitApi(page, 'DELETE', /^\/api\/v1\/auth\/sessions$/);
      await page.locator('.el-message-box .el-button--primary').click();
      assert.equal((await others).status(), 200);
      await page.waitForFunction(() => document.querySelectorAll('[data-test="session-row"]').length === 1);
      assert.equal(await byTest(page, 'session-current').count(), 1);
      assert.equal((await another.get('/api/v1/auth/me')).status, 401);
      assert.deepEqual(violations, []);
    } finally {
      await context.close();
    }
    assert.equal((await elsewhere.get('/api/v1/auth/me')).status, 401);
  });
}
