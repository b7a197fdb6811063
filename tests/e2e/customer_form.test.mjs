// Browser tests of the customer form's errors and of phones as shown (issue 9 items 3 and 7).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, as } from '../lib/kehu.mjs';
import { launch, newPage, input, byTest, waitApi, login, until } from './helpers.mjs';

let server;
let browser;

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 3 }), launch()]);
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

/** The error text shown next to the form field whose input carries data-test=name ('' when none). */
async function fieldError(page, name) {
  const item = page.locator('.el-form-item', { has: input(page, name) }).first();
  const err = item.locator('.el-form-item__error');
  return (await err.count()) ? (await err.first().textContent()).trim() : '';
}

for (const [width, height, mobile] of [[375, 740, true], [1440, 900, false]]) {
  test(`R-ARC-7: issue 9 item 7: a bad e-mail and a bad phone both show Kehu's message next to their field; fixing one removes its message (${width} px)`, async () => {
    const { context, page } = await newPage(browser, { width, height, mobile });
    try {
      await login(page, server.url, 'zhangwei');
      await page.goto(server.url + '/customers/new');
      await input(page, 'field-name').waitFor();
      await input(page, 'field-name').fill(`表单两错${width}`);
      await input(page, 'field-mobile').fill('12345');
      await input(page, 'field-email').fill('wang@');
      // The browser's own check of an e-mail field would stop the submit: the request must go out.
      const posted = waitApi(page, 'POST', /^\/api\/v1\/customers$/);
      await byTest(page, 'save').click();
      const r = await posted;
      assert.equal(r.status(), 422);
      await until(async () => (await fieldError(page, 'field-email')) && (await fieldError(page, 'field-mobile')), 'both messages');
      assert.equal(await fieldError(page, 'field-email'), '邮箱格式不正确');
      assert.match(await fieldError(page, 'field-mobile'), /手机号码格式不正确/);

      await input(page, 'field-email').fill('wang@example.com');
      await until(async () => (await fieldError(page, 'field-email')) === '', 'the fixed field\'s message to go');
      assert.match(await fieldError(page, 'field-mobile'), /手机号码格式不正确/, 'the other message stays');

      // a stale "required" message goes once the field is filled
      await input(page, 'field-name').fill('');
      await input(page, 'field-mobile').fill(`+86 137 0013 ${7000 + width}`);
      const again = waitApi(page, 'POST', /^\/api\/v1\/customers$/);
      await byTest(page, 'save').click();
      assert.equal((await again).status(), 422);
      await until(async () => fieldError(page, 'field-name'), 'the name message');
      await input(page, 'field-name').fill(`表单两错${width}`);
      await until(async () => (await fieldError(page, 'field-name')) === '', 'the name message to go');

      const saved = waitApi(page, 'POST', /^\/api\/v1\/customers$/);
      await byTest(page, 'save').click();
      assert.equal((await saved).status(), 201);
    } finally {
      await context.close();
    }
  });
}

test('R-ARC-7: issue 9 item 3: phones are shown grouped and call through tel: links on the list and the customer page (375 px)', async () => {
  const zw = await as(server, 'zhangwei');
  const c = await zw.post('/api/v1/customers', { kind: 'individual', name: '拨号测试', mobile: '137-0013-7009', phone_office: '(0755) 2345 6789 转 801' });
  assert.equal(c.status, 201, c.text);
  const ct = await zw.post(`/api/v1/customers/${c.body.id}/contacts`, { name: '拨号联系人', mobile: '+86 139 0013 9009' });
  assert.equal(ct.status, 201, ct.text);
  const { context, page } = await newPage(browser, { width: 375, height: 740, mobile: true });
  try {
    // The GM sees numbers in full; a salesperson sees them masked until shown (R-SEC-13, e2e/masking).
    await login(page, server.url, 'gm');
    await page.goto(server.url + '/customers?q=' + encodeURIComponent('拨号测试'));
    const link = page.locator('[data-test="customer-row"] [data-test="phone-link"]').first();
    await link.waitFor();
    assert.equal((await link.textContent()).trim(), '137 0013 7009');
    assert.equal(await link.getAttribute('href'), 'tel:13700137009');

    await page.goto(server.url + `/customers/${c.body.id}`);
    const office = byTest(page, 'profile-phone_office').locator('[data-test="phone-link"]');
    await office.waitFor();
    assert.equal((await office.textContent()).trim(), '0755-2345 6789-801');
    assert.equal(await office.getAttribute('href'), 'tel:075523456789,801');
    assert.equal(await byTest(page, 'profile-mobile').locator('a').getAttribute('href'), 'tel:13700137009');

    await byTest(page, 'tab-contacts').click();
    const cl = page.locator('[data-test="contact-row"] [data-test="phone-link"]').first();
    await cl.waitFor();
    assert.equal((await cl.textContent()).trim(), '139 0013 9009');
    assert.equal(await cl.getAttribute('href'), 'tel:13900139009');
  } finally {
    await context.close();
  }
});

test('R-ARC-7: issue 9 item 7: the import preview shows a row with two bad columns once, with both problems (375 px)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kehu-e2e-'));
  const file = join(dir, '两处错误.csv');
  writeFileSync(file, '客户名称,手机,邮箱\n预览两错,12345,bad-mail\n');
  const { context, page } = await newPage(browser, { width: 375, height: 740, mobile: true });
  try {
    await login(page, server.url, 'zhangwei');
    await page.goto(server.url + '/customers/import');
    await byTest(page, 'import-file').setInputFiles(file);
    const previewed = waitApi(page, 'POST', /^\/api\/v1\/imports\/preview$/);
    await byTest(page, 'import-upload').click();
    assert.equal((await previewed).status(), 202);
    const rows = page.locator('[data-test="preview-errors"] [data-test="preview-error-row"]');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 1, 'one line for the row');
    assert.equal(await rows.first().getAttribute('data-row'), '2');
    const problems = rows.first().locator('[data-test="preview-error-problem"]');
    assert.equal(await problems.count(), 2);
    assert.match(await problems.nth(0).innerText(), /^手机：.*手机号码格式不正确/);
    assert.match(await problems.nth(1).innerText(), /^邮箱：邮箱格式不正确/);
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('R-ARC-7: issue 9 item 7: the contact dialog shows a bad phone\'s and a bad e-mail\'s messages at once and drops the fixed one (1440 px)', async () => {
  const zw = await as(server, 'zhangwei');
  const c = await zw.post('/api/v1/customers', { kind: 'individual', name: '联系人表单' });
  assert.equal(c.status, 201, c.text);
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(page, server.url, 'zhangwei');
    await page.goto(server.url + `/customers/${c.body.id}?tab=contacts`);
    await byTest(page, 'contact-add').click();
    await input(page, 'contact-name').fill('钱会计');
    await input(page, 'contact-mobile').fill('12');
    await input(page, 'contact-email').fill('qian@');
    const posted = waitApi(page, 'POST', /^\/api\/v1\/customers\/\d+\/contacts$/);
    await byTest(page, 'contact-save').click();
    assert.equal((await posted).status(), 422);
    await until(async () => (await fieldError(page, 'contact-mobile')) && (await fieldError(page, 'contact-email')), 'both messages');
    assert.match(await fieldError(page, 'contact-mobile'), /电话号码格式不正确/);
    assert.equal(await fieldError(page, 'contact-email'), '邮箱格式不正确');
    await input(page, 'contact-mobile').fill('(010) 6552 9901');
    await until(async () => (await fieldError(page, 'contact-mobile')) === '', 'the fixed phone\'s message to go');
    assert.equal(await fieldError(page, 'contact-email'), '邮箱格式不正确');
    await input(page, 'contact-email').fill('qian@example.com');
    const saved = waitApi(page, 'POST', /^\/api\/v1\/customers\/\d+\/contacts$/);
    await byTest(page, 'contact-save').click();
    const r = await saved;
    assert.equal(r.status(), 201);
    const saved1 = await r.json();
    assert.equal(saved1.mobile, '010-****9901', 'shown masked to the salesperson (R-SEC-13)');
    const gm = await as(server, 'gm');
    const stored = (await gm.get(`/api/v1/customers/${c.body.id}/contacts`)).body.items.find((x) => x.id === saved1.id);
    assert.equal(stored.mobile, '010-65529901', 'stored in its one form');
  } finally {
    await context.close();
  }
});
