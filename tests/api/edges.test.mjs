// The edges of the server: bodies refused before they are read (who, how big, the
// user's quota, the disk's reserve), slow clients cut at a deadline with room kept
// for logins, and a stop on SIGTERM that finishes what it answered and exits 0.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, serveExisting, Client, as, asAdmin, mobile, sqlite, waitJob, postExport } from '../lib/kehu.mjs';
import { startServerOnSmallDisk, smallDiskUnavailable } from '../lib/smalldisk.mjs';

const servers = [];
after(async () => { for (const s of servers) await s.stop().catch(() => {}); });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const storedFiles = (s) => (existsSync(join(s.dir, 'files')) ? readdirSync(join(s.dir, 'files')) : []);

/**
 * A raw HTTP/1.1 request on its own socket. Resolves {status, text, bytesSent}
 * when the server closes the connection (status 0 when it has not within 5 s).
 * Without body only the head is sent: an answer then came before the body.
 */
function rawRequest(port, head, body = Buffer.alloc(0)) {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host: '127.0.0.1' });
    setTimeout(() => sock.destroy(), 5000);
    let text = '';
    let sent = 0;
    sock.on('data', (d) => { text += d; });
    sock.on('error', () => {});
    sock.on('close', () => {
      const m = /^HTTP\/1\.1 (\d+)/.exec(text);
      resolve({ status: m ? Number(m[1]) : 0, text, bytesSent: sent });
    });
    sock.on('connect', async () => {
      sock.write(head);
      for (let off = 0; off < body.length && !sock.destroyed && !text; off += 65536) {
        const piece = body.subarray(off, off + 65536);
        if (!sock.write(piece)) await new Promise((r) => sock.once('drain', r).once('close', r));
        sent += piece.length;
        await sleep(1);
      }
    });
  });
}

function uploadHead(port, c, size, path = '/api/v1/imports/files?name=a.csv') {
  const auth = c && c.cookie ? `Cookie: ${c.cookie}\r\nX-CSRF-Token: ${c.csrf}\r\n` : '';
  return `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${auth}` +
    `Content-Type: text/csv\r\nContent-Length: ${size}\r\nConnection: close\r\n\r\n`;
}

async function upload(c, data, name = 'list.csv') {
  return c.req('POST', `/api/v1/imports/files?name=${encodeURIComponent(name)}`, undefined,
    { raw: data, headers: { 'Content-Type': 'text/csv' } });
}

// ---- item 10: bodies ----

let shared = null; // one server for the body tests that do not stop it
async function bodyServer() {
  if (!shared) { shared = await startServer({ demo: 1 }); servers.push(shared); }
  return shared;
}

test('R-PLT-6: issue 10 item 10: an unauthenticated upload is refused with 401 before its body is read, and nothing reaches the disk', async () => {
  const s = await bodyServer();
  const before = storedFiles(s).length;
  // Only the head is sent: the answer comes without the body.
  const r = await rawRequest(s.port, uploadHead(s.port, null, 8 << 20));
  assert.equal(r.status, 401, r.text);
  assert.equal(storedFiles(s).length, before);
  // A small body that a client sends at once is read and dropped, then answered.
  const small = await rawRequest(s.port, uploadHead(s.port, null, 1 << 20), Buffer.alloc(1 << 20, 0x41));
  assert.equal(small.status, 401, small.text);
  assert.equal(storedFiles(s).length, before);
  // A JSON body to a route that needs a login is refused the same way.
  const w = await rawRequest(s.port, `POST /api/v1/customers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200000\r\n\r\n`, Buffer.alloc(200000, 0x20));
  assert.equal(w.status, 401);
});

test('R-PLT-6: issue 10 item 10: a Content-Length over the limit is refused with 413 naming the limit, before the body is read', async () => {
  const s = await bodyServer();
  const before = storedFiles(s).length;
  const zw = await as(s, 'zhangwei');
  const big = await rawRequest(s.port, uploadHead(s.port, zw, 300 << 20));
  assert.equal(big.status, 413, big.text);
  assert.match(big.text, /at most 256 MB|最多 256 MB/);
  const login = await rawRequest(s.port, `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${5 << 20}\r\n\r\n`);
  assert.equal(login.status, 413, login.text);
  assert.match(login.text, /最多 1 MB/);
  assert.equal(storedFiles(s).length, before);
});

test('R-PLT-3: issue 10 item 10: a user without the right to import is refused before the body, and the per-user upload quota is kept (507 naming it)', async () => {
  const s = await bodyServer();
  const admin = await asAdmin(s);
  const set = await admin.put('/api/v1/settings/parameters', { upload_quota_mb: 1 });
  assert.equal(set.status, 200, set.text);
  const auditor = await as(s, 'shenji');
  const refused = await rawRequest(s.port, uploadHead(s.port, auditor, 4 << 20), Buffer.alloc(4 << 20, 0x41));
  assert.equal(refused.status, 403, refused.text);
  const zw = await as(s, 'zhangwei');
  const first = await upload(zw, `客户名称,手机\n${'配额测试,' + mobile() + '\n'}`.padEnd(700 * 1024, ' '));
  assert.equal(first.status, 201, first.text);
  // The UI asks first, with the file's size: the same answers, before anything is sent.
  const room = await zw.get(`/api/v1/imports/room?size=${400 * 1024}`);
  assert.equal(room.status, 507, room.text);
  assert.match(room.body.error.message_en, /upload quota reached: 1 MB stored of 1 MB/);
  assert.equal((await zw.get(`/api/v1/imports/room?size=${300 << 20}`)).status, 413);
  assert.equal((await auditor.get('/api/v1/imports/room?size=10')).status, 403);
  const fits = await zw.get('/api/v1/imports/room?size=1000');
  assert.equal(fits.status, 200, fits.text);
  assert.ok(fits.body.room >= 1000 && fits.body.room <= 330 * 1024, String(fits.body.room));
  const over = await rawRequest(s.port, uploadHead(s.port, zw, 400 * 1024), Buffer.alloc(400 * 1024, 0x41));
  assert.equal(over.status, 507, over.text);
  const err = JSON.parse(over.text.slice(over.text.indexOf('{'))).error;
  assert.equal(err.code, 'insufficient_storage');
  assert.equal(err.field, 'file');
  assert.match(err.message_en, /quota/);
  // The same upload without a Content-Length (chunked) is cut at the quota too.
  const data = Buffer.alloc(400 * 1024, 0x41);
  const chunked = await rawRequest(s.port,
    `POST /api/v1/imports/files?name=b.csv HTTP/1.1\r\nHost: x\r\nCookie: ${zw.cookie}\r\nX-CSRF-Token: ${zw.csrf}\r\n` +
    'Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n',
    Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n0\r\n\r\n')]));
  assert.equal(chunked.status, 507, chunked.text);
  assert.match(chunked.text, /upload quota/);
  assert.equal(storedFiles(s).filter((f) => f.startsWith('upload-')).length, 1);
  // Another user has a quota of their own.
  const other = await as(s, 'lina');
  assert.equal((await upload(other, `客户名称,手机\n配额二,${mobile()}\n`)).status, 201);
});

const noDisk = smallDiskUnavailable();
test('R-PLT-6: issue 10 item 10: below the free-space reserve uploads and exports answer 507 while logins, reads and their audit go on', { skip: noDisk ?? false }, async () => {
  const s = await startServerOnSmallDisk({ sizeMB: 48, demo: 3 });
  servers.push(s);
  const admin = await asAdmin(s);
  assert.equal((await admin.put('/api/v1/settings/parameters', { disk_reserve_mb: 16 })).status, 200);
  const zw = await as(s, 'zhangwei');
  assert.equal((await upload(zw, `客户名称,手机\n留量,${mobile()}\n`)).status, 201, 'above the reserve');
  // Leave about 8 MB: below the 16 MB reserve, but the database can still write.
  s.fill();
  const { rmSync, truncateSync, statSync } = await import('node:fs');
  const filler = join(s.dir, 'filler');
  truncateSync(filler, Math.max(0, statSync(filler).size - (8 << 20)));
  const up = await rawRequest(s.port, uploadHead(s.port, zw, 1024), Buffer.alloc(1024, 0x41));
  assert.equal(up.status, 507, up.text);
  assert.match(up.text, /16 MB/);
  const ex = await postExport(s, zw, { format: 'csv' });
  assert.equal(ex.status, 507, ex.text);
  assert.equal(JSON.parse(ex.text).error.code, 'insufficient_storage');
  const auditor = await as(s, 'shenji');
  assert.equal((await auditor.post('/api/v1/audit/exports', {})).status, 507, 'the audit export too');
  // Logins, reads and their audit are not held back by the reserve.
  const again = new Client(s.url);
  assert.equal((await again.login('zhangwei', 'kehu-demo-2026')).status, 200);
  const list = await zw.get('/api/v1/customers?limit=1');
  assert.equal(list.status, 200);
  const id = list.body.items[0].id;
  assert.equal((await zw.get(`/api/v1/customers/${id}`)).status, 200);
  await sleep(300);
  const reads = Number(sqlite(s.db, `SELECT count(*) FROM audit_log WHERE action = 'customer.read' AND target_id = '${id}'`));
  assert.ok(reads >= 1, 'the read was audited');
  rmSync(filler, { force: true });
  assert.equal((await upload(zw, `客户名称,手机\n又有空间,${mobile()}\n`)).status, 201, 'room again');
});

// ---- item 11: slow clients ----

test('R-PLT-5: issue 10 item 11: a header trickled line by line is cut at the header deadline although each line keeps the connection busy', async () => {
  const s = await startServer({ env: { KEHU_HEADER_TIMEOUT: '2' } });
  servers.push(s);
  const started = Date.now();
  const closedAfter = await new Promise((resolve) => {
    const sock = net.connect({ port: s.port, host: '127.0.0.1' });
    sock.on('error', () => {});
    let n = 0;
    const timer = setInterval(() => { if (!sock.destroyed) sock.write(`X-Slow-${n++}: a\r\n`); }, 400);
    sock.on('connect', () => sock.write('GET /healthz HTTP/1.1\r\nHost: x\r\n'));
    sock.on('close', () => { clearInterval(timer); resolve(Date.now() - started); });
    setTimeout(() => { clearInterval(timer); sock.destroy(); resolve(-1); }, 8000);
  });
  assert.ok(closedAfter > 1500 && closedAfter < 4000, `cut after ${closedAfter} ms (deadline 2 s)`);
  // A keep-alive connection that is used in time is not cut.
  const r = await fetch(`${s.url}/healthz`);
  assert.equal(r.status, 200);
});

test('R-PLT-5: issue 10 item 11: with slow connections filling the cap from several addresses, a login and /healthz still answer', async () => {
  const s = await startServer({
    demo: 1,
    env: { KEHU_HEADER_TIMEOUT: '30', KEHU_MAX_CONNECTIONS: '48', KEHU_CONNECTION_RESERVE: '8', KEHU_PER_ADDRESS_CONNECTIONS: '16' },
  });
  servers.push(s);
  const socks = [];
  const openSlow = (addr) => new Promise((resolve) => {
    const sock = net.connect({ port: s.port, host: '127.0.0.1', localAddress: addr });
    sock.on('error', () => resolve(null));
    sock.on('connect', () => { sock.write('GET /healthz HTTP/1.1\r\nHost: x\r\n'); socks.push(sock); resolve(sock); });
  });
  // Four addresses, each at its own limit: 64 attempts for 48 places.
  for (const a of ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5']) {
    for (let i = 0; i < 16; i++) await openSlow(a);
  }
  // One address cannot take more than its share.
  await sleep(300);
  const t0 = Date.now();
  const c = new Client(s.url);
  const login = await c.login('zhangwei', 'kehu-demo-2026');
  assert.equal(login.status, 200, login.text);
  const health = await fetch(`${s.url}/healthz`);
  assert.equal(health.status, 200);
  assert.ok(Date.now() - t0 < 3000, `answered in ${Date.now() - t0} ms`);
  const alive = socks.filter((x) => !x.destroyed && x.readyState === 'open').length;
  assert.ok(alive <= 48 - 8, `the slow connections keep at most cap less reserve: ${alive}`);
  assert.match(s.stderr, /connections cut to keep the reserve/);
  for (const x of socks) x.destroy();
});

// ---- item 14: stopping ----

/** Send SIGTERM; resolves {code, ms}. */
async function term(s) {
  const t0 = Date.now();
  const done = new Promise((r) => s.child.on('exit', (code) => r(code)));
  s.child.kill('SIGTERM');
  const code = await done;
  return { code, ms: Date.now() - t0 };
}

test('R-PLT-6: issue 10 item 14: SIGTERM under concurrent writes exits 0 within the stop time, and every acknowledged write is there after the restart', async () => {
  const s = await startServer({ demo: 1, env: { KEHU_STOP_SECONDS: '5' } });
  servers.push(s);
  const writers = await Promise.all(['zhangwei', 'lina', 'wangqiang', 'zhangwei'].map((u) => as(s, u)));
  const acked = [];
  let stop = false;
  const loops = writers.map(async (c, w) => {
    for (let i = 0; !stop; i++) {
      const name = `停机${w}号${i}`;
      const r = await c.post('/api/v1/customers', { name, kind: 'individual', mobile: `166${w}${String(i).padStart(7, '0')}` })
        .catch(() => ({ status: 0 }));
      if (r.status === 201) acked.push(r.body.id);
      else if (r.status !== 0 && r.status !== 503) assert.fail(`unexpected ${r.status} ${r.text}`);
      if (r.status === 0) return;
    }
  });
  // Idle keep-alive connections besides the writers: they must not hold the stop.
  const idle = await Promise.all([0, 1, 2].map(() => new Promise((resolve) => {
    const sock = net.connect({ port: s.port, host: '127.0.0.1' }, () => sock.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'));
    sock.on('data', () => resolve(sock));
    sock.on('error', () => {});
  })));
  await sleep(700);
  const { code, ms } = await term(s);
  stop = true;
  await Promise.all(loops);
  for (const x of idle) x.destroy();
  assert.equal(code, 0, s.stderr.split('\n').slice(-6).join('\n'));
  assert.ok(ms < 5000, `stopped in ${ms} ms`);
  assert.doesNotMatch(s.stderr, /suspended connections/);
  assert.ok(acked.length > 0);
  const again = await serveExisting(s.db);
  servers.push(again);
  const ids = new Set(sqlite(s.db, `SELECT id FROM customers WHERE name LIKE '停机%'`).split('\n').map(Number));
  const lost = acked.filter((id) => !ids.has(id));
  assert.deepEqual(lost, [], `${acked.length} acknowledged writes`);
});

test('R-PLT-6: issue 10 item 14: a request in flight at SIGTERM is finished and answered with Connection: close, and the server exits 0', async () => {
  const s = await startServer({ demo: 1 });
  servers.push(s);
  const zw = await as(s, 'zhangwei');
  const data = Buffer.from(`客户名称,手机\n在途上传,${mobile()}\n`.padEnd(256 * 1024, ' '));
  const answer = new Promise((resolve) => {
    const sock = net.connect({ port: s.port, host: '127.0.0.1' });
    let text = '';
    sock.on('data', (d) => { text += d; });
    sock.on('close', () => resolve(text));
    sock.on('error', () => {});
    sock.on('connect', async () => {
      sock.write(`POST /api/v1/imports/files?name=inflight.csv HTTP/1.1\r\nHost: x\r\nCookie: ${zw.cookie}\r\n` +
        `X-CSRF-Token: ${zw.csrf}\r\nContent-Length: ${data.length}\r\n\r\n`);
      sock.write(data.subarray(0, 1000));
      await sleep(300);
      s.child.kill('SIGTERM'); // the rest of the body comes after the signal
      await sleep(300);
      sock.write(data.subarray(1000));
    });
  });
  const code = await new Promise((r) => s.child.on('exit', r));
  const text = await answer;
  assert.match(text, /^HTTP\/1\.1 201/, text);
  assert.match(text, /Connection: close/i);
  assert.equal(code, 0);
  assert.equal(sqlite(s.db, "SELECT count(*) FROM uploads WHERE name = 'inflight.csv'"), '1');
});

test('R-PLT-6: issue 10 item 11: a connection limit that is not a whole number in range stops kehu serve before it starts', async () => {
  const { kehu } = await import('../lib/kehu.mjs');
  const r = await kehu(['serve', '--db', '/nonexistent/kehu.db', '--port', '0'], { KEHU_HEADER_TIMEOUT: '0' });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /KEHU_HEADER_TIMEOUT must be a whole number from 1 to 3600/);
});

function bigCsv(n, tag) {
  const lines = ['客户名称,手机'];
  for (let i = 0; i < n; i++) lines.push(`停导${tag}号${i},13${tag}${String(i).padStart(8, '0')}`.slice(0, 100));
  return lines.join('\n') + '\n';
}

test('R-PLT-6: issue 10 item 14: SIGTERM during a long batched import exits 0 in time; the committed batches stay and the import resumes after the restart', async () => {
  const s = await startServer({ demo: 1, env: { KEHU_STOP_SECONDS: '5' } });
  servers.push(s);
  const zw = await as(s, 'zhangwei');
  const rows = 20000;
  const up = await upload(zw, bigCsv(rows, '7'), 'big.csv');
  assert.equal(up.status, 201, up.text);
  const r = await zw.post('/api/v1/imports', { file_id: up.body.file_id, mode: 'valid_rows' });
  assert.equal(r.status, 202, r.text);
  const id = r.body.job_id;
  for (let i = 0; i < 400; i++) { // until some batches are in
    const n = Number(sqlite(s.db, `SELECT count(*) FROM customers WHERE name LIKE '停导7号%'`));
    if (n >= 1000) break;
    await sleep(25);
  }
  const { code, ms } = await term(s);
  assert.equal(code, 0, s.stderr.split('\n').slice(-6).join('\n'));
  assert.ok(ms < 5000, `stopped in ${ms} ms`);
  const stored = Number(sqlite(s.db, `SELECT count(*) FROM customers WHERE name LIKE '停导7号%'`));
  const [state, params] = sqlite(s.db, `SELECT state, params FROM jobs WHERE id = ${id}`).split('|');
  assert.ok(stored >= 1000 && stored < rows, `stopped between batches: ${stored} of ${rows} rows stored`);
  assert.equal(stored % 1000, 0, 'whole batches');
  assert.equal(state, 'queued');
  assert.equal(JSON.parse(params).resume.rows, stored, 'resumes after the committed batches');
  const again = await serveExisting(s.db);
  servers.push(again);
  const zw2 = await as(again, 'zhangwei');
  const job = await waitJob(zw2, id, { tries: 2400 });
  assert.equal(job.state, 'done', JSON.stringify(job));
  assert.equal(Number(sqlite(s.db, `SELECT count(*) FROM customers WHERE name LIKE '停导7号%'`)), rows, 'every row once');
  assert.equal(job.summary.created, rows);
});

test('R-PLT-6: issue 10 item 14: SIGTERM during an all-or-nothing import exits 0 in time with nothing of it stored, and the import runs again after the restart', async () => {
  const s = await startServer({ demo: 1, env: { KEHU_STOP_SECONDS: '5' } });
  servers.push(s);
  const zw = await as(s, 'zhangwei');
  const rows = 20000;
  const up = await upload(zw, bigCsv(rows, '8'), 'all.csv');
  assert.equal(up.status, 201, up.text);
  const r = await zw.post('/api/v1/imports', { file_id: up.body.file_id });
  assert.equal(r.status, 202, r.text);
  const id = r.body.job_id;
  for (let i = 0; i < 400; i++) { // until it is running and has staged rows
    const j = (await zw.get(`/api/v1/jobs/${id}`)).body;
    if (j.state === 'running' && j.done > 0) break;
    await sleep(25);
  }
  const { code, ms } = await term(s);
  assert.equal(code, 0, s.stderr.split('\n').slice(-6).join('\n'));
  assert.ok(ms < 5000, `stopped in ${ms} ms`);
  assert.equal(sqlite(s.db, `SELECT state FROM jobs WHERE id = ${id}`), 'queued');
  assert.equal(Number(sqlite(s.db, `SELECT count(*) FROM customers WHERE name LIKE '停导8号%'`)), 0, 'its staged rows are deleted');
  assert.equal(sqlite(s.db, `SELECT attempts FROM jobs WHERE id = ${id}`), '0', 'the stopped run is not an attempt');
  const again = await serveExisting(s.db);
  servers.push(again);
  const zw2 = await as(again, 'zhangwei');
  const job = await waitJob(zw2, id, { tries: 2400 });
  assert.equal(job.state, 'done', JSON.stringify(job));
  assert.equal(job.summary.created, rows);
  assert.equal(Number(sqlite(s.db, `SELECT count(*) FROM customers WHERE name LIKE '停导8号%'`)), rows);
});
