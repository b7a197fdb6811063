// Browser tests of notifications beyond the inbox: the administrator's channels page (a DingTalk
// robot added, tested and seen delivered in the log, against a loopback receiver) and each user's
// notification settings in the account menu.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, Client } from '../lib/kehu.mjs';
import { webhookServer } from '../lib/receivers.mjs';
import {
  launch, newPage, input, byTest, waitApi, login, artifact, pickOption, until, assertNoSideScroll, assertInside,
} from './helpers.mjs';

let server;
let browser;
let hooks;

before(async () => {
  [server, browser, hooks] = await Promise.all([startServer({ demo: 3 }), launch(), webhookServer({ secrets: { '/dingtalk': 'S' } })]);
  // Company time 10:00: no daily task (the digest at 07:40, the backup) runs meanwhile.
  const clock = await new Client(server.url).put('/api/v1/_test/clock', { now: '2026-06-01T10:00:00+08:00' });
  assert.equal(clock.status, 200, clock.text);
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
  if (hooks) await hooks.close();
});

/** The error Element Plus shows under the form item holding the field named data-test=name. */
const fieldError = (page, name) => page.locator('.el-form-item', { has: input(page, name) }).locator('.el-form-item__error');

test('R-PLT-8: issue 13 item 7: an administrator adds a DingTalk robot with its secret, sees the key masked, sends a test, and sees it delivered in the log', async () => {
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  const base = `http://127.0.0.1:${hooks.port}`;
  try {
    await login(page, server.url, 'admin', server.adminPassword);
    await byTest(page, 'nav-notify').first().waitFor({ state: 'visible' });
    const listed = waitApi(page, 'GET', /^\/api\/v1\/notify\/channels$/);
    await byTest(page, 'nav-notify').first().click();
    assert.equal((await listed).status(), 200);

    await byTest(page, 'channel-add').click();
    const dialog = byTest(page, 'channel-dialog');
    await dialog.waitFor({ state: 'visible' });
    await pickOption(page, 'channel-kind', '钉钉群机器人');
    await input(page, 'channel-name').fill('销售群（钉钉）');
    await input(page, 'channel-secret').fill('S');
    await byTest(page, 'channel-pick-task').click();
    assert.equal(await input(page, 'channel-events').inputValue(), 'task.*');
    await byTest(page, 'channel-pick-all').click();
    assert.equal(await input(page, 'channel-events').inputValue(), '*');

    // a refusal: an address that is no webhook shows at the URL field, and nothing is added
    await input(page, 'channel-url').fill('ftp://example.cn/robot');
    let saved = waitApi(page, 'POST', /^\/api\/v1\/notify\/channels$/);
    await byTest(page, 'channel-save').click();
    assert.equal((await saved).status(), 422);
    await fieldError(page, 'channel-url').waitFor({ state: 'visible' });
    assert.match(await fieldError(page, 'channel-url').textContent(), /Webhook/);
    await page.screenshot({ path: artifact('notify-channel-refused-1440.png') });

    await input(page, 'channel-url').fill(`${base}/dingtalk?access_token=DING-TOKEN`);
    await fieldError(page, 'channel-url').waitFor({ state: 'hidden' }); // a changed field drops its error
    saved = waitApi(page, 'POST', /^\/api\/v1\/notify\/channels$/);
    await byTest(page, 'channel-save').click();
    assert.equal((await saved).status(), 201);
    await dialog.waitFor({ state: 'hidden' });

    const row = page.locator('[data-test="channel-row"][data-name="销售群（钉钉）"]');
    await row.waitFor({ state: 'visible' });
    assert.equal((await row.locator('[data-test="channel-url-shown"]').textContent()).trim(), `${base}/…`, 'the key is masked');
    assert.ok(!(await page.content()).includes('DING-TOKEN'), 'the key is nowhere on the page');
    await row.locator('[data-test="channel-secret-set"]').waitFor({ state: 'visible' });
    assert.match(await row.textContent(), /钉钉群机器人/);
    await page.screenshot({ path: artifact('notify-channels-1440.png'), fullPage: true });

    const queued = waitApi(page, 'POST', /^\/api\/v1\/notify\/channels\/\d+\/test$/);
    await row.locator('[data-test="channel-test"]').click();
    const q = await queued;
    assert.equal(q.status(), 202);
    const outboxId = (await q.json()).outbox_id;

    // the delivery task runs on the scheduler: move the test clock and tick it, as the API tests do
    const admin = await asAdmin(server);
    await byTest(page, 'tab-log').click();
    const shown = page.locator(`[data-test="outbox-row"][data-id="${outboxId}"]`);
    await shown.waitFor({ state: 'visible' });
    await until(async () => {
      assert.equal((await admin.put('/api/v1/_test/clock', { advance_seconds: 10 })).status, 200);
      assert.equal((await admin.post('/api/v1/_test/scheduler/tick')).status, 200);
      await new Promise((res) => setTimeout(res, 200));
      const refreshed = waitApi(page, 'GET', /^\/api\/v1\/notify\/outbox$/);
      await byTest(page, 'outbox-refresh').click();
      await refreshed;
      return (await shown.getAttribute('data-state')) === 'sent';
    }, 'the test message sent', 60000);
    assert.match(await shown.locator('[data-test="outbox-state-tag"]').textContent(), /已发送/);
    assert.match(await shown.textContent(), /notify\.test/);

    const hit = hooks.hits.find((h) => h.path === '/dingtalk');
    assert.ok(hit, 'the receiver got the test');
    assert.equal(hit.signatureOk, true, 'signed with the secret');
    assert.equal(hit.query.access_token, 'DING-TOKEN');
    assert.match(hit.body.text.content, /测试通知/);

    // the message and its tries
    const detail = waitApi(page, 'GET', new RegExp(`^/api/v1/notify/outbox/${outboxId}$`));
    await shown.click();
    await detail;
    const drawer = byTest(page, 'outbox-detail');
    await drawer.locator('[data-test="outbox-try"][data-ok="true"]').waitFor({ state: 'visible' });
    assert.match(await drawer.locator('[data-test="outbox-try"]').textContent(), /HTTP 200/);
    assert.equal(await byTest(page, 'outbox-retry').count(), 0, 'a sent message is not sent again');
    await page.waitForTimeout(400); // the drawer slides in
    await page.screenshot({ path: artifact('notify-log-1440.png') });
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    // a change: the URL and secret start empty and, left so, are not sent (the server keeps them)
    await byTest(page, 'tab-channels').click();
    await row.locator('[data-test="channel-edit"]').click();
    await dialog.waitFor({ state: 'visible' });
    assert.equal(await input(page, 'channel-url').inputValue(), '');
    assert.equal(await input(page, 'channel-url').getAttribute('placeholder'), '留空则保持不变');
    assert.equal(await input(page, 'channel-secret').inputValue(), '');
    await input(page, 'channel-name').fill('销售群');
    const put = waitApi(page, 'PUT', /^\/api\/v1\/notify\/channels\/\d+$/);
    await byTest(page, 'channel-save').click();
    const changed = await put;
    assert.equal(changed.status(), 200);
    assert.deepEqual(changed.request().postDataJSON(), { name: '销售群', events: '*', enabled: true });
    const renamed = page.locator('[data-test="channel-row"][data-name="销售群"]');
    await renamed.locator('[data-test="channel-secret-set"]').waitFor({ state: 'visible' });
    // switched off from the list
    const off = waitApi(page, 'PUT', /^\/api\/v1\/notify\/channels\/\d+$/);
    await renamed.locator('[data-test="channel-enabled-switch"]').click();
    assert.equal((await off).status(), 200);
    await page.locator('[data-test="channel-row"][data-name="销售群"] [data-test="channel-enabled-switch"][data-on="false"]').waitFor({ state: 'visible' });
    const listed2 = (await admin.get('/api/v1/notify/channels')).body.items.find((c) => c.name === '销售群');
    assert.equal(listed2.enabled, false);
    assert.equal(listed2.secret_set, true, 'the secret was kept');
    assert.equal(listed2.url, `${base}/…`);
  } finally {
    await context.close();
  }
});

test('R-PLT-8: issue 13 item 7: at 375 px the channels and the delivery log scroll inside their card, not the page', async () => {
  const { context, page } = await newPage(browser, { width: 375, height: 740, mobile: true });
  try {
    await login(page, server.url, 'admin', server.adminPassword);
    const listed = waitApi(page, 'GET', /^\/api\/v1\/notify\/channels$/);
    await page.goto(server.url + '/admin/notify');
    await listed;
    await byTest(page, 'channel-row').first().waitFor({ state: 'visible' });
    await assertNoSideScroll(page, 'the channels at 375 px');
    await page.screenshot({ path: artifact('notify-channels-375.png'), fullPage: true });
    await byTest(page, 'tab-log').click();
    await byTest(page, 'outbox-row').first().waitFor({ state: 'visible' });
    await assertNoSideScroll(page, 'the delivery log at 375 px');
    await byTest(page, 'outbox-row').first().click();
    await byTest(page, 'outbox-try').first().waitFor({ state: 'visible' });
    await page.waitForTimeout(400); // the drawer slides in
    await assertNoSideScroll(page, 'a message at 375 px');
    await assertInside(byTest(page, 'outbox-detail-body'), 375, 'the message text');
    await page.screenshot({ path: artifact('notify-log-375.png') });
  } finally {
    await context.close();
  }
});

test('R-INT-8: issue 13 item 7: at 375 px a salesperson sets an e-mail address and "digest only" in the notification settings; an invalid address is refused at its field', async () => {
  const { context, page } = await newPage(browser, { width: 375, height: 740, mobile: true });
  try {
    await login(page, server.url, 'zhangwei');
    await byTest(page, 'account-menu').click();
    const loaded = waitApi(page, 'GET', /^\/api\/v1\/notify\/prefs$/);
    await byTest(page, 'menu-notify').click();
    assert.equal((await loaded).status(), 200);
    const dialog = byTest(page, 'notify-prefs-dialog');
    await dialog.waitFor({ state: 'visible' });
    await assertNoSideScroll(page, 'the notification settings at 375 px');

    await input(page, 'prefs-email').fill('zhangwei-at-example');
    await byTest(page, 'prefs-email-all').click();
    let saved = waitApi(page, 'PUT', /^\/api\/v1\/notify\/prefs$/);
    await byTest(page, 'prefs-save').click();
    assert.equal((await saved).status(), 422);
    await fieldError(page, 'prefs-email').waitFor({ state: 'visible' });
    await page.screenshot({ path: artifact('notify-prefs-refused-375.png') });

    await input(page, 'prefs-email').fill('zhangwei@example.cn');
    await byTest(page, 'prefs-email-digest').click();
    // choosing the digest by e-mail switches the digest on
    await page.waitForFunction(() => document.querySelector('[data-test="prefs-digest"]').classList.contains('is-checked'));
    saved = waitApi(page, 'PUT', /^\/api\/v1\/notify\/prefs$/);
    await byTest(page, 'prefs-save').click();
    assert.equal((await saved).status(), 200);
    await dialog.waitFor({ state: 'hidden' });

    const zhangwei = await as(server, 'zhangwei');
    assert.deepEqual((await zhangwei.get('/api/v1/notify/prefs')).body, { email: 'zhangwei@example.cn', email_kinds: 'digest', digest: true });

    // opened again, it shows what was saved
    await byTest(page, 'account-menu').click();
    const again = waitApi(page, 'GET', /^\/api\/v1\/notify\/prefs$/);
    await byTest(page, 'menu-notify').click();
    await again;
    await page.waitForFunction(() => document.querySelector('[data-test="prefs-email"] input, input[data-test="prefs-email"]')?.value === 'zhangwei@example.cn');
    await page.screenshot({ path: artifact('notify-prefs-375.png') });
  } finally {
    await context.close();
  }
});
