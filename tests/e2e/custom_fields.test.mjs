// Browser test of the settings page's custom fields: edit one, retire it, restore it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, asAdmin } from '../lib/kehu.mjs';
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

for (const [width, height, isMobile] of [[375, 740, true], [1440, 900, false]]) {
  test(`R-ARC-4: issue 9 item 15: at ${width} px the administrator edits, retires and restores a custom field`, async () => {
    const admin = await asAdmin(server);
    const key = `hobby_${width}`;
    const made = await admin.post('/api/v1/custom-fields', { key, label_zh: '爱好', label_en: 'Hobby', type: 'text', template: 'personal' });
    assert.equal(made.status, 201, made.text);
    const { context, page } = await newPage(browser, { width, height, mobile: isMobile });
    try {
      await login(page, server.url, 'admin', server.adminPassword);
      const loaded = waitApi(page, 'GET', /^\/api\/v1\/custom-fields$/);
      await page.goto(server.url + '/admin/settings');
      await loaded;
      await byTest(page, `cf-edit-${key}`).first().click();
      await input(page, 'cf-label-zh').fill('业余爱好');
      const saved = waitApi(page, 'PATCH', /^\/api\/v1\/custom-fields\/\d+$/);
      await byTest(page, 'cf-save').click();
      assert.equal((await saved).status(), 200);
      await page.locator('[data-test="custom-field-table"] td').filter({ hasText: '业余爱好' }).first().waitFor({ state: 'visible' });

      await byTest(page, `cf-retire-${key}`).first().click();
      const retired = waitApi(page, 'PATCH', /^\/api\/v1\/custom-fields\/\d+$/);
      await page.locator('.el-message-box__btns .el-button--primary').click();
      assert.equal((await retired).status(), 200);
      await page.locator('[data-test="custom-field-table"] tr').filter({ hasText: key }).locator('[data-test="cf-retired"]').first().waitFor({ state: 'visible' });
      await page.screenshot({ path: artifact(`custom-fields-${width}.png`) });
      let f = (await admin.get('/api/v1/custom-fields')).body.items.find((x) => x.key === key);
      assert.equal(f.label_zh, '业余爱好');
      assert.equal(f.retired, true);

      await byTest(page, `cf-retire-${key}`).first().click();
      const restored = waitApi(page, 'PATCH', /^\/api\/v1\/custom-fields\/\d+$/);
      await page.locator('.el-message-box__btns .el-button--primary').click();
      assert.equal((await restored).status(), 200);
      f = (await admin.get('/api/v1/custom-fields')).body.items.find((x) => x.key === key);
      assert.equal(f.retired, false);
    } finally {
      await context.close();
    }
  });
}
