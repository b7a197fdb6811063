// Communication plans 沟通计划 (R-INT-9): per customer segment (the customer list's filter), a plan
// with goal, channel, content and frequency; the morning job makes one task per customer of the
// segment for its owner each period (as the plan's creator sees the customers, never twice, at
// most comm_plan_max_tasks), and the plan's results are computed from the tasks, the interactions
// and the purchases.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, auditEntries, mobile } from '../lib/kehu.mjs';

const NAMES = ['zhangwei', 'lina', 'salesmgr', 'wangqiang', 'gm', 'csmanager'];
const TAG = '沟通计划测试';
let server, admin;
const u = {};
const id = {};
const mine = [];
let foreign, pooled;

/* Move the clock; a session idle that long has ended, so everyone signs in again. */
async function clock(now) {
  assert.equal((await admin.put('/api/v1/_test/clock', { now })).status, 200);
  admin = await asAdmin(server);
  const clients = await Promise.all(NAMES.map((n) => as(server, n)));
  NAMES.forEach((n, i) => { u[n] = clients[i]; });
}
const tick = async () => assert.equal((await admin.post('/api/v1/_test/scheduler/tick')).status, 200);
const plan = async (pid) => (await u.salesmgr.get(`/api/v1/comm-plans/${pid}`)).body;
/* At 06:50 on day: a scheduler pass, then the plan once its period `period` is finished. */
async function runOn(day, pid, period) {
  await clock(`${day}T06:50:00+08:00`);
  await tick();
  let p = await plan(pid);
  for (let i = 0; i < 300; i++) {
    if (p.results.periods.some((x) => x.period === period && x.finished_at)) break;
    await new Promise((r) => setTimeout(r, 50));
    p = await plan(pid);
  }
  return p;
}
const planTasks = async (c) => (await c.get('/api/v1/tasks?kind=comm_plan&state=all&limit=200')).body.items;
const body = (over = {}) => ({
  name: '六月老客户关怀', goal: '了解使用情况，介绍以旧换新活动', segment: { tag: TAG }, channel: 'call',
  content: '1. 问候并确认产品使用情况\n2. 介绍六月以旧换新活动', unit: 'weeks', every: 1, start_day: '2026-06-02', ...over,
});

before(async () => {
  server = await startServer({ demo: 1 });
  admin = await asAdmin(server);
  await clock('2026-06-01T09:00:00+08:00');
  for (const x of (await admin.get('/api/v1/users?limit=200')).body.items) id[x.username] = x;
  for (let i = 0; i < 3; i++) {
    const r = await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: `沟通计划客户${i}`, mobile: mobile(), tags: [TAG] });
    assert.equal(r.status, 201, r.text);
    mine.push(r.body);
  }
  const other = await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: '不在客户群', mobile: mobile() });
  assert.equal(other.status, 201, other.text);
  foreign = (await u.wangqiang.post('/api/v1/customers', { kind: 'individual', name: '别部门计划客户', mobile: mobile(), tags: [TAG] })).body;
  pooled = (await u.salesmgr.post('/api/v1/customers', { kind: 'individual', name: '无负责人计划客户', mobile: mobile(), tags: [TAG] })).body;
  assert.equal((await u.salesmgr.post(`/api/v1/customers/${pooled.id}/release`, { reason: '待分配' })).status, 200);
});
after(async () => { await server.stop(); });

let pid;

test('R-INT-9: a sales manager makes a draft plan for a segment and previews whom it reaches now: the manager\'s customers of the segment only', async () => {
  const r = await u.salesmgr.post('/api/v1/comm-plans', body());
  assert.equal(r.status, 201, r.text);
  pid = r.body.id;
  assert.equal(r.body.state, 'draft');
  assert.deepEqual(r.body.segment, { tag: TAG });
  assert.equal(r.body.created_by.name, id.salesmgr.display_name);
  assert.equal(r.body.results.tasks, 0);
  const p = await u.salesmgr.get(`/api/v1/comm-plans/${pid}/preview`);
  assert.equal(p.status, 200, p.text);
  const ids = p.body.items.map((x) => x.id).sort((a, b) => a - b);
  assert.deepEqual(ids, [...mine.map((c) => c.id), pooled.id].sort((a, b) => a - b), 'not another department\'s customer');
  assert.equal(p.body.total, 4);
  assert.equal(p.body.shown, true);
  // a segment not saved yet, as the reader sees it
  const q = await u.salesmgr.post('/api/v1/comm-plans/preview', { segment: { tag: TAG, owner_id: id.zhangwei.id } });
  assert.equal(q.status, 200, q.text);
  assert.equal(q.body.total, 3);
  // listed to holders, with the draft's state and choices for the form
  const l = await u.csmanager.get('/api/v1/comm-plans?state=draft');
  assert.equal(l.status, 200, l.text);
  assert.ok(l.body.items.some((x) => x.id === pid));
  assert.ok(l.body.channels.some((c) => c.value === 'wechat'));
  const a = await auditEntries(u.gm, `action=commplan.create&target_id=${pid}`);
  assert.equal(a.length, 1);
});

test('R-INT-9: refusals: bad frequency, unknown unit or channel, too long content, unknown or bad segment field, bad days; a failed request changes nothing', async () => {
  const before = (await u.salesmgr.get('/api/v1/comm-plans?limit=200')).body.items.length;
  const cases = [
    [{ every: 0 }, 'every'],
    [{ every: 53 }, 'every'],
    [{ unit: 'months', every: 13 }, 'every'],
    [{ every: 'x' }, 'every', 400],
    [{ unit: 'years' }, 'unit'],
    [{ channel: 'fax' }, 'channel'],
    [{ channel: '' }, 'channel'],
    [{ content: '话'.repeat(2001) }, 'content'],
    [{ content: '' }, 'content'],
    [{ name: '' }, 'name'],
    [{ name: '名'.repeat(101) }, 'name'],
    [{ goal: '' }, 'goal'],
    [{ segment: { colour: 'red' } }, 'segment.colour'],
    [{ segment: { grade: 'Z' } }, 'segment.grade'],
    [{ segment: { q: '张' } }, 'segment.q'],
    [{ segment: { tag: ['a'] } }, 'segment.tag'],
    [{ segment: [1] }, 'segment'],
    [{ start_day: '2026-02-30' }, 'start_day'],
    [{ end_day: '2026-06-01' }, 'end_day'],
  ];
  for (const [over, field, status = 422] of cases) {
    const r = await u.salesmgr.post('/api/v1/comm-plans', body(over));
    assert.equal(r.status, status, `${JSON.stringify(over).slice(0, 80)}: ${r.text.slice(0, 200)}`);
    assert.equal(r.body.error.field, field, r.text.slice(0, 200));
    assert.ok(r.body.error.message, 'a reason');
  }
  assert.equal((await u.salesmgr.get('/api/v1/comm-plans?limit=200')).body.items.length, before);
  // a change is checked the same way
  const r = await u.salesmgr.patch(`/api/v1/comm-plans/${pid}`, { channel: 'pigeon' });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'channel');
  assert.equal((await plan(pid)).channel, 'call');
});

test('R-INT-9: without commplan.manage a plan cannot be listed, read, made or moved (403); an unknown plan is 404', async () => {
  for (const c of [u.zhangwei, u.lina]) {
    assert.equal((await c.get('/api/v1/comm-plans')).status, 403);
    assert.equal((await c.get(`/api/v1/comm-plans/${pid}`)).status, 403);
    assert.equal((await c.post('/api/v1/comm-plans', body())).status, 403);
    assert.equal((await c.post(`/api/v1/comm-plans/${pid}/activate`)).status, 403);
    assert.equal((await c.get(`/api/v1/comm-plans/${pid}/preview`)).status, 403);
    assert.equal((await c.patch(`/api/v1/comm-plans/${pid}`, { name: 'x' })).status, 403);
  }
  for (const path of ['', '/preview']) assert.equal((await u.salesmgr.get(`/api/v1/comm-plans/999999${path}`)).status, 404);
  for (const verb of ['activate', 'pause', 'end']) assert.equal((await u.salesmgr.post(`/api/v1/comm-plans/999999/${verb}`)).status, 404);
  assert.equal((await u.salesmgr.patch('/api/v1/comm-plans/999999', { name: 'x' })).status, 404);
  assert.equal((await plan(pid)).state, 'draft');
});

test('R-INT-9: activated, the morning job makes one task per owned customer of the segment for its owner, due on the period\'s day; the unowned are counted; a rerun makes none twice; the next period makes its own', async () => {
  assert.equal((await u.salesmgr.post(`/api/v1/comm-plans/${pid}/pause`)).status, 409, 'a draft is not paused');
  let r = await u.salesmgr.post(`/api/v1/comm-plans/${pid}/activate`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.state, 'active');
  r = await u.salesmgr.patch(`/api/v1/comm-plans/${pid}`, { name: '改名' });
  assert.equal(r.status, 409, 'an active plan is not changed');
  assert.equal(r.body.error.field, 'state');
  // before the start day: nothing
  await clock('2026-06-01T23:00:00+08:00');
  let p = await runOn('2026-06-02', pid, 0);
  assert.equal(p.results.periods.length, 1);
  const first = p.results.periods[0];
  assert.equal(first.day, '2026-06-02');
  assert.equal(first.reached, 4);
  assert.equal(first.unowned, 1, 'the pool\'s customer is skipped and counted');
  assert.equal(first.capped, false);
  assert.equal(p.results.tasks, 3);
  let tasks = await planTasks(u.zhangwei);
  assert.deepEqual(tasks.map((t) => t.customer.id).sort((a, b) => a - b), mine.map((c) => c.id).sort((a, b) => a - b));
  for (const t of tasks) {
    assert.equal(t.title, '六月老客户关怀');
    assert.equal(t.channel, 'call');
    assert.equal(t.purpose, body().goal);
    assert.equal(t.due_at, '2026-06-02T18:00:00+08:00');
    assert.equal(t.assignee.name, id.zhangwei.display_name);
  }
  assert.equal((await planTasks(u.wangqiang)).length, 0, 'another department\'s customer is out of the manager\'s scope');
  // the next mornings of the same period: nothing more
  for (const day of ['2026-06-03', '2026-06-05']) {
    await clock(`${day}T06:52:00+08:00`);
    await tick();
    await new Promise((res) => setTimeout(res, 600));
  }
  assert.equal((await planTasks(u.zhangwei)).length, 3);
  assert.equal((await plan(pid)).results.periods.length, 1);
  // a contact on the plan's channel with an outcome, a purchase after it
  await clock('2026-06-03T10:00:00+08:00');
  r = await u.zhangwei.post('/api/v1/interactions', { customer_id: mine[0].id, channel: 'call', summary: '电话介绍了以旧换新', outcome: '有意向，下周到店' });
  assert.equal(r.status, 201, r.text);
  r = await u.zhangwei.post('/api/v1/interactions', { customer_id: mine[1].id, channel: 'wechat', direction: 'in', summary: '客户微信询问活动细节' });
  assert.equal(r.status, 201, r.text);
  r = await u.zhangwei.post('/api/v1/orders', { customer_id: mine[0].id, lines: [{ description: '净水器 B2', quantity: 1, price_fen: 299900 }] });
  assert.equal(r.status, 201, r.text);
  // the second week
  p = await runOn('2026-06-09', pid, 1);
  assert.equal(p.results.periods.length, 2);
  assert.equal(p.results.periods[0].day, '2026-06-09');
  tasks = await planTasks(u.zhangwei);
  assert.equal(tasks.length, 6);
  assert.equal(tasks.filter((t) => t.due_at === '2026-06-09T18:00:00+08:00').length, 3);
  const x = p.results;
  assert.equal(x.tasks, 6);
  assert.equal(x.customers, 3);
  assert.equal(x.done, 2, 'the logged interactions completed their customers\' plan tasks');
  assert.equal(x.overdue, 1, 'the first week\'s third task');
  assert.equal(x.open, 3);
  assert.equal(x.contacted, 1, 'only the call is on the plan\'s channel');
  assert.equal(x.responded, 2, 'an outcome written, an inbound message');
  assert.deepEqual(x.purchases, { count: 1, customers: 1, amount_fen: 299900 });
  const week1 = p.results.periods.find((y) => y.period === 0);
  assert.equal(week1.contacted, 1);
  assert.equal(week1.done, 2);
  assert.equal(p.results.periods[0].contacted, 0, 'nothing logged since the second week\'s tasks');
  const a = await auditEntries(u.gm, `action=commplan.generate&target_id=${pid}`);
  assert.equal(a.length, 2, 'one entry per period');
});

test('R-INT-9: paused, a plan makes nothing and can be changed; ended, it cannot be activated again (409)', async () => {
  let r = await u.salesmgr.post(`/api/v1/comm-plans/${pid}/pause`);
  assert.equal(r.status, 200, r.text);
  r = await u.salesmgr.patch(`/api/v1/comm-plans/${pid}`, { content: '第三周起：介绍会员日', end_day: '2026-12-31' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.end_day, '2026-12-31');
  await clock('2026-06-16T06:50:00+08:00');
  await tick();
  await new Promise((res) => setTimeout(res, 600));
  assert.equal((await plan(pid)).results.periods.length, 2, 'a paused plan makes no period');
  r = await u.salesmgr.post(`/api/v1/comm-plans/${pid}/end`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.state, 'ended');
  r = await u.salesmgr.post(`/api/v1/comm-plans/${pid}/activate`);
  assert.equal(r.status, 409);
  assert.equal(r.body.error.field, 'state');
  assert.equal((await u.salesmgr.post(`/api/v1/comm-plans/${pid}/end`)).status, 409);
  assert.equal((await u.salesmgr.patch(`/api/v1/comm-plans/${pid}`, { name: 'x' })).status, 409);
  assert.equal((await plan(pid)).state, 'ended');
  const a = await auditEntries(u.gm, `target_id=${pid}&target_type=comm_plan`);
  for (const act of ['commplan.activate', 'commplan.pause', 'commplan.update', 'commplan.end']) {
    assert.ok(a.some((e) => e.action === act), act);
  }
});

test('R-INT-9: at most comm_plan_max_tasks tasks per plan and period: the rest of the segment waits, and the period says it was capped', async () => {
  assert.equal((await admin.put('/api/v1/settings/parameters', { comm_plan_max_tasks: 2 })).status, 200);
  await clock('2026-06-20T09:00:00+08:00');
  let r = await u.salesmgr.post('/api/v1/comm-plans', body({ name: '封顶测试', unit: 'months', every: 1, start_day: '2026-06-21', channel: 'sms' }));
  assert.equal(r.status, 201, r.text);
  const capped = r.body.id;
  assert.equal((await u.salesmgr.post(`/api/v1/comm-plans/${capped}/activate`)).status, 200);
  const p = await runOn('2026-06-21', capped, 0);
  assert.equal(p.results.tasks, 2);
  assert.equal(p.results.periods[0].capped, true);
  r = await admin.put('/api/v1/settings/parameters', { comm_plan_max_tasks: 5000 });
  assert.equal(r.status, 200);
  // an end day that has passed: not activated again
  await u.salesmgr.post(`/api/v1/comm-plans/${capped}/pause`);
  assert.equal((await u.salesmgr.patch(`/api/v1/comm-plans/${capped}`, { end_day: '2026-06-21' })).status, 200);
  await clock('2026-06-25T09:00:00+08:00');
  r = await u.salesmgr.post(`/api/v1/comm-plans/${capped}/activate`);
  assert.equal(r.status, 409);
  assert.equal(r.body.error.field, 'end_day');
});

test('R-INT-9: a plan\'s segment is evaluated as its creator sees the customers: the GM\'s reaches every department; another manager sees its count, not the names', async () => {
  const r = await u.gm.post('/api/v1/comm-plans', body({ name: '全公司关怀' }));
  assert.equal(r.status, 201, r.text);
  let p = await u.gm.get(`/api/v1/comm-plans/${r.body.id}/preview`);
  assert.equal(p.status, 200, p.text);
  assert.ok(p.body.items.some((x) => x.id === foreign.id), 'the other department\'s customer too');
  assert.equal(p.body.total, 5);
  p = await u.salesmgr.get(`/api/v1/comm-plans/${r.body.id}/preview`);
  assert.equal(p.status, 200, p.text);
  assert.equal(p.body.total, 5, 'what the job would reach');
  assert.equal(p.body.shown, false);
  assert.deepEqual(p.body.items, []);
});
