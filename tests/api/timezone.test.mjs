// The company time zone is a setting (IANA name, default Asia/Shanghai): times are
// stored in UTC and shown, read and scheduled in the zone, daylight saving included.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, as, asAdmin, auditEntries, mobile } from '../lib/kehu.mjs';

const servers = [];
after(async () => { for (const x of servers) await x.stop(); });

async function setClock(admin, now) {
  const r = await admin.put('/api/v1/_test/clock', { now });
  assert.equal(r.status, 200, r.text);
  return r.body.now;
}

async function tick(admin) {
  const r = await admin.post('/api/v1/_test/scheduler/tick');
  assert.equal(r.status, 200, r.text);
  return r.body.queued;
}

async function waitBackup(admin, name) {
  for (let i = 0; i < 300; i++) {
    const l = (await admin.get('/api/v1/backups')).body;
    const b = l.items.find((x) => x.name === name);
    if (b) return b;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`no backup ${name}`);
}

test('the zone defaults to Asia/Shanghai; only an administrator changes it, to a zone the system knows', async () => {
  const s = await startServer({ demo: 3 });
  servers.push(s);
  const admin = await asAdmin(s);
  await setClock(admin, '2026-01-05T01:00:00Z');
  const sales = await as(s, 'zhangwei');
  let r = await sales.get('/api/v1/settings/timezone');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body, { timezone: 'Asia/Shanghai', offset: '+08:00', now: '2026-01-05T09:00:00+08:00' });
  assert.equal((await sales.put('/api/v1/settings/timezone', { timezone: 'Europe/Berlin' })).status, 403);
  for (const bad of ['Mars/Olympus_Mons', 'Asia', '../../etc/passwd', 'Europe/Berlin ', '']) {
    r = await admin.put('/api/v1/settings/timezone', { timezone: bad });
    assert.equal(r.status, 422, `${bad}: ${r.text}`);
    assert.equal(r.body.error.field, 'timezone');
    assert.ok(r.body.error.message_zh.length > 0 && r.body.error.message_en.length > 0);
  }
  r = await admin.put('/api/v1/settings/timezone', { timezone: 'Mars/Olympus_Mons' });
  assert.match(r.body.error.message_zh, /未知的时区/);
  assert.match(r.body.error.message_en, /unknown time zone/);
  assert.equal((await admin.put('/api/v1/settings/timezone', {})).status, 422);
  assert.equal((await admin.put('/api/v1/settings/timezone', { timezone: 8 })).status, 400);
  // Nothing changed.
  assert.equal((await sales.get('/api/v1/settings/timezone')).body.timezone, 'Asia/Shanghai');
});

test('R-PLT-1: after a change, times are shown and read in the new zone; stored times do not move', async () => {
  const s = await startServer({ demo: 3 });
  servers.push(s);
  const admin = await asAdmin(s);
  // 22:30 UTC: already the 29th in Shanghai, still the 28th in Berlin.
  assert.equal(await setClock(admin, '2026-03-28T22:30:00Z'), '2026-03-29T06:30:00+08:00');
  const sales = await as(s, 'zhangwei');
  const c = await sales.post('/api/v1/customers', { kind: 'individual', name: '时区测试', mobile: mobile() });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.body.created_at, '2026-03-29T06:30:00+08:00');
  const day28 = async (client) => (await client.get(`/api/v1/customers?created_from=2026-03-28&created_to=2026-03-28&q=${encodeURIComponent('时区测试')}`)).body.items.length;
  assert.equal(await day28(sales), 0, 'in Shanghai it was made on the 29th');

  const r = await admin.put('/api/v1/settings/timezone', { timezone: 'Europe/Berlin' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body, { timezone: 'Europe/Berlin', offset: '+01:00', now: '2026-03-28T23:30:00+01:00' });
  const got = await sales.get(`/api/v1/customers/${c.body.id}`);
  assert.equal(got.body.created_at, '2026-03-28T23:30:00+01:00');
  assert.equal(await day28(sales), 1, 'in Berlin it was made on the 28th');
  // An hour and a half later summer time has begun: +02:00.
  assert.equal(await setClock(admin, '2026-03-29T01:00:00Z'), '2026-03-29T03:00:00+02:00');
  // (the salesperson's session ended after 30 idle minutes: a new one)
  assert.equal((await (await as(s, 'zhangwei')).get('/api/v1/settings/timezone')).body.offset, '+02:00');
  // A time with its own offset is read as written.
  assert.equal(await setClock(admin, '2026-03-29T09:00:00+08:00'), '2026-03-29T03:00:00+02:00');
  // Audited as a settings change.
  const auditor = await as(s, 'shenji');
  const changes = await auditEntries(auditor, 'action=settings.change');
  const change = changes.find((e) => e.detail === 'timezone=Europe/Berlin');
  assert.ok(change, JSON.stringify(changes));
  assert.equal(change.at, '2026-03-28T23:30:00+01:00', 'made before summer time began, shown in Berlin time');
});

test('R-SEC-12: the daily backup is due at backup_hour in the new zone, summer time included', async () => {
  const s = await startServer({ demo: 3 });
  servers.push(s);
  const admin = await asAdmin(s);
  await setClock(admin, '2026-03-27T12:00:00Z');
  const dir = join(s.dir, 'nightly');
  assert.equal((await admin.put('/api/v1/backups/settings', { dir, hour: 3 })).status, 200);
  assert.equal((await admin.put('/api/v1/settings/timezone', { timezone: 'Europe/Berlin' })).status, 200);
  // 2026-03-28, winter time: 03:00 CET is 02:00 UTC (in Shanghai it would be 10:00).
  await setClock(admin, '2026-03-28T01:59:00Z');
  assert.equal(await tick(admin), 0);
  await setClock(admin, '2026-03-28T02:00:00Z');
  await tick(admin); // the server's own pass may have queued it first: either way, once
  let b = await waitBackup(admin, 'kehu-20260328-030000.db');
  assert.equal(b.created_at, '2026-03-28T03:00:00+01:00');
  // 2026-03-29, the first day of summer time: 03:00 CEST is 01:00 UTC.
  await setClock(admin, '2026-03-29T00:59:00Z');
  assert.equal(await tick(admin), 0);
  await setClock(admin, '2026-03-29T01:00:00Z');
  await tick(admin);
  b = await waitBackup(admin, 'kehu-20260329-030000.db');
  assert.equal(b.created_at, '2026-03-29T03:00:00+02:00');
  await setClock(admin, '2026-03-29T01:40:00Z');
  assert.equal(await tick(admin), 0, 'once a day');
  assert.ok(existsSync(join(dir, 'kehu-20260329-030000.db')));
});
