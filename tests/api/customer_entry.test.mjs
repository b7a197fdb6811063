// The entry deadline (R-ARC-10, issue 13 item 9): collected customer information is entered within
// entry_deadline_working_days working days (2) of its collection, counted on the business
// calendar with its holidays and swapped working days; a record entered later is flagged, can be
// listed, and keeps its flag through import and export. The customer's preferred channel
// (R-INT-6) is a field of the record too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, mobile, waitJob, runExport } from '../lib/kehu.mjs';

let server, admin, sales, mgr;

async function clock(now) {
  assert.equal((await admin.put('/api/v1/_test/clock', { now })).status, 200);
  admin = await asAdmin(server);
  sales = await as(server, 'zhangwei');
  mgr = await as(server, 'salesmgr');
}

const create = (body) => sales.post('/api/v1/customers', { kind: 'individual', mobile: mobile(), ...body });
const names = async (client, q) => (await client.get(`/api/v1/customers?limit=200&${q}`)).body.items.map((c) => c.name);

before(async () => {
  server = await startServer({ demo: 1 });
  admin = await asAdmin(server);
});
after(async () => { await server.stop(); });

test('R-ARC-10: collected the day before the National Day week, a record entered on the 2nd working day after it is on time; on the swapped Saturday after, it is late', async () => {
  // 2026-09-30 (Wed) + 2 working days: 1–7 October are holidays, 8 and 9 October are worked
  await clock('2026-10-09T17:00:00+08:00');
  const onTime = await create({ name: '按时录入客户', collected_on: '2026-09-30' });
  assert.equal(onTime.status, 201, onTime.text);
  assert.equal(onTime.body.collected_on, '2026-09-30');
  assert.equal(onTime.body.entry_late, false);
  await clock('2026-10-10T09:00:00+08:00'); // a Saturday worked for National Day
  const late = await create({ name: '逾期录入客户', collected_on: '2026-09-30', preferred_channel: 'sms' });
  assert.equal(late.status, 201, late.text);
  assert.equal(late.body.entry_late, true);
  assert.equal(late.body.preferred_channel, 'sms');
  const got = await sales.get(`/api/v1/customers/${late.body.id}`);
  assert.equal(got.body.entry_late, true);
  assert.equal(got.body.collected_on, '2026-09-30');
  // the manager lists the late entries
  const lateNames = await names(mgr, 'entry_late=true');
  assert.ok(lateNames.includes('逾期录入客户'), lateNames.join());
  assert.ok(!lateNames.includes('按时录入客户'));
});

test('R-ARC-10: without a collection day the record is collected the day it is entered, and never late', async () => {
  await clock('2026-11-02T10:00:00+08:00');
  const r = await create({ name: '当日录入客户' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.collected_on, '2026-11-02');
  assert.equal(r.body.entry_late, false);
});

test('R-ARC-10: correcting the collection day decides again against the day the record was entered, and field history keeps the change', async () => {
  await clock('2026-11-03T10:00:00+08:00');
  const r = await create({ name: '更正采集日期客户', collected_on: '2026-11-02' });
  assert.equal(r.body.entry_late, false);
  await clock('2026-11-20T10:00:00+08:00');
  const up = await sales.patch(`/api/v1/customers/${r.body.id}`, { collected_on: '2026-10-20', version: r.body.version });
  assert.equal(up.status, 200, up.text);
  assert.equal(up.body.entry_late, true, 'entered 3 November, 2 working days after 20 October was 22 October');
  const h = await mgr.get(`/api/v1/customers/${r.body.id}/field-history`);
  const ch = h.body.items.find((x) => x.field === 'collected_on');
  assert.ok(ch, JSON.stringify(h.body.items));
  assert.equal(ch.old, '2026-11-02');
  assert.equal(ch.new, '2026-10-20');
});

test('R-ARC-10: the deadline is a setting: at 10 working days, collected on the swapped Sunday 20 September and entered on 10 October is on time', async () => {
  await clock('2026-10-10T09:00:00+08:00');
  const set = await admin.put('/api/v1/settings/parameters', { entry_deadline_working_days: 10 });
  assert.equal(set.status, 200, set.text);
  try {
    const r = await create({ name: '十个工作日客户', collected_on: '2026-09-20' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.entry_late, false);
    const set9 = await admin.put('/api/v1/settings/parameters', { entry_deadline_working_days: 9 });
    assert.equal(set9.status, 200, set9.text);
    const r9 = await create({ name: '九个工作日客户', collected_on: '2026-09-20' });
    assert.equal(r9.body.entry_late, true);
  } finally {
    await admin.put('/api/v1/settings/parameters', { entry_deadline_working_days: 2 });
  }
  const bad = await admin.put('/api/v1/settings/parameters', { entry_deadline_working_days: 31 });
  assert.equal(bad.status, 422, bad.text);
  assert.equal(bad.body.error.field, 'entry_deadline_working_days');
});

test('R-ARC-10: refusals: a collection day that is no date, before 1900 or after the day of entry, and an unknown preferred channel, each name the field; nothing is created', async () => {
  await clock('2026-11-05T10:00:00+08:00');
  const cases = [
    [{ collected_on: '2026-13-01' }, 'collected_on'],
    [{ collected_on: '昨天' }, 'collected_on'],
    [{ collected_on: '1899-12-31' }, 'collected_on'],
    [{ collected_on: '2026-11-06' }, 'collected_on'],
    [{ collected_on: 20261101 }, 'collected_on', 400],
    [{ preferred_channel: 'pigeon' }, 'preferred_channel'],
    [{ preferred_channel: 7 }, 'preferred_channel', 400],
  ];
  for (const [body, field, status = 422] of cases) {
    const r = await create({ name: '拒绝录入客户', ...body });
    assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.body.error.field, field, JSON.stringify(r.body));
    assert.ok(r.body.error.message_zh && r.body.error.message_en, JSON.stringify(r.body));
  }
  assert.deepEqual(await names(sales, `q=${encodeURIComponent('拒绝录入客户')}`), []);
  const c = (await create({ name: '改错采集日期客户' })).body;
  const up = await sales.patch(`/api/v1/customers/${c.id}`, { collected_on: '2026-12-01' });
  assert.equal(up.status, 422, up.text);
  assert.equal(up.body.error.field, 'collected_on');
  const after = (await sales.get(`/api/v1/customers/${c.id}`)).body;
  assert.equal(after.collected_on, '2026-11-05');
  assert.equal(after.version, c.version);
});

test('R-ARC-10: an import takes the collection day and the preferred channel from their columns and flags the late rows; the export writes both back', async () => {
  await clock('2026-11-10T10:00:00+08:00');
  const csv = `客户名称,手机,采集日期,首选联系方式\n导入逾期客户,${mobile()},2026/11/02,电子邮件\n导入按时客户,${mobile()},2026-11-09,电话\n`;
  const up = await sales.req('POST', '/api/v1/imports/files?name=entry.csv', undefined,
    { raw: csv, headers: { 'Content-Type': 'application/octet-stream' } });
  assert.equal(up.status, 201, up.text);
  const r = await sales.post('/api/v1/imports', { file_id: up.body.file_id });
  assert.equal(r.status, 202, r.text);
  const job = await waitJob(sales, r.body.job_id);
  assert.equal(job.summary.created, 2, JSON.stringify(job.summary));
  const lateOnes = await names(sales, 'entry_late=true');
  assert.ok(lateOnes.includes('导入逾期客户'));
  assert.ok(!lateOnes.includes('导入按时客户'));
  const found = (await sales.get(`/api/v1/customers?q=${encodeURIComponent('导入逾期客户')}`)).body.items[0];
  assert.equal(found.preferred_channel, 'email');
  const bad = `客户名称,手机,采集日期\n导入错日期客户,${mobile()},2026-11-31\n`;
  const up2 = await sales.req('POST', '/api/v1/imports/files?name=bad.csv', undefined,
    { raw: bad, headers: { 'Content-Type': 'application/octet-stream' } });
  const pv = await waitJob(sales, (await sales.post('/api/v1/imports/preview', { file_id: up2.body.file_id })).body.job_id);
  assert.equal(pv.summary.invalid, 1, JSON.stringify(pv.summary));
  assert.equal(pv.summary.errors[0].field, 'collected_on');
  const buf = await runExport(server, sales, { format: 'csv', encoding: 'utf-8', filter: { entry_late: true } });
  const text = buf.toString('utf8');
  assert.match(text, /,采集日期,首选联系方式,/);
  const row = text.split(/\r?\n/).find((l) => l.includes('导入逾期客户'));
  assert.ok(row && row.includes('2026-11-02') && row.includes('电子邮件'), row);
  assert.ok(!text.includes('导入按时客户'), 'the export job keeps the filter it was given');
  // the same for the pool's filter: an export of the unowned holds no owned customer
  const gm = await as(server, 'gm');
  const pool = (await runExport(server, gm, { format: 'csv', encoding: 'utf-8', filter: { unowned: true } })).toString('utf8');
  assert.ok(!pool.includes('导入逾期客户') && !pool.includes('按时录入客户'), pool.slice(0, 400));
});
