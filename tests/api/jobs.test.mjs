// The scheduler as users meet it: jobs survive a restart; the scheduler's test pass exists only on the test clock.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, serveExisting, Client, as, asAdmin, waitJob, sqlite, PG } from '../lib/kehu.mjs';

const servers = [];
after(async () => { for (const x of servers) await x.stop(); });
const sql = sqlite;

test('R-PLT-6: an export left running by a stopped server runs again at the next start and its file downloads', async () => {
  const s = await startServer({ demo: 12 });
  const gm = await as(s, 'gm');
  const gmId = (await gm.get('/api/v1/auth/me')).body.user.id;
  await s.stop({ keep: true });
  // What a server killed in the middle of an export leaves behind: the job running, one attempt used.
  sql(s.db, `INSERT INTO jobs (kind, state, created_by, created_at, params, attempts, max_attempts, lease_owner, lease_until)
             VALUES ('export', 'running', ${gmId}, 1767574800, '{"customer_id":0,"format":0,"archived":0}', 1, 2, 'node-gone', 1767575400)`);
  const id = Number(sql(s.db, 'SELECT max(id) FROM jobs'));
  const s2 = await serveExisting(s.db);
  servers.push(s2);
  const gm2 = await as(s2, 'gm');
  const job = await waitJob(gm2, id);
  assert.equal(job.state, 'done', JSON.stringify(job));
  assert.equal(job.attempts, 2);
  assert.equal(job.summary.rows, 12);
  const file = await gm2.get(`/api/v1/jobs/${id}/file`);
  assert.equal(file.status, 200);
});

test('R-PLT-6: a job that used its last attempt is failed at the next start, saying the server restarted', async () => {
  const s = await startServer({ demo: 3 });
  const gm = await as(s, 'gm');
  const gmId = (await gm.get('/api/v1/auth/me')).body.user.id;
  await s.stop({ keep: true });
  sql(s.db, `INSERT INTO jobs (kind, state, created_by, created_at, params, attempts, max_attempts)
             VALUES ('export', 'running', ${gmId}, 1767574800, '{}', 2, 2)`);
  const id = Number(sql(s.db, 'SELECT max(id) FROM jobs'));
  const s2 = await serveExisting(s.db);
  servers.push(s2);
  // SQLite: the database's only server fails it as it starts; PostgreSQL: any server fails
  // it once its lease has expired (here at once: the row has none), at its next poll
  const gm2 = await as(s2, 'gm');
  let job;
  for (let i = 0; i < 200; i++) {
    job = (await gm2.get(`/api/v1/jobs/${id}`)).body;
    if (job.state !== 'running' || !PG) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.equal(job.state, 'failed');
  assert.equal(job.error.message_en, PG ? 'the server running the job stopped, and no attempt was left'
    : 'the server restarted; the job was stopped');
});

test('the scheduler pass endpoint exists only with the test clock', async () => {
  const s = await startServer({ testClock: false });
  servers.push(s);
  const r = await new Client(s.url).post('/api/v1/_test/scheduler/tick');
  assert.equal(r.status, 404);
  const admin = await asAdmin(s);
  assert.equal((await admin.post('/api/v1/_test/scheduler/tick')).status, 404);
});
