// Browser test of the company time zone in Settings (zh-CN UI, real `kehu serve`, Debian chromium).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, asAdmin } from '../lib/kehu.mjs';
import { launch, newPage, input, byTest, waitApi, login, artifact, until } from './helpers.mjs';

let server;
let browser;

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 3 }), launch()]);
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

/** Type a zone into the filterable select and take it with Enter. */
async function chooseZone(page, name) {
  await byTest(page, 'timezone-select').click();
  await input(page, 'timezone-select').fill(name);
  await page.keyboard.press('Enter');
}

test('R-PLT-1: an administrator changes the company time zone; an unknown zone is refused at the field', async () => {
  const admin = await asAdmin(server);
  await admin.put('/api/v1/_test/clock', { now: '2026-07-01T04:00:00Z' });
  const { context, page } = await newPage(browser);
  try {
    await login(page, server.url, 'admin', server.adminPassword);
    const loaded = waitApi(page, 'GET', /^\/api\/v1\/settings\/timezone$/);
    await page.goto(server.url + '/admin/settings');
    await loaded;
    await until(async () => (await byTest(page, 'timezone-now').innerText()).includes('2026-07-01 12:00'),
      'the company time in Shanghai');

    await chooseZone(page, 'Mars/Olympus_Mons');
    let put = waitApi(page, 'PUT', /^\/api\/v1\/settings\/timezone$/);
    await byTest(page, 'timezone-save').click();
    assert.equal((await put).status(), 422);
    await until(async () => (await byTest(page, 'timezone-form').innerText()).includes('未知的时区'),
      'the reason under the field');

    await chooseZone(page, 'Europe/Berlin');
    put = waitApi(page, 'PUT', /^\/api\/v1\/settings\/timezone$/);
    await byTest(page, 'timezone-save').click();
    const r = await put;
    assert.equal(r.status(), 200, await r.text());
    // Summer time in Berlin: 04:00 UTC is 06:00.
    await until(async () => (await byTest(page, 'timezone-now').innerText()).includes('2026-07-01 06:00'),
      'the company time in Berlin');
    assert.match(await byTest(page, 'timezone-form').innerText(), /UTC\+02:00/);
    assert.equal((await admin.get('/api/v1/settings/timezone')).body.timezone, 'Europe/Berlin');
  } catch (e) {
    await page.screenshot({ path: artifact('settings-timezone.png') }).catch(() => {});
    throw e;
  } finally {
    await context.close();
  }
});

test('R-PLT-2: an administrator changes a parameter of the rules (session length) on the settings page; the server keeps it', async () => {
  const admin = await asAdmin(server);
  const { context, page } = await newPage(browser);
  try {
    await login(page, server.url, 'admin', server.adminPassword);
    const loaded = waitApi(page, 'GET', /^\/api\/v1\/settings\/parameters$/);
    await page.goto(server.url + '/admin/settings');
    await loaded;
    await until(async () => (await byTest(page, 'param-item-session_hours').innerText()).includes('登录会话有效期'),
      'the session length with its label');
    assert.match(await byTest(page, 'param-item-session_hours').innerText(), /可设 1–720，默认 12/);
    const field = input(page, 'param-session_hours');
    await field.fill('8');
    await field.press('Tab');
    await until(async () => (await byTest(page, 'parameters').innerText()).includes('已修改 1 项'), 'the change is pending');
    const put = waitApi(page, 'PUT', /^\/api\/v1\/settings\/parameters$/);
    await byTest(page, 'parameters-save').click();
    const r = await put;
    assert.equal(r.status(), 200, await r.text());
    assert.deepEqual(JSON.parse(r.request().postData()), { session_hours: 8 }, 'only the changed setting is sent');
    const kept = (await admin.get('/api/v1/settings/parameters')).body.items.find((p) => p.key === 'session_hours');
    assert.equal(kept.value, 8);
  } catch (e) {
    await page.screenshot({ path: artifact('settings-parameters.png') }).catch(() => {});
    throw e;
  } finally {
    await context.close();
  }
});
