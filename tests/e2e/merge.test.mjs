// Browser tests of merging duplicates (R-ARC-8, issue 12 item 11): the information supervisor
// opens a customer, searches its duplicate by name, takes the duplicate's mobile, gives a
// reason and merges; the page shows the new mobile and both records' contacts, and the
// duplicate's page says where it went, linking the survivor, with nothing left to edit or merge.
// A merge the server refuses (an individual with an organisation) is said in the dialog and
// changes nothing; the dialog with its comparison fits a 375 px phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, mobile } from '../lib/kehu.mjs';
import { launch, newPage, input, byTest, waitApi, login, artifact, pickOption, assertNoSideScroll, assertInside } from './helpers.mjs';

let server;
let browser;
let sup;
const rec = {};
const M1 = mobile();
const M2 = mobile();

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 3 }), launch()]);
  const zw = await as(server, 'zhangwei');
  sup = await as(server, 'infosup');
  const make = async (key, body) => {
    const r = await zw.post('/api/v1/customers', { kind: 'individual', ...body });
    assert.equal(r.status, 201, r.text);
    rec[key] = r.body;
  };
  // The survivor and its duplicate share a name of characters absent from the demo data.
  await make('survivor', { name: '蘅芷鞠蕤', mobile: M1 });
  await make('duplicate', { name: '蘅芷鞠蕤', mobile: M2, email: 'hengzhi@example.com' });
  assert.equal((await zw.post(`/api/v1/customers/${rec.survivor.id}/contacts`, { name: '留存联系人' })).status, 201);
  assert.equal((await zw.post(`/api/v1/customers/${rec.duplicate.id}/contacts`, { name: '并入联系人' })).status, 201);
  await make('person', { name: '蘅芷个人乙', mobile: mobile() });
  await make('org', { kind: 'organization', name: '蘅芷企业丙' });
  // For the phone: many fields differ, some long.
  await make('small', { name: '蘅芷手机甲', mobile: mobile(), address: '广东省深圳市南山区粤海街道科技园南区高新南一道' + '八'.repeat(20) + '号', notes: '老客户' });
  await make('smallDup', {
    name: '蘅芷手机乙', mobile: mobile(), email: 'a.very.long.address.for.a.small.screen@example.com',
    address: '上海市黄浦区南京东路步行街' + '九'.repeat(30) + '号', company: '蘅芷贸易有限公司', position: '采购经理', notes: '重复录入的备注，内容较长，'.repeat(4),
  });
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

/** Open the merge dialog on the customer's page and pick the duplicate found by `q`. */
async function openAndPick(page, survivor, q, duplicate) {
  await page.goto(`${server.url}/customers/${survivor.id}`);
  await byTest(page, 'customer-name').filter({ hasText: survivor.name }).waitFor();
  await byTest(page, 'merge-customer').click();
  const dialog = byTest(page, 'merge-dialog');
  await dialog.waitFor({ state: 'visible' });
  const searched = waitApi(page, 'GET', /^\/api\/v1\/customers$/);
  await byTest(page, 'merge-pick').click();
  await page.keyboard.type(q);
  assert.match((await searched).url(), /q=/);
  const options = page.locator('.el-select-dropdown__item:visible');
  await options.filter({ hasText: duplicate.code }).waitFor({ state: 'visible' });
  const loaded = waitApi(page, 'GET', new RegExp(`^/api/v1/customers/${duplicate.id}$`));
  await pickOption(page, 'merge-pick', duplicate.code);
  assert.equal((await loaded).status(), 200);
  return dialog;
}

test('R-ARC-8: issue 12 item 11: the information supervisor merges a duplicate found by name, taking its mobile; the survivor shows the new mobile and both records\' contacts; the duplicate\'s page links the survivor and offers no merge or edit', async () => {
  const { survivor, duplicate } = rec;
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(page, server.url, 'infosup');
    await page.goto(`${server.url}/customers/${survivor.id}`);
    await byTest(page, 'customer-name').filter({ hasText: survivor.name }).waitFor();
    await byTest(page, 'merge-customer').click();
    const dialog = byTest(page, 'merge-dialog');
    await dialog.waitFor({ state: 'visible' });
    // the search offers the duplicate (with its number) but not the customer itself
    const searched = waitApi(page, 'GET', /^\/api\/v1\/customers$/);
    await byTest(page, 'merge-pick').click();
    await page.keyboard.type('蘅芷鞠蕤');
    const s = await searched;
    assert.equal(new URL(s.url()).searchParams.get('q'), '蘅芷鞠蕤');
    assert.ok((await s.json()).items.some((x) => x.id === survivor.id), 'the server finds both');
    const options = page.locator('.el-select-dropdown__item:visible');
    const option = options.filter({ hasText: duplicate.code });
    await option.waitFor({ state: 'visible' });
    assert.match(await option.innerText(), new RegExp(`${duplicate.name}.*${M2}`));
    assert.equal(await options.filter({ hasText: survivor.code }).count(), 0, 'not the survivor itself');
    const loaded = waitApi(page, 'GET', new RegExp(`^/api/v1/customers/${duplicate.id}$`));
    await pickOption(page, 'merge-pick', duplicate.code);
    assert.equal((await loaded).status(), 200);

    // the comparison: the mobiles differ (a choice), the e-mail is filled by itself
    const mob = page.locator('[data-test="merge-row"][data-field="mobile"]');
    await mob.waitFor({ state: 'visible' });
    assert.match(await mob.innerText(), /手机/);
    assert.match(await mob.locator('[data-test="merge-mine"]').innerText(), new RegExp(M1));
    assert.match(await mob.locator('[data-test="merge-theirs"]').innerText(), new RegExp(M2));
    const email = page.locator('[data-test="merge-row"][data-field="email"]');
    assert.match(await email.innerText(), /hengzhi@example\.com/);
    assert.equal(await email.locator('[data-test="merge-auto"]').innerText(), '将自动补全');
    assert.equal(await email.locator('.el-radio').count(), 0);
    assert.equal(await page.locator('[data-test="merge-row"][data-field="name"]').count(), 0, 'the same name is not compared');
    const moves = await byTest(page, 'merge-moves').innerText();
    assert.match(moves, /1 个联系人/);
    assert.match(moves, /归档/);

    // no reason: said on the field, nothing sent
    let posted = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && /\/merge$/.test(new URL(r.url()).pathname)) posted += 1; });
    await byTest(page, 'merge-confirm').click();
    const reasonItem = dialog.locator('.el-form-item').filter({ has: input(page, 'merge-reason') });
    await reasonItem.locator('.el-form-item__error').filter({ hasText: '请填写原因' }).waitFor({ state: 'visible' });
    assert.equal(posted, 0);

    await byTest(page, 'merge-take-mobile-take').click();
    await input(page, 'merge-reason').fill('同一客户录入两次');
    await page.screenshot({ path: artifact('merge-dialog-1440.png') });
    const merged = waitApi(page, 'POST', new RegExp(`^/api/v1/customers/${survivor.id}/merge$`));
    await byTest(page, 'merge-confirm').click();
    const m = await merged;
    assert.equal(m.status(), 200, await m.text());
    assert.deepEqual(JSON.parse(m.request().postData()), {
      duplicate_id: duplicate.id, reason: '同一客户录入两次', take: ['mobile'], version: survivor.version,
    });
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.el-message--success').filter({ hasText: duplicate.code }).waitFor();

    // the page reloads: the new mobile, the filled e-mail, both contacts
    await page.waitForFunction((n) => document.querySelector('[data-test="masked-mobile"]')?.innerText.replace(/\s/g, '').includes(n), M2);
    assert.match(await byTest(page, 'profile-email').innerText(), /hengzhi@example\.com/);
    await byTest(page, 'tab-contacts').click();
    const rows = page.locator('[data-test="contact-row"]:visible');
    await rows.filter({ hasText: '并入联系人' }).waitFor();
    assert.deepEqual((await rows.allInnerTexts()).map((x) => x.split('\t')[0].trim()).sort(), ['并入联系人', '留存联系人'].sort());
    await page.screenshot({ path: artifact('merge-survivor-1440.png'), fullPage: true });

    // the duplicate's page: where it went, nothing to change
    await page.goto(`${server.url}/customers/${duplicate.id}`);
    const banner = byTest(page, 'merged-banner');
    await banner.filter({ hasText: survivor.code }).waitFor({ state: 'visible' });
    assert.match(await banner.innerText(), new RegExp(`该客户已并入 ?${survivor.code}`));
    await byTest(page, 'archived-badge').waitFor();
    for (const b of ['merge-customer', 'edit-customer', 'archive-customer', 'unarchive-customer', 'transfer-customer']) {
      assert.equal(await byTest(page, b).count(), 0, `no ${b} on a merged record`);
    }
    await byTest(page, 'tab-contacts').click();
    await byTest(page, 'contact-cards').or(page.locator('table.plain').first()).first().waitFor();
    assert.equal(await byTest(page, 'contact-add').count(), 0, 'no contacts are added to a merged record');
    assert.equal(await byTest(page, 'edit-custom').count(), 0);
    await page.screenshot({ path: artifact('merge-duplicate-1440.png') });
    const link = byTest(page, 'merged-link');
    assert.equal(await link.getAttribute('href'), `/customers/${survivor.id}`);
    await link.click();
    await page.waitForURL(`**/customers/${survivor.id}`);
    await byTest(page, 'customer-code').filter({ hasText: survivor.code }).waitFor();
    assert.equal(await byTest(page, 'merged-banner').count(), 0);
  } finally {
    await context.close();
  }
  const dup = (await sup.get(`/api/v1/customers/${duplicate.id}`)).body;
  assert.equal(dup.archived, true);
  assert.equal(dup.merged_into, survivor.id);
});

test('R-ARC-8: issue 12 item 11: an organisation picked as the duplicate of an individual: the server\'s refusal shows by the picker, the dialog stays open, nothing is merged', async () => {
  const { person, org } = rec;
  const before = (await sup.get(`/api/v1/customers/${person.id}`)).body;
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(page, server.url, 'infosup');
    const dialog = await openAndPick(page, person, '蘅芷企业丙', org);
    await page.locator('[data-test="merge-row"][data-field="name"]').waitFor({ state: 'visible' });
    await input(page, 'merge-reason').fill('录错了类型');
    const refused = waitApi(page, 'POST', new RegExp(`^/api/v1/customers/${person.id}/merge$`));
    await byTest(page, 'merge-confirm').click();
    const r = await refused;
    assert.equal(r.status(), 422, await r.text());
    const pickItem = dialog.locator('.el-form-item').filter({ has: byTest(page, 'merge-pick') });
    await pickItem.locator('.el-form-item__error').filter({ hasText: '个人客户与企业客户不能合并' }).waitFor({ state: 'visible' });
    assert.equal(await dialog.isVisible(), true, 'the dialog stays open');
    assert.equal(await input(page, 'merge-reason').inputValue(), '录错了类型', 'the reason is kept');
    await page.screenshot({ path: artifact('merge-refused-1440.png') });
  } finally {
    await context.close();
  }
  const p = (await sup.get(`/api/v1/customers/${person.id}`)).body;
  const o = (await sup.get(`/api/v1/customers/${org.id}`)).body;
  assert.equal(p.version, before.version, 'the individual is unchanged');
  for (const x of [p, o]) {
    assert.equal(x.archived, false);
    assert.equal(x.merged_into, undefined);
  }
});

test('R-ARC-8: issue 12 item 11: at 375 px the merge dialog with its comparison fits the phone without sideways scrolling', async () => {
  const { context, page } = await newPage(browser, { width: 375, height: 740, mobile: true });
  try {
    await login(page, server.url, 'infosup');
    const dialog = await openAndPick(page, rec.small, '蘅芷手机乙', rec.smallDup);
    const rows = byTest(page, 'merge-row');
    await rows.first().waitFor({ state: 'visible' });
    assert.ok(await rows.count() >= 5, `rows: ${await rows.count()}`);
    await assertInside(dialog, 375, 'the dialog');
    await assertInside(byTest(page, 'merge-compare'), 375, 'the comparison');
    for (const f of ['address', 'email', 'notes']) {
      await assertInside(page.locator(`[data-test="merge-row"][data-field="${f}"]`), 375, `the ${f} row`);
    }
    await assertInside(byTest(page, 'merge-take-address'), 375, 'the address choice');
    await assertNoSideScroll(page, 'the merge dialog at 375 px');
    await assertInside(input(page, 'merge-reason'), 375, 'the reason');
    await assertInside(byTest(page, 'merge-confirm'), 375, 'the confirm button');
    await assertNoSideScroll(page, 'the merge dialog at 375 px, scrolled down');
    await byTest(page, 'merge-compare').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact('merge-dialog-375.png') });
  } finally {
    await context.close();
  }
});
