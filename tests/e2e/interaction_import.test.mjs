// Browser test of importing interactions 跟进记录导入 (R-INT-1, issue 13 item 2): a salesperson
// chooses a CSV of past calls, previews it (a bad row is named), imports it, and the call is on
// the customer's timeline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, as, asAdmin, mobile } from '../lib/kehu.mjs';
import { launch, newPage, byTest, login, until } from './helpers.mjs';

let server, browser, dir, customer, sales;

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 1 }), launch()]);
  const admin = await asAdmin(server);
  assert.equal((await admin.put('/api/v1/_test/clock', { now: '2026-11-20T10:00:00+08:00' })).status, 200);
  sales = await as(server, 'zhangwei');
  const r = await sales.post('/api/v1/customers', { kind: 'individual', name: '浏览器导入跟进客户', mobile: mobile() });
  assert.equal(r.status, 201, r.text);
  customer = r.body;
  dir = mkdtempSync(join(tmpdir(), 'kehu-ii-'));
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('R-INT-1: a salesperson previews and imports a sheet of past calls from the interaction-import page; the call is on the timeline', async () => {
  const path = join(dir, '跟进记录.csv');
  writeFileSync(path, `客户编号,跟进时间,方式,内容,结果\n${customer.code},2026-11-12 15:00,电话,电话回访询问使用情况,满意\n${customer.code},2026-11-13 15:00,飞鸽,写错的方式,\n`);
  const { context, page } = await newPage(browser, { width: 375, height: 740, mobile: true });
  try {
    await login(page, server.url, 'zhangwei');
    await page.goto(server.url + '/interactions/import');
    await byTest(page, 'ii-file').setInputFiles(path);
    await byTest(page, 'ii-preview').click();
    await byTest(page, 'ii-summary').waitFor();
    assert.equal((await byTest(page, 'ii-valid').textContent()).trim(), '1');
    assert.equal((await byTest(page, 'ii-invalid').textContent()).trim(), '1');
    assert.match(await byTest(page, 'ii-error-row').first().textContent(), /第 3 行.*方式/);
    await byTest(page, 'ii-import').click();
    await until(async () => (await byTest(page, 'ii-created').count()) > 0, 'the import result');
    assert.equal((await byTest(page, 'ii-created').textContent()).trim(), '1');
    assert.ok(await byTest(page, 'ii-errfile').isVisible(), 'the error file is offered');
  } finally {
    await context.close();
  }
  const items = (await sales.get(`/api/v1/interactions?customer_id=${customer.id}`)).body.items;
  assert.equal(items.length, 1);
  assert.equal(items[0].summary, '电话回访询问使用情况');
});
