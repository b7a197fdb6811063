// Test harness: start a real `kehu serve` on a free loopback port with a
// fresh database, and talk to it like a client would.
import { spawn, execFile, execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(here, '..', '..');
export const KEHU_BIN = process.env.KEHU_BIN || join(ROOT, 'build', 'dev', 'kehu');
export const DEMO_PASSWORD = 'kehu-demo-2026';
const run = promisify(execFile);

/*
 * The engine under test. KEHU_TEST_PG names the socket folder of a throw-away
 * PostgreSQL cluster (scripts/pg-test-cluster.sh, started by make test): every
 * server then gets a database of its own there instead of an SQLite file, and
 * the folder it would have lived in becomes its KEHU_DATA_DIR (key file, file
 * store, backups). Tests that are about SQLite's file itself skip with
 * PG_SKIP as their reason.
 */
export const PG = process.env.KEHU_TEST_PG || '';
export const ENGINE = PG ? 'postgresql' : 'sqlite';
export const PG_SKIP = PG ? 'about the SQLite database file: not on PostgreSQL' : false;
export const PG_BACKUP_SKIP = PG ? 'restore by putting a backup file in place of the database file, or editing SQLite\'s file: a PostgreSQL backup is restored with pg_restore (ADMIN.md)' : false;
const dataDirs = new Map(); // database URL -> its KEHU_DATA_DIR
let pgSeq = 0;
export const isUrl = (db) => /^postgres(ql)?:\/\//.test(db);

/** A new empty database setting in dir: an SQLite path, or a fresh PostgreSQL database. */
export function newDatabase(dir, { sqlite: onSqlite = false } = {}) {
  if (!PG || onSqlite) return join(dir, 'kehu.db');
  const name = `kt_${process.pid}_${++pgSeq}_${Date.now() % 100000}`;
  execFileSync('createdb', ['-h', PG, name]);
  const url = `postgresql:///${name}?host=${encodeURIComponent(PG)}`;
  dataDirs.set(url, dir);
  return url;
}

/** The folder of a database's own files (SQLite: the file's folder; PostgreSQL: its KEHU_DATA_DIR). */
export const dataDir = (db) => (isUrl(db) ? dataDirs.get(db) : dirname(db));

/** KEHU_DATA_DIR for a command naming a PostgreSQL database with --db (or kehu migrate's --to). */
function dataEnv(args) {
  const i = args.indexOf('--db') >= 0 ? args.indexOf('--db') : args.indexOf('--to');
  const db = i >= 0 ? args[i + 1] : null;
  return db && isUrl(db) && dataDirs.has(db) ? { KEHU_DATA_DIR: dataDirs.get(db) } : {};
}

/** Drop a test's PostgreSQL database (its server stopped). */
function dropDatabase(db) {
  if (!isUrl(db)) return;
  const name = /^postgres(?:ql)?:\/\/\/([^?]+)/.exec(db)?.[1];
  if (name) { try { execFileSync('dropdb', ['-h', PG, '--if-exists', '--force', name]); } catch { /* gone */ } }
  dataDirs.delete(db);
}

/** Run a kehu command; resolves {code, stdout, stderr} (never rejects on exit code). */
export async function kehu(args, env = {}) {
  try {
    const r = await run(KEHU_BIN, args, { env: { ...process.env, KEHU_QUIET: '1', ...dataEnv(args), ...env } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/**
 * Start a server. Options: demo (number of demo customers, 0 = no demo data),
 * testClock (default true: KEHU_TEST_CLOCK=1), dir (an empty folder for the
 * database; default a new temporary one, removed by stop()), env (more
 * environment for `kehu serve`, e.g. KEHU_TRUSTED_PROXIES), accessLog (write
 * the access log to the server's stderr), sqlite (an SQLite file in dir even when
 * the suite runs on PostgreSQL: tests about the local disk).
 * Returns {url, port, db, dir, adminPassword, stop()}.
 */
export async function startServer({ demo = 0, testClock = true, dir = null, env = {}, accessLog = false, sqlite: onSqlite = false } = {}) {
  dir = dir || mkdtempSync(join(tmpdir(), 'kehu-test-'));
  const db = newDatabase(dir, { sqlite: onSqlite });
  const init = await kehu(['init', '--db', db]);
  if (init.code !== 0) throw new Error(`kehu init failed: ${init.stderr}`);
  const m = /administrator login: admin \/ (\S+)/.exec(init.stdout);
  const adminPassword = m ? m[1] : null;
  if (demo > 0) {
    const d = await kehu(['demo', '--db', db, '--customers', String(demo)]);
    if (d.code !== 0) throw new Error(`kehu demo failed: ${d.stderr}${d.stdout}`);
  }
  const server = await serveExisting(db, { testClock, env, accessLog });
  server.adminPassword = adminPassword;
  return server;
}

/*
 * One HTTP request from a chosen loopback source address (any of 127.0.0.0/8),
 * so that a proxy in front of the server sees a client other than itself.
 * Resolves what fetch would: {status, headers (a Headers object), text()}.
 */
function requestFrom(from, method, url, headers, payload) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, localAddress: from, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => {
        const h = new Headers();
        for (let i = 0; i < res.rawHeaders.length; i += 2) h.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode, headers: h, text: async () => text });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * A client of one server: cookie session (with CSRF) or Bearer token. Options:
 * from, the loopback address its requests come from (default: the system's
 * choice); headers, sent with every request (e.g. the Origin a browser sends).
 */
export class Client {
  constructor(url, { token = null, lang = 'zh-CN', from = null, headers = {} } = {}) {
    this.url = url; this.token = token; this.cookie = null; this.csrf = null; this.lang = lang;
    this.from = from; this.headers = headers;
  }

  async login(username, password) {
    const r = await this.req('POST', '/api/v1/auth/login', { username, password });
    if (r.status === 200) {
      const sc = r.headers.get('set-cookie') || '';
      this.cookie = sc.split(';')[0];
      this.csrf = r.body.csrf_token;
      this.user = r.body.user;
    }
    return r;
  }

  /** Send a request; body objects are JSON. Options: csrf (default true), raw (string body). */
  async req(method, path, body, { csrf = true, raw = null, headers = {} } = {}) {
    const h = { 'Accept-Language': this.lang, ...this.headers, ...headers };
    if (this.token) h.Authorization = `Bearer ${this.token}`;
    if (this.cookie) h.Cookie = this.cookie;
    if (this.cookie && csrf && this.csrf && method !== 'GET') h['X-CSRF-Token'] = this.csrf;
    let payload;
    if (raw !== null) payload = raw;
    else if (body !== undefined) { payload = JSON.stringify(body); h['Content-Type'] = 'application/json'; }
    const res = this.from ? await requestFrom(this.from, method, this.url + path, h, payload)
      : await fetch(this.url + path, { method, headers: h, body: payload });
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    return { status: res.status, body: json, text, headers: res.headers };
  }

  get(p, o) { return this.req('GET', p, undefined, o); }
  post(p, b, o) { return this.req('POST', p, b, o); }
  patch(p, b, o) { return this.req('PATCH', p, b, o); }
  put(p, b, o) { return this.req('PUT', p, b, o); }
  del(p, o) { return this.req('DELETE', p, undefined, o); }
}

/** Log in as a demo user (password DEMO_PASSWORD). */
export async function as(server, username, password = DEMO_PASSWORD) {
  const c = new Client(server.url);
  const r = await c.login(username, password);
  if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${r.text}`);
  return c;
}

/**
 * First login of a user whose password an administrator set: log in with it
 * and replace it with `chosen` (nothing else is allowed before). Returns the client.
 */
export async function asNewUser(server, username, preset, chosen = `${preset}-own`) {
  const c = new Client(server.url);
  const r = await c.login(username, preset);
  if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${r.text}`);
  const p = await c.post('/api/v1/auth/password', { old_password: preset, new_password: chosen });
  if (p.status !== 200) throw new Error(`password change of ${username} failed: ${p.status} ${p.text}`);
  return as(server, username, chosen); // a session of its own, signed in with the chosen password
}

/** Valid GB 11643 ID number for a 17-digit body. */
export function idNumber(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * w[i];
  return first17 + '10X98765432'[s % 11];
}

/** Valid GB 32100 USCC for a 17-character body. */
export function uscc(first17) {
  const a = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let s = 0;
  for (let i = 0; i < 17; i++) s += a.indexOf(first17[i]) * w[i];
  const c = 31 - (s % 31);
  return first17 + a[c === 31 ? 0 : c];
}

let mobileSeq = 0;
/** A fresh valid mainland mobile number per call. */
export function mobile() {
  mobileSeq += 1;
  return `139${String(Date.now() % 100000).padStart(5, '0')}${String(mobileSeq).padStart(3, '0')}`.slice(0, 11);
}

// ---- helpers added by the API test suite ----

/**
 * Start `kehu serve` on an existing database (e.g. after server.stop({keep:true})).
 * Options: testClock, env (as startServer). Returns the same shape as startServer (without adminPassword).
 */
export async function serveExisting(db, { testClock = true, env: extra = {}, accessLog = false } = {}) {
  const dir = dataDir(db);
  const env = { ...process.env, KEHU_QUIET: '1', ...dataEnv(['--db', db]), ...extra };
  if (accessLog) delete env.KEHU_QUIET;
  if (testClock) env.KEHU_TEST_CLOCK = '1';
  else delete env.KEHU_TEST_CLOCK;
  const child = spawn(KEHU_BIN, ['serve', '--db', db, '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  // KEHU_TEST_SERVER_LOG=FILE: every server's errors and warnings appended there (debugging a run)
  if (process.env.KEHU_TEST_SERVER_LOG) {
    child.stderr.on('data', (d) => appendFileSync(process.env.KEHU_TEST_SERVER_LOG,
      String(d).split('\n').filter((l) => /level=(error|warn)/.test(l)).map((l) => `${l}\n`).join('')));
  }
  const port = await new Promise((res, rej) => {
    let out = '';
    const timer = setTimeout(() => rej(new Error(`server did not start: ${stderr}`)), 10000);
    child.stdout.on('data', (d) => {
      out += d;
      const pm = /http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (pm) { clearTimeout(timer); res(Number(pm[1])); }
    });
    child.on('exit', (code) => { clearTimeout(timer); rej(new Error(`server exited ${code}: ${stderr}`)); });
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url, port, db, dir, adminPassword: null, child,
    get stderr() { return stderr; },
    async stop({ keep = false } = {}) {
      if (child.exitCode === null && child.signalCode === null) {
        const done = new Promise((r) => child.on('exit', r));
        child.kill('SIGTERM');
        await done;
      }
      if (!keep) { rmSync(dir, { recursive: true, force: true }); dropDatabase(db); }
      return child.exitCode;
    },
  };
}

/**
 * After a server that was running a job died and a new one started on the same database:
 * on SQLite the new server is the database's only one and queues the job again at once;
 * on PostgreSQL other servers may share it, so the job is taken over once its lease
 * (10 minutes) has expired: move the new server's test clock past it.
 */
export async function passJobLease(client) {
  if (!PG) return;
  const r = await client.put('/api/v1/_test/clock', { advance_seconds: 601 });
  if (r.status !== 200) throw new Error(`test clock: ${r.status} ${r.text}`);
}

/** Log in as the administrator printed by `kehu init`. */
/** The demo user who decides an approval step of each role (R-SEC-6 exports, ...). */
const DEMO_APPROVER = { info_supervisor: 'infosup', gm: 'gm', cs_manager: 'csmanager' };

/**
 * Start an export as client c (POST path with body). When it needs an
 * approval (R-SEC-6: 403 approval_required), ask for it as c, have every
 * step approved by the demo users of its roles, and start the export under
 * the approved request. Returns the last answer (202 with job_id, or the
 * refusal); .approval_id says which request was used.
 */
export async function postExport(server, c, body, path = '/api/v1/exports') {
  const r = await c.post(path, body);
  if (r.status !== 403 || r.body?.error?.code !== 'approval_required') return r;
  const one = path.match(/\/customers\/(\d+)\/export$/);
  const ask = await c.post('/api/v1/export-requests', {
    ...(one ? { customer_id: Number(one[1]) } : body || {}), reason: '测试导出', purpose: '核对数据' });
  if (ask.status !== 201) return ask;
  for (let i = 0; i < 4; i++) {
    const q = await c.get(`/api/v1/approvals/${ask.body.id}`);
    if (q.body.state === 'approved') break;
    const step = q.body.steps.find((x) => x.state === 'pending');
    const who = step && DEMO_APPROVER[step.approver.role];
    if (!who) throw new Error(`export request ${ask.body.id}: no demo approver for ${JSON.stringify(step)}`);
    const d = await (await as(server, who)).post(`/api/v1/approvals/${ask.body.id}/approve`, { comment: '同意' });
    if (d.status !== 200) throw new Error(`approve ${ask.body.id} as ${who}: ${d.status} ${d.text}`);
  }
  const started = await c.post(path, { approval_id: ask.body.id });
  started.approval_id = ask.body.id;
  return started;
}

/** Run an export as c (asking for its approval when needed: postExport) and download its file as a Buffer. */
export async function runExport(server, c, body) {
  const r = await postExport(server, c, body);
  if (r.status !== 202) throw new Error(`export: ${r.status} ${r.text}`);
  const job = await waitJob(c, r.body.job_id);
  if (job.state !== 'done') throw new Error(`export job: ${JSON.stringify(job.error)}`);
  const res = await fetch(`${server.url}/api/v1/jobs/${r.body.job_id}/file`, { headers: { Cookie: c.cookie } });
  if (res.status !== 200) throw new Error(`export download: ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

export async function asAdmin(server) {
  return as(server, 'admin', server.adminPassword);
}

/** Walk every page of a list endpoint; returns all items in order. */
export async function allPages(client, path, { limit = 50 } = {}) {
  const items = [];
  let cursor = null;
  for (let guard = 0; guard < 10000; guard++) {
    const sep = path.includes('?') ? '&' : '?';
    const r = await client.get(`${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${r.text}`);
    items.push(...r.body.items);
    cursor = r.body.next_cursor;
    if (!cursor) return items;
  }
  throw new Error('pagination did not end');
}

/** The audit entries (newest first) matching a query string, read by a user with audit.read. */
export async function auditEntries(client, query = '') {
  const r = await client.get(`/api/v1/audit?limit=200${query ? `&${query}` : ''}`);
  if (r.status !== 200) throw new Error(`GET /api/v1/audit: ${r.status} ${r.text}`);
  return r.body.items;
}

/** Poll a background job until it is done or failed; returns its record. */
export async function waitJob(client, id, { tries = 400 } = {}) {
  for (let i = 0; i < tries; i++) {
    const r = await client.get(`/api/v1/jobs/${id}`);
    if (r.status === 200 && (r.body.state === 'done' || r.body.state === 'failed')) return r.body;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`job ${id} did not finish`);
}

/**
 * One SQL statement on a test database (sqlite3 CLI, or psql for PostgreSQL), its output trimmed.
 * The server may be writing at the same moment (a scheduled task): SQLite waits for its lock.
 */
export const sqlite = (db, q) => (isUrl(db)
  ? execFileSync('psql', ['-X', '-q', '-tA', '-d', db, '-c', q]).toString().trim()
  : execFileSync('sqlite3', ['-cmd', '.timeout 10000', db, q]).toString().trim());

/** The definitions of a table's indexes, one line each (to compare before and after). */
export const indexesOf = (db, table) => (isUrl(db)
  ? sqlite(db, `SELECT indexname || ':' || indexdef FROM pg_indexes WHERE tablename = '${table}' ORDER BY indexname`)
  : sqlite(db, `SELECT name || ':' || sql FROM sqlite_master WHERE type = 'index' AND tbl_name = '${table}' AND sql IS NOT NULL ORDER BY name`));

/**
 * Create a user the way the operator of the server does (`kehu user add`):
 * a role that sees customers cannot be given by an administrator alone
 * through the API. Fields as in POST /api/v1/users; resolves {id, ...fields}.
 */
export async function addUser(server, { username, display_name = username, role, department_id = null, branch_id = null, password }) {
  const args = ['user', 'add', username, '--role', role, '--name', display_name, '--password', password, '--db', server.db];
  if (department_id) args.push('--department', String(department_id));
  if (branch_id) args.push('--branch', String(branch_id));
  const r = await kehu(args);
  const m = /created \(id (\d+)\)/.exec(r.stdout);
  if (r.code !== 0 || !m) throw new Error(`kehu user add ${username}: ${r.code} ${r.stderr}${r.stdout}`);
  return { id: Number(m[1]), username, display_name, role, department_id, branch_id };
}

/**
 * Rewrite a database's audit chain as an attacker would (lib/audit_rewrite.py):
 * remove the entries `drop` (ids), number the rest again and hash them with
 * mode 'none' (no key), 'hex:<64 hex>' (another key) or 'master:<kehu.key>'
 * (the installation's audit subkey), and move the head.
 */
export const auditRewrite = (db, mode, drop = []) =>
  execFileSync('python3', [join(here, 'audit_rewrite.py'), db, mode, drop.join(',')]);
