// The file store as the server uses it: uploads and job results under names the
// server makes, and the hourly clean-up tasks that delete expired uploads, old job
// files and scratch files left by stopped writers (run by moving the test clock and
// asking for a scheduler pass).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, as, asAdmin, mobile, waitJob, sqlite, postExport } from '../lib/kehu.mjs';

const servers = [];
after(async () => { for (const x of servers) await x.stop(); });
const sql = sqlite;

/** Wait until every job of a kind has finished; returns how many there are. */
async function waitKind(db, kind) {
  for (let i = 0; i < 400; i++) {
    const open = Number(sql(db, `SELECT count(*) FROM jobs WHERE kind = '${kind}' AND state IN ('queued', 'running')`));
    if (open === 0) return Number(sql(db, `SELECT count(*) FROM jobs WHERE kind = '${kind}' AND state = 'done'`));
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`${kind} jobs did not finish`);
}

async function upload(c, data, name) {
  return c.req('POST', `/api/v1/imports/files?name=${encodeURIComponent(name)}`, undefined,
    { raw: data, headers: { 'Content-Type': 'application/octet-stream' } });
}

async function setClock(admin, now) {
  const r = await admin.put('/api/v1/_test/clock', { now });
  assert.equal(r.status, 200, r.text);
}

async function tick(admin) {
  const r = await admin.post('/api/v1/_test/scheduler/tick');
  assert.equal(r.status, 200, r.text);
  return r.body.queued;
}

test('R-PLT-3: an upload is stored under a name the server makes, never the name the user sent', async () => {
  const s = await startServer({ demo: 3 });
  servers.push(s);
  const sales = await as(s, 'zhangwei');
  const up = await upload(sales, `客户名称,手机\n路径,${mobile()}\n`, '..客户 名单(1).csv');
  assert.equal(up.status, 201, up.text);
  assert.equal(up.body.name, '..客户 名单(1).csv', 'the name is shown as given');
  const files = readdirSync(join(s.dir, 'files'));
  assert.equal(files.length, 1, files.join(' '));
  assert.match(files[0], /^upload-[A-Za-z0-9_-]{43}$/);
  const slash = await upload(sales, 'a,b\n', '../../escape.csv');
  assert.equal(slash.status, 422);
  assert.equal(slash.body.error.field, 'name');
  assert.equal(sql(s.db, 'SELECT file FROM uploads'), files[0]);
  // An upload that is refused leaves nothing behind.
  const auditor = await as(s, 'shenji');
  assert.equal((await upload(auditor, '客户名称\n', 'x.csv')).status, 403);
  assert.equal(readdirSync(join(s.dir, 'files')).length, 1);
  // The preview reads the stored file.
  const p = await sales.post('/api/v1/imports/preview', { file_id: up.body.file_id });
  assert.equal(p.status, 202, p.text);
  const job = await waitJob(sales, p.body.job_id);
  assert.equal(job.state, 'done', JSON.stringify(job.error));
  assert.equal(job.summary.valid, 1);
});

test('R-PLT-3: the hourly clean-up deletes uploads past upload_keep_hours and their files; newer ones stay', async () => {
  const s = await startServer({ demo: 3 });
  servers.push(s);
  const admin = await asAdmin(s);
  await setClock(admin, '2026-03-01T09:00:00+08:00');
  const sales = await as(s, 'zhangwei');
  const old = await upload(sales, `客户名称,手机\n旧的,${mobile()}\n`, 'old.csv');
  assert.equal(old.status, 201);
  const oldFile = sql(s.db, `SELECT file FROM uploads WHERE id = '${old.body.file_id}'`);
  await setClock(admin, '2026-03-02T08:00:00+08:00');
  const fresh = await upload(await as(s, 'zhangwei'), `客户名称,手机\n新的,${mobile()}\n`, 'new.csv');
  assert.equal(fresh.status, 201);
  // Not yet half past: nothing is due, both files are there.
  await setClock(admin, '2026-03-02T10:29:00+08:00');
  assert.equal(await tick(admin), 0);
  assert.equal(readdirSync(join(s.dir, 'files')).length, 2);
  // 10:30, 25 hours after the first upload: its row and its file go, the other stays.
  await setClock(admin, '2026-03-02T10:30:00+08:00');
  await tick(admin); // the server's own pass may have queued the tasks first: either way, once
  assert.equal(await waitKind(s.db, 'uploads_expire'), 1);
  assert.equal(sql(s.db, 'SELECT count(*) FROM uploads'), '1');
  assert.ok(!existsSync(join(s.dir, 'files', oldFile)), 'the expired upload\'s file is deleted');
  assert.equal(readdirSync(join(s.dir, 'files')).length, 1);
  const sales2 = await as(s, 'zhangwei');
  assert.equal((await sales2.post('/api/v1/imports/preview', { file_id: old.body.file_id })).status, 404);
  assert.equal((await sales2.post('/api/v1/imports/preview', { file_id: fresh.body.file_id })).status, 202);
  // Once per hour: another pass in the same hour queues nothing.
  await setClock(admin, '2026-03-02T10:35:00+08:00');
  assert.equal(await tick(admin), 0);
});

test('R-PLT-3: issue 10 item 12: job files past job_file_keep_hours (24) are deleted and their download says so; scratch files of stopped writers go', async () => {
  const s = await startServer({ demo: 5 });
  servers.push(s);
  const admin = await asAdmin(s);
  await setClock(admin, '2026-03-01T09:00:00+08:00');
  const gm = await as(s, 'gm');
  const exp = await gm.post('/api/v1/exports', { format: 'csv' });
  assert.equal(exp.status, 202, exp.text);
  const job = await waitJob(gm, exp.body.job_id);
  assert.equal(job.state, 'done', JSON.stringify(job.error));
  assert.equal((await gm.get(`/api/v1/jobs/${exp.body.job_id}/file`)).status, 200);
  const file = sql(s.db, `SELECT file FROM jobs WHERE id = ${exp.body.job_id}`);
  assert.match(file, /^export-[A-Za-z0-9_-]{43}\.csv$/);
  assert.ok(existsSync(join(s.dir, 'files', file)));
  // What a writer killed mid-write leaves: a scratch file, two days old.
  const scratch = join(s.dir, 'files', '.part-Zz9Yy8');
  writeFileSync(scratch, 'half a file');
  const old = (Date.now() - 2 * 86400 * 1000) / 1000;
  utimesSync(scratch, old, old);
  // 23 hours later the file is still kept (the default is 24 hours).
  await setClock(admin, '2026-03-02T08:30:00+08:00');
  await tick(admin);
  assert.equal(await waitKind(s.db, 'job_files_expire'), 1);
  assert.ok(existsSync(join(s.dir, 'files', file)));
  assert.ok(!existsSync(scratch), 'the old scratch file is removed');
  // 25 hours later it is gone, and the job says so.
  await setClock(admin, '2026-03-02T10:30:00+08:00');
  await tick(admin);
  assert.equal(await waitKind(s.db, 'job_files_expire'), 2);
  assert.ok(!existsSync(join(s.dir, 'files', file)));
  const gm2 = await as(s, 'gm');
  const after = await gm2.get(`/api/v1/jobs/${exp.body.job_id}`);
  assert.equal(after.body.file, null);
  const dl = await gm2.get(`/api/v1/jobs/${exp.body.job_id}/file`);
  assert.equal(dl.status, 404);
  assert.match(dl.body.error.message_en, /deleted after its keeping time/);
  assert.match(dl.body.error.message_zh, /已过保留期/);
});

test('R-PLT-3: a job file missing from the store answers 404, not an error', async () => {
  const s = await startServer({ demo: 3 });
  servers.push(s);
  const gm = await as(s, 'gm');
  const exp = await gm.post('/api/v1/exports', { format: 'xlsx' });
  const job = await waitJob(gm, exp.body.job_id);
  assert.equal(job.state, 'done');
  const file = sql(s.db, `SELECT file FROM jobs WHERE id = ${exp.body.job_id}`);
  execFileSync('rm', [join(s.dir, 'files', file)]);
  const dl = await gm.get(`/api/v1/jobs/${exp.body.job_id}/file`);
  assert.equal(dl.status, 404);
  assert.equal(dl.body.error.code, 'not_found');
});

test('R-PLT-3: runs of scheduled tasks are kept task_job_keep_days (30) and then deleted; the last run of each task and users\' jobs stay', async () => {
  const s = await startServer({ demo: 3 });
  servers.push(s);
  const admin = await asAdmin(s);
  await setClock(admin, '2026-03-01T09:00:00+08:00');
  const gm = await as(s, 'gm');
  const exp = await gm.post('/api/v1/exports', { format: 'csv' });
  assert.equal((await waitJob(gm, exp.body.job_id)).state, 'done');
  // Three hourly passes on the first day: each queues the two hourly clean-ups.
  for (const h of ['10', '11', '12']) {
    await setClock(admin, `2026-03-01T${h}:35:00+08:00`);
    await tick(admin);
    await waitKind(s.db, 'job_files_expire');
  }
  const taskJobs = () => Number(sql(s.db, "SELECT count(*) FROM jobs WHERE task <> ''"));
  const first = taskJobs();
  assert.ok(first >= 6, `six task runs or more on the first day (${first})`);
  // 29 days later they are all still there (plus this pass's own).
  await setClock(admin, '2026-03-30T10:35:00+08:00');
  await tick(admin);
  await waitKind(s.db, 'job_files_expire');
  assert.ok(taskJobs() >= first, 'nothing younger than 30 days is deleted');
  // 31 days later the first day's runs are gone; each task's last run stays, and so does the export.
  await setClock(admin, '2026-04-01T13:35:00+08:00');
  await tick(admin);
  await waitKind(s.db, 'job_files_expire');
  const old = Number(sql(s.db, `SELECT count(*) FROM jobs WHERE task <> '' AND finished_at < ${Date.parse('2026-03-02T00:00:00+08:00') / 1000}`));
  assert.equal(old, 0, 'the first day\'s task runs are deleted');
  const lastRuns = Number(sql(s.db, 'SELECT count(*) FROM task_runs t JOIN jobs j ON j.id = t.job_id'));
  assert.equal(lastRuns, Number(sql(s.db, 'SELECT count(*) FROM task_runs WHERE job_id IS NOT NULL')), 'every task keeps its last run');
  assert.equal((await (await as(s, 'gm')).get(`/api/v1/jobs/${exp.body.job_id}`)).status, 200, 'a user\'s job stays');
  // The number is a setting of the jobs capability.
  const p = (await admin.get('/api/v1/settings/parameters')).body.items.find((x) => x.key === 'task_job_keep_days');
  assert.deepEqual([p.value, p.min, p.max, p.capability], [30, 1, 3650, 'jobs']);
});

test('R-PLT-3: issue 10 item 12: the space one user\'s export files take is bounded by job_files_quota_mb; the refusal names the limit', async () => {
  const s = await startServer({ demo: 5 });
  servers.push(s);
  const admin = await asAdmin(s);
  const gm = await as(s, 'gm');
  const exp = await gm.post('/api/v1/exports', { format: 'csv' });
  assert.equal(exp.status, 202, exp.text);
  assert.equal((await waitJob(gm, exp.body.job_id)).state, 'done');
  const file = sql(s.db, `SELECT file FROM jobs WHERE id = ${exp.body.job_id}`);
  assert.equal(Number(sql(s.db, `SELECT file_size FROM jobs WHERE id = ${exp.body.job_id}`)),
    statSync(join(s.dir, 'files', file)).size, 'each job file\'s size is recorded');
  const set = await admin.put('/api/v1/settings/parameters', { job_files_quota_mb: 1 });
  assert.equal(set.status, 200, set.text);
  // A second export still fits under 1 MB; stand in a 2 MB file for it, as a large export would leave.
  sql(s.db, `UPDATE jobs SET file_size = 2097152 WHERE id = ${exp.body.job_id}`);
  const refused = await gm.post('/api/v1/exports', { format: 'csv' });
  assert.equal(refused.status, 409, refused.text);
  assert.equal(refused.body.error.field, 'files');
  assert.match(refused.body.error.message_en, /take 2 MB, the limit per user is 1 MB/);
  assert.match(refused.body.error.message_zh, /1 MB 的上限/);
  const single = await gm.post('/api/v1/customers/1/export', {});
  assert.equal(single.status, 409, 'a one-customer export counts the same');
  // Another user's files are theirs: zhangwei may still export.
  const zw = await as(s, 'zhangwei');
  assert.equal((await postExport(s, zw, { format: 'csv' })).status, 202);
  // Once the big file expired, gm may export again.
  await setClock(admin, '2030-01-01T09:35:00+08:00');
  await tick(admin);
  await waitKind(s.db, 'job_files_expire');
  assert.equal(sql(s.db, `SELECT file FROM jobs WHERE id = ${exp.body.job_id}`), '');
  const gm2 = await as(s, 'gm'); // years later: a new session
  assert.equal((await gm2.post('/api/v1/exports', { format: 'csv' })).status, 202);
});
