// The administrator's command line: init, user, audit verify, demo, export filters.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kehu, startServer, ROOT, KEHU_BIN } from '../lib/kehu.mjs';
import { csvRows } from '../lib/csv.mjs';

let dir, db;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kehu-cli-'));
  db = join(dir, 'kehu.db');
});
after(() => rmSync(dir, { recursive: true, force: true }));

const sql = (q) => execFileSync('sqlite3', [db, q], { encoding: 'utf8' });

test('kehu init creates the database and prints the administrator password once', async () => {
  const r = await kehu(['init', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /administrator login: admin \/ \S{16}/);
  const again = await kehu(['init', '--db', db]);
  assert.equal(again.code, 0);
  assert.doesNotMatch(again.stdout, /administrator login/);
});

test('KEHU_DB names the database when --db is absent', async () => {
  const r = await kehu(['user', 'list'], { KEHU_DB: db });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /admin/);
});

test('kehu user add, passwd, disable and list', async () => {
  let r = await kehu(['user', 'add', 'lihua', '--role', 'technician', '--name', '李华', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /user lihua created .*password: \S+/);
  r = await kehu(['user', 'passwd', 'lihua', '--password', 'a-long-enough-pw', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  r = await kehu(['user', 'disable', 'lihua', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  r = await kehu(['user', 'list', '--db', db]);
  assert.match(r.stdout, /lihua\s+no\s+李华\s+技术员 \/ Technician/);
});

test('kehu user add refuses an unknown role and a short password, naming the field', async () => {
  let r = await kehu(['user', 'add', 'wrongrole', '--role', 'pirate', '--db', db]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /role/);
  r = await kehu(['user', 'add', 'shortpw', '--role', 'salesperson', '--password', 'short', '--db', db]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /password/);
  const list = await kehu(['user', 'list', '--db', db]);
  assert.doesNotMatch(list.stdout, /wrongrole|shortpw/);
});

test('R-SEC-10: kehu audit verify passes on an intact log', async () => {
  const r = await kehu(['audit', 'verify', '--db', db]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /audit chain OK: \d+ entries/);
});

test('R-SEC-10: kehu audit verify exits non-zero and names an edited entry', async () => {
  const copy = join(dir, 'edited.db');
  sql(`VACUUM INTO '${copy}'`);
  execFileSync('sqlite3', [copy, "UPDATE audit_log SET detail = 'forged' WHERE id = 2"]);
  const r = await kehu(['audit', 'verify', '--db', copy]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /BROKEN at entry 2/);
});

test('R-SEC-10: kehu audit verify notices a removed entry', async () => {
  const copy = join(dir, 'removed.db');
  sql(`VACUUM INTO '${copy}'`);
  execFileSync('sqlite3', [copy, 'DELETE FROM audit_log WHERE id = 1']);
  const r = await kehu(['audit', 'verify', '--db', copy]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /BROKEN/);
});

test('kehu demo loads users in every default role and customers, once', async () => {
  let r = await kehu(['demo', '--customers', '40', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /40 customers created/);
  const roles = sql('SELECT DISTINCT role FROM users ORDER BY role').trim().split('\n');
  for (const role of ['gm', 'cs_manager', 'info_supervisor', 'info_specialist', 'sales_manager',
    'salesperson', 'service_supervisor', 'technician', 'accountant', 'complaint_handler', 'auditor', 'admin']) {
    assert.ok(roles.includes(role), `role ${role} missing`);
  }
  r = await kehu(['demo', '--customers', '40', '--db', db]);
  assert.match(r.stdout, /already loaded/);
  assert.equal(sql('SELECT count(*) FROM customers').trim(), '40');
});

test('R-PLT-3: kehu export reads its filter options with the list\'s table: the API\'s refusals, the same rows', async () => {
  const file = join(dir, 'filtered.csv');
  const refusals = [
    [['--grade', 'Z'], '--grade: 应为以下值之一：A, B, C / must be one of: A, B, C'],
    [['--grdae', 'A'], '--grdae: 不支持的筛选条件 / unknown filter key'],
    [['--owner_id', 'abc'], '--owner_id: 应为记录编号（正整数） / must be a record id (a positive whole number)'],
    [['--created_from', '2026-02-30'], '--created_from: 日期格式应为 YYYY-MM-DD 或 RFC 3339 / expected YYYY-MM-DD or an RFC 3339 time'],
    [['--sort', 'salary'], '--sort: 不支持的排序字段 / unsupported sort field'],
    [['--grade'], '--grade: 缺少取值 / missing value'],
  ];
  for (const [opts, said] of refusals) {
    const r = await kehu(['export', file, ...opts, '--db', db]);
    assert.equal(r.code, 2, opts.join(' '));
    assert.ok(r.stderr.includes(said), `${opts.join(' ')}: ${r.stderr}`);
    assert.equal(existsSync(file), false);
  }
  const r = await kehu(['export', file, '--grade', 'A', '--archived', 'all', '--sort', 'name', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  const want = Number(sql("SELECT count(*) FROM customers WHERE grade = 'A'").trim());
  assert.ok(want > 0);
  assert.match(r.stdout, new RegExp(`exported ${want} customers`));
  const rows = csvRows(readFileSync(file)).slice(2);
  const names = rows.map((row) => row[1]);
  assert.deepEqual(names, [...names].sort(), 'in name order (byte order, as SQLite sorts)');
});

test('an unknown command is refused with usage and exit code 2', async () => {
  const r = await kehu(['frobnicate']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown command/);
});

test('R-PLT-4: issue 9 item 17: kehu user list and the demo logins show role names, not codes', async () => {
  const list = await kehu(['user', 'list', '--db', db]);
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /admin\s+yes\s+系统管理员\s+\S+ \/ [A-Z][a-z]+/);
  assert.doesNotMatch(list.stdout, /\bcs_manager\b|\bsales_manager\b/);
  const demo = await kehu(['demo', '--db', db, '--customers', '1']);
  assert.equal(demo.code, 0, demo.stderr);
  const logins = demo.stdout.slice(demo.stdout.indexOf('Demo logins'));
  assert.match(logins, /zhangwei\s+\S+\s+业务员 \/ Salesperson/);
  assert.doesNotMatch(logins, /\b(cs_manager|sales_manager|salesperson|admin)\s*$/m);
});

test('R-PLT-4: issue 9 item 17: a busy port gives a clear error and no "Open http://" line', async () => {
  const first = await startServer();
  try {
    const other = join(dir, 'busy.db');
    assert.equal((await kehu(['init', '--db', other])).code, 0);
    const r = await kehu(['serve', '--db', other, '--port', String(first.port)]);
    assert.notEqual(r.code, 0);
    assert.doesNotMatch(r.stdout, /http:\/\//);
    assert.match(r.stderr, new RegExp(`cannot listen on port ${first.port}: it is in use.*PORT=`));
  } finally {
    await first.stop();
  }
});

test('R-PLT-4: issue 9 item 17: make run\'s first-run script prints the administrator password only on the run that created the database', () => {
  const fr = mkdtempSync(join(tmpdir(), 'kehu-first-run-'));
  try {
    const frDb = join(fr, 'data', 'kehu.db');
    const script = join(ROOT, 'scripts', 'first-run.sh');
    const once = execFileSync(script, [KEHU_BIN, frDb, '1'], { encoding: 'utf8', env: { ...process.env, KEHU_QUIET: '1' }, stdio: ['ignore', 'pipe', 'ignore'] });
    const m = /administrator login: admin \/ (\S{16})/.exec(once);
    assert.ok(m, once);
    assert.match(once, /zhangwei/);
    const twice = execFileSync(script, [KEHU_BIN, frDb, '1'], { encoding: 'utf8', env: { ...process.env, KEHU_QUIET: '1' }, stdio: ['ignore', 'pipe', 'ignore'] });
    assert.ok(!twice.includes(m[1]), twice);
    assert.match(twice, /administrator login: admin \/ \(password in .*first-run-logins\.txt\)/);
    assert.match(twice, /zhangwei/);
    assert.ok(readFileSync(join(fr, 'data', 'first-run-logins.txt'), 'utf8').includes(m[1]));
  } finally {
    rmSync(fr, { recursive: true, force: true });
  }
});

test('R-PLT-4: issue 11 item 5: kehu migrate refuses arguments that are not an SQLite file and a PostgreSQL URL, and a missing source, changing nothing', async () => {
  const usage = await kehu(['migrate', '--from', db]);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /usage: kehu migrate --from FILE --to postgresql:/);
  const wrongWay = await kehu(['migrate', '--from', db, '--to', join(dir, 'other.db')]);
  assert.equal(wrongWay.code, 2);
  assert.match(wrongWay.stderr, /--to a postgresql:\/\/ database/);
  assert.match(wrongWay.stderr, /--to 是 postgresql:\/\/ 数据库/);
  assert.ok(!existsSync(join(dir, 'other.db')), 'no database was made');
  const missing = await kehu(['migrate', '--from', join(dir, 'no-such.db'), '--to', 'postgresql:///nowhere']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no-such\.db/);
});
