// Browser end-to-end test of the customer import (zh-CN UI, real `kehu serve`, Debian chromium).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, as, mobile as freshMobile } from '../lib/kehu.mjs';
import { launch, newPage, input, byTest, waitApi, login, artifact, until, pickOption } from './helpers.mjs';

let server;
let browser;
let tmp;

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 10 }), launch()]);
  tmp = mkdtempSync(join(tmpdir(), 'kehu-import-'));
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) {
    // A stuck background job must not keep the server (and this test) alive.
    const stopped = server.stop();
    const t = setTimeout(() => { if (server.child.exitCode === null) server.child.kill('SIGKILL'); }, 10000);
    await stopped;
    clearTimeout(t);
  }
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Assert an API response status; the body is read only for the failure message. */
async function expectStatus(resp, status, what) {
  if (resp.status() !== status) assert.fail(`${what}: HTTP ${resp.status()} ${await resp.text().catch(() => '')}`);
}

/** Text of one count box (data-test=name, the number is in .n). */
async function count(page, name) {
  return (await byTest(page, name).locator('.n').innerText()).trim();
}

// Names with characters absent from the demo data (src/demo) and the region names.
const GOOD = ['鞠琮', '鞠瑀', '鞠骞'];
const BAD = '鞠珩';

test('R-PLT-3: upload a GBK CSV, see the preview with its errors, import the valid rows, find an imported customer', async () => {
  // Column headers as the server maps them by default (first Chinese header of each field).
  const api = await as(server, 'zhangwei');
  const fr = await api.get('/api/v1/imports/fields');
  assert.equal(fr.status, 200, `GET /imports/fields: ${fr.status} ${fr.text}`);
  const header = (field) => {
    const f = fr.body.items.find((x) => x.field === field);
    assert.ok(f, `importable field ${field}`);
    return f.headers.find((h) => /[\u4e00-\u9fff]/.test(h)) || f.headers[0];
  };
  const cols = [header('name'), header('kind'), header('mobile')];
  const lines = [cols.join(',')];
  lines.push(`${GOOD[0]},个人,${freshMobile()}`);
  lines.push(`${GOOD[1]},个人,${freshMobile()}`);
  lines.push(`${BAD},个人,12345`); // file row 4: invalid mobile
  lines.push(`${GOOD[2]},个人,${freshMobile()}`);
  const BAD_ROW = 4; // the header is row 1
  const gbk = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: lines.join('\r\n') + '\r\n' });
  assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(gbk), 'the file really is GBK, not UTF-8');
  const file = join(tmp, '客户名单-gbk.csv');
  writeFileSync(file, gbk);

  const { context, page } = await newPage(browser);
  try {
    await login(page, server.url, 'zhangwei');
    await byTest(page, 'nav-import').click();
    await page.waitForURL(/\/customers\/import$/);

    // --- step 1: upload ---
    await byTest(page, 'import-file').setInputFiles(file);
    assert.match(await byTest(page, 'import-file-name').innerText(), /客户名单-gbk\.csv/);
    const uploaded = waitApi(page, 'POST', /^\/api\/v1\/imports\/files$/);
    const previewed = waitApi(page, 'POST', /^\/api\/v1\/imports\/preview$/);
    await byTest(page, 'import-upload').click();
    const ur = await uploaded;
    await expectStatus(ur, 201, 'upload');
    const pr = await previewed;
    await expectStatus(pr, 202, 'preview');

    // --- step 2: preview ---
    const counts = byTest(page, 'preview-counts');
    await counts.waitFor({ state: 'visible' });
    assert.equal(await count(page, 'preview-count-rows'), '4');
    assert.equal(await count(page, 'preview-count-valid'), '3');
    assert.equal(await count(page, 'preview-count-invalid'), '1');
    assert.match(await byTest(page, 'preview-encoding').innerText(), /GB/i, 'the GBK encoding was detected');
    const mappingRows = page.locator('[data-test="mapping-table"] [data-test="mapping-row"]');
    assert.equal(await mappingRows.count(), 3, 'one mapping row per column');
    const errRows = page.locator('[data-test="preview-errors"] [data-test="preview-error-row"]');
    assert.equal(await errRows.count(), 1, 'exactly one error');
    assert.equal(await errRows.first().getAttribute('data-row'), String(BAD_ROW), 'the error names the bad row');
    const errText = await errRows.first().innerText();
    assert.match(errText, new RegExp(`^${BAD_ROW}\\b`), 'row number shown');
    assert.match(errText, /手机/, 'zh-CN message / column about the mobile');
    await page.screenshot({ path: artifact('import-preview.png'), fullPage: true });

    // --- step 3: import the valid rows ---
    await byTest(page, 'import-mode-valid_rows').click();
    assert.ok(await byTest(page, 'import-mode-valid_rows').locator('input').isChecked(), 'valid rows chosen');
    const started = waitApi(page, 'POST', /^\/api\/v1\/imports$/);
    await byTest(page, 'import-start').click();
    const sr = await started;
    await expectStatus(sr, 202, 'import');
    assert.equal((await sr.request().postDataJSON()).mode, 'valid_rows');
    const result = byTest(page, 'import-result');
    await result.waitFor({ state: 'visible' });
    assert.equal(await result.getAttribute('data-imported'), 'true');
    assert.equal(await count(page, 'result-created'), '3');
    assert.equal(await count(page, 'result-rejected'), '1');
    assert.ok(await byTest(page, 'import-error-file').isVisible(), 'the error file can be downloaded');
    await page.screenshot({ path: artifact('import-result.png'), fullPage: true });

    // --- find an imported customer ---
    await byTest(page, 'import-to-list').click();
    await page.waitForURL(/\/customers(\?.*)?$/);
    const NAME = GOOD[1];
    await input(page, 'search-input').fill(NAME);
    const searched = page.waitForResponse((r) => {
      const u = new URL(r.url());
      return u.pathname === '/api/v1/customers' && u.searchParams.get('q') === NAME;
    });
    await byTest(page, 'search-button').click();
    const lr = await searched;
    await expectStatus(lr, 200, 'search');
    assert.deepEqual((await lr.json()).items.map((x) => x.name), [NAME]);
    const rows = page.locator('[data-test="customer-row"]');
    await until(async () => (await rows.count()) === 1 && /鞠瑀/.test(await rows.first().innerText()), 'the imported customer in the list');

    // the bad row was not imported
    const bad = await api.get(`/api/v1/customers?q=${encodeURIComponent(BAD)}`);
    assert.equal(bad.status, 200);
    assert.equal(bad.body.items.length, 0, 'the row with the invalid mobile was rejected');
  } finally {
    await context.close();
  }
});

test('R-PLT-3: issue 9 item 9: on a phone the preview maps a source value the office wrote its own way; the value mapping is saved with the column mapping and the rows import', async () => {
  const api = await as(server, 'zhangwei');
  const m = [freshMobile(), freshMobile(), freshMobile()];
  const csv = ['客户名称,手机,来源', `鞠琰,${m[0]},网络`, `鞠琬,${m[1]},扫街`, `鞠璟,${m[2]},合作伙伴介绍`].join('\n') + '\n';
  const file = join(tmp, '地推名单.csv');
  writeFileSync(file, csv);

  const { context, page } = await newPage(browser, { width: 375, height: 812, mobile: true });
  try {
    await login(page, server.url, 'zhangwei');
    await page.goto(server.url + '/customers/import');
    await byTest(page, 'import-file').setInputFiles(file);
    let previewed = waitApi(page, 'POST', /^\/api\/v1\/imports\/preview$/);
    await byTest(page, 'import-upload').click();
    await expectStatus(await previewed, 202, 'preview');
    await byTest(page, 'preview-counts').waitFor({ state: 'visible' });
    await until(async () => (await count(page, 'preview-count-invalid')) === '1', 'the unmatched value refused');
    const errRow = page.locator('[data-test="preview-error-row"]').first();
    assert.match(await errRow.innerText(), /扫街.*可选：展会/, 'the refusal lists the allowed values');

    const row = (text) => page.locator(`[data-test="value-column"][data-field="source"] [data-test="value-row"][data-text="${text}"]`);
    assert.equal(await row('网络').getAttribute('data-how'), 'synonym');
    assert.match(await row('网络').innerText(), /互联网/);
    assert.match(await row('合作伙伴介绍').innerText(), /合作伙伴/);
    assert.equal(await row('扫街').getAttribute('data-how'), '');

    previewed = waitApi(page, 'POST', /^\/api\/v1\/imports\/preview$/);
    await pickOption(page, row('扫街').locator('[data-test="value-select"]'), '自然到店');
    const pr = await previewed;
    await expectStatus(pr, 202, 'preview with the value mapping');
    assert.deepEqual(pr.request().postDataJSON().values, { source: { 扫街: 'walk_in' } });
    await until(async () => (await count(page, 'preview-count-invalid')) === '0', 'no row refused any more');
    assert.equal(await row('扫街').getAttribute('data-how'), 'mapping');

    await input(page, 'mapping-name').fill('地推名单');
    const saved = waitApi(page, 'POST', /^\/api\/v1\/imports\/mappings$/);
    await byTest(page, 'mapping-save').click();
    const sr = await saved;
    await expectStatus(sr, 201, 'save mapping');
    assert.deepEqual(sr.request().postDataJSON().values, { source: { 扫街: 'walk_in' } });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 375, `no sideways scrolling at 375 px (${width})`);
    await page.screenshot({ path: artifact('import-values-375.png'), fullPage: true });

    const started = waitApi(page, 'POST', /^\/api\/v1\/imports$/);
    await byTest(page, 'import-start').click();
    await expectStatus(await started, 202, 'import');
    await byTest(page, 'import-result').waitFor({ state: 'visible' });
    assert.equal(await count(page, 'result-created'), '3');
    const sources = [];
    for (const x of m) {
      const r = await api.get(`/api/v1/customers?q=${x}`);
      sources.push(r.body.items[0] && (await api.get(`/api/v1/customers/${r.body.items[0].id}`)).body.source);
    }
    assert.deepEqual(sources, ['internet', 'walk_in', 'partner']);
    const list = (await api.get('/api/v1/imports/mappings')).body.items;
    assert.deepEqual(list.find((x) => x.name === '地推名单').values, { source: { 扫街: 'walk_in' } });
  } catch (e) {
    await page.screenshot({ path: artifact('import-values-failed.png'), fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await context.close();
  }
});

test('R-PLT-3: issue 10 item 10: a file past the upload quota is refused with the quota named, before the browser sends it', async () => {
  const { asAdmin } = await import('../lib/kehu.mjs');
  const admin = await asAdmin(server);
  assert.equal((await admin.put('/api/v1/settings/parameters', { upload_quota_mb: 1 })).status, 200);
  const file = join(tmp, '大文件.csv');
  writeFileSync(file, `客户名称,手机\n配额,${freshMobile()}\n`.padEnd(2 << 20, ' '));
  const { context, page } = await newPage(browser, { width: 375, height: 800, mobile: true });
  const uploads = [];
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/api/v1/imports/files')) uploads.push(r.url()); });
  try {
    await login(page, server.url, 'lina');
    await page.goto(`${server.url}/customers/import`);
    await byTest(page, 'import-file').setInputFiles(file);
    const asked = waitApi(page, 'GET', /^\/api\/v1\/imports\/room$/);
    await byTest(page, 'import-upload').click();
    await expectStatus(await asked, 507, 'room');
    const alert = byTest(page, 'upload-error');
    await alert.waitFor({ state: 'visible' });
    assert.match(await alert.innerText(), /上传配额已满.*配额 1 MB/);
    assert.deepEqual(uploads, [], 'the file was not sent');
    await page.screenshot({ path: artifact('import-quota-375.png'), fullPage: true });
  } finally {
    await context.close();
    await admin.put('/api/v1/settings/parameters', { upload_quota_mb: 1024 });
  }
});

test('R-PLT-3: issue 15: on a phone, a search while imported customers wait for the search index says so; once the server\'s job has put them in, the customer is found', async () => {
  const { kehu, asAdmin } = await import('../lib/kehu.mjs');
  const NAME = '索引待建鞠玥';
  const file = join(tmp, 'later.csv');
  writeFileSync(file, ['客户名称,手机', `${NAME},${freshMobile()}`, `索引待建鞠琛,${freshMobile()}`].join('\n') + '\n');
  const r = await kehu(['import', file, '--db', server.db, '--no-wait', '--user', 'zhangwei']);
  assert.equal(r.code, 0, r.stderr + r.stdout);

  const { context, page } = await newPage(browser, { width: 375, height: 812, mobile: true });
  try {
    await login(page, server.url, 'zhangwei');
    await page.goto(server.url + '/customers');
    const searchFor = async () => {
      await input(page, 'search-input').fill(NAME);
      const searched = page.waitForResponse((x) => {
        const u = new URL(x.url());
        return u.pathname === '/api/v1/customers' && u.searchParams.get('q') === NAME;
      });
      await byTest(page, 'search-button').click();
      const lr = await searched;
      await expectStatus(lr, 200, 'search');
      return lr.json();
    };
    const early = await searchFor();
    assert.deepEqual(early.items, []);
    const notice = byTest(page, 'search-building');
    await notice.waitFor({ state: 'visible' });
    assert.match(await notice.innerText(), /搜索索引建立中[\s\S]*刚导入的客户可能暂时搜不到/);
    await page.screenshot({ path: artifact('search-building-375.png'), fullPage: true });

    // The server's job, each minute while documents wait (the test clock: one scheduler pass now).
    const admin = await asAdmin(server);
    assert.equal((await admin.put('/api/v1/_test/clock', { now: new Date().toISOString() })).status, 200);
    const admin2 = await asAdmin(server);
    assert.equal((await admin2.post('/api/v1/_test/scheduler/tick')).status, 200);
    await until(async () => {
      const t = (await admin2.get('/api/v1/scheduled-tasks')).body.items.find((x) => x.name === 'customer.search_backlog');
      return t && t.job && t.job.state === 'done';
    }, 'the search index job done');
    await page.goto(server.url + '/customers');
    const found = await searchFor();
    assert.deepEqual(found.items.map((x) => x.name), [NAME]);
    const rows = page.locator('[data-test="customer-row"]');
    await until(async () => (await rows.count()) === 1, 'the imported customer in the list');
    assert.equal(await byTest(page, 'search-building').count(), 0, 'no notice once the index has them');
  } finally {
    await context.close();
  }
});
