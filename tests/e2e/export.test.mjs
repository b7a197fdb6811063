// Browser test of the customer export menu: a GBK export that GBK cannot hold (issue 9 item 4).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { startServer, as } from '../lib/kehu.mjs';
import { launch, newPage, byTest, waitApi, login, artifact, until } from './helpers.mjs';

let server;
let browser;
let code;
// Characters absent from the demo data, so the search finds only this customer.
const NAME = '鞠蕤面积';

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 3 }), launch()]);
  const gm = await as(server, 'gm');
  const r = await gm.post('/api/v1/customers', { kind: 'individual', name: NAME, notes: '面积 120 m²' });
  assert.equal(r.status, 201, r.text);
  code = r.body.code;
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

for (const [width, height] of [[375, 740], [1440, 900]]) {
  test(`R-PLT-3: issue 9 item 4: at ${width} px a CSV (GBK) export naming cells outside GBK offers GB18030 or UTF-8, and GB18030 downloads every character`, async () => {
    const { context, page } = await newPage(browser, { width, height, mobile: width < 600 });
    try {
      await login(page, server.url, 'gm');
      await page.goto(`${server.url}/customers?q=${encodeURIComponent(NAME)}`);
      await until(async () => (await byTest(page, 'customer-row').count()) === 1, 'one customer listed');
      await byTest(page, 'export-menu').click();
      const started = waitApi(page, 'POST', /^\/api\/v1\/exports$/);
      await byTest(page, 'export-csv-gbk').click();
      assert.equal((await (await started).request().postDataJSON()).encoding, 'gbk');
      const dialog = byTest(page, 'export-gbk-dialog');
      await byTest(page, 'export-gbk-cell').first().waitFor({ state: 'visible' });
      const cell = byTest(page, 'export-gbk-cell').first();
      assert.equal(await cell.getAttribute('data-row'), '3');
      const text = await cell.innerText();
      assert.match(text, /备注/); // the column in the UI language
      assert.ok(text.includes(code), text);
      assert.ok(text.includes('²'), text);
      assert.match(await byTest(page, 'export-gbk-message').innerText(), /GBK 无法表示/);
      // the choices fit the screen
      for (const b of ['export-gbk-gb18030', 'export-gbk-utf8', 'export-gbk-cancel']) {
        const box = await byTest(page, b).boundingBox();
        assert.ok(box && box.x >= 0 && box.x + box.width <= width, `${b} within ${width} px: ${JSON.stringify(box)}`);
      }
      await page.screenshot({ path: artifact(`export-gbk-${width}.png`) });

      const download = page.waitForEvent('download');
      const again = waitApi(page, 'POST', /^\/api\/v1\/exports$/);
      await byTest(page, 'export-gbk-gb18030').click();
      assert.equal((await (await again).request().postDataJSON()).encoding, 'gb18030');
      const file = await (await download).path();
      const csv = execFileSync('iconv', ['-f', 'GB18030', '-t', 'UTF-8'], { input: readFileSync(file) }).toString('utf8');
      assert.ok(csv.includes('面积 120 m²'), 'every character in the GB18030 file');
      await until(async () => !(await dialog.isVisible()), 'the dialog closes');
    } finally {
      await context.close();
    }
  });
}
