// Visit plans 客户走访单 (R-INT-2, issue 13 item 3): a salesperson files a plan (customer,
// objective, time) through the approvals engine; the branch manager (their department head)
// approves it before the visit, which becomes the salesperson's task; the plan is closed with the
// visit's result, logged as an interaction that completes the task. Returned, rejected and
// refused plans, and who may close one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, auditEntries, mobile } from '../lib/kehu.mjs';

let server, admin;
const u = {};
let customer;

before(async () => {
  server = await startServer({ demo: 3 });
  admin = await asAdmin(server);
  await admin.put('/api/v1/_test/clock', { now: '2026-06-01T09:00:00+08:00' });
  for (const n of ['zhangwei', 'lina', 'salesmgr', 'jishu', 'gm']) u[n] = await as(server, n);
  customer = (await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: '走访客户', mobile: mobile() })).body;
});
after(async () => { await server.stop(); });

const inbox = async (c) => (await c.get('/api/v1/notifications?limit=200')).body.items;

test('R-INT-2: issue 13 item 3: a visit plan is approved by the branch manager before the visit, becomes the salesperson\'s task, and is closed with the visit logged as an interaction', async () => {
  const r = await u.zhangwei.post('/api/v1/visit-plans', { customer_id: customer.id, objective: '介绍新品并了解用水需求', planned_at: '2026-06-03T14:00:00+08:00', reason: '客户上周来电咨询' });
  assert.equal(r.status, 201, r.text);
  const plan = r.body;
  assert.equal(plan.state, 'pending');
  assert.equal(plan.customer.code, customer.code);
  assert.equal(plan.objective, '介绍新品并了解用水需求');
  assert.equal(plan.requester.name, '张伟');
  // the branch manager has it in the inbox and approvals; not closable before approval
  const note = (await inbox(u.salesmgr)).find((n) => n.request_id === plan.id);
  assert.ok(note, 'the manager is told');
  let c = await u.zhangwei.post(`/api/v1/visit-plans/${plan.id}/close`, { summary: '还没去' });
  assert.equal(c.status, 409, c.text);
  assert.equal(c.body.error.field, 'state');
  const ap = await u.salesmgr.get(`/api/v1/approvals/${plan.id}`);
  assert.equal(ap.body.kind, 'visit.plan');
  assert.match(ap.body.summary, /走访 .*走访客户.*2026-06-03 14:00/);
  const ok = await u.salesmgr.post(`/api/v1/approvals/${plan.id}/approve`, { comment: '同意，注意带样品' });
  assert.equal(ok.status, 200, ok.text);
  const approved = (await u.zhangwei.get(`/api/v1/visit-plans/${plan.id}`)).body;
  assert.equal(approved.state, 'approved');
  const task = (await u.zhangwei.get(`/api/v1/tasks/${approved.task_id}`)).body;
  assert.equal(task.kind, 'visit');
  assert.deepEqual((await u.zhangwei.get('/api/v1/tasks?kind=visit')).body.items.map((t) => t.id), [task.id]);
  assert.equal(task.assignee.name, '张伟');
  assert.equal(Date.parse(task.due_at), Date.parse('2026-06-03T14:00:00+08:00'));
  assert.deepEqual((await u.zhangwei.get('/api/v1/visit-plans')).body.items.map((x) => x.id), [plan.id]);
  // after the visit: closed with its result
  await admin.put('/api/v1/_test/clock', { now: '2026-06-03T17:00:00+08:00' });
  u.zhangwei = await as(server, 'zhangwei');
  u.lina = await as(server, 'lina');
  u.gm = await as(server, 'gm');
  assert.equal((await u.lina.post(`/api/v1/visit-plans/${plan.id}/close`, { summary: '代结' })).status, 404);
  c = await u.zhangwei.post(`/api/v1/visit-plans/${plan.id}/close`, { summary: '拜访顺利，客户决定试用一台', outcome: '试用', occurred_at: '2026-06-03T14:10:00+08:00' });
  assert.equal(c.status, 200, c.text);
  assert.equal(c.body.state, 'done');
  const x = (await u.zhangwei.get(`/api/v1/interactions/${c.body.interaction_id}`)).body;
  assert.equal(x.channel, 'visit');
  assert.equal(x.customer_id, customer.id);
  assert.equal(x.done_task_id, approved.task_id);
  assert.equal((await u.zhangwei.get(`/api/v1/tasks/${approved.task_id}`)).body.state, 'done');
  c = await u.zhangwei.post(`/api/v1/visit-plans/${plan.id}/close`, { summary: '再结一次' });
  assert.equal(c.status, 409, c.text);
  assert.equal((await u.zhangwei.get(`/api/v1/visit-plans?customer_id=${customer.id}`)).body.items[0].state, 'done');
  assert.ok((await auditEntries(u.gm, 'action=interaction.log')).some((e) => e.target_id === String(x.id)));
});

test('R-INT-2: issue 13 item 3: refusals — no objective, a time past, a customer not one\'s own, a role that logs nothing; a rejected plan makes no task', async () => {
  await admin.put('/api/v1/_test/clock', { now: '2026-06-04T09:00:00+08:00' });
  for (const n of ['zhangwei', 'lina', 'salesmgr', 'jishu']) u[n] = await as(server, n);
  const before = (await u.zhangwei.get('/api/v1/visit-plans')).body.items.length;
  const cases = [
    [{ customer_id: customer.id, objective: '', planned_at: '2026-06-05T10:00:00+08:00' }, 422, 'objective'],
    [{ customer_id: customer.id, objective: '目的', planned_at: '2026-06-01T10:00:00+08:00' }, 422, 'planned_at'],
    [{ customer_id: customer.id, objective: '长'.repeat(501), planned_at: '2026-06-05T10:00:00+08:00' }, 422, 'objective'],
    [{ customer_id: 0, objective: '目的', planned_at: '2026-06-05T10:00:00+08:00' }, 422, 'customer_id'],
    [{ customer_id: customer.id, objective: '目的', planned_at: 'tomorrow' }, 400, 'planned_at'],
  ];
  for (const [body, status, field] of cases) {
    const r = await u.zhangwei.post('/api/v1/visit-plans', body);
    assert.equal(r.status, status, `${JSON.stringify(body).slice(0, 80)}: ${r.text}`);
    assert.equal(r.body.error.field, field);
  }
  assert.equal((await u.lina.post('/api/v1/visit-plans', { customer_id: customer.id, objective: '看别人的客户', planned_at: '2026-06-05T10:00:00+08:00' })).status, 404);
  assert.equal((await u.jishu.post('/api/v1/visit-plans', { customer_id: customer.id, objective: '技术员', planned_at: '2026-06-05T10:00:00+08:00' })).status, 403);
  assert.equal((await u.zhangwei.get('/api/v1/visit-plans')).body.items.length, before, 'nothing filed');
  // a plan the manager rejects: no task, not closable
  const p = (await u.zhangwei.post('/api/v1/visit-plans', { customer_id: customer.id, objective: '再次拜访', planned_at: '2026-06-06T10:00:00+08:00' })).body;
  const no = await u.salesmgr.post(`/api/v1/approvals/${p.id}/reject`, { comment: '本周已拜访过' });
  assert.equal(no.status, 200, no.text);
  const got = (await u.zhangwei.get(`/api/v1/visit-plans/${p.id}`)).body;
  assert.equal(got.state, 'rejected');
  assert.equal(got.task_id, null);
  assert.equal((await u.zhangwei.post(`/api/v1/visit-plans/${p.id}/close`, { summary: '去了' })).status, 409);
  // the engine refuses a direct submission of the kind: plans are filed here
  const direct = await u.zhangwei.post('/api/v1/approvals', { kind: 'visit.plan', subject: { customer_id: customer.id, objective: 'x', planned_at: 1893456000 }, reason: '直接提交' });
  assert.notEqual(direct.status, 201, direct.text);
});
