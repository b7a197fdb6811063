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

test('R-ARC-4: on a phone an administrator imports a shared template file, giving it a new code when its code exists; at 1440 px a template exports as a file', async () => {
  const admin = await asAdmin(server);
  const file = (await admin.get('/api/v1/profile-templates/hotel_guest/export')).body;
  // another company's hotel template: same code as ours, its own field keys
  const shared = { ...file, fields: file.fields.map((f) => ({ ...f, key: f.key.replace(/^hotel_/, 'inn_') })) };
  const { context, page } = await newPage(browser, { width: 375, height: 812, mobile: true });
  try {
    await login(page, server.url, 'admin', server.adminPassword);
    const loaded = waitApi(page, 'GET', /^\/api\/v1\/profile-templates$/);
    await page.goto(server.url + '/admin/settings');
    await loaded;
    await until(async () => (await byTest(page, 'template-table').innerText()).includes('对公银行客户'), 'the presets listed');

    let post = waitApi(page, 'POST', /^\/api\/v1\/profile-templates\/import/);
    await page.locator('[data-test="template-file"]').setInputFiles({
      name: 'hotel.kehu-template.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(shared)),
    });
    assert.equal((await post).status(), 409);
    await until(async () => await byTest(page, 'import-code').isVisible(), 'the dialog asking for another code');
    await input(page, 'import-code').fill('inn_guest');
    await input(page, 'import-name-zh').fill('客栈宾客');
    await input(page, 'import-name-en').fill('Inn guest');
    post = waitApi(page, 'POST', /^\/api\/v1\/profile-templates\/import$/);
    await byTest(page, 'import-save').click();
    const r = await post;
    assert.equal(r.status(), 201, await r.text());
    await until(async () => (await byTest(page, 'template-table').innerText()).includes('客栈宾客'), 'the imported template listed');
    const tpl = (await admin.get('/api/v1/profile-templates')).body.items.find((t) => t.code === 'inn_guest');
    assert.equal(tpl.fields.length, file.fields.length);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 375, `no sideways scrolling at 375 px (${width})`);

    // a file that is not a template: the reason, and nothing added
    post = waitApi(page, 'POST', /^\/api\/v1\/profile-templates\/import/);
    await page.locator('[data-test="template-file"]').setInputFiles({
      name: 'old.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...shared, version: 9 })),
    });
    assert.equal((await post).status(), 422);
    await until(async () => (await byTest(page, 'template-import-error').innerText()).includes('version'), 'the refusal names the field');
  } catch (e) {
    await page.screenshot({ path: artifact('settings-template-import.png') }).catch(() => {});
    throw e;
  } finally {
    await context.close();
  }

  const wide = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(wide.page, server.url, 'admin', server.adminPassword);
    await wide.page.goto(server.url + '/admin/settings');
    const download = wide.page.waitForEvent('download');
    await byTest(wide.page, 'template-export-elderly_health').click();
    const d = await download;
    assert.equal(d.suggestedFilename(), 'elderly_health.kehu-template.json');
    const text = await (await import('node:fs/promises')).readFile(await d.path(), 'utf8');
    assert.equal(JSON.parse(text).template.name_zh, '老年健康客户');
  } catch (e) {
    await wide.page.screenshot({ path: artifact('settings-template-export.png') }).catch(() => {});
    throw e;
  } finally {
    await wide.context.close();
  }
});
