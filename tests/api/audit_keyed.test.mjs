// The audit chain is keyed and checkpointed (R-SEC-10): a rewritten chain
// fails verification without the key, a chain stripped of its key mark is
// not re-keyed, and a chain cut behind a checkpoint fails against it,
// and so does a chain rewritten with the key that differs at a checkpoint.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, as, asAdmin, auditEntries, auditRewrite, kehu, mobile, sqlite, PG_SKIP } from '../lib/kehu.mjs';

const servers = [];
after(async () => { for (const x of servers) await x.stop(); });

const rewrite = auditRewrite;

test('R-SEC-10: issue 10 item 16: four entries about a customer removed, the rest renumbered and re-hashed without the key, the head moved: audit verify and backup --verify fail', { skip: PG_SKIP }, async () => {
  const s = await startServer({ demo: 3 });
  servers.push(s);
  const [zw, mgr, auditor] = await Promise.all([as(s, 'zhangwei'), as(s, 'salesmgr'), as(s, 'shenji')]);
  const c = (await zw.post('/api/v1/customers', { kind: 'individual', name: '改写攻击', mobile: mobile() })).body;
  for (let i = 0; i < 3; i++) assert.equal((await mgr.get(`/api/v1/customers/${c.id}`)).status, 200);
  assert.equal((await zw.get('/api/v1/customers?limit=5')).status, 200);
  const trail = await auditEntries(auditor, `target_type=customer&target_id=${c.id}`);
  const victims = trail.map((e) => e.id);
  // Reads of one second may share an entry (DECISIONS §156).
  assert.equal(trail.reduce((n, e) => n + e.reads, 0), 4, 'the creation and three reads');
  assert.equal(await s.stop({ keep: true }), 0);
  const forged = {
    unkeyed: 'none',
    'another key': `hex:${'ab'.repeat(32)}`,
    'the real key': `master:${join(s.dir, 'kehu.key')}`, // control: the script itself is faithful
  };
  for (const [name, mode] of Object.entries(forged)) {
    const copy = join(s.dir, `forged-${name.replace(/ /g, '-')}.db`);
    copyFileSync(s.db, copy);
    rewrite(copy, mode, victims);
    assert.equal(sqlite(copy, `SELECT count(*) FROM audit_log WHERE target_type = 'customer' AND target_id = '${c.id}'`), '0');
    const v = await kehu(['audit', 'verify', '--db', copy]);
    if (name === 'the real key') {
      assert.equal(v.code, 0, `${name}: ${v.stdout}${v.stderr}`);
    } else {
      const b = await kehu(['backup', '--verify', copy, '--db', s.db]);
      assert.equal(v.code, 1, `${name}: ${v.stdout}`);
      assert.match(v.stdout, /BROKEN at entry 1: entry altered/);
      assert.equal(b.code, 1, `${name}: ${b.stdout}`);
      assert.match(b.stderr, /audit chain broken at entry 1/);
    }
  }
  // The key mark taken out of the head as well: a start (any command) re-keys nothing, verify fails.
  const stripped = join(s.dir, 'forged-unkeyed.db');
  sqlite(stripped, "UPDATE audit_head SET key_id = ''");
  const st = await kehu(['audit', 'verify', '--db', stripped]);
  assert.equal(st.code, 1, st.stdout);
  assert.equal(sqlite(stripped, "SELECT count(*) FROM audit_log WHERE action = 'audit.rekey'"), '0');
  assert.equal((await kehu(['audit', 'verify', '--db', s.db])).code, 0, 'the original is intact');
  // Refusals: a backup check without the key, and a keyed database whose key file is gone.
  const nokey = await kehu(['backup', '--verify', s.db, '--db', join(s.dir, 'elsewhere', 'kehu.db')]);
  assert.equal(nokey.code, 1);
  assert.match(nokey.stderr, /no audit key at .*elsewhere\/kehu\.key: name the database the backup belongs to with --db/);
  mkdirSync(join(s.dir, 'moved'));
  copyFileSync(s.db, join(s.dir, 'moved', 'kehu.db'));
  const lost = await kehu(['audit', 'verify', '--db', join(s.dir, 'moved', 'kehu.db')]);
  assert.equal(lost.code, 1);
  assert.match(lost.stderr, /the audit chain was keyed with key [0-9a-f]{16} but its key file is missing: put the original kehu\.key back/);
  assert.match(lost.stderr, /审计日志已用密钥/);
  assert.ok(!existsSync(join(s.dir, 'moved', 'kehu.key')), 'no new key is made for a keyed chain');
  const k = readFileSync(join(s.dir, 'kehu.key'), 'utf8');
  assert.match(k, /^[0-9a-f]{64}\n$/);
  assert.equal(execFileSync('stat', ['-c', '%a', join(s.dir, 'kehu.key')]).toString().trim(), '600');
  assert.doesNotMatch(execFileSync('strings', [s.db]).toString(), new RegExp(k.trim()), 'the key is not in the database');
});

test('R-SEC-10: issue 10 item 16: the scheduler writes a sealed checkpoint when the test clock passes the hour; a chain cut behind it, or a forged checkpoint, fails verify', { skip: PG_SKIP }, async () => {
  const s = await startServer({ demo: 1 });
  servers.push(s);
  const [admin, auditor, mgr] = await Promise.all([asAdmin(s), as(s, 'shenji'), as(s, 'salesmgr')]);
  const file = join(s.dir, 'kehu-audit-checkpoints');
  const tick = async () => {
    const t = await admin.post('/api/v1/_test/scheduler/tick');
    assert.equal(t.status, 200, t.text);
    return t.body.queued;
  };
  await admin.put('/api/v1/_test/clock', { now: '2026-04-01T23:59:00+08:00' });
  assert.equal(await tick(), 0);
  assert.ok(!existsSync(file));
  await admin.put('/api/v1/_test/clock', { now: '2026-04-02T00:00:00+08:00' });
  await tick(); // the server's own pass may have queued it first: either way, once
  let entries = [];
  for (let i = 0; i < 100 && entries.length === 0; i++) {
    entries = await auditEntries(auditor, 'action=audit.checkpoint');
    if (!entries.length) await new Promise((res) => setTimeout(res, 50));
  }
  assert.equal(entries.length, 1);
  const line = readFileSync(file, 'utf8').trim().split('\n');
  assert.equal(line.length, 1);
  const [, , at, lastId, hash] = line[0].split(' ');
  assert.equal(Number(at), Date.parse('2026-04-02T00:00:00+08:00') / 1000);
  assert.equal(entries[0].detail, `entry ${lastId}`);
  assert.equal(entries[0].id, Number(lastId) + 1);
  assert.equal(sqlite(s.db, `SELECT hash FROM audit_log WHERE id = ${lastId}`), hash);
  await admin.put('/api/v1/_test/clock', { now: '2026-04-02T00:40:00+08:00' });
  assert.equal(await tick(), 0, 'once a day');
  const v = await auditor.get('/api/v1/audit/verify');
  assert.deepEqual([v.body.ok, v.body.checkpoints], [true, 1]);
  const c = (await mgr.get('/api/v1/customers?limit=1')).body.items[0];
  for (let i = 0; i < 3; i++) assert.equal((await mgr.get(`/api/v1/customers/${c.id}`)).status, 200);
  assert.equal(await s.stop({ keep: true }), 0);
  // Cut the newest entries back to before the checkpoint's, with a head that matches: a valid, shorter chain.
  const keep = Number(lastId) - 2;
  const cut = join(s.dir, 'cut.db');
  copyFileSync(s.db, cut);
  sqlite(cut, `DELETE FROM audit_log WHERE id > ${keep};
    UPDATE audit_head SET last_id = ${keep}, entries = ${keep}, last_hash = (SELECT hash FROM audit_log WHERE id = ${keep})`);
  let r = await kehu(['audit', 'verify', '--db', cut], { KEHU_AUDIT_CHECKPOINTS: '/nonexistent' });
  assert.equal(r.code, 0, `without the checkpoint the cut chain is whole: ${r.stdout}`);
  r = await kehu(['audit', 'verify', '--db', cut]);
  assert.equal(r.code, 1, r.stdout);
  assert.match(r.stdout, new RegExp(`chain shorter than the checkpoint of ${at} \\(entry ${lastId}\\)`));
  r = await kehu(['audit', 'verify', '--db', s.db]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /1 checkpoints compared/);
  // Rewritten even with the real key (one old entry removed, the rest renumbered): the chain
  // verifies by itself, but differs at the checkpoint's entry, as a live database and as a backup.
  const keyed = join(s.dir, 'rewritten.db');
  copyFileSync(s.db, keyed);
  auditRewrite(keyed, `master:${join(s.dir, 'kehu.key')}`, [1]);
  const differs = new RegExp(`chain differs from the checkpoint of ${at} at entry ${lastId}`);
  r = await kehu(['audit', 'verify', '--db', keyed]);
  assert.equal(r.code, 1, r.stdout);
  assert.match(r.stdout, differs);
  r = await kehu(['backup', '--verify', keyed, '--db', s.db]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, differs);
  // A checkpoint line forged without the key.
  appendFileSync(file, `kehu-audit-checkpoint 1 ${at} 999999 ${'0'.repeat(64)} ${line[0].split(' ')[5]} ${'1'.repeat(64)}\n`);
  r = await kehu(['audit', 'verify', '--db', s.db]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /checkpoint file line 2 is not a checkpoint sealed with this key/);
});
