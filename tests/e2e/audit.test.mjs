// Browser test of the audit page: actions in words, targets by code and name, actors picked by name.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, as, mobile, Client } from '../lib/kehu.mjs';
import { launch, newPage, byTest, waitApi, login, artifact, pickOption } from './helpers.mjs';

let server;
let browser;
let created;

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 3 }), launch()]);
  // Company time 10:00: the daily checkpoint is not due while the tests run (they count none).
  const clock = await new Client(server.url).put('/api/v1/_test/clock', { now: '2026-06-01T10:00:00+08:00' });
  assert.equal(clock.status, 200, clock.text);
  const sales = await as(server, 'zhangwei');
  created = (await sales.post('/api/v1/customers', { kind: 'individual', name: '页面审计', mobile: mobile() })).body;
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

for (const [width, height, isMobile] of [[375, 740, true], [1440, 900, false]]) {
  test(`R-SEC-10: issue 9 item 14: at ${width} px the GM reads the audit log in words, picks the actor by name and exports the filtered log`, async () => {
    const { context, page } = await newPage(browser, { width, height, mobile: isMobile });
    try {
      await login(page, server.url, 'gm');
      const first = waitApi(page, 'GET', /^\/api\/v1\/audit$/);
      await page.goto(server.url + '/audit');
      await first;
      // pick 张伟 (zhangwei) by name
      await pickOption(page, 'audit-actor', 'zhangwei');
      const filtered = waitApi(page, 'GET', /^\/api\/v1\/audit$/);
      await byTest(page, 'audit-search').click();
      const resp = await filtered;
      assert.match(resp.url(), /actor_id=\d+/);
      const target = byTest(page, 'audit-target').filter({ hasText: `${created.code} 页面审计` }).first();
      await target.waitFor({ state: 'visible' });
      // a user target (zhangwei's sign-in) by name
      await byTest(page, 'audit-target').filter({ hasText: '(zhangwei)' }).first().waitFor({ state: 'visible' });
      const labels = await byTest(page, 'audit-action-label').allInnerTexts();
      assert.ok(labels.includes('新建客户'), labels.join(','));
      assert.ok(!labels.some((l) => /^[a-z_]+\.[a-z_.]+$/.test(l)), 'no raw action codes');
      await page.screenshot({ path: artifact(`audit-${width}.png`) });
      // export what the table shows
      const dl = page.waitForEvent('download');
      await byTest(page, 'audit-export').click();
      const file = await (await dl).path();
      const csv = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
      assert.match(csv, /^编号,时间,操作人,地址,动作,动作代码,对象类型,对象编号,详情/);
      assert.ok(csv.includes(`,customer,${created.id},`), csv);
      assert.ok(csv.trim().split(/\r?\n/).slice(1).every((l) => l.includes(',zhangwei,')), csv);
    } finally {
      await context.close();
    }
  });
}

test('R-SEC-10: issue 10 item 16: verifying the chain on the audit page says how many checkpoints it was compared with', async () => {
  const { context, page } = await newPage(browser, { width: 375, height: 740, mobile: true });
  try {
    await login(page, server.url, 'gm');
    await page.goto(server.url + '/audit');
    const verified = waitApi(page, 'GET', /^\/api\/v1\/audit\/verify$/);
    await byTest(page, 'audit-verify').click();
    await verified;
    const result = byTest(page, 'audit-verify-result');
    await result.waitFor({ state: 'visible' });
    assert.match(await result.innerText(), /哈希链完整，共 \d+ 条记录，已与 0 个检查点核对/);
  } finally {
    await context.close();
  }
});

test('R-SEC-10: issue 15: a burst of one person\'s reads is one audit entry counting them, and the customer\'s "who used it" tab counts each read', async () => {
  const sales = await as(server, 'zhangwei');
  const mgr = await as(server, 'salesmgr');
  const gm = await as(server, 'gm');
  const ids = [created.id];
  for (let i = 0; i < 5; i++) ids.push((await sales.post('/api/v1/customers', { kind: 'individual', name: `批量读取${i}`, mobile: mobile() })).body.id);
  // Bursts of three reads of each until one entry stands for several (the writer gathers reads for a few ms).
  let bursts = 0;
  let batch = null;
  while (!batch && bursts < 5) {
    bursts++;
    const rs = await Promise.all(ids.flatMap((id) => [0, 1, 2].map(() => mgr.get(`/api/v1/customers/${id}`))));
    assert.ok(rs.every((r) => r.status === 200));
    const mine = (await gm.get(`/api/v1/audit?action=customer.read&actor_id=${mgr.user.id}&limit=200`)).body.items;
    batch = mine.find((e) => e.reads > 1 && e.target_id === '');
  }
  assert.ok(batch, 'one entry stands for several reads');
  const { context, page } = await newPage(browser, { width: 375, height: 740, mobile: true });
  try {
    await login(page, server.url, 'gm');
    const first = waitApi(page, 'GET', /^\/api\/v1\/audit$/);
    await page.goto(server.url + '/audit');
    await first;
    await pickOption(page, 'audit-actor', 'salesmgr');
    const filtered = waitApi(page, 'GET', /^\/api\/v1\/audit$/);
    await byTest(page, 'audit-search').click();
    await filtered;
    await byTest(page, 'audit-target').filter({ hasText: `客户：${batch.reads} 次查看` }).first().waitFor({ state: 'visible' });
    // The customer's own trail: every read of every burst, a row per entry with its count.
    await page.goto(`${server.url}/customers/${created.id}`);
    await byTest(page, 'tab-access').click();
    const rows = page.locator('[data-test="access-log-row"][data-action="customer.read"]').filter({ hasText: 'salesmgr' });
    await rows.first().waitFor({ state: 'visible' });
    const texts = await rows.allInnerTexts();
    const reads = texts.reduce((n, x) => n + Number((/（(\d+) 次）/.exec(x) || [0, 1])[1]), 0);
    assert.equal(reads, 3 * bursts, texts.join(' | '));
    await page.screenshot({ path: artifact('audit-batch-375.png') });
  } finally {
    await context.close();
  }
});
