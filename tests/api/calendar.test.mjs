// The business calendar 工作日历 (R-INT-7, issue 13 item 1): working days and hours, public
// holidays and swapped working days per year, shipped for 2026 from the State Council's notice,
// edited and imported by the administrator; "add N working days" and "add N business hours"
// answer from it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin } from '../lib/kehu.mjs';

let server;
let admin, zw;

before(async () => {
  server = await startServer({ demo: 1 });
  admin = await asAdmin(server);
  zw = await as(server, 'zhangwei');
  await admin.put('/api/v1/_test/clock', { now: '2026-03-02T10:00:00+08:00' });
});
after(async () => { await server?.stop(); });

const add = (c, q) => c.get(`/api/v1/calendar/add?${q}`);

test('R-INT-7: issue 13 item 1: the 2026 mainland-China holidays and swapped working days are shipped, with the working week and hours, for every user to read', async () => {
  const r = await zw.get('/api/v1/calendar?year=2026');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.body.year, r.body.work_week, r.body.work_start, r.body.work_end], [2026, [1, 2, 3, 4, 5], '09:00', '18:00']);
  const kind = Object.fromEntries(r.body.days.map((d) => [d.date, d.kind]));
  assert.equal(r.body.days.filter((d) => d.kind === 'holiday').length, 33);
  assert.deepEqual(r.body.days.filter((d) => d.kind === 'workday').map((d) => d.date),
    ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  assert.equal(kind['2026-02-15'], 'holiday');
  assert.equal(r.body.days.find((d) => d.date === '2026-10-01').name_zh, '国庆节');
  assert.equal(r.body.days[0].source, 'gov2026');
  assert.deepEqual((await zw.get('/api/v1/calendar?year=2025')).body.days, []);
  assert.equal((await zw.get('/api/v1/calendar')).body.year, 2026, 'this year by default (the context clock)');
  const bad = await zw.get('/api/v1/calendar?year=abc');
  assert.equal(bad.status, 400);
  assert.equal((await zw.get('/api/v1/calendar?year=1800')).status, 400);
});

test('R-INT-7: issue 13 item 1: adding working days skips weekends and holidays and counts swapped working days; adding business hours counts only working hours', async () => {
  const cases = [
    ['from=2026-02-13T10:00:00%2B08:00&working_days=1', '2026-02-14T10:00:00+08:00'],
    ['from=2026-02-13T10:00:00%2B08:00&working_days=2', '2026-02-24T10:00:00+08:00'],
    ['from=2026-09-30T09:00:00%2B08:00&working_days=1', '2026-10-08T09:00:00+08:00'],
    ['from=2026-09-30T17:00:00%2B08:00&minutes=120', '2026-10-08T10:00:00+08:00'],
    ['from=2026-03-07T11:00:00%2B08:00&minutes=60', '2026-03-09T10:00:00+08:00'],
  ];
  for (const [qs, want] of cases) {
    const r = await add(zw, qs);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.result, want, qs);
  }
  assert.equal((await add(zw, 'working_days=2')).body.from, '2026-03-02T10:00:00+08:00', 'from the context clock by default');
  for (const [qs, status, field] of [
    ['working_days=-1', 400, 'working_days'], ['working_days=1001', 422, 'working_days'],
    ['minutes=-5', 400, 'minutes'], ['minutes=1440001', 422, 'minutes'], ['working_days=1&minutes=5', 400, 'working_days'], ['', 400, 'working_days'],
    ['working_days=x', 400, 'working_days'], ['from=yesterday&working_days=1', 400, 'from'],
  ]) {
    const r = await add(zw, qs);
    assert.equal(r.status, status, `${qs}: ${r.text}`);
    assert.equal(r.body.error.field, field, qs);
  }
});

test('R-INT-7: issue 13 item 1: the administrator lists a company holiday or a worked day, and every count follows; others are refused and bad days change nothing', async () => {
  const before = (await add(zw, 'from=2026-03-09T17:00:00%2B08:00&working_days=1')).body.result;
  assert.equal(before, '2026-03-10T17:00:00+08:00');
  assert.equal((await zw.put('/api/v1/calendar/days/2026-03-10', { kind: 'holiday' })).status, 403);
  for (const [path, body, field] of [
    ['2026-02-30', { kind: 'holiday' }, 'date'], ['2026-3-10', { kind: 'holiday' }, 'date'],
    ['2026-03-10', { kind: 'vacation' }, 'kind'], ['2026-03-10', { kind: 'holiday', name_zh: '年'.repeat(51) }, 'name_zh'],
  ]) {
    const r = await admin.put(`/api/v1/calendar/days/${path}`, body);
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.error.field, field);
  }
  const r = await admin.put('/api/v1/calendar/days/2026-03-10', { kind: 'holiday', name_zh: '公司年会', name_en: 'Company day' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body, { date: '2026-03-10', kind: 'holiday', name_zh: '公司年会', name_en: 'Company day', source: '', lunar: '丙午年正月廿二' });
  assert.equal((await add(zw, 'from=2026-03-09T17:00:00%2B08:00&working_days=1')).body.result, '2026-03-11T17:00:00+08:00');
  // A Saturday worked: counted.
  assert.equal((await admin.put('/api/v1/calendar/days/2026-03-14', { kind: 'workday', name_zh: '盘点' })).status, 200);
  assert.equal((await add(zw, 'from=2026-03-13T09:00:00%2B08:00&working_days=1')).body.result, '2026-03-14T09:00:00+08:00');
  // Taken off the list: the working week applies again.
  assert.equal((await admin.del('/api/v1/calendar/days/2026-03-10')).status, 200);
  assert.equal((await admin.del('/api/v1/calendar/days/2026-03-10')).status, 404);
  const badDel = await admin.del('/api/v1/calendar/days/2026-13-01');
  assert.equal(badDel.status, 422, badDel.text);
  assert.equal(badDel.body.error.field, 'date');
  assert.equal((await zw.del('/api/v1/calendar/days/2026-03-14')).status, 403);
  assert.equal((await add(zw, 'from=2026-03-09T17:00:00%2B08:00&working_days=1')).body.result, '2026-03-10T17:00:00+08:00');
  const audit = (await (await as(server, 'gm')).get('/api/v1/audit?action=calendar.day_put')).body.items;
  assert.equal(audit.length, 2);
});

test('R-INT-7: issue 13 item 1: a year is imported all or nothing; a bad day names its row', async () => {
  const days2027 = [
    { date: '2027-01-01', kind: 'holiday', name_zh: '元旦', name_en: "New Year's Day" },
    { date: '2027-02-06', kind: 'workday', name_zh: '春节调休', name_en: 'Worked for Spring Festival' },
  ];
  const bad = await admin.post('/api/v1/calendar/import', { days: [...days2027, { date: '2027-02-31', kind: 'holiday' }] });
  assert.equal(bad.status, 422, bad.text);
  assert.equal(bad.body.error.field, 'days[2].date');
  const twice = await admin.post('/api/v1/calendar/import', { days: [...days2027, days2027[0]] });
  assert.equal(twice.status, 422);
  assert.equal(twice.body.error.field, 'days');
  assert.deepEqual((await zw.get('/api/v1/calendar?year=2027')).body.days, [], 'nothing kept');
  assert.equal((await zw.post('/api/v1/calendar/import', { days: days2027 })).status, 403);
  assert.equal((await admin.post('/api/v1/calendar/import', { days: 'x' })).status, 400);
  assert.equal((await admin.post('/api/v1/calendar/import', { days: [] })).status, 422);
  const ok = await admin.post('/api/v1/calendar/import', { days: days2027 });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.imported, 2);
  assert.deepEqual((await zw.get('/api/v1/calendar?year=2027')).body.days.map((d) => d.date), ['2027-01-01', '2027-02-06']);
});

test('R-INT-7: issue 13 item 1: the working week and hours are settings the administrator changes like any parameter', async () => {
  const p = await admin.put('/api/v1/settings/parameters', { work_start_minute: 510, work_end_minute: 1050 });
  assert.equal(p.status, 200, p.text);
  assert.equal((await zw.get('/api/v1/calendar?year=2026')).body.work_start, '08:30');
  assert.equal((await add(zw, 'from=2026-03-09T17:00:00%2B08:00&minutes=60')).body.result, '2026-03-10T09:00:00+08:00');
  const week = await admin.put('/api/v1/settings/parameters', { work_week: 63 });
  assert.equal(week.status, 200, week.text);
  assert.deepEqual((await zw.get('/api/v1/calendar?year=2026')).body.work_week, [1, 2, 3, 4, 5, 6]);
  assert.equal((await add(zw, 'from=2026-03-06T09:00:00%2B08:00&working_days=1')).body.result, '2026-03-07T09:00:00+08:00', 'Saturday worked now');
  const bad = await admin.put('/api/v1/settings/parameters', { work_week: 0 });
  assert.equal(bad.status, 422, bad.text);
  assert.equal(bad.body.error.field, 'work_week');
});

test('R-INT-7: issue 13 item 1: lunar dates convert both ways for 1900-2100, with leap months; listed days carry their lunar date', async () => {
  const of = async (q) => (await zw.get(`/api/v1/calendar/lunar?${q}`));
  let r = await of('date=2026-02-17');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body, { date: '2026-02-17', lunar: { year: 2026, month: 1, leap: false, day: 1, ganzhi: '丙午', zodiac: '马', month_name: '正月', day_name: '初一', text: '丙午年正月初一' } });
  assert.equal((await of('date=2025-07-25')).body.lunar.text, '乙巳年闰六月初一', "2025's leap sixth month");
  assert.equal((await of('date=2033-12-22')).body.lunar.month_name, '闰冬月', 'the leap eleventh month of 2033');
  r = await of('year=2025&month=6&leap=true&day=1');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.date, '2025-07-25');
  assert.equal((await of('year=2025&month=6&day=1')).body.date, '2025-06-25');
  assert.equal((await of('year=2026&month=8&day=15')).body.date, '2026-09-25', 'Mid-Autumn 2026');
  assert.equal((await of('year=1900&month=1&day=1')).body.date, '1900-01-31');
  // A year's listed days show their lunar date: the Spring Festival holidays of 2026.
  const year = (await zw.get('/api/v1/calendar?year=2026')).body.days;
  assert.equal(year.find((d) => d.date === '2026-02-17').lunar, '丙午年正月初一');
  // Refusals name the field, in both languages.
  for (const [q, field] of [['date=2026-02-30', 'date'], ['date=1900-01-30', 'date'], ['date=2101-01-29', 'date'],
    ['year=2026&month=6&leap=true&day=1', 'leap'], ['year=2026&month=13&day=1', 'month'], ['year=1899&month=1&day=1', 'year'],
    ['year=2026&month=1&day=31', 'day'], ['year=2026&month=1&day=0', 'day'], ['year=2026&month=1&day=1&leap=maybe', 'leap'], ['', 'date']]) {
    const bad = await of(q);
    assert.ok(bad.status === 400 || bad.status === 422, `${q}: ${bad.status}`);
    assert.equal(bad.body.error.field, field, q);
    assert.ok(bad.body.error.message_zh && bad.body.error.message_en, q);
  }
  assert.match((await of('year=2026&month=6&leap=true&day=1')).body.error.message_en, /2026 has no leap month/);
  const otherLeap = await of('year=2025&month=5&leap=true&day=1');
  assert.equal(otherLeap.body.error.field, 'leap');
  assert.match(otherLeap.body.error.message_en, /leap month of lunar 2025 is after month 6/, 'names the leap month the year has');
  assert.match(otherLeap.body.error.message_zh, /闰 6 月/);
  assert.match((await of('year=2026&month=2&day=30')).body.error.message_en, /that month has 29 days/);
});

test('R-INT-7: issue 13 item 1: a lunar birthday falls on its next solar day: a leap-month birthday in a year without that leap month, a 腊月 birthday seen in January, day 30 of a short month', async () => {
  const next = async (q) => (await zw.get(`/api/v1/calendar/lunar/next?${q}`));
  let r = await next('from=2025-07-01&month=6&day=10&leap=true');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.body.date, r.body.lunar.text], ['2025-08-03', '乙巳年闰六月初十']);
  r = await next('from=2025-08-04&month=6&day=10&leap=true');
  assert.equal(r.body.lunar.text, '丙午年六月初十', 'no leap sixth month in 2026: the sixth month');
  r = await next('from=2026-01-05&month=12&day=20');
  assert.deepEqual([r.body.date, r.body.lunar.year], ['2026-02-07', 2025]);
  // Without from: from today on the context clock (2026-03-02), the next 正月初一 is in 2027.
  r = await next('month=1&day=1');
  assert.equal(r.body.lunar.year, 2027);
  for (const [q, field] of [['from=2026-01-01&month=0&day=1', 'month'], ['from=2026-01-01&month=1&day=31', 'day'], ['from=x&month=1&day=1', 'from'], ['from=2101-01-01&month=6&day=1', 'from']]) {
    const bad = await next(q);
    assert.equal(bad.status, 422, `${q}: ${bad.status} ${bad.text}`);
    assert.equal(bad.body.error.field, field, q);
  }
});
