// Browser test of the business calendar 工作日历 (R-INT-7, issue 13 item 1): the administrator
// opens the calendar for 2026 and sees 国庆节 on 2026-10-01 marked as a holiday (休) and
// 2026-10-10 as a worked day (班); a bad date in the add dialog is refused at the field; a company
// holiday on 2026-12-31 shows in the grid and the list; two 2027 days imported from a pasted CSV
// show under 2027 (a bad line is marked first and nothing is sent); 2026-09-30 17:00 plus two
// business hours is 2026-10-08 10:00; the page fits a 375 px phone, where the lunar card converts
// dates both ways (a leap month included) and finds when a lunar birthday next falls.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, asAdmin } from '../lib/kehu.mjs';
import { launch, newPage, input, byTest, waitApi, login, artifact, until, assertNoSideScroll, assertInside, pickOption } from './helpers.mjs';

let server;
let browser;

before(async () => {
  [server, browser] = await Promise.all([startServer({ demo: 1 }), launch()]);
  const admin = await asAdmin(server);
  assert.equal((await admin.put('/api/v1/_test/clock', { now: '2026-09-01T10:00:00+08:00' })).status, 200);
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

const day = (page, date) => page.locator(`[data-test="cal-day"][data-date="${date}"]`);
// The administrator on a 375 px phone, the calendar page loaded.
async function onPhone() {
  const opened = await newPage(browser, { width: 375, height: 812, mobile: true });
  await login(opened.page, server.url, 'admin', server.adminPassword);
  const loaded = waitApi(opened.page, 'GET', /^\/api\/v1\/calendar$/);
  await opened.page.goto(server.url + '/admin/calendar');
  await loaded;
  return opened;
}

const row = (page, date) => page.locator(`[data-test="cal-row"][data-date="${date}"]`);

test('R-INT-7: issue 13 item 1: the administrator sees the 2026 holidays and swapped working days, adds a company holiday, imports 2027 days from a CSV and calculates a due time in business hours', async () => {
  const { context, page } = await newPage(browser, { width: 1440, height: 900 });
  try {
    await login(page, server.url, 'admin', server.adminPassword);
    const loaded = waitApi(page, 'GET', /^\/api\/v1\/calendar$/);
    await byTest(page, 'nav-calendar').first().click();
    await page.waitForURL('**/admin/calendar');
    const first = await loaded;
    assert.equal(first.status(), 200);
    assert.equal(new URL(first.url()).searchParams.get('year'), '2026', 'this year (the server clock)');

    // 2026: the working week in words, the National Day holiday and the Saturday worked for it
    // The input shows the year once the answer is rendered (not at the moment it arrives).
    await until(async () => (await input(page, 'cal-year').inputValue()) === '2026', 'the year shown');
    await until(async () => (await byTest(page, 'cal-week').innerText()) === '周一至周五 09:00–18:00', 'the working week');
    assert.equal(await byTest(page, 'cal-month').count(), 12);
    const oct1 = day(page, '2026-10-01');
    await oct1.waitFor({ state: 'visible' });
    assert.equal(await oct1.getAttribute('data-kind'), 'holiday');
    assert.match(await oct1.getAttribute('title'), /国庆节/);
    assert.equal(await oct1.locator('[data-test="cal-badge"]').innerText(), '休');
    const oct10 = day(page, '2026-10-10');
    assert.equal(await oct10.getAttribute('data-kind'), 'workday');
    assert.equal(await oct10.locator('[data-test="cal-badge"]').innerText(), '班');
    assert.equal(await day(page, '2026-10-11').getAttribute('data-kind'), 'weekend');
    assert.equal(await day(page, '2026-10-12').getAttribute('data-kind'), 'normal');
    await oct1.click();
    assert.match(await byTest(page, 'cal-picked').innerText(), /2026-10-01 · 周四 · 休息日 · 国庆节/);
    const listed = row(page, '2026-10-01');
    assert.match(await listed.innerText(), /国庆节/);
    assert.equal(await listed.locator('[data-test="cal-row-source"]').innerText(), '国家规定');
    assert.match(await byTest(page, 'cal-legend').innerText(), /休息日[\s\S]*调休上班/);

    // Add: a day that does not exist is refused by the server at the date field; then 2026-12-31
    await byTest(page, 'cal-add').click();
    const dialog = byTest(page, 'day-dialog');
    await dialog.waitFor({ state: 'visible' });
    await input(page, 'day-date').fill('2026-02-30');
    await input(page, 'day-name-zh').fill('公司年会');
    await input(page, 'day-name-en').fill('Company day');
    let put = waitApi(page, 'PUT', /^\/api\/v1\/calendar\/days\//);
    await byTest(page, 'day-save').click();
    assert.equal((await put).status(), 422);
    const dateError = dialog.locator('.el-form-item').filter({ has: input(page, 'day-date') }).locator('.el-form-item__error');
    await dateError.waitFor({ state: 'visible' });
    assert.ok((await dateError.innerText()).trim().length > 0);
    // a malformed one is stopped before sending
    await input(page, 'day-date').fill('31/12/2026');
    await byTest(page, 'day-save').click();
    await until(async () => (await dateError.innerText()).includes('YYYY-MM-DD'), 'the format under the field');

    await input(page, 'day-date').fill('2026-12-31');
    put = waitApi(page, 'PUT', /^\/api\/v1\/calendar\/days\/2026-12-31$/);
    await byTest(page, 'day-save').click();
    const p = await put;
    assert.equal(p.status(), 200, await p.text());
    assert.deepEqual(JSON.parse(p.request().postData()), { kind: 'holiday', name_zh: '公司年会', name_en: 'Company day' });
    await dialog.waitFor({ state: 'hidden' });
    await until(async () => (await day(page, '2026-12-31').getAttribute('data-kind')) === 'holiday', 'the company holiday in the grid');
    const dec31 = row(page, '2026-12-31');
    await dec31.waitFor({ state: 'visible' });
    assert.match(await dec31.innerText(), /公司年会/);
    assert.equal(await dec31.locator('[data-test="cal-row-source"]').innerText(), '本公司');

    // Import: a bad line is marked and nothing can be sent; two good lines go at once and show under 2027
    await byTest(page, 'cal-import').click();
    const imp = byTest(page, 'import-dialog');
    await imp.waitFor({ state: 'visible' });
    const csv = "date,kind,name_zh,name_en\n2027-01-01,休,元旦,New Year's Day\n2027-02-06,班,春节调休,Worked for Spring Festival";
    await input(page, 'import-text').fill(csv + '\n2027-02-31,放假,错日');
    await until(async () => (await byTest(page, 'import-row').count()) === 3, 'three rows previewed');
    assert.match(await byTest(page, 'import-row').nth(2).locator('[data-test="import-problem"]').innerText(), /日期无效/);
    assert.ok(await byTest(page, 'import-submit').isDisabled(), 'a bad line: nothing to send');
    await input(page, 'import-text').fill(csv);
    await until(async () => (await byTest(page, 'import-row').count()) === 2, 'two rows previewed');
    assert.equal(await byTest(page, 'import-problem').count(), 0);
    const posted = waitApi(page, 'POST', /^\/api\/v1\/calendar\/import$/);
    const reloaded = waitApi(page, 'GET', /^\/api\/v1\/calendar$/);
    await byTest(page, 'import-submit').click();
    const r = await posted;
    assert.equal(r.status(), 200, await r.text());
    assert.deepEqual(JSON.parse(r.request().postData()).days.map((d) => [d.date, d.kind]), [['2027-01-01', 'holiday'], ['2027-02-06', 'workday']]);
    assert.equal(new URL((await reloaded).url()).searchParams.get('year'), '2027');
    await imp.waitFor({ state: 'hidden' });
    await row(page, '2027-01-01').waitFor({ state: 'visible' });
    assert.equal(await input(page, 'cal-year').inputValue(), '2027');
    assert.deepEqual(await byTest(page, 'cal-row-date').allInnerTexts(), ['2027-01-01', '2027-02-06']);
    assert.equal(await day(page, '2027-02-06').getAttribute('data-kind'), 'workday');
    assert.match(await row(page, '2027-01-01').innerText(), /元旦/);

    // Calculate: 2026-09-30 17:00 + 2 business hours, across the National Day holidays
    await input(page, 'calc-from').fill('2026-09-30T17:00');
    await byTest(page, 'calc-unit-hours').click();
    await input(page, 'calc-n').fill('2');
    await input(page, 'calc-n').press('Tab');
    const added = waitApi(page, 'GET', /^\/api\/v1\/calendar\/add$/);
    await byTest(page, 'calc-submit').click();
    const a = await added;
    assert.equal(a.status(), 200, await a.text());
    const q = new URL(a.url()).searchParams;
    assert.deepEqual([q.get('from'), q.get('minutes')], ['2026-09-30T17:00:00+08:00', '120']);
    await until(async () => (await byTest(page, 'calc-result').innerText()).includes('2026-10-08 10:00'), 'the result');
    assert.match(await byTest(page, 'calc-result').innerText(), /周四/);
    await page.screenshot({ path: artifact('calendar-1440.png'), fullPage: true });
  } catch (e) {
    await page.screenshot({ path: artifact('calendar-failure.png'), fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await context.close();
  }
});

test('R-INT-7: issue 13 item 1: the business calendar fits a 375 px phone: the months wrap and the list scrolls inside its box', async () => {
  const { context, page } = await onPhone();
  try {
    await day(page, '2026-10-01').waitFor({ state: 'visible' });
    await assertInside(byTest(page, 'cal-month').nth(9), 375, 'October');
    await assertInside(byTest(page, 'cal-add'), 375, 'the add button');
    await assertInside(byTest(page, 'calc-submit'), 375, 'the calculate button');
    await assertNoSideScroll(page, 'the calendar page');
    await byTest(page, 'cal-add').click();
    await byTest(page, 'day-dialog').waitFor({ state: 'visible' });
    await assertInside(byTest(page, 'day-save'), 375, 'the dialog save button');
    await page.screenshot({ path: artifact('calendar-375.png'), fullPage: true });
  } finally {
    await context.close();
  }
});

test('R-INT-7: issue 13 item 1: on a 375 px phone the administrator reads a day\'s lunar date, converts a leap-month lunar date to its day, and finds when a lunar birthday next falls', async () => {
  const { context, page } = await onPhone();
  try {
    // Mid-Autumn 2026 in the grid: the picked day says its lunar date
    await day(page, '2026-09-25').click();
    await until(async () => (await byTest(page, 'cal-picked').innerText()).includes('农历 丙午年八月十五'), "the picked day's lunar date");
    assert.equal(await row(page, '2026-10-01').locator('[data-test="cal-row-lunar"]').innerText(), '丙午年八月廿一');

    // Lunar → Gregorian: 2025 闰六月初一 is 2025-07-25
    const card = byTest(page, 'lunar');
    await card.scrollIntoViewIfNeeded();
    await byTest(page, 'lunar-mode-to-solar').click();
    await input(page, 'lunar-year').fill('2025');
    await pickOption(page, 'lunar-month', '六月');
    await byTest(page, 'lunar-leap').click();
    let asked = waitApi(page, 'GET', /^\/api\/v1\/calendar\/lunar$/);
    await byTest(page, 'lunar-submit').click();
    assert.equal((await asked).status(), 200);
    await until(async () => (await byTest(page, 'lunar-result').innerText()).includes('公历 2025-07-25（周五），农历 乙巳年闰六月初一（蛇年）'), 'the converted day');

    // 2026 has no leap month: refused under the month field, in words
    await input(page, 'lunar-year').fill('2026');
    asked = waitApi(page, 'GET', /^\/api\/v1\/calendar\/lunar$/);
    await byTest(page, 'lunar-submit').click();
    assert.equal((await asked).status(), 422);
    const monthError = card.locator('.el-form-item').filter({ has: byTest(page, 'lunar-month') }).locator('.el-form-item__error');
    await until(async () => (await monthError.innerText()).includes('2026 年没有闰月'), 'the leap-month refusal');

    // Next occurrence of a 闰六月初十 birthday from today (2026-09-01): 2027's sixth month
    await byTest(page, 'lunar-mode-next').click();
    await pickOption(page, 'lunar-day', '初十');
    asked = waitApi(page, 'GET', /^\/api\/v1\/calendar\/lunar\/next$/);
    await byTest(page, 'lunar-submit').click();
    assert.equal((await asked).status(), 200);
    await until(async () => /农历 丁未年六月初十/.test(await byTest(page, 'lunar-result').innerText()), 'the next birthday');
    await assertInside(byTest(page, 'lunar-submit'), 375, 'the convert button');
    await assertNoSideScroll(page, 'the calendar page with the lunar card');
  } finally {
    await context.close();
  }
});
