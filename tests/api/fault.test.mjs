// Torture tests at the database boundary (DECISIONS §46), as curl's torture
// tests fail the N-th allocation: each operation runs again and again with
// its N-th database call failing (N = 1, 2, 3 ... until the operation makes
// fewer than N calls). After every run: the answer is a success or a clean
// JSON error (500/503 with an error code), the server keeps serving, a
// failed run changed nothing in the database (R-PLT-6), a successful one did
// what it says, and the audit chain verifies (R-SEC-10).
//
// Needs a build with the fault hook (-Dfault_injection=true: build/asan);
// other builds have no PUT /api/v1/_test/fault and the tests are skipped,
// unless KEHU_FAULT_REQUIRED=1 (scripts/run-tests.sh sets it for the ASan run).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, as, asAdmin, Client, mobile, DEMO_PASSWORD } from '../lib/kehu.mjs';

// More calls than any operation here makes: a loop that reaches it never stopped failing.
const MAX_CALLS = 400;

let s, sales, manager, gm, sup, admin, auditor, hooked = false;
let tables = [];
let seq = 0;
const uniq = () => `${process.pid % 1000}${String(++seq).padStart(4, '0')}`;
const count = (table, where = '1') => Number(sqlite(`SELECT count(*) FROM ${table} WHERE ${where}`).trim());
const sqlite = (q) => execFileSync('sqlite3', ['-batch', s.db, q], { encoding: 'utf8', maxBuffer: 64 << 20 });

before(async () => {
  s = await startServer({ demo: 20 });
  const probe = await new Client(s.url).put('/api/v1/_test/fault', { db_call: 0 });
  hooked = probe.status === 200;
  if (!hooked) {
    if (process.env.KEHU_FAULT_REQUIRED === '1') throw new Error(`this build has no fault hook: ${probe.status}`);
    return;
  }
  // Company time 10:00: no daily task is due, so nothing writes behind the tests' backs.
  const clock = await new Client(s.url).put('/api/v1/_test/clock', { now: '2026-03-02T10:00:00+08:00' });
  assert.equal(clock.status, 200, clock.text);
  sales = await as(s, 'zhangwei');
  manager = await as(s, 'salesmgr');
  gm = await as(s, 'gm');
  sup = await as(s, 'infosup');
  auditor = await as(s, 'shenji');
  admin = await asAdmin(s);
  // The job tortures move the clock on for each retry: sessions must not end for idleness, and the
  // login torture's failed attempts (each fault is a failed login) must not reach a lock-out.
  const limits = await admin.put('/api/v1/settings/parameters', {
    session_idle_minutes: 1440, login_window_seconds: 60,
    login_max_pair_failures: 100, login_max_user_failures: 100, login_max_addr_failures: 10000,
  });
  assert.equal(limits.status, 200, limits.text);
  // Every table but the job queue (a job's own record changes with its run)
  // and the search index's internal tables (its rows are compared through the index).
  tables = sqlite("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'customer_search_%' "
    + "AND name NOT IN ('jobs', 'task_runs') ORDER BY name").trim().split('\n');
});
after(async () => { await s?.stop(); });

/** Every row of every compared table, sorted: equal snapshots mean nothing changed. One sqlite3 run. */
function snapshot() {
  const script = tables.map((t) => {
    const q = t === 'customer_search' ? 'SELECT rowid, * FROM customer_search' : `SELECT * FROM "${t}"`;
    return `SELECT '@@ ${t}'; ${q};`;
  }).join('\n');
  const out = {};
  let rows = null;
  for (const line of sqlite(script).split('\n')) {
    if (line.startsWith('@@ ')) out[line.slice(3)] = rows = [];
    else if (line && rows) rows.push(line);
  }
  for (const t of Object.keys(out)) out[t].sort();
  return out;
}

function changedTables(a, b) {
  return Object.keys(a).filter((t) => JSON.stringify(a[t]) !== JSON.stringify(b[t]));
}

async function arm(n, scope = 'request') {
  const r = await new Client(s.url).put('/api/v1/_test/fault', { db_call: n, scope });
  assert.equal(r.status, 200, r.text);
}

async function fired() {
  const r = await new Client(s.url).get('/api/v1/_test/fault');
  assert.equal(r.status, 200, r.text);
  return r.body.fired;
}

function assertCleanError(r, what) {
  assert.ok(r.status === 500 || r.status === 503, `${what}: ${r.status} ${r.text}`);
  assert.equal(typeof r.body?.error?.code, 'string', `${what}: not a JSON error: ${r.text}`);
  assert.ok(['internal', 'unavailable'].includes(r.body.error.code), `${what}: ${r.text}`);
}

/** The server still answers: its health, and a real request of a logged-in user. */
async function stillServing(what) {
  const h = await new Client(s.url).get('/healthz');
  assert.equal(h.status, 200, `${what}: /healthz ${h.status}`);
  const me = await sales.get('/api/v1/auth/me');
  assert.equal(me.status, 200, `${what}: GET /auth/me ${me.status} ${me.text}`);
}

async function auditVerifies(what) {
  const v = await auditor.get('/api/v1/audit/verify');
  assert.equal(v.status, 200, `${what}: audit verify ${v.status} ${v.text}`);
  assert.equal(v.body.ok, true, `${what}: audit chain broken: ${v.text}`);
}

/**
 * Every call up to op.every (default: all), then every op.stride-th: an
 * operation that repeats one call per row (a backup verifying the audit
 * chain) is sampled past its first rows, to keep the suite's time bounded.
 */
const step = (op, n) => (op.every && n >= op.every ? op.stride : 1);

/** The files the server keeps next to its database (uploads, export results). */
const files = () => (existsSync(join(s.dir, 'files')) ? readdirSync(join(s.dir, 'files')).sort() : []);

/**
 * The torture loop of one request. op.prepare() makes what the request
 * needs (unarmed); op.run(input) sends it with fresh input each time;
 * op.status is its success status; op.check(res, what, input) checks a
 * success. Returns the number of database calls the request makes.
 */
async function torture(name, op) {
  let n = 1;
  let failures = 0;
  for (; n < (op.maxCalls || MAX_CALLS); n += step(op, n)) {
    const what = `${name}, database call ${n}`;
    const input = op.prepare ? await op.prepare() : undefined;
    const before = snapshot();
    const jobs = count('jobs');
    const filesBefore = files();
    await arm(n);
    const res = await op.run(input);
    const hit = await fired();
    if (res.status === op.status) {
      if (op.check) await op.check(res, what, input);
    } else {
      failures++;
      assert.ok(hit, `${what}: failed without a fault: ${res.status} ${res.text}`);
      assertCleanError(res, what);
      assert.deepEqual(changedTables(before, snapshot()), [], `${what}: a failed request changed the database`);
      assert.equal(count('jobs'), jobs, `${what}: a failed request left a job behind`);
      assert.deepEqual(files(), filesBefore, `${what}: a failed request left a file behind`);
    }
    await stillServing(what);
    await auditVerifies(what);
    if (!hit) break;
  }
  await arm(0);
  assert.ok(n < MAX_CALLS, `${name}: still failing after ${MAX_CALLS} calls`);
  assert.ok(failures > 0, `${name}: no injected fault made it fail`);
  return n - 1;
}

async function waitJob(c, id) {
  let moved = 0;
  for (let i = 0; i < 1000; i++) {
    const r = await c.get(`/api/v1/jobs/${id}`);
    if (r.status === 200 && ['done', 'failed'].includes(r.body.state)) return r.body;
    if (r.status === 200 && r.body.state === 'queued' && r.body.attempts > moved) {
      // Failed, queued for another attempt: move the clock past its delay (once per attempt).
      moved = r.body.attempts;
      await new Client(s.url).put('/api/v1/_test/clock', { advance_seconds: 60 * moved });
      await new Client(s.url).post('/api/v1/_test/scheduler/tick');
    }
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error(`job ${id} did not finish: ${JSON.stringify((await c.get(`/api/v1/jobs/${id}`)).body)}`);
}

/**
 * The torture loop of a job (import, export, backup): the request is sent
 * unarmed, its job's run has the N-th call failing. The job ends done, or
 * failed with a message and nothing changed; it never stays running.
 */
async function tortureJob(name, op) {
  let n = 1;
  let failures = 0;
  for (; n < (op.maxCalls || MAX_CALLS); n += step(op, n)) {
    const what = `${name} job, database call ${n}`;
    const input = op.prepare ? await op.prepare() : undefined;
    const before = snapshot();
    const filesBefore = files();
    await arm(n, 'job');
    const r = await op.submit(input);
    assert.equal(r.status, 202, `${what}: ${r.text}`);
    const job = await waitJob(op.client, r.body.job_id);
    const hit = await fired();
    if (job.state === 'done') {
      await op.check(job, r.body.job_id, what);
    } else {
      failures++;
      assert.ok(hit, `${what}: failed without a fault: ${JSON.stringify(job.error)}`);
      assert.ok(job.error?.message_en, `${what}: a failed job without a message`);
      assert.deepEqual(changedTables(before, snapshot()), [], `${what}: a failed job changed the database`);
      assert.deepEqual(files(), filesBefore, `${what}: a failed job left a file behind`);
    }
    await stillServing(what);
    await auditVerifies(what);
    if (!hit) break;
  }
  await arm(0);
  assert.ok(n < (op.maxCalls || MAX_CALLS), `${name}: still failing after ${n} calls`);
  return { calls: n - 1, failures };
}

function hookTest(name, fn) {
  test(name, async (t) => {
    if (!hooked) { t.skip('no fault hook in this build (-Dfault_injection=true)'); return; }
    await fn(t);
  });
}

async function newCustomer(c = sales) {
  const r = await c.post('/api/v1/customers', { kind: 'individual', name: `故障客户${uniq()}`, mobile: mobile() });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

// ---- requests ----

hookTest('R-PLT-6: login with any database call failing: a session and its audit entry, or a clean error and nothing', async () => {
  let calls = 0;
  await torture('login', {
    status: 200,
    // Each fault is a failed login: every 50 calls the clock passes the (60 s) window, so the
    // failures before never add up to a lock-out. A failed login's audit entry that its fault kept
    // from the database waits for the next login's write: an unarmed login writes them first, so
    // each armed one makes only its own calls.
    prepare: async () => {
      if (++calls % 50 === 0) await new Client(s.url).put('/api/v1/_test/clock', { advance_seconds: 61 });
      const flush = await new Client(s.url).login('lina', DEMO_PASSWORD);
      assert.equal(flush.status, 200, flush.text);
    },
    run: () => new Client(s.url).login('lina', DEMO_PASSWORD),
    check: (r, what) => assert.ok(r.body.csrf_token, what),
  });
});

hookTest('R-PLT-6 R-SEC-10: create customer with any database call failing: created and audited, or nothing at all', async () => {
  let last;
  await torture('create customer', {
    status: 201,
    run: () => {
      last = { kind: 'individual', name: `故障新建${uniq()}`, mobile: mobile() };
      return sales.post('/api/v1/customers', last);
    },
    check: async (r, what) => {
      // The phone is stored sealed (R-SEC-11): its blind-index key says it was stored with the row.
      assert.equal(count('customers', `id = ${r.body.id} AND mobile LIKE 'k%:%'`), 1, what);
      assert.equal(count('customer_keys', `customer_id = ${r.body.id} AND kind = 'phone'`), 1, `${what}: its phone key`);
      assert.equal(count('customer_search', `rowid = ${r.body.id}`), 1, `${what}: searchable`);
      assert.equal(count('audit_log', `action = 'customer.create' AND target_id = '${r.body.id}'`), 1, what);
    },
  });
});

hookTest('R-PLT-6 R-SEC-10: update customer with any database call failing: the change, its history and audit, or nothing', async () => {
  const c = await newCustomer();
  let name;
  // History values are sealed (R-SEC-11): each kept change adds exactly one row for the name.
  let names = count('field_history', `customer_id = ${c.id} AND field = 'name'`);
  await torture('update customer', {
    status: 200,
    run: () => {
      name = `故障更新${uniq()}`;
      return sales.patch(`/api/v1/customers/${c.id}`, { name, notes: `备注${uniq()}` });
    },
    check: (r, what) => {
      assert.equal(r.body.name, name, what);
      assert.equal(count('customers', `id = ${c.id} AND name = '${name}'`), 1, what);
      names += 1;
      assert.equal(count('field_history', `customer_id = ${c.id} AND field = 'name'`), names, what);
      // The answer is the record: read in the update's transaction, and audited as a read there.
      assert.ok(count('audit_log', `action = 'customer.read' AND target_id = '${c.id}'`) >= 1, what);
    },
  });
});

hookTest('R-PLT-6: transfer with any database call failing: new owner with history and audit, or nothing', async () => {
  const c = await newCustomer();
  const users = (await manager.get('/api/v1/users')).body.items;
  const ids = ['zhangwei', 'lina'].map((u) => users.find((x) => x.username === u).id);
  let to;
  await torture('transfer', {
    status: 200,
    run: () => {
      const owner = Number(sqlite(`SELECT owner_id FROM customers WHERE id = ${c.id}`).trim());
      to = owner === ids[0] ? ids[1] : ids[0];
      return manager.post(`/api/v1/customers/${c.id}/transfer`, { owner_id: to, reason: `故障转移${uniq()}` });
    },
    check: (r, what) => assert.equal(count('customers', `id = ${c.id} AND owner_id = ${to}`), 1, what),
  });
});

hookTest('R-PLT-6: archive and unarchive with any database call failing', async () => {
  const c = await newCustomer();
  let archived;
  await torture('archive', {
    status: 200,
    run: () => {
      archived = count('customers', `id = ${c.id} AND archived = 1`) === 1;
      return gm.post(`/api/v1/customers/${c.id}/${archived ? 'unarchive' : 'archive'}`);
    },
    check: (r, what) => assert.equal(count('customers', `id = ${c.id} AND archived = ${archived ? 0 : 1}`), 1, what),
  });
});

hookTest('R-PLT-6: add contact with any database call failing', async () => {
  const c = await newCustomer();
  await torture('add contact', {
    status: 201,
    run: () => sales.post(`/api/v1/customers/${c.id}/contacts`, { name: `联系人${uniq()}`, mobile: mobile() }),
    check: (r, what) => assert.equal(count('contacts', `id = ${r.body.id} AND customer_id = ${c.id}`), 1, what),
  });
});

hookTest('R-PLT-6: create user with any database call failing', async () => {
  let name;
  await torture('create user', {
    status: 201,
    run: () => {
      name = `fault${uniq()}`;
      return admin.post('/api/v1/users', { username: name, display_name: '故障用户', role: 'technician', department_id: 1, branch_id: 1, password: 'fault-password-2026' });
    },
    check: (r, what) => assert.equal(count('users', `username = '${name}'`), 1, what),
  });
});

hookTest('R-PLT-6: settings change (numbering rule) with any database call failing', async () => {
  let digits = 5;
  await torture('settings change', {
    status: 200,
    run: () => {
      digits = digits === 5 ? 6 : 5;
      return admin.put('/api/v1/settings/numbering', { prefix: 'KH', date_part: 'yyyymm', digits, per_branch: true });
    },
    check: (r, what) => assert.equal(r.body.digits, digits, what),
  });
});

hookTest('R-PLT-6: backup settings change (three settings) with any database call failing: all of them or none', async () => {
  let retention = 7;
  await torture('backup settings change', {
    status: 200,
    run: () => {
      retention = retention === 7 ? 9 : 7;
      return admin.put('/api/v1/backups/settings', { retention, hour: retention - 5, dir: join(s.dir, 'backups') });
    },
    check: (r, what) => {
      assert.equal(r.body.retention, retention, what);
      assert.equal(count('settings', `key = 'backup_retention' AND value = '${retention}'`), 1, what);
      assert.equal(count('settings', `key = 'backup_hour' AND value = '${retention - 5}'`), 1, what);
    },
  });
});

hookTest('R-SEC-10: get customer with any database call failing: an answered read is audited', async () => {
  const c = await newCustomer();
  await torture('get customer', {
    status: 200,
    run: () => sales.get(`/api/v1/customers/${c.id}`),
    check: (r, what) => {
      assert.equal(r.body.id, c.id, what);
      // The read's entry is written after the answer; GET /_test/fault waited for it.
      const reads = count('audit_log', `action = 'customer.read' AND target_id = '${c.id}'`);
      assert.ok(reads >= 1, `${what}: an answered read without its audit entry`);
    },
  });
});

hookTest('R-ARC-9: customer list and search with any database call failing: the whole page or an error', async () => {
  const all = (await manager.get('/api/v1/customers?limit=25')).body.items.length;
  assert.equal(all, 25);
  await torture('customer list', {
    status: 200,
    run: () => manager.get('/api/v1/customers?limit=25'),
    check: (r, what) => assert.equal(r.body.items.length, all, `${what}: a short list`),
  });
  const found = (await manager.get(`/api/v1/customers?q=${encodeURIComponent('故障')}&limit=25`)).body.items.length;
  assert.ok(found > 5);
  await torture('customer search', {
    status: 200,
    run: () => manager.get(`/api/v1/customers?q=${encodeURIComponent('故障')}&limit=25`),
    check: (r, what) => assert.equal(r.body.items.length, found, `${what}: a short search`),
  });
});

hookTest('R-SEC-10: audit list with any database call failing: the whole page or an error', async () => {
  await torture('audit list', {
    status: 200,
    run: () => auditor.get('/api/v1/audit?limit=25'),
    check: (r, what) => assert.equal(r.body.items.length, 25, `${what}: a short page`),
  });
});

// ---- jobs: the request, then the job's own run ----

const csv = () => `客户名称,手机\n导入甲${uniq()},${mobile()}\n导入乙${uniq()},${mobile()}\n`;
const uploadBody = () => ({ raw: csv(), headers: { 'Content-Type': 'application/octet-stream' } });

async function upload() {
  const r = await sales.req('POST', '/api/v1/imports/files?name=fault.csv', undefined, uploadBody());
  assert.equal(r.status, 201, r.text);
  return r.body.file_id;
}

async function importDone(job, what) {
  assert.equal(job.state, 'done', `${what}: ${JSON.stringify(job.error)}`);
  assert.equal(job.summary.created, 2, `${what}: ${JSON.stringify(job.summary)}`);
  if (job.summary.search_index === 'ready') {
    assert.equal(count('search_backlog'), 0, `${what}: ready, yet documents wait`);
    return;
  }
  // The fault hit its search index phase: the customers are committed, and the server's job
  // (customer.search_backlog, run now as the scheduler would within a minute) puts them in.
  assert.equal(job.summary.search_index, 'building', `${what}: ${JSON.stringify(job.summary)}`);
  // The scheduler runs that task each minute while documents wait: its run may have put them
  // in already (nothing waits: done), or be queued or running (the request below is refused
  // as a conflict, and its run is the one to wait for).
  if (count('search_backlog') === 0) return;
  const run = await admin.post('/api/v1/scheduled-tasks/customer.search_backlog/run', {});
  assert.ok([202, 409].includes(run.status), `${what}: ${run.text}`);
  let t;
  for (let i = 0; i < 500; i++) {
    t = (await admin.get('/api/v1/scheduled-tasks')).body.items.find((x) => x.name === 'customer.search_backlog');
    const mine = run.status === 202 ? t.job && t.job.id === run.body.job_id : t.job;
    if (mine && ['done', 'failed'].includes(t.job.state) && (run.status === 202 || count('search_backlog') === 0)) break;
    await new Promise((res) => setTimeout(res, 20));
  }
  assert.equal(t.job.state, 'done', `${what}: the search index job: ${JSON.stringify(t.job)}`);
  assert.equal(count('search_backlog'), 0, `${what}: documents still wait after the job`);
}

hookTest('R-PLT-6: import of a small CSV with any database call failing, in the upload, the request and the job', async () => {
  await torture('import upload', {
    status: 201,
    run: () => sales.req('POST', '/api/v1/imports/files?name=fault.csv', undefined, uploadBody()),
  });
  await torture('import request', {
    status: 202,
    prepare: upload,
    run: (fileId) => sales.post('/api/v1/imports', { file_id: fileId }),
    check: async (r, what) => importDone(await waitJob(sales, r.body.job_id), what),
  });
  // A run that failed after its rows were stored must not run again: it would
  // meet its own rows as duplicates and report 0 created.
  await tortureJob('import', {
    client: sales,
    prepare: upload,
    submit: (fileId) => sales.post('/api/v1/imports', { file_id: fileId }),
    check: (job, id, what) => importDone(job, what),
  });
});

// The exports here are the information supervisor's: an approver of exports exports without a
// request (R-SEC-6), so every attempt is the export itself.
async function exportFile(id, what) {
  const res = await fetch(`${s.url}/api/v1/jobs/${id}/file`, { headers: { Cookie: sup.cookie } });
  assert.equal(res.status, 200, `${what}: the result file`);
  const text = Buffer.from(await res.arrayBuffer()).toString('utf8');
  const lines = text.split('\n').filter(Boolean);
  const visible = count('customers', 'archived = 0 AND secrecy = 0');
  assert.ok(lines.length >= visible, `${what}: ${lines.length} lines for ${visible} customers`);
}

hookTest('R-SEC-10: export with any database call failing, in the request and in the job: the whole file, audited, or a failed job', async () => {
  await torture('export request', {
    status: 202,
    run: () => sup.post('/api/v1/exports', { format: 'csv' }),
    check: async (r, what) => {
      const job = await waitJob(sup, r.body.job_id);
      assert.equal(job.state, 'done', `${what}: ${JSON.stringify(job.error)}`);
    },
  });
  let audited;
  await tortureJob('export', {
    client: sup,
    every: 150,
    stride: 7, // past the first page, calls repeat per customer (its contacts): sampled
    maxCalls: 100000,
    prepare: () => { audited = count('audit_log', "action = 'customer.export'"); },
    submit: () => sup.post('/api/v1/exports', { format: 'csv' }),
    check: async (job, id, what) => {
      await exportFile(id, what);
      const now = count('audit_log', "action = 'customer.export'");
      assert.equal(now, audited + 1, `${what}: an export is audited once`);
    },
  });
});

const backups = () => (existsSync(join(s.dir, 'backups')) ? readdirSync(join(s.dir, 'backups')).sort() : []);

hookTest('R-PLT-6: backup with any database call failing, in the request and in the job: a verified file, or none', async () => {
  await torture('backup request', {
    status: 202,
    run: () => admin.post('/api/v1/backups'),
    check: async (r, what) => {
      const job = await waitJob(admin, r.body.job_id);
      assert.equal(job.state, 'done', `${what}: ${JSON.stringify(job.error)}`);
    },
  });
  await tortureJob('backup', {
    client: admin,
    every: 60,
    stride: 41, // past the copy, one call per audit entry: the chain check of the copy
    maxCalls: 100000,
    submit: () => admin.post('/api/v1/backups'),
    check: (job, id, what) => {
      const now = backups();
      assert.ok(now.includes(job.summary.name), `${what}: ${job.summary.name} not in ${now}`);
      assert.ok(!now.some((f) => f.endsWith('.part')), `${what}: a partial backup is listed`);
    },
  });
  assert.ok(!backups().some((f) => f.includes('.part') || f.includes('.verify')), 'no partial file stays');
});
