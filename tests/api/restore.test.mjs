// Restore from the server (R-SEC-12): a staged restore swapped in by a
// restart in place; backup checksums and the content check; every restore
// keeps what it replaced.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync, writeFileSync, existsSync, rmSync, readdirSync } from 'node:fs';
import { startServer, as, asAdmin, auditEntries, kehu, mobile, waitJob, sqlite, Client, PG_BACKUP_SKIP } from '../lib/kehu.mjs';

const servers = [];
after(async () => { for (const x of servers) await x.stop(); });

async function backupNow(admin) {
  const r = await admin.post('/api/v1/backups');
  assert.equal(r.status, 202, r.text);
  const job = await waitJob(admin, r.body.job_id);
  assert.equal(job.state, 'done', JSON.stringify(job.error));
  return job.summary.name;
}

/** Wait until the server answers again after a restart in place. */
async function waitBack(s, oldCookieClient) {
  for (let i = 0; i < 1200; i++) {
    try {
      const r = await oldCookieClient.get('/api/v1/auth/me');
      if (r.status === 401) return;
    } catch { /* connection refused or reset while it restarts */ }
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error(`the server did not come back: ${s.stderr}`);
}

test('R-SEC-12: issue 9 item 15: the administrator restores a backup from the server — it restarts in place on the same port, the data is the backup\'s, every session and token ends, audited on both sides, the replaced database kept', { skip: PG_BACKUP_SKIP }, async () => {
  const s = await startServer({ demo: 5 });
  servers.push(s);
  const admin = await asAdmin(s);
  await admin.put('/api/v1/_test/clock', { now: '2026-03-02T10:00:00+08:00' });
  const sales = await as(s, 'zhangwei');
  const tok = await sales.post('/api/v1/auth/tokens', { name: 'script' });
  assert.equal(tok.status, 201, tok.text);
  const kept = await sales.post('/api/v1/customers', { kind: 'individual', name: '备份前客户', mobile: mobile() });
  assert.equal(kept.status, 201, kept.text);
  const name = await backupNow(admin);
  const lost = await sales.post('/api/v1/customers', { kind: 'individual', name: '备份后客户', mobile: mobile() });
  assert.equal(lost.status, 201, lost.text);
  await admin.put('/api/v1/_test/clock', { now: '2026-03-02T11:30:00+08:00' });

  const r = await admin.post(`/api/v1/backups/${name}/restore`, { confirm: name });
  assert.equal(r.status, 202, r.text);
  assert.deepEqual(r.body, { restoring: name, restart: true });
  await waitBack(s, admin);

  // every session and token of before the restore has ended
  assert.equal((await sales.get('/api/v1/customers')).status, 401);
  const bearer = new Client(s.url, { token: tok.body.token });
  assert.equal((await bearer.get('/api/v1/customers')).status, 401);
  // the same address serves the backup's data
  const again = await as(s, 'zhangwei');
  assert.equal((await again.get(`/api/v1/customers/${kept.body.id}`)).status, 200);
  assert.equal((await again.get(`/api/v1/customers/${lost.body.id}`)).status, 404);
  // the test clock was not reset by the restart
  const now = await admin.put('/api/v1/_test/clock', { advance_seconds: 1 });
  assert.match(JSON.stringify(now.body), /2026-03-02T(11:30:01\+08:00|03:30:01Z)/);

  // audited in the restored database, naming the backup, who asked and the kept copy
  const auditor = await as(s, 'shenji');
  const done = await auditEntries(auditor, 'action=backup.restore');
  assert.equal(done.length, 1, JSON.stringify(done));
  assert.match(done[0].detail, new RegExp(`^${name.replace(/\./g, '\\.')} \\(asked by admin;`));
  assert.match(done[0].detail, /kehu\.db\.before-restore\.1\)$/);
  const chain = await kehu(['audit', 'verify', '--db', s.db]);
  assert.equal(chain.code, 0, chain.stdout + chain.stderr);
  // the replaced database is kept whole: it has the later customer and the request
  const before = `${s.db}.before-restore.1`;
  assert.ok(existsSync(before));
  assert.equal(sqlite(before, `SELECT count(*) FROM customers WHERE id = ${lost.body.id}`), '1');
  assert.equal(sqlite(before, "SELECT detail FROM audit_log WHERE action = 'backup.restore_request'"), name);
  assert.ok(!existsSync(`${s.db}.restore-pending`));
  assert.ok(!existsSync(`${s.db}.restore-note`));
});

test('R-SEC-12: issue 9 item 15: restore refusals change nothing — other users, unknown names, no confirmation, a damaged backup', { skip: PG_BACKUP_SKIP }, async () => {
  const s = await startServer({ demo: 3 });
  servers.push(s);
  const admin = await asAdmin(s);
  await admin.put('/api/v1/_test/clock', { now: '2026-03-03T10:00:00+08:00' });
  const name = await backupNow(admin);
  const sales = await as(s, 'zhangwei');
  let r = await sales.post(`/api/v1/backups/${name}/restore`, { confirm: name });
  assert.equal(r.status, 403);
  r = await admin.post('/api/v1/backups/kehu-20260303-100001.db/restore', { confirm: 'kehu-20260303-100001.db' });
  assert.equal(r.status, 404);
  assert.equal(r.body.error.field, 'name');
  r = await admin.post('/api/v1/backups/kehu.db/restore', { confirm: 'kehu.db' });
  assert.equal(r.status, 404);
  r = await admin.post(`/api/v1/backups/${name}/restore`, {});
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'confirm');
  r = await admin.post(`/api/v1/backups/${name}/restore`, { confirm: 'kehu-20260101-000000.db' });
  assert.equal(r.status, 422);
  // a byte of the backup changed after it was made: its checksum refuses it
  const file = join(s.dir, 'backups', name);
  const bytes = readFileSync(file);
  bytes[bytes.length - 100] ^= 0x01;
  writeFileSync(file, bytes);
  r = await admin.post(`/api/v1/backups/${name}/restore`, { confirm: name });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'file');
  assert.match(r.body.error.message, /校验和不符/);
  // nothing was staged, the server kept its sessions and data
  assert.ok(!existsSync(`${s.db}.restore-pending`));
  assert.equal((await sales.get('/api/v1/customers')).status, 200);
  const auditor = await as(s, 'shenji');
  assert.equal((await auditEntries(auditor, 'action=backup.restore_request')).length, 0);
});

test('R-SEC-12: issue 10 item 21: a changed byte in a customer\'s address fails the checksum; without the checksum the content check names the record; every restore keeps its own copy', { skip: PG_BACKUP_SKIP }, async () => {
  const d = await startServer({ demo: 3 });
  servers.push(d);
  const s = d;
  const file = join(s.dir, 'b.db');
  const zw = await as(d, 'zhangwei');
  const c = await zw.post('/api/v1/customers', { kind: 'individual', name: '地址客户', mobile: mobile(), address: 'Qiaozhuang Road 88 unique-addr-marker' });
  assert.equal(c.status, 201, c.text);
  const b = await kehu(['backup', file, '--db', d.db]);
  assert.equal(b.code, 0, b.stderr);
  assert.match(readFileSync(`${file}.sha256`, 'utf8'), /^[0-9a-f]{64} {2}b\.db\n$/);
  assert.equal((await kehu(['backup', '--verify', file, '--db', d.db])).code, 0);

  // a flipped letter (still valid text): only the checksum can tell
  const orig = readFileSync(file);
  const at = orig.indexOf('unique-addr-marker');
  assert.ok(at > 0);
  const flipped = Buffer.from(orig);
  flipped[at] = 'U'.charCodeAt(0);
  writeFileSync(file, flipped);
  let v = await kehu(['backup', '--verify', file, '--db', d.db]);
  assert.equal(v.code, 1);
  assert.match(v.stderr, /checksum does not match/);
  // a byte that breaks the text, in a copy without its checksum: the content check names the record and column
  const broken = Buffer.from(orig);
  broken[at] = 0xff;
  writeFileSync(file, broken);
  rmSync(`${file}.sha256`);
  v = await kehu(['backup', '--verify', file, '--db', d.db]);
  assert.equal(v.code, 1);
  assert.match(v.stderr, new RegExp(`customer record ${c.body.id} is damaged: its address cannot be read`));
  const r = await kehu(['restore', file, '--db', join(s.dir, 'other.db')]);
  assert.equal(r.code, 1);

  // two restores onto one database keep two copies
  writeFileSync(file, orig);
  const target = join(s.dir, 'target.db');
  for (let i = 1; i <= 2; i++) {
    const rr = await kehu(['restore', file, '--db', target]);
    assert.equal(rr.code, 0, rr.stderr);
    if (i === 2) assert.match(rr.stdout, /target\.db\.before-restore\.1\)/);
  }
  const names = readdirSync(s.dir).filter((n) => n.startsWith('target.db.before-restore'));
  assert.deepEqual(names.filter((n) => !n.endsWith('-wal') && !n.endsWith('-shm')).sort(), ['target.db.before-restore.1']);
  const third = await kehu(['restore', file, '--db', target]);
  assert.equal(third.code, 0, third.stderr);
  assert.match(third.stdout, /before-restore\.2\)/);
  assert.ok(existsSync(`${target}.before-restore.1`) && existsSync(`${target}.before-restore.2`));
  // the restore is audited on the restored database, by the command line
  assert.match(sqlite(target, "SELECT detail FROM audit_log WHERE action = 'backup.restore' ORDER BY id DESC LIMIT 1"), /^b\.db \(asked by cli; the replaced database is kept as .*before-restore\.2\)$/);
});
