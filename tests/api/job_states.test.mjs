// A job's state says what was committed: an export that met a full disk is
// not "running" for ever, an import whose rows were committed before a kill
// says so, and `kehu demo` on a full disk fails instead of counting
// duplicates. (Group commits after an I/O error: tests/unit/test_fault.c.)
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, serveExisting, as, asAdmin, kehu, sqlite, waitJob, passJobLease, postExport } from '../lib/kehu.mjs';
import { startServerOnSmallDisk, smallDiskUnavailable } from '../lib/smalldisk.mjs';

const servers = [];
after(async () => { for (const x of servers) await x.stop(); });
const noDisk = smallDiskUnavailable();
const sleep = (ms) => new Promise((res) => setTimeout(res, ms));

async function jobState(client, id) {
  const r = await client.get(`/api/v1/jobs/${id}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
}

test('R-PLT-6: issue 10 item 22: an export that meets a full disk is not left running; its state is written once the disk has room', { skip: noDisk ?? false }, async () => {
  const s = await startServerOnSmallDisk({ sizeMB: 128, demo: 1500 });
  servers.push(s);
  const sales = await as(s, 'zhangwei');
  // The disk's reserve for the system (item 10) would refuse the export before it starts on so small a disk.
  const admin = await asAdmin(s);
  assert.equal((await admin.put('/api/v1/settings/parameters', { disk_reserve_mb: 0 })).status, 200);
  // Leave 3 MB: the export starts (its job is written and claimed), then the disk fills under it.
  writeFileSync(join(s.dir, 'filler0'), Buffer.alloc(s.free() - 3 * 1024 * 1024));
  const r = await postExport(s, sales, { format: 'xlsx' });
  assert.equal(r.status, 202, r.text);
  const id = r.body.job_id;
  let job = await jobState(sales, id);
  while (job.state === 'queued') { await sleep(5); job = await jobState(sales, id); }
  // The export fails (its file cannot be written), and so does the write of its outcome:
  // the disk is filled again as soon as the failed export's scratch file gives space back.
  for (let i = 0; i < 60 && job.state === 'running'; i++) {
    s.fill();
    await sleep(50);
    job = await jobState(sales, id);
  }
  if (job.state === 'done') return; // the export finished before the disk filled: nothing to see
  assert.notEqual(job.state, 'running', 'the run is over: it must not say running');
  assert.ok(['queued', 'failed'].includes(job.state), job.state);
  // Room again: the next pass of the scheduler writes the outcome the API showed.
  s.release();
  let stored = '';
  for (let i = 0; i < 50 && stored !== job.state; i++) {
    await sleep(100);
    stored = sqlite(s.db, `SELECT state FROM jobs WHERE id = ${id}`);
  }
  assert.equal(stored, job.state);
  assert.match(sqlite(s.db, `SELECT error_en FROM jobs WHERE id = ${id}`), /xlsx|disk|file/);
});

test('R-PLT-6: issue 10 item 22: an all-or-nothing import whose rows were committed before a kill -9 is reported imported, not failed', async () => {
  // Not in `servers`: a child killed by a signal has no exit code, and its folder is the
  // restarted server's, removed when that one stops.
  const s = await startServer({ demo: 3 });
  const sales = await as(s, 'zhangwei');
  const m = (i) => `1357${String(Date.now() % 10000000).padStart(7, '0')}`.slice(0, 10) + i;
  const csv = ['客户名称,手机', `杀前一,${m(1)}`, `杀前二,${m(2)}`, `杀前三,${m(3)}`].join('\n');
  const up = await sales.req('POST', '/api/v1/imports/files?name=kill.csv', undefined,
    { raw: csv, headers: { 'Content-Type': 'application/octet-stream' } });
  assert.equal(up.status, 201, up.text);
  const r = await sales.post('/api/v1/imports', { file_id: up.body.file_id, mode: 'all_or_nothing' });
  assert.equal(r.status, 202, r.text);
  const id = r.body.job_id;
  const first = await waitJob(sales, id);
  assert.equal(first.state, 'done', JSON.stringify(first.error));
  assert.equal(first.summary.created, 3);
  const customers = sqlite(s.db, 'SELECT count(*) FROM customers');
  // kill -9 right after the rows were published, before the job's outcome was written:
  // the job row is as the publishing write left it.
  s.child.kill('SIGKILL');
  await new Promise((res) => s.child.on('exit', res));
  sqlite(s.db, `UPDATE jobs SET state = 'running', summary = '', finished_at = NULL, lease_owner = 'node-killed', lease_until = ${Math.floor(Date.now() / 1000) + 600} WHERE id = ${id}`);
  const again = await serveExisting(s.db);
  servers.push(again);
  const sales2 = await as(again, 'zhangwei');
  await passJobLease(sales2);
  const job = await waitJob(sales2, id);
  assert.equal(job.state, 'done', JSON.stringify(job.error));
  assert.equal(job.attempts, 2, 'the run after the restart reported it');
  assert.equal(job.summary.imported, true);
  assert.equal(job.summary.created, 3);
  assert.equal(sqlite(s.db, 'SELECT count(*) FROM customers'), customers, 'nothing imported twice, nothing removed');
  const found = await sales2.get(`/api/v1/customers?q=${encodeURIComponent('杀前二')}`);
  assert.equal(found.body.items.length, 1);
});

test('R-PLT-6: issue 10 item 22: kehu demo on a full disk exits non-zero and says the customers could not be stored', { skip: noDisk ?? false }, async () => {
  const s = await startServerOnSmallDisk({ sizeMB: 16 });
  servers.push(s);
  s.child.kill('SIGTERM');
  await new Promise((res) => s.child.on('exit', res));
  // Room for the demo organisation, not for 3,000 customers.
  writeFileSync(join(s.dir, 'filler0'), Buffer.alloc(s.free() - 4 * 1024 * 1024));
  const d = await kehu(['demo', '--db', s.db, '--customers', '3000']);
  assert.notEqual(d.code, 0, d.stdout);
  assert.match(d.stdout, /stopped, customers could not be stored: disk full/);
  const created = Number(/(\d+) customers created/.exec(d.stdout)[1]);
  assert.ok(created < 3000);
  assert.match(d.stdout, /\(0 generated duplicates refused\)/, 'write failures are not duplicates');
});
