// Backups (R-SEC-12): online backup under writes, verify, restore, the lock,
// tampering and truncation, the daily schedule with retention; audit (R-SEC-10).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync, writeFileSync, existsSync, copyFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { startServer, as, asAdmin, auditEntries, kehu, mobile, waitJob, sqlite, PG, PG_BACKUP_SKIP } from '../lib/kehu.mjs';

const servers = [];
after(async () => { for (const x of servers) await x.stop(); });
const sql = sqlite;

test('R-SEC-12 R-SEC-10 backup while writes go on, verify, restore into a new path: acknowledged customers and the audit chain are there', { skip: PG_BACKUP_SKIP }, async () => {
  const s = await startServer({ demo: 40 });
  servers.push(s);
  const c = await as(s, 'zhangwei');
  const acked = [];
  let stop = false;
  const writer = (async () => {
    for (let i = 0; !stop && i < 2000; i++) {
      const r = await c.post('/api/v1/customers', { kind: 'individual', name: `备份中${i}`, mobile: mobile() });
      if (r.status === 201) acked.push(r.body.id);
    }
  })();
  while (acked.length < 10) await new Promise((res) => setTimeout(res, 10));
  const before = [...acked];
  const file = join(s.dir, 'online.db');
  const b = await kehu(['backup', file, '--db', s.db]);
  stop = true;
  await writer;
  assert.equal(b.code, 0, b.stderr);
  const v = await kehu(['backup', '--verify', file, '--db', s.db]);
  assert.equal(v.code, 0, v.stderr);
  const target = join(s.dir, 'restored', 'kehu.db');
  execFileSync('mkdir', ['-p', join(s.dir, 'restored')]);
  // On a new place the installation's audit key goes beside the database first.
  copyFileSync(join(s.dir, 'kehu.key'), join(s.dir, 'restored', 'kehu.key'));
  const r = await kehu(['restore', file, '--db', target]);
  assert.equal(r.code, 0, r.stderr);
  const ids = new Set(sql(target, 'SELECT id FROM customers').split('\n').map(Number));
  for (const id of before) assert.ok(ids.has(id), `customer ${id} acknowledged before the backup is restored`);
  const a = await kehu(['audit', 'verify', '--db', target]);
  assert.equal(a.code, 0, a.stdout + a.stderr);
  assert.match(a.stdout, /audit chain OK/);
});

test('R-SEC-12 restore is refused while a server holds the database', { skip: PG_BACKUP_SKIP }, async () => {
  const s = await startServer({ demo: 5 });
  servers.push(s);
  const file = join(s.dir, 'b.db');
  assert.equal((await kehu(['backup', file, '--db', s.db])).code, 0);
  const r = await kehu(['restore', file, '--db', s.db]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /in use by a running kehu serve/);
  assert.match(r.stderr, /正被运行中的 kehu serve 或 kehu import 使用/);
  // the server still answers, its database untouched
  const c = await as(s, 'zhangwei');
  assert.equal((await c.get('/api/v1/customers')).status, 200);
  assert.ok(!existsSync(`${s.db}.before-restore`));
});

test('R-SEC-12 R-SEC-10 --verify fails on a backup with an edited audit row, and on a truncated file', { skip: PG_BACKUP_SKIP }, async () => {
  const s = await startServer({ demo: 5 });
  servers.push(s);
  const file = join(s.dir, 'good.db');
  assert.equal((await kehu(['backup', file, '--db', s.db])).code, 0);
  const tampered = join(s.dir, 'tampered.db');
  copyFileSync(file, tampered);
  sql(tampered, "UPDATE audit_log SET detail = 'edited' WHERE id = (SELECT min(id) + 2 FROM audit_log)");
  let v = await kehu(['backup', '--verify', tampered, '--db', s.db]);
  assert.equal(v.code, 1);
  assert.match(v.stderr, /audit chain broken at entry \d+/);
  const truncated = join(s.dir, 'truncated.db');
  const bytes = readFileSync(file);
  writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
  v = await kehu(['backup', '--verify', truncated, '--db', s.db]);
  assert.equal(v.code, 1);
  assert.match(v.stderr, /truncated|malformed|integrity/);
  v = await kehu(['backup', '--verify', join(s.dir, 'missing.db'), '--db', s.db]);
  assert.equal(v.code, 1);
  // a restore of a bad backup is refused before anything is touched
  const r = await kehu(['restore', tampered, '--db', join(s.dir, 'new.db')]);
  assert.equal(r.code, 1);
  assert.ok(!existsSync(join(s.dir, 'new.db')));
});

test('R-SEC-12 the daily backup runs at backup_hour on the context clock; retention deletes the oldest', async () => {
  const s = await startServer({ demo: 5 });
  servers.push(s);
  const admin = await asAdmin(s);
  const dir = join(s.dir, 'nightly');
  let r = await admin.put('/api/v1/backups/settings', { dir, retention: 2, hour: 3 });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body, { dir, retention: 2, hour: 3 });
  const list = async () => (await admin.get('/api/v1/backups')).body;
  const waitFor = async (name) => {
    for (let i = 0; i < 300; i++) {
      const l = await list();
      if (l.items.some((x) => x.name === name)) return l;
      await new Promise((res) => setTimeout(res, 100));
    }
    throw new Error(`no ${name}`);
  };
  // A scheduler pass on the moved clock decides at once: no sleeping, no waiting for a poll.
  const tick = async () => {
    const t = await admin.post('/api/v1/_test/scheduler/tick');
    assert.equal(t.status, 200, t.text);
    return t.body.queued;
  };
  // before the hour: nothing
  await admin.put('/api/v1/_test/clock', { now: '2026-01-05T02:59:00+08:00' });
  assert.equal(await tick(), 0);
  assert.equal((await list()).items.length, 0);
  for (const day of ['05', '06', '07']) {
    await admin.put('/api/v1/_test/clock', { now: `2026-01-${day}T03:00:00+08:00` });
    await tick(); // the server's own pass may have queued it first: either way, once
    await waitFor(`kehu-202601${day}-030000.db`);
  }
  const l = await list();
  assert.deepEqual(l.items.map((x) => x.name), ['kehu-20260107-030000.db', 'kehu-20260106-030000.db']);
  assert.equal(l.retention, 2);
  assert.equal(l.dir, dir);
  assert.equal(l.items[0].created_at, '2026-01-07T03:00:00+08:00');
  assert.ok(!existsSync(join(dir, 'kehu-20260105-030000.db')), 'the oldest is deleted');
  // once a day: staying in the hour makes no second backup
  await admin.put('/api/v1/_test/clock', { now: '2026-01-07T03:20:00+08:00' });
  assert.equal(await tick(), 0);
  assert.equal((await list()).items.length, 2);
  assert.equal((await kehu(['backup', '--verify', join(dir, 'kehu-20260107-030000.db'), '--db', s.db])).code, 0);
});

test('R-SEC-12 POST /api/v1/backups runs a verified backup job; refusals', async () => {
  const s = await startServer({ demo: 5 });
  servers.push(s);
  const admin = await asAdmin(s);
  await admin.put('/api/v1/_test/clock', { now: '2026-02-01T12:00:00+08:00' });
  const r = await admin.post('/api/v1/backups');
  assert.equal(r.status, 202, r.text);
  const job = await waitJob(admin, r.body.job_id);
  assert.equal(job.state, 'done', JSON.stringify(job.error));
  assert.equal(job.summary.name, 'kehu-20260201-120000.db');
  assert.equal(job.summary.verified, true);
  assert.ok(job.summary.size > 0);
  const l = (await admin.get('/api/v1/backups')).body;
  assert.equal(l.items[0].name, 'kehu-20260201-120000.db');
  assert.equal(l.retention, 7);
  assert.match(l.dir, /backups$/);
  // the administrator may not read the audit log (audit.read); the auditor sees the backup there
  assert.equal((await admin.get('/api/v1/audit?action=backup.create')).status, 403);
  const auditor = await as(s, 'shenji');
  const created = await auditEntries(auditor, 'action=backup.create');
  assert.equal(created.length, 1, JSON.stringify(created));
  assert.equal(created[0].actor.id, admin.user.id);
  assert.equal(created[0].target_type, 'backup');
  assert.ok(created[0].detail.endsWith(`/${job.summary.name}`), created[0].detail);
  const sales = await as(s, 'zhangwei');
  assert.equal((await sales.get('/api/v1/backups')).status, 403);
  assert.equal((await sales.post('/api/v1/backups')).status, 403);
  assert.equal((await sales.put('/api/v1/backups/settings', { hour: 4 })).status, 403);
  let bad = await admin.put('/api/v1/backups/settings', { hour: 24 });
  assert.equal(bad.status, 422); assert.equal(bad.body.error.field, 'hour');
  bad = await admin.put('/api/v1/backups/settings', { retention: 0 });
  assert.equal(bad.status, 422); assert.equal(bad.body.error.field, 'retention');
  bad = await admin.put('/api/v1/backups/settings', { dir: 'relative/path' });
  assert.equal(bad.status, 422); assert.equal(bad.body.error.field, 'dir');
  // a backup CLI to an existing file is refused
  const existing = join(s.dir, 'already-there.db');
  writeFileSync(existing, 'x');
  const exists = await kehu(['backup', existing, '--db', s.db]);
  assert.equal(exists.code, 1);
  assert.match(exists.stderr, /already exists/);
});

test('R-SEC-12: issue 9 item 15: the administrator downloads a backup by name (audited); other names and other users are refused', async () => {
  const s = await startServer({ demo: 3 });
  servers.push(s);
  const admin = await asAdmin(s);
  await admin.put('/api/v1/_test/clock', { now: '2026-02-02T12:00:00+08:00' });
  const r = await admin.post('/api/v1/backups');
  const job = await waitJob(admin, r.body.job_id);
  assert.equal(job.state, 'done', JSON.stringify(job.error));
  const name = job.summary.name;
  const res = await fetch(`${s.url}/api/v1/backups/${name}/file`, { headers: { Cookie: admin.cookie } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-disposition'), new RegExp(name.replace(/\./g, '\\.')));
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.equal(bytes.length, job.summary.size);
  // an SQLite file, or on PostgreSQL pg_dump's custom format
  assert.equal(bytes.subarray(0, PG ? 5 : 15).toString('latin1'), PG ? 'PGDMP' : 'SQLite format 3');
  for (const bad of ['kehu.db', '..%2Fkehu.db', 'kehu-20260202-120001.db']) {
    const b = await admin.get(`/api/v1/backups/${bad}/file`);
    assert.equal(b.status, 404, bad);
  }
  const sales = await as(s, 'zhangwei');
  assert.equal((await sales.get(`/api/v1/backups/${name}/file`)).status, 403);
  const auditor = await as(s, 'shenji');
  const downloads = await auditEntries(auditor, 'action=backup.download');
  assert.equal(downloads.length, 1);
  assert.equal(downloads[0].detail, name);
  assert.equal(downloads[0].actor.id, admin.user.id);
});
