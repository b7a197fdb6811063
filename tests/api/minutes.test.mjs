// Meeting minutes 会谈纪要 (R-INT-3, issue 13 item 3): a face-to-face meeting calls for minutes
// from its author within 2 working days of the business calendar; the department manager reviews
// them through the approvals engine (returned, rewritten, approved); they are then marked sent to
// the customer and confirmed received; late minutes are flagged and counted per person.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, auditEntries, mobile } from '../lib/kehu.mjs';

let server, admin;
const u = {};
const NAMES = ['zhangwei', 'lina', 'salesmgr', 'gm'];
let customer, linaCustomer;

async function clock(now) {
  assert.equal((await admin.put('/api/v1/_test/clock', { now })).status, 200);
  for (const n of NAMES) u[n] = await as(server, n);
  admin = await asAdmin(server);
}

before(async () => {
  server = await startServer({ demo: 1 });
  admin = await asAdmin(server);
  await clock('2026-02-13T09:00:00+08:00');
  customer = (await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: '纪要客户', mobile: mobile() })).body;
  linaCustomer = (await u.lina.post('/api/v1/customers', { kind: 'individual', name: '李娜的纪要客户', mobile: mobile() })).body;
});
after(async () => { await server.stop(); });

test('R-INT-3: issue 13 item 3: minutes of a meeting held the Friday before the Spring Festival are due 2 working days later, the swapped Saturday counted; late minutes are flagged; the manager returns and approves them; they are sent and confirmed', async () => {
  await clock('2026-02-13T15:00:00+08:00');
  const m = await u.zhangwei.post('/api/v1/interactions', { customer_id: customer.id, channel: 'meeting', summary: '年前会面，商谈明年合作' });
  assert.equal(m.status, 201, m.text);
  const id = m.body.id;
  let x = (await u.zhangwei.get(`/api/v1/minutes/${id}`)).body;
  assert.equal(x.state, 'due');
  assert.equal(Date.parse(x.due_at), Date.parse('2026-02-24T15:00:00+08:00'), 'Saturday 14 February is worked, 15-23 are not');
  assert.equal(x.late, false);
  const task = (await u.zhangwei.get(`/api/v1/tasks/${x.task_id}`)).body;
  assert.deepEqual([task.kind, task.state, task.assignee.name], ['minutes', 'open', '张伟']);
  assert.ok((await u.zhangwei.get('/api/v1/tasks?kind=minutes')).body.items.some((t) => t.id === x.task_id), 'listed by its kind');
  // a call calls for no minutes
  const call = await u.zhangwei.post('/api/v1/interactions', { customer_id: customer.id, channel: 'call', summary: '电话' });
  assert.equal((await u.zhangwei.get(`/api/v1/minutes/${call.body.id}`)).status, 404);
  // refusals: empty, someone else, not yet approved to send
  let r = await u.zhangwei.post(`/api/v1/minutes/${id}/submit`, { body: '' });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'body');
  assert.equal((await u.lina.post(`/api/v1/minutes/${id}/submit`, { body: '代写' })).status, 404);
  assert.equal((await u.salesmgr.post(`/api/v1/minutes/${id}/submit`, { body: '经理代写' })).status, 403);
  r = await u.zhangwei.post(`/api/v1/minutes/${id}/sent`, {});
  assert.equal(r.status, 409, r.text);
  // past due and not submitted: late
  await clock('2026-02-24T16:00:00+08:00');
  assert.ok((await u.zhangwei.get('/api/v1/minutes?state=late')).body.items.some((i) => i.interaction_id === id));
  r = await u.zhangwei.post(`/api/v1/minutes/${id}/submit`, { body: '一、双方回顾今年合作；二、明年追加订货；三、下次会面三月。' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.body.state, r.body.late], ['submitted', true]);
  assert.equal((await u.zhangwei.get(`/api/v1/tasks/${x.task_id}`)).body.state, 'done');
  // the department manager returns them; rewritten and submitted again; approved
  const req = r.body.request_id;
  assert.equal((await u.salesmgr.get(`/api/v1/approvals/${req}`)).body.kind, 'minutes.review');
  assert.equal((await u.salesmgr.post(`/api/v1/approvals/${req}/return`, { comment: '请写明订货数量' })).status, 200);
  assert.equal((await u.zhangwei.get(`/api/v1/minutes/${id}`)).body.state, 'returned');
  r = await u.zhangwei.post(`/api/v1/minutes/${id}/submit`, { body: '一、回顾今年合作；二、明年追加订货200台；三、下次会面三月。' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.state, 'submitted');
  assert.match(r.body.body, /200台/);
  assert.equal((await u.salesmgr.post(`/api/v1/approvals/${req}/approve`, { comment: '可以发给客户' })).status, 200);
  assert.equal((await u.zhangwei.get(`/api/v1/minutes/${id}`)).body.state, 'approved');
  assert.equal((await u.zhangwei.post(`/api/v1/minutes/${id}/submit`, { body: '再改' })).status, 409);
  assert.equal((await u.zhangwei.post(`/api/v1/minutes/${id}/confirmed`, { note: '还没发' })).status, 409);
  r = await u.zhangwei.post(`/api/v1/minutes/${id}/sent`, {});
  assert.equal(r.body.state, 'sent');
  r = await u.zhangwei.post(`/api/v1/minutes/${id}/confirmed`, { note: '客户邮件回复已收到' });
  assert.deepEqual([r.body.state, r.body.note, r.body.late], ['confirmed', '客户邮件回复已收到', true]);
  assert.equal((await u.zhangwei.post(`/api/v1/minutes/${id}/sent`, {})).status, 409);
  for (const a of ['minutes.submit', 'minutes.sent', 'minutes.confirmed']) {
    assert.ok((await auditEntries(u.gm, `action=${a}`)).some((e) => e.target_id === String(id)), a);
  }
  assert.equal((await u.salesmgr.get(`/api/v1/minutes?customer_id=${customer.id}`)).body.items[0].state, 'confirmed');
});

test('R-INT-3: issue 13 item 3: minutes on time are not late; the manager counts late minutes per person; a salesperson sees only their own', async () => {
  await clock('2026-03-02T10:00:00+08:00');
  const v = await u.lina.post('/api/v1/interactions', { customer_id: linaCustomer.id, channel: 'visit', summary: '上门拜访' });
  assert.equal(v.status, 201, v.text);
  const x = (await u.lina.get(`/api/v1/minutes/${v.body.id}`)).body;
  assert.equal(Date.parse(x.due_at), Date.parse('2026-03-04T10:00:00+08:00'));
  await clock('2026-03-03T17:00:00+08:00');
  const r = await u.lina.post(`/api/v1/minutes/${v.body.id}/submit`, { body: '拜访纪要：客户对服务满意。' });
  assert.deepEqual([r.body.state, r.body.late], ['submitted', false]);
  // rejected minutes are rewritten and submitted as a new request
  const req1 = r.body.request_id;
  assert.equal((await u.salesmgr.post(`/api/v1/approvals/${req1}/reject`, { comment: '内容过于简单' })).status, 200);
  assert.equal((await u.lina.get(`/api/v1/minutes/${v.body.id}`)).body.state, 'rejected');
  const again = await u.lina.post(`/api/v1/minutes/${v.body.id}/submit`, { body: '拜访纪要：客户对安装服务满意，提出增加一次保养。' });
  assert.equal(again.status, 200, again.text);
  assert.equal(again.body.state, 'submitted');
  assert.notEqual(again.body.request_id, req1);
  assert.equal(again.body.late, false, 'first submitted on time');
  const counts = await u.salesmgr.get('/api/v1/minutes/counts?from=2026-01-01');
  assert.equal(counts.status, 200, counts.text);
  const by = Object.fromEntries(counts.body.items.map((i) => [i.author.name, [i.total, i.late, i.overdue]]));
  assert.deepEqual(by['张伟'], [1, 1, 0]);
  assert.deepEqual(by['李娜'], [1, 0, 0]);
  assert.equal(counts.body.items[0].author.name, '张伟', 'the latest first');
  assert.equal((await u.zhangwei.get('/api/v1/minutes/counts')).status, 403);
  assert.equal((await u.zhangwei.get(`/api/v1/minutes?author_id=${u.lina.user.id}`)).status, 403);
  assert.equal((await u.salesmgr.get(`/api/v1/minutes?author_id=${u.lina.user.id}`)).body.items.length, 1);
  assert.equal((await u.zhangwei.get('/api/v1/minutes?state=someday')).status, 400);
  // the number of working days is a parameter (1-30)
  const p = await admin.put('/api/v1/settings/parameters', { minutes_working_days: 0 });
  assert.equal(p.status, 422, p.text);
  assert.equal(p.body.error.field, 'minutes_working_days');
  assert.equal((await admin.put('/api/v1/settings/parameters', { minutes_working_days: 3 })).status, 200);
  const w = await u.lina.post('/api/v1/interactions', { customer_id: linaCustomer.id, channel: 'meeting', summary: '三天期限的会面', occurred_at: '2026-03-03T10:00:00+08:00' });
  assert.equal(w.status, 201, w.text);
  assert.equal(Date.parse((await u.lina.get(`/api/v1/minutes/${w.body.id}`)).body.due_at), Date.parse('2026-03-06T10:00:00+08:00'));
});
