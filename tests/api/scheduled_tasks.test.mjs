// Scheduled tasks 定时任务 (R-PLT-8 durable scheduler, issue 13's daily jobs): an administrator
// sees every periodic task with its last run and runs one now — as the system, audited as theirs,
// not twice at once; the next scheduled period still runs. Others may not.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, auditEntries, mobile, sqlite } from '../lib/kehu.mjs';

let server, admin;
const u = {};

async function clock(now) {
  assert.equal((await admin.put('/api/v1/_test/clock', { now })).status, 200);
  for (const n of ['zhangwei', 'salesmgr', 'gm', 'lina']) u[n] = await as(server, n);
  admin = await asAdmin(server);
}
const tasks = async () => {
  const r = await admin.get('/api/v1/scheduled-tasks');
  assert.equal(r.status, 200, r.text);
  return r.body.items;
};
const waitJob = async (name, id) => {
  let t;
  for (let i = 0; i < 200; i++) {
    t = (await tasks()).find((x) => x.name === name);
    if (t.job && t.job.id === id && ['done', 'failed'].includes(t.job.state)) return t;
    await new Promise((res) => setTimeout(res, 50));
  }
  assert.fail(`job ${id} of ${name} did not end: ${JSON.stringify(t)}`);
};

before(async () => {
  server = await startServer({ demo: 1 });
  admin = await asAdmin(server);
  await clock('2026-07-01T09:00:00+08:00');
});
after(async () => { await server.stop(); });

test('R-PLT-8: the scheduled tasks page lists every periodic task with its name and labels; only administrators see it', async () => {
  const items = await tasks();
  const names = items.map((x) => x.name);
  for (const n of ['followup.generate', 'customer.reclaim', 'followup.greetings', 'backup.daily', 'notify.deliver']) assert.ok(names.includes(n), n);
  const g = items.find((x) => x.name === 'followup.generate');
  assert.ok(g.label_zh && g.label_en, JSON.stringify(g));
  for (const c of [u.gm, u.zhangwei]) {
    const r = await c.get('/api/v1/scheduled-tasks');
    assert.equal(r.status, 403, r.text);
  }
});

test('R-OWN-7 R-PLT-8: an administrator runs the reclaim now: the quiet customer goes to the pool without waiting for 01:30; the run is audited and shown as the last one', async () => {
  const quiet = (await u.salesmgr.post('/api/v1/customers', { kind: 'individual', name: '立即回收客户', mobile: mobile(), grade: 'C', owner_id: u.zhangwei.user.id })).body;
  assert.equal((await admin.put('/api/v1/pool/rules', { rules: [{ grade: '', no_followup_days: 30, no_deal_days: 0 }] })).status, 200);
  await clock('2026-08-15T10:00:00+08:00'); // 45 days later, far from the job's 01:30
  const r = await admin.post('/api/v1/scheduled-tasks/customer.reclaim/run', {});
  assert.equal(r.status, 202, r.text);
  const t = await waitJob('customer.reclaim', r.body.job_id);
  assert.equal(t.job.state, 'done', JSON.stringify(t));
  assert.equal(typeof t.job.seconds, 'number');
  assert.ok(t.job.summary.reclaimed >= 1, JSON.stringify(t.job.summary));
  assert.match(t.last_at, /^2026-08-15T10:00/);
  const pool = (await u.lina.get('/api/v1/pool?limit=200')).body.items.map((x) => x.id);
  assert.ok(pool.includes(quiet.id), 'reclaimed by the run');
  const audit = await auditEntries(await as(server, 'gm'), 'action=job.run_now');
  assert.ok(audit.some((e) => e.target_id === String(r.body.job_id) && e.detail === `task=customer.reclaim job=${r.body.job_id}`), JSON.stringify(audit));
  // the reclaim itself is the system's, as when the scheduler runs it
  const rec = (await auditEntries(await as(server, 'gm'), 'action=customer.reclaim')).find((e) => e.target_id === String(quiet.id));
  assert.ok(rec, 'the reclaim is audited');
});

test('R-PLT-8: refusals — an unknown task, a task whose job is still queued, someone without the permission; nothing is queued', async () => {
  const count = () => Number(sqlite(server.db, 'SELECT count(*) FROM jobs'));
  const before = count();
  let r = await admin.post('/api/v1/scheduled-tasks/no.such.task/run', {});
  assert.equal(r.status, 404, r.text);
  assert.equal(r.body.error.field, 'task');
  r = await u.gm.post('/api/v1/scheduled-tasks/customer.reclaim/run', {});
  assert.equal(r.status, 403, r.text);
  assert.match(r.body.error.message_zh, /系统管理员/);
  // a run of the digest waiting for its time (due in 2100): a second one is refused
  const id = sqlite(server.db, `INSERT INTO jobs (kind, state, created_at, params, due_at, task) VALUES ('followup.digest', 'queued', 0, '', 4102444800, 'followup.digest') RETURNING id`);
  sqlite(server.db, `INSERT INTO task_runs (task, period, at, job_id) VALUES ('followup.digest', '2026-08-15', 0, ${id}) ON CONFLICT (task) DO UPDATE SET job_id = excluded.job_id`);
  r = await admin.post('/api/v1/scheduled-tasks/followup.digest/run', {});
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.field, 'task');
  assert.match(r.body.error.message_en, /queued or running/);
  assert.equal(count(), before + 1, 'only the row this test wrote');
});
