// Browser test of new-customer development 客户开发 (R-DEV-1): a salesperson registers a candidate
// in the dialog, moves it to the general investigation, is refused moving on with the checklist's
// gaps named, fills the general investigation's fields and moves it on to the on-site
// investigation; the path bar shows where it is and the later stage's fields appear only then.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/kehu.mjs';
import { launch, newPage, byTest, input, login, until, artifact, waitApi } from './helpers.mjs';

let server, browser;

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 1 }), launch()]);
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

const stageShown = (page) => byTest(page, 'dev-stage').getAttribute('data-stage');

test('R-DEV-1: a salesperson registers a candidate, moves it to the general investigation, sees the checklist refusal, fills the general fields and moves on', async () => {
  const { context, page } = await newPage(browser);
  try {
    await login(page, server.url, 'zhangwei');
    await byTest(page, 'nav-candidates').click();
    await page.waitForURL('**/candidates');
    await byTest(page, 'dev-title').waitFor();

    // Registered in the dialog: a name is needed before anything is sent.
    await byTest(page, 'dev-add').click();
    const dialog = byTest(page, 'dev-dialog');
    await dialog.waitFor({ state: 'visible' });
    let posted = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/candidates') posted += 1; });
    await byTest(page, 'dev-new-save').click();
    await dialog.locator('.el-form-item__error').first().waitFor();
    assert.equal(posted, 0);
    await input(page, 'dev-new-name').fill('福州浏览器滤材有限公司');
    await input(page, 'dev-new-contact').fill('林经理');
    await input(page, 'dev-new-phone').fill('0591-87654321');
    const created = waitApi(page, 'POST', /^\/api\/v1\/candidates$/);
    await byTest(page, 'dev-new-save').click();
    const res = await created;
    assert.equal(res.status(), 201, await res.text());
    assert.deepEqual(JSON.parse(res.request().postData()), { name: '福州浏览器滤材有限公司', contact: '林经理', phone: '0591-87654321' });
    const made = await res.json();

    // Taken to it: a candidate, only its basic fields shown.
    await page.waitForURL(`**/candidates/${made.id}`);
    assert.equal(await byTest(page, 'dev-name').innerText(), '福州浏览器滤材有限公司');
    assert.equal(await stageShown(page), 'candidate');
    assert.equal(await byTest(page, 'dev-step').count(), 7);
    assert.equal(await byTest(page, 'dev-section-general').count(), 0, 'a later stage\'s fields are hidden');

    // To the general investigation.
    let moved = waitApi(page, 'POST', new RegExp(`^/api/v1/candidates/${made.id}/advance$`));
    await byTest(page, 'dev-advance').click();
    assert.equal((await moved).status(), 200);
    await until(async () => (await stageShown(page)) === 'general', 'shown at the general investigation');
    await byTest(page, 'dev-section-general').waitFor();
    assert.equal(await page.locator('[data-test="dev-step"][data-stage="general"]').getAttribute('data-status'), 'process');
    assert.equal(await byTest(page, 'dev-section-site').count(), 0);

    // Moving on is refused: the checklist's gaps are named.
    moved = waitApi(page, 'POST', new RegExp(`^/api/v1/candidates/${made.id}/advance$`));
    await byTest(page, 'dev-advance').click();
    assert.equal((await moved).status(), 409);
    await byTest(page, 'dev-advance-error').waitFor();
    assert.match(await byTest(page, 'dev-advance-message').innerText(), /history,profile,annual_accounts,catalogue/);
    const gaps = await byTest(page, 'dev-gap').evaluateAll((els) => els.map((e) => e.getAttribute('data-field')));
    assert.deepEqual(gaps, ['history', 'profile', 'annual_accounts', 'catalogue']);
    await page.screenshot({ path: artifact('candidate-refused.png'), fullPage: true });

    // The general investigation filled in: only its fields are sent.
    await input(page, 'dev-field-history').fill('2008 年成立');
    await input(page, 'dev-field-profile').fill('员工 200 人');
    await input(page, 'dev-field-annual_accounts').fill('2025 年营收 1.2 亿元');
    await input(page, 'dev-field-catalogue').fill('滤芯、膜组件');
    const patched = waitApi(page, 'PATCH', new RegExp(`^/api/v1/candidates/${made.id}$`));
    await byTest(page, 'dev-save-general').click();
    const p = await patched;
    assert.equal(p.status(), 200, await p.text());
    assert.deepEqual(JSON.parse(p.request().postData()), {
      history: '2008 年成立', profile: '员工 200 人', annual_accounts: '2025 年营收 1.2 亿元', catalogue: '滤芯、膜组件',
    });
    assert.equal(await byTest(page, 'dev-advance-error').count(), 0, 'the refusal is cleared once saved');

    // Now it moves on to the on-site investigation, whose fields and scores appear.
    moved = waitApi(page, 'POST', new RegExp(`^/api/v1/candidates/${made.id}/advance$`));
    await byTest(page, 'dev-advance').click();
    assert.equal((await moved).status(), 200);
    await until(async () => (await stageShown(page)) === 'site', 'shown at the on-site investigation');
    await byTest(page, 'dev-section-site').waitFor();
    await byTest(page, 'dev-scores').waitFor();
    assert.equal(await byTest(page, 'dev-score-row').count(), 7);
    assert.equal(await page.locator('[data-test="dev-step"][data-stage="general"]').getAttribute('data-status'), 'success');
    assert.equal(await page.locator('[data-test="dev-step"][data-stage="general"] [data-test="dev-step-at"]').count(), 1);
    await byTest(page, 'attachments').waitFor();
    await page.screenshot({ path: artifact('candidate-page.png'), fullPage: true });

    // Listed at its stage.
    await byTest(page, 'nav-candidates').click();
    const row = page.locator(`[data-test="dev-row"][data-id="${made.id}"]`);
    await row.waitFor();
    assert.equal(await row.getAttribute('data-stage'), 'site');
  } finally {
    await context.close();
  }
});
