// Browser test of the backups page: back up now, download a backup, schedule the daily backup.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, asAdmin } from '../lib/kehu.mjs';
import { launch, newPage, byTest, waitApi, login, artifact } from './helpers.mjs';

let server;
let browser;

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 3 }), launch()]);
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

for (const [width, height, isMobile, hour] of [[375, 740, true, 4], [1440, 900, false, 23]]) {
  test(`R-SEC-12: issue 9 item 15: at ${width} px the administrator backs up, downloads a backup and schedules the daily backup`, async () => {
    const { context, page } = await newPage(browser, { width, height, mobile: isMobile });
    try {
      await login(page, server.url, 'admin', server.adminPassword);
      const listed = waitApi(page, 'GET', /^\/api\/v1\/backups$/);
      await page.goto(server.url + '/admin/backups');
      await listed;
      const before = await byTest(page, 'backup-row').count();
      await byTest(page, 'backup-now').click();
      await byTest(page, 'backup-done').waitFor({ state: 'visible' });
      await page.waitForFunction((n) => document.querySelectorAll('[data-test="backup-row"]').length > n, before);
      const name = await byTest(page, 'backup-row').first().getAttribute('data-name');

      const dl = page.waitForEvent('download');
      await byTest(page, 'backup-download').first().click();
      const d = await dl;
      assert.equal(d.suggestedFilename(), name);
      assert.equal(readFileSync(await d.path()).subarray(0, 15).toString('latin1'), 'SQLite format 3');

      await byTest(page, 'backup-hour').click();
      await page.locator('.el-select-dropdown__item:visible').filter({ hasText: `${String(hour).padStart(2, '0')}:00` }).first().click();
      const saved = waitApi(page, 'PUT', /^\/api\/v1\/backups\/settings$/);
      await byTest(page, 'backup-schedule-save').click();
      assert.equal((await saved).status(), 200);
      await page.waitForFunction((h) => document.querySelector('[data-test="backup-schedule"]').textContent.includes(h), `${String(hour).padStart(2, '0')}:00`);
      await page.screenshot({ path: artifact(`backups-${width}.png`), fullPage: true });
      const admin = await asAdmin(server);
      assert.equal((await admin.get('/api/v1/backups')).body.hour, hour);
    } finally {
      await context.close();
    }
  });
}
