// The half-yearly inspection of the customer archive (R-ARC-11, issue 13 item 9): a run scores
// each owned customer's key fields and how long it went untouched; the incomplete and the stale
// are listed per owner, each with a fix-up task for its owner; a manager records the review and
// its outcome. The periodic run happens once per half-year.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, mobile, auditEntries, waitJob } from '../lib/kehu.mjs';

let server, admin;
const u = {};
const c = {};

async function clock(now) {
  assert.equal((await admin.put('/api/v1/_test/clock', { now })).status, 200);
  admin = await asAdmin(server);
  for (const n of ['zhangwei', 'gm', 'salesmgr']) u[n] = await as(server, n);
}
async function runNow() {
  const r = await u.gm.post('/api/v1/inspections', {});
  assert.equal(r.status, 202, r.text);
  const job = await waitJob(u.gm, r.body.job_id);
  assert.equal(job.state, 'done', JSON.stringify(job));
  return job.summary.inspection;
}
const itemsOf = async (id, q = '') => (await u.gm.get(`/api/v1/inspections/${id}/items?limit=200${q}`)).body.items;

before(async () => {
  server = await startServer({ demo: 1 });
  admin = await asAdmin(server);
  await clock('2026-03-02T10:00:00+08:00');
  const mk = async (key, body) => {
    const r = await u.zhangwei.post('/api/v1/customers', { mobile: mobile(), ...body });
    assert.equal(r.status, 201, r.text);
    c[key] = r.body;
  };
  await mk('full', { kind: 'individual', name: '资料齐全客户', gender: 'female', birthday: '1980-01-02', province_code: 110000, city_code: 110100, district_code: 110105, address: '建国路1号' });
  await mk('thin', { kind: 'individual', name: '资料残缺客户', gender: 'male', province_code: 110000, city_code: 110100, district_code: 110105 });
  await mk('org', { kind: 'organization', name: '检查用公司', province_code: 110000, city_code: 110100, district_code: 110105, address: '中关村2号', industry: '制造业' });
});
after(async () => { await server.stop(); });

test('R-ARC-11: issue 13 item 9: a run lists the incomplete customers per owner with their missing key fields, and gives each owner a fix-up task; the complete one is not listed', async () => {
  const id = await runNow();
  const run = (await u.gm.get(`/api/v1/inspections/${id}`)).body;
  assert.ok(run.finished_at, JSON.stringify(run));
  assert.ok(run.customers >= 3);
  assert.ok(run.flagged >= 2);
  assert.equal(run.tasks, run.flagged);
  const zw = run.owners.find((o) => o.owner.name === '张伟');
  assert.ok(zw && zw.flagged >= 2, JSON.stringify(run.owners));
  const items = await itemsOf(id, `&owner_id=${zw.owner.id}`);
  const thin = items.find((x) => x.customer.id === c.thin.id);
  assert.equal(thin.missing, 'address,birthday');
  assert.equal(thin.score, 60);
  assert.equal(thin.stale_days, 0);
  assert.equal(thin.task_state, 'open');
  const org = items.find((x) => x.customer.id === c.org.id);
  assert.equal(org.missing, 'uscc,contact');
  assert.ok(!items.some((x) => x.customer.id === c.full.id), 'a complete, recent customer is not listed');
  // the owner's fix-up task, due in 10 working days
  const task = (await u.zhangwei.get(`/api/v1/tasks/${thin.task_id}`)).body;
  assert.equal(task.kind, 'fixup');
  assert.equal(task.title, '资料检查：请补全地址、生日');
  assert.equal(task.due_at, '2026-03-16T10:00:00+08:00');
  assert.ok((await auditEntries(u.gm, 'action=inspection.start')).some((e) => e.target_id === String(id)));
});

test('R-ARC-11: issue 13 item 9: the half-yearly run on 1 July happens once; customers untouched for the stale months are listed with their days; the review is recorded', async () => {
  await clock('2026-07-01T05:15:00+08:00'); // four months on: not stale yet (6 months)
  for (let i = 0; i < 2; i++) assert.equal((await admin.post('/api/v1/_test/scheduler/tick')).status, 200);
  let runs = [];
  for (let i = 0; i < 100; i++) {
    runs = (await u.gm.get('/api/v1/inspections')).body.items.filter((x) => x.period === '2026-H2');
    if (runs.length && runs[0].finished_at) break;
    await new Promise((res) => setTimeout(res, 50));
  }
  assert.equal(runs.length, 1, 'one run for the half-year');
  assert.ok(runs[0].finished_at);
  assert.equal(runs[0].started_by.id, null, 'the system started it');
  assert.ok(!(await itemsOf(runs[0].id)).some((x) => x.customer.id === c.full.id));
  // seven months after their last update: the complete customer is stale
  await clock('2026-10-05T10:00:00+08:00');
  const id = await runNow();
  const full = (await itemsOf(id)).find((x) => x.customer.id === c.full.id);
  assert.ok(full, 'stale');
  assert.equal(full.score, 100);
  assert.ok(full.stale_days >= 210, String(full.stale_days));
  const t = (await u.zhangwei.get(`/api/v1/tasks/${full.task_id}`)).body;
  assert.match(t.title, /^资料检查：已 \d+ 天未更新或联系，请核实资料$/);
  // the review
  let r = await u.gm.post(`/api/v1/inspections/${id}/review`, { outcome: '' });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'outcome');
  r = await u.gm.post(`/api/v1/inspections/${id}/review`, { outcome: '已督促业务员两周内补全资料' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.reviewed, true);
  assert.equal(r.body.outcome, '已督促业务员两周内补全资料');
  assert.equal(r.body.reviewed_by.name, '赵总');
  r = await u.gm.post(`/api/v1/inspections/${id}/review`, { outcome: '改一下结论' });
  assert.equal(r.status, 409, 'a review is recorded once');
  assert.equal(r.body.error.field, 'state');
  assert.ok((await auditEntries(u.gm, 'action=inspection.review')).some((e) => e.target_id === String(id)));
});

test('R-ARC-11: issue 13 item 9: refusals — salespeople and sales managers do not run or read inspections; an unknown run is 404', async () => {
  for (const who of ['zhangwei', 'salesmgr']) {
    assert.equal((await u[who].get('/api/v1/inspections')).status, 403);
    assert.equal((await u[who].post('/api/v1/inspections', {})).status, 403);
  }
  assert.equal((await u.gm.get('/api/v1/inspections/999999')).status, 404);
  assert.equal((await u.gm.get('/api/v1/inspections/999999/items')).status, 404);
  assert.equal((await u.gm.post('/api/v1/inspections/999999/review', { outcome: 'x' })).status, 404);
  // the rule's numbers are parameters, within their ranges
  for (const [k, v] of [['inspection_fixup_working_days', 0], ['inspection_min_score', 101], ['inspection_stale_months', 0]]) {
    const r = await admin.put('/api/v1/settings/parameters', { [k]: v });
    assert.equal(r.status, 422, `${k}=${v}: ${r.text}`);
  }
});
