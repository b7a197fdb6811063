// Browser test of the backups page: back up now, download a backup, schedule the daily backup.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, as, asAdmin, waitJob, Client } from '../lib/kehu.mjs';
import { launch, newPage, byTest, waitApi, login, artifact, pickOption } from './helpers.mjs';

let server;
let browser;

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 3 }), launch()]);
  await noonClock(server);
});

// Company time 10:00: no daily backup or other daily task runs while a test looks at the list.
async function noonClock(s) {
  const clock = await new Client(s.url).put('/api/v1/_test/clock', { now: '2026-06-01T10:00:00+08:00' });
  assert.equal(clock.status, 200, clock.text);
}

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

      await pickOption(page, 'backup-hour', `${String(hour).padStart(2, '0')}:00`);
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

test('R-SEC-12: issue 9 item 15: the administrator restores a backup from the backups page, confirms by its name, and is sent to sign in again', async () => {
  const s = await startServer({ demo: 3 });
  await noonClock(s);
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    const admin = await asAdmin(s);
    const job = await admin.post('/api/v1/backups');
    assert.equal(job.status, 202);
    const finished = await waitJob(admin, job.body.job_id);
    assert.equal(finished.state, 'done', JSON.stringify(finished.error));
    const name = finished.summary.name;
    await login(page, s.url, 'admin', s.adminPassword);
    const listed = waitApi(page, 'GET', /^\/api\/v1\/backups$/);
    await page.goto(s.url + '/admin/backups');
    await listed;
    await page.locator(`[data-test="backup-row"][data-name="${name}"] [data-test="backup-restore"]`).click();
    const box = page.locator('.el-message-box');
    await box.waitFor({ state: 'visible' });
    // a wrong name is not accepted
    await box.locator('input').fill('kehu.db');
    await box.locator('.el-button--danger').click();
    await box.locator('.el-message-box__errormsg').waitFor({ state: 'visible' });
    await box.locator('input').fill(name);
    const asked = waitApi(page, 'POST', /\/restore$/);
    await box.locator('.el-button--danger').click();
    assert.equal((await asked).status(), 202);
    await byTest(page, 'backup-restoring').waitFor({ state: 'visible' });
    await page.waitForURL(/\/login/, { timeout: 60000 });
    await byTest(page, 'login-restored').waitFor({ state: 'visible' });
    assert.match(await byTest(page, 'login-restored').textContent(), new RegExp(name.replace(/\./g, '\\.')));
    await page.screenshot({ path: artifact('backups-restored-1440.png'), fullPage: true });
    await login(page, s.url, 'admin', s.adminPassword);
    const auditor = await as(s, 'shenji');
    const done = (await auditor.get('/api/v1/audit?action=backup.restore')).body.items;
    assert.equal(done.length, 1);
  } finally {
    await context.close();
    await s.stop();
  }
});
