// Browser test of field encryption in Settings: the data keys, counting what each seals, rotating
// the key, and a custom field's sensitive switch (changing it rebuilds the search index).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, asAdmin } from '../lib/kehu.mjs';
import { launch, newPage, input, byTest, waitApi, login, artifact, until, pickOption } from './helpers.mjs';

let server;
let browser;

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 3 }), launch()]);
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

const keyRow = (page, version) => page.locator(`[data-test="encryption-key"][data-version="${version}"]`);

test('R-SEC-11: issue 12 item 10: the administrator sees the data key, counts what it seals, rotates it, and marks a custom field sensitive', async () => {
  const admin = await asAdmin(server);
  const made = await admin.post('/api/v1/custom-fields', { key: 'allergy_note', label_zh: '过敏情况', label_en: 'Allergies', type: 'text', template: 'personal' });
  assert.equal(made.status, 201, made.text);
  assert.equal(made.body.sensitive, false);
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(page, server.url, 'admin', server.adminPassword);
    const loaded = waitApi(page, 'GET', /^\/api\/v1\/encryption$/);
    const fieldsLoaded = waitApi(page, 'GET', /^\/api\/v1\/custom-fields$/);
    await page.goto(server.url + '/admin/settings');
    const first = await loaded;
    assert.equal(first.status(), 200);
    assert.ok(!new URL(first.url()).searchParams.has('counts'), 'the page does not count on load');
    await fieldsLoaded;

    // key 1, active, not counted yet
    const card = byTest(page, 'encryption');
    await keyRow(page, 1).locator('[data-test="encryption-key-active"]').waitFor({ state: 'visible' });
    assert.equal(await byTest(page, 'encryption-key').count(), 1);
    assert.equal((await keyRow(page, 1).locator('[data-test="encryption-key-values"]').innerText()).trim(), '—');
    assert.match(await card.innerText(), /kehu\.key/);

    // counting: every sensitive value is sealed under key 1
    const counted = waitApi(page, 'GET', /^\/api\/v1\/encryption$/);
    await byTest(page, 'encryption-count').click();
    const c = await counted;
    assert.equal(new URL(c.url()).searchParams.get('counts'), '1');
    const status = await c.json();
    assert.equal(status.plaintext, 0);
    await until(async () => /^\d+$/.test((await keyRow(page, 1).locator('[data-test="encryption-key-values"]').innerText()).trim()), 'the count of key 1');
    assert.equal(Number((await keyRow(page, 1).locator('[data-test="encryption-key-values"]').innerText()).trim()), status.keys[0].values);
    assert.ok(status.keys[0].values > 0, 'the demo data has sealed values');
    await byTest(page, 'encryption-plaintext').waitFor({ state: 'visible' });

    // rotating, after a confirmation: key 2 active, key 1 gone
    await byTest(page, 'encryption-rotate').click();
    const box = page.locator('.el-message-box');
    await box.waitFor({ state: 'visible' });
    const started = waitApi(page, 'POST', /^\/api\/v1\/encryption\/rotate$/);
    await box.locator('.el-message-box__btns .el-button--primary').click();
    assert.equal((await started).status(), 202);
    await byTest(page, 'encryption-done').waitFor({ state: 'visible', timeout: 60000 });
    assert.match(await byTest(page, 'encryption-done').innerText(), /已用密钥 2 重新加密 \d+ 条记录/);
    await keyRow(page, 2).locator('[data-test="encryption-key-active"]').waitFor({ state: 'visible' });
    await keyRow(page, 1).waitFor({ state: 'detached' });
    assert.equal(await byTest(page, 'encryption-key').count(), 1);
    await card.screenshot({ path: artifact('encryption-1440.png') });
    const after = (await admin.get('/api/v1/encryption?counts=1')).body;
    assert.deepEqual(after.keys.map((k) => [k.version, k.active]), [[2, true]]);
    assert.equal(after.plaintext, 0);

    // a phone field is always sensitive: its switch is on and cannot be changed
    const phone = byTest(page, 'cf-sensitive-house_contact_phone').first();
    await phone.scrollIntoViewIfNeeded();
    assert.equal(await phone.getAttribute('data-on'), 'true');
    assert.match(await phone.getAttribute('class'), /is-disabled/);

    // marking a field sensitive saves it and says the search index is being rebuilt
    const sw = byTest(page, 'cf-sensitive-allergy_note').first();
    await sw.scrollIntoViewIfNeeded();
    assert.equal(await sw.getAttribute('data-on'), 'false');
    const patched = waitApi(page, 'PATCH', /^\/api\/v1\/custom-fields\/\d+$/);
    await sw.click();
    const p = await patched;
    assert.equal(p.status(), 200);
    assert.deepEqual(JSON.parse(p.request().postData()), { sensitive: true });
    assert.ok((await p.json()).reindex_job_id > 0);
    await page.locator('.el-message').filter({ hasText: '正在重建搜索索引' }).first().waitFor({ state: 'visible' });
    await byTest(page, 'cf-reindex').waitFor({ state: 'visible' });
    assert.match(await byTest(page, 'cf-reindex').innerText(), /搜索索引/);
    await until(async () => (await sw.getAttribute('data-on')) === 'true', 'the switch on');
    await until(async () => /搜索索引已重建/.test(await byTest(page, 'cf-reindex').innerText()), 'the index rebuilt', 60000);
    const f = (await admin.get('/api/v1/custom-fields')).body.items.find((x) => x.key === 'allergy_note');
    assert.equal(f.sensitive, true);

    // a new field can be sensitive from the start
    await byTest(page, 'custom-field-add').click();
    await input(page, 'cf-key').fill('medication_note');
    await input(page, 'cf-label-zh').fill('用药情况');
    await input(page, 'cf-label-en').fill('Medication');
    await pickOption(page, 'cf-template', '客户信息档案');
    const formSwitch = byTest(page, 'cf-sensitive');
    assert.doesNotMatch(await formSwitch.getAttribute('class'), /is-checked/);
    await formSwitch.click();
    await until(async () => /is-checked/.test(await formSwitch.getAttribute('class')), 'the new field\'s switch on');
    const posted = waitApi(page, 'POST', /^\/api\/v1\/custom-fields$/);
    await byTest(page, 'cf-save').click();
    const made2 = await posted;
    assert.equal(made2.status(), 201, await made2.text());
    assert.equal(JSON.parse(made2.request().postData()).sensitive, true);
    await byTest(page, 'cf-sensitive-medication_note').first().waitFor({ state: 'visible' });
    assert.equal(await byTest(page, 'cf-sensitive-medication_note').first().getAttribute('data-on'), 'true');
  } catch (e) {
    await page.screenshot({ path: artifact('encryption-failed.png'), fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await context.close();
  }
});
