// Data files are the service user's alone: 0600 files, 0700 folders, whatever
// the umask of whoever starts Kehu; looser ones left from before are warned about.
// An SQLite file in both suites: the database file's own modes are part of the subject.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { statSync, readdirSync, chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, serveExisting, asAdmin, as, kehu, waitJob, postExport } from '../lib/kehu.mjs';

// The default umask of a login shell: files 0644, folders 0755 unless Kehu says otherwise.
process.umask(0o022);

const servers = [];
after(async () => { for (const x of servers) await x.stop(); });

const mode = (p) => statSync(p).mode & 0o777;
const octal = (m) => `0${m.toString(8)}`;

/** Every file and folder under dir (the folder itself included) with a looser mode. */
function loose(dir) {
  const out = [];
  const walk = (p) => {
    const st = statSync(p);
    const want = st.isDirectory() ? 0o700 : 0o600;
    if ((st.mode & 0o777) !== want) out.push(`${p} ${octal(st.mode & 0o777)}`);
    if (st.isDirectory()) for (const e of readdirSync(p)) walk(join(p, e));
  };
  walk(dir);
  return out;
}

test('R-SEC-12: issue 10 item 20: the database, its WAL and SHM, backups, exports, uploads and restored copies are 0600 in 0700 folders', async () => {
  const s = await startServer({ demo: 3, sqlite: true });
  servers.push(s);
  assert.equal(mode(s.db), 0o600, 'kehu init made the database');
  const admin = await asAdmin(s);
  const sales = await as(s, 'zhangwei');
  assert.ok(existsSync(`${s.db}-wal`) && existsSync(`${s.db}-shm`), 'the server has its WAL and SHM open');
  // A backup job, an export job and an upload.
  const b = await admin.post('/api/v1/backups');
  assert.equal(b.status, 202, b.text);
  assert.equal((await waitJob(admin, b.body.job_id)).state, 'done');
  const e = await postExport(s, sales, { format: 'csv' });
  assert.equal(e.status, 202, e.text);
  assert.equal((await waitJob(sales, e.body.job_id)).state, 'done');
  const up = await sales.req('POST', '/api/v1/imports/files?name=a.csv', undefined,
    { raw: '客户名称,手机\n', headers: { 'Content-Type': 'application/octet-stream' } });
  assert.equal(up.status, 201, up.text);
  assert.ok(readdirSync(join(s.dir, 'backups')).length >= 1);
  assert.ok(readdirSync(join(s.dir, 'files')).length >= 2);
  // A backup from the command line, and a restore over an existing database.
  const file = join(s.dir, 'cli-backup.db');
  assert.equal((await kehu(['backup', file, '--db', s.db])).code, 0);
  assert.equal(mode(file), 0o600, 'kehu backup FILE');
  const target = join(s.dir, 'restored', 'kehu.db');
  mkdirSync(join(s.dir, 'restored'), { mode: 0o700 });
  // The backup's audit chain is checked with the installation's key (kept beside the source database).
  const key = { KEHU_KEY_FILE: join(s.dir, 'kehu.key') };
  const r1 = await kehu(['restore', file, '--db', target], key);
  assert.equal(r1.code, 0, r1.stderr);
  assert.equal((await kehu(['restore', file, '--db', target], key)).code, 0, 'a second restore keeps the first copy');
  assert.ok(readdirSync(join(s.dir, 'restored')).some((n) => n.includes('before-restore')));
  assert.deepEqual(loose(s.dir).filter((l) => !l.startsWith(`${s.dir} `)), []);
});

test('R-SEC-12: issue 10 item 20: a start warns about data others can read, naming the path and the fix', async () => {
  const s = await startServer({ sqlite: true });
  await s.stop({ keep: true });
  chmodSync(s.db, 0o644);
  chmodSync(join(s.dir), 0o755);
  const user = await kehu(['user', 'list', '--db', s.db]);
  assert.equal(user.code, 0, user.stderr);
  assert.match(user.stderr, new RegExp(`level=warn msg="data readable by others" path=${s.db} mode=0644 fix="chmod 600 ${s.db}"`));
  assert.match(user.stderr, new RegExp(`path=${s.dir} mode=0755 fix="chmod 700 ${s.dir}"`));
  const again = await serveExisting(s.db);
  servers.push(again);
  assert.match(again.stderr, /msg="data readable by others" path=\S+kehu\.db mode=0644/);
  // Once fixed, nothing is said.
  await again.stop({ keep: true });
  chmodSync(s.db, 0o600);
  chmodSync(s.dir, 0o700);
  const quiet = await kehu(['user', 'list', '--db', s.db]);
  assert.doesNotMatch(quiet.stderr, /readable by others/);
});
