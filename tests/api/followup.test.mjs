// Interactions 跟进记录 (R-INT-1, issue 13 item 2) and tasks 待办 (R-INT-4, issue 13 item 4):
// a logged call with its participants and next step, the customer's timeline, the task its next
// step opens and the follow-up task it completes, tasks that follow the customer's owner,
// done / skipped / overdue, who sees and gives whose tasks, and every refusal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, auditEntries, mobile } from '../lib/kehu.mjs';

let server, admin;
const u = {};
const id = {};
let customer, other, contact;

const clock = (now) => admin.put('/api/v1/_test/clock', { now });
const tasksOf = async (c, q = '') => (await c.get(`/api/v1/tasks?limit=200${q}`)).body.items;
const timeline = async (c, cid) => (await c.get(`/api/v1/interactions?customer_id=${cid}&limit=200`)).body.items;

before(async () => {
  server = await startServer({ demo: 3 });
  const names = ['gm', 'zhangwei', 'lina', 'salesmgr', 'shmgr', 'wangqiang', 'jishu'];
  const clients = await Promise.all(names.map((n) => as(server, n)));
  names.forEach((n, i) => { u[n] = clients[i]; });
  admin = await asAdmin(server);
  await clock('2026-06-01T09:00:00+08:00');
  for (const x of (await admin.get('/api/v1/users?limit=200')).body.items) id[x.username] = x;
  let r = await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: '跟进客户', mobile: mobile() });
  assert.equal(r.status, 201, r.text);
  customer = r.body;
  r = await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: '另一位客户', mobile: mobile() });
  other = r.body;
  r = await u.zhangwei.post(`/api/v1/customers/${customer.id}/contacts`, { name: '王秘书', relation: 'assistant', mobile: mobile() });
  assert.equal(r.status, 201, r.text);
  contact = r.body;
});
after(async () => { await server.stop(); });

test('R-INT-1: issue 13 item 2: a call is logged with its participants, outcome and next step; the next step with a date becomes the author\'s task; the timeline shows it and reading it is audited', async () => {
  const r = await u.zhangwei.post('/api/v1/interactions', {
    customer_id: customer.id, channel: 'call', occurred_at: '2026-06-01T08:30:00+08:00',
    summary: '介绍了新款净水器，客户有兴趣。', outcome: '愿意试用', next_step: '送样机上门',
    next_at: '2026-06-05T10:00:00+08:00', user_ids: [id.lina.id], contact_ids: [contact.id],
  });
  assert.equal(r.status, 201, r.text);
  const x = r.body;
  assert.equal(x.channel, 'call');
  assert.equal(x.direction, 'out');
  assert.equal(x.created_by.name, '张伟');
  assert.deepEqual(x.people.map((p) => [p.kind, p.name]).sort(), [['contact', '王秘书'], ['user', '李娜']]);
  assert.ok(x.task_id, 'the next step became a task');
  assert.equal(x.completed_task_id, null);
  const t = (await u.zhangwei.get(`/api/v1/tasks/${x.task_id}`)).body;
  assert.equal(t.kind, 'next_step');
  assert.equal(t.title, '送样机上门');
  assert.equal(t.assignee.name, '张伟');
  assert.equal(t.follows_owner, false);
  assert.equal(Date.parse(t.due_at), Date.parse('2026-06-05T10:00:00+08:00'));
  assert.equal(t.source, `interaction:${x.id}`);
  // a second, later visit: the timeline is newest first
  const v = await u.zhangwei.post('/api/v1/interactions', { customer_id: customer.id, channel: 'visit', summary: '上门拜访', direction: 'out' });
  assert.equal(v.status, 201, v.text);
  const items = await timeline(u.zhangwei, customer.id);
  assert.deepEqual(items.map((i) => i.id), [v.body.id, x.id]);
  assert.deepEqual((await u.zhangwei.get(`/api/v1/interactions?customer_id=${customer.id}&channel=call`)).body.items.map((i) => i.id), [x.id]);
  // paging walks the same order
  const p1 = await u.zhangwei.get(`/api/v1/interactions?customer_id=${customer.id}&limit=1`);
  assert.deepEqual(p1.body.items.map((i) => i.id), [v.body.id]);
  const p2 = await u.zhangwei.get(`/api/v1/interactions?customer_id=${customer.id}&limit=1&cursor=${encodeURIComponent(p1.body.next_cursor)}`);
  assert.deepEqual(p2.body.items.map((i) => i.id), [x.id]);
  const logged = (await auditEntries(u.gm, 'action=interaction.log')).map((e) => String(e.target_id));
  assert.ok(logged.includes(String(x.id)));
  await new Promise((res) => setTimeout(res, 300)); // read entries are written by the next group commit
  const reads = await auditEntries(u.gm, `action=customer.read&target_id=${customer.id}`);
  assert.ok(reads.some((e) => /part=interactions/.test(e.detail || '')), 'the timeline read is audited');
  // the salesperson's manager sees the timeline; a salesperson who does not see the customer does not
  assert.equal((await timeline(u.salesmgr, customer.id)).length, 2);
  assert.equal((await u.lina.get(`/api/v1/interactions?customer_id=${customer.id}`)).status, 404);
  assert.equal((await u.lina.get(`/api/v1/interactions/${x.id}`)).status, 404);
});

test('R-INT-1: issue 13 item 2: refusals name the field and store nothing', async () => {
  const before = (await timeline(u.zhangwei, customer.id)).length;
  const tasksBefore = (await tasksOf(u.zhangwei, '&state=all')).length;
  const ok = { customer_id: customer.id, channel: 'call', summary: '正常内容' };
  const cases = [
    [{ ...ok, channel: '' }, 422, 'channel'],
    [{ ...ok, channel: 'fax' }, 422, 'channel'],
    [{ ...ok, direction: 'sideways' }, 422, 'direction'],
    [{ ...ok, summary: '' }, 422, 'summary'],
    [{ ...ok, summary: '长'.repeat(2001) }, 422, 'summary'],
    [{ ...ok, outcome: '长'.repeat(501) }, 422, 'outcome'],
    [{ ...ok, occurred_at: '2026-06-02T09:00:00+08:00' }, 422, 'occurred_at'],
    [{ ...ok, next_at: '2026-06-09T09:00:00+08:00' }, 422, 'next_step'],
    [{ ...ok, next_step: '再联系', next_at: '2026-05-01T09:00:00+08:00' }, 422, 'next_at'],
    [{ ...ok, next_step: '长'.repeat(201), next_at: '2026-06-09T09:00:00+08:00' }, 422, 'next_step'],
    [{ ...ok, next_at: 'next week', next_step: '再联系' }, 400, 'next_at'],
    [{ ...ok, contact_ids: [999999] }, 422, 'contact_ids'],
    [{ ...ok, user_ids: [999999] }, 422, 'user_ids'],
    [{ ...ok, customer_id: 0 }, 422, 'customer_id'],
    [{ ...ok, summary: 42 }, 400, 'summary'],
  ];
  for (const [body, status, field] of cases) {
    const r = await u.zhangwei.post('/api/v1/interactions', body);
    assert.equal(r.status, status, `${JSON.stringify(body).slice(0, 80)}: ${r.text}`);
    assert.equal(r.body.error.field, field);
    assert.ok(r.body.error.message_zh && r.body.error.message_en);
  }
  // a contact of another customer
  const oc = await u.zhangwei.post(`/api/v1/customers/${other.id}/contacts`, { name: '别家联系人' });
  let r = await u.zhangwei.post('/api/v1/interactions', { ...ok, contact_ids: [oc.body.id] });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'contact_ids');
  // a customer the author does not see, a role that logs nothing, a task of another customer
  r = await u.lina.post('/api/v1/interactions', ok);
  assert.equal(r.status, 404, r.text);
  r = await u.jishu.post('/api/v1/interactions', ok);
  assert.equal(r.status, 403, r.text);
  const t = await u.zhangwei.post('/api/v1/tasks', { customer_id: other.id, title: '别家的待办', due_at: '2026-06-10T09:00:00+08:00' });
  assert.equal(t.status, 201, t.text);
  r = await u.zhangwei.post('/api/v1/interactions', { ...ok, task_id: t.body.id });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.field, 'task_id');
  assert.equal((await timeline(u.zhangwei, customer.id)).length, before, 'nothing was logged');
  assert.equal((await tasksOf(u.zhangwei, '&state=all')).length, tasksBefore + 1, 'only the task added on purpose');
  assert.equal((await u.zhangwei.get(`/api/v1/tasks/${t.body.id}`)).body.state, 'open');
});

test('R-INT-4: issue 13 item 4: logging an interaction completes the author\'s earliest due started follow-up task; a task whose window has not opened, a greeting and another\'s task stay open; a named task is completed', async () => {
  const c = (await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: '回访客户', mobile: mobile() })).body;
  const add = async (body) => {
    const r = await u.zhangwei.post('/api/v1/tasks', { customer_id: c.id, ...body });
    assert.equal(r.status, 201, r.text);
    return r.body;
  };
  const first = await add({ title: '第一次回访', due_at: '2026-06-04T18:00:00+08:00', channel: 'call' });
  const window = await add({ title: '4-6个月回访', start_at: '2026-10-01T00:00:00+08:00', due_at: '2026-12-01T00:00:00+08:00' });
  const greeting = await add({ title: '生日问候', kind: 'greeting', due_at: '2026-06-03T09:00:00+08:00' });
  const second = await add({ title: '第二次回访', due_at: '2026-06-30T18:00:00+08:00' });
  assert.equal(first.assignee.name, '张伟');
  assert.equal(first.follows_owner, true);
  let r = await u.zhangwei.post('/api/v1/interactions', { customer_id: c.id, channel: 'call', summary: '第一次回访电话' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.completed_task_id, first.id);
  const done = (await u.zhangwei.get(`/api/v1/tasks/${first.id}`)).body;
  assert.equal(done.state, 'done');
  assert.equal(done.done_interaction_id, r.body.id);
  assert.equal(done.done_by.name, '张伟');
  // the next call completes the second; the window task and the greeting stay open
  r = await u.zhangwei.post('/api/v1/interactions', { customer_id: c.id, channel: 'wechat', summary: '微信回访' });
  assert.equal(r.body.completed_task_id, second.id);
  r = await u.zhangwei.post('/api/v1/interactions', { customer_id: c.id, channel: 'call', summary: '又打了一次' });
  assert.equal(r.body.completed_task_id, null);
  for (const t of [window, greeting]) assert.equal((await u.zhangwei.get(`/api/v1/tasks/${t.id}`)).body.state, 'open');
  // the manager's interaction does not complete the salesperson's task
  const third = await add({ title: '第三次回访', due_at: '2026-07-30T18:00:00+08:00' });
  r = await u.salesmgr.post('/api/v1/interactions', { customer_id: c.id, channel: 'visit', summary: '经理拜访' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.completed_task_id, null);
  assert.equal((await u.zhangwei.get(`/api/v1/tasks/${third.id}`)).body.state, 'open');
  // naming the task completes it whatever its window
  r = await u.zhangwei.post('/api/v1/interactions', { customer_id: c.id, channel: 'call', summary: '提前回访', task_id: window.id });
  assert.equal(r.body.completed_task_id, window.id);
  // a completed task cannot be completed again
  r = await u.zhangwei.post('/api/v1/interactions', { customer_id: c.id, channel: 'call', summary: '再完成一次', task_id: window.id });
  assert.equal(r.status, 409, r.text);
});

test('R-INT-4: issue 13 item 4: an open task without an assignee follows the customer\'s owner through a transfer; a named assignee keeps it; a finished one stays with whoever finished it', async () => {
  const c = (await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: '转移客户', mobile: mobile() })).body;
  const follows = (await u.zhangwei.post('/api/v1/tasks', { customer_id: c.id, title: '跟着负责人', due_at: '2026-06-08T09:00:00+08:00' })).body;
  const done = (await u.zhangwei.post('/api/v1/tasks', { customer_id: c.id, title: '已完成的', due_at: '2026-06-07T09:00:00+08:00' })).body;
  const skipped = (await u.zhangwei.post('/api/v1/tasks', { customer_id: c.id, title: '已跳过的', due_at: '2026-06-07T10:00:00+08:00' })).body;
  assert.equal((await u.zhangwei.post(`/api/v1/tasks/${done.id}/done`, {})).status, 200);
  assert.equal((await u.zhangwei.post(`/api/v1/tasks/${skipped.id}/skip`, { reason: '客户出差' })).status, 200);
  const named = (await u.salesmgr.post('/api/v1/tasks', { customer_id: c.id, title: '经理指定', assignee_id: id.zhangwei.id, due_at: '2026-06-08T09:00:00+08:00' })).body;
  assert.equal(named.follows_owner, false);
  assert.ok((await tasksOf(u.zhangwei)).some((t) => t.id === follows.id));
  const r = await u.salesmgr.post(`/api/v1/customers/${c.id}/transfer`, { owner_id: id.lina.id, reason: '调整分工' });
  assert.equal(r.status, 200, r.text);
  const lina = (await tasksOf(u.lina)).map((t) => t.id);
  assert.ok(lina.includes(follows.id), 'it moved with the customer');
  assert.ok(!lina.includes(named.id));
  const zw = (await tasksOf(u.zhangwei)).map((t) => t.id);
  assert.ok(!zw.includes(follows.id));
  assert.ok(zw.includes(named.id), 'the named assignee keeps theirs');
  assert.equal((await u.lina.get(`/api/v1/tasks/${follows.id}`)).body.assignee.name, '李娜');
  const finished = (x) => x.filter((t) => t.customer.id === c.id && t.state !== 'open').map((t) => t.id).sort();
  assert.deepEqual(finished(await tasksOf(u.zhangwei, '&state=all')), [done.id, skipped.id].sort(), 'his finished ones stay his');
  assert.deepEqual(finished(await tasksOf(u.lina, '&state=all')), []);
});

test('R-INT-4: issue 13 item 4: a task following the owner leaves the list when the customer goes to the pool and reaches whoever claims it; a reassigned task moves to its new doer', async () => {
  const c = (await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: '公海待办客户', mobile: mobile() })).body;
  const t = (await u.zhangwei.post('/api/v1/tasks', { customer_id: c.id, title: '跟着负责人走', due_at: '2026-06-09T09:00:00+08:00' })).body;
  let r = await u.zhangwei.post(`/api/v1/customers/${c.id}/release`, { reason: '暂无需求' });
  assert.equal(r.status, 200, r.text);
  assert.ok(!(await tasksOf(u.zhangwei)).some((x) => x.id === t.id), 'not his once the customer is in the pool');
  r = await u.lina.post(`/api/v1/pool/${c.id}/claim`, {});
  assert.equal(r.status, 200, r.text);
  assert.ok((await tasksOf(u.lina)).some((x) => x.id === t.id), 'the claimer has it');
  r = await u.salesmgr.post(`/api/v1/tasks/${t.id}/assign`, { assignee_id: id.salesmgr.id });
  assert.equal(r.status, 200, r.text);
  assert.ok(!(await tasksOf(u.lina)).some((x) => x.id === t.id));
  assert.ok((await tasksOf(u.salesmgr)).some((x) => x.id === t.id), 'the named assignee has it');
});

test('R-INT-4: issue 13 item 4: my tasks page in due order through the cursor, within due_from and due_to, the same as one long page', async () => {
  const c = (await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: '分页待办客户', mobile: mobile() })).body;
  const dues = ['2026-07-01T09:00:00+08:00', '2026-07-02T09:00:00+08:00', '2026-07-02T09:00:00+08:00',
    '2026-07-02T09:00:00+08:00', '2026-07-03T09:00:00+08:00', '2026-07-05T09:00:00+08:00'];
  for (const [i, due_at] of dues.entries()) {
    const r = await u.zhangwei.post('/api/v1/tasks', { customer_id: c.id, title: `第${i}项`, due_at });
    assert.equal(r.status, 201, r.text);
  }
  const range = '&due_from=2026-07-02&due_to=2026-07-04';
  const whole = (await tasksOf(u.zhangwei, range)).filter((x) => x.customer.id === c.id).map((x) => x.title);
  assert.deepEqual(whole, ['第1项', '第2项', '第3项', '第4项'], 'from the 2nd to before the 4th, by due time then number');
  const paged = [];
  let cursor = '';
  for (let i = 0; i < 20; i++) {
    const r = await u.zhangwei.get(`/api/v1/tasks?limit=1${range}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(r.status, 200, r.text);
    paged.push(...r.body.items.filter((x) => x.customer.id === c.id).map((x) => x.title));
    if (!r.body.next_cursor) break;
    cursor = r.body.next_cursor;
  }
  assert.deepEqual(paged, whole);
  const all = (await tasksOf(u.zhangwei, '&state=all&due_from=2026-07-01&due_to=2026-07-06')).filter((x) => x.customer.id === c.id);
  assert.equal(all.length, 6);
  // one kind of task (my day's greetings of the week), by due time too
  const g = await u.zhangwei.post('/api/v1/tasks', { customer_id: c.id, kind: 'greeting', title: '生日问候', due_at: '2026-07-02T10:00:00+08:00' });
  assert.equal(g.status, 201, g.text);
  const greetings = (await tasksOf(u.zhangwei, `&kind=greeting${range}`)).filter((x) => x.customer.id === c.id);
  assert.deepEqual(greetings.map((x) => [x.kind, x.title]), [['greeting', '生日问候']]);
  const ofCustomer = (await tasksOf(u.zhangwei, `&customer_id=${c.id}&kind=greeting&state=all`)).map((x) => x.id);
  assert.deepEqual(ofCustomer, [g.body.id]);
});

test('R-INT-4: issue 13 item 4: a task is done or skipped with a reason once; past its due time it is overdue; only its doer or a manager finishes it', async () => {
  const c = (await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: '状态客户', mobile: mobile() })).body;
  const a = (await u.zhangwei.post('/api/v1/tasks', { customer_id: c.id, title: '甲', due_at: '2026-06-02T18:00:00+08:00' })).body;
  const b = (await u.zhangwei.post('/api/v1/tasks', { customer_id: c.id, title: '乙', due_at: '2026-06-20T18:00:00+08:00' })).body;
  assert.equal(a.overdue, false);
  await clock('2026-06-03T09:00:00+08:00');
  const overdue = (await tasksOf(u.zhangwei, '&state=overdue')).map((t) => t.id);
  assert.ok(overdue.includes(a.id) && !overdue.includes(b.id));
  assert.equal((await u.zhangwei.get(`/api/v1/tasks/${a.id}`)).body.overdue, true);
  // the open list is by due time
  const open = (await tasksOf(u.zhangwei, `&state=open`)).filter((t) => t.customer.id === c.id).map((t) => t.id);
  assert.deepEqual(open, [a.id, b.id]);
  // refusals: a salesperson who does not see it, a skip without a reason, a note too long
  let r = await u.lina.post(`/api/v1/tasks/${a.id}/done`, {});
  assert.equal(r.status, 404, r.text);
  r = await u.zhangwei.post(`/api/v1/tasks/${a.id}/skip`, { reason: '' });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'reason');
  r = await u.zhangwei.post(`/api/v1/tasks/${a.id}/done`, { note: '长'.repeat(501) });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'note');
  r = await u.zhangwei.post(`/api/v1/tasks/${a.id}/done`, { note: '已电话联系' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.state, 'done');
  assert.equal(r.body.overdue, false);
  assert.equal(r.body.note, '已电话联系');
  r = await u.zhangwei.post(`/api/v1/tasks/${a.id}/skip`, { reason: '重复' });
  assert.equal(r.status, 409, r.text);
  r = await u.salesmgr.post(`/api/v1/tasks/${b.id}/skip`, { reason: '客户已搬走' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.state, 'skipped');
  assert.equal(r.body.note, '客户已搬走');
  assert.deepEqual((await tasksOf(u.zhangwei, '&state=skipped')).filter((t) => t.customer.id === c.id).map((t) => t.id), [b.id]);
  const acts = (await auditEntries(u.gm, 'action=task.skip')).map((e) => String(e.target_id));
  assert.ok(acts.includes(String(b.id)));
  await clock('2026-06-01T09:00:00+08:00');
});

test('R-INT-4: issue 13 item 4: a manager sees and gives the tasks of their department\'s staff and is told of none of theirs; others may not; the assignee must see the customer and is told', async () => {
  const c = (await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: '分派客户', mobile: mobile() })).body;
  const t = (await u.zhangwei.post('/api/v1/tasks', { customer_id: c.id, title: '待分派', due_at: '2026-06-09T09:00:00+08:00' })).body;
  // lists: the manager sees zhangwei's; zhangwei not lina's; the Shanghai manager not zhangwei's
  assert.ok((await tasksOf(u.salesmgr, `&assignee_id=${id.zhangwei.id}`)).some((x) => x.id === t.id));
  assert.equal((await u.zhangwei.get(`/api/v1/tasks?assignee_id=${id.lina.id}`)).status, 403);
  assert.equal((await u.shmgr.get(`/api/v1/tasks?assignee_id=${id.zhangwei.id}`)).status, 403);
  // a salesperson gives no task to someone else
  let r = await u.zhangwei.post('/api/v1/tasks', { customer_id: c.id, title: '给李娜', assignee_id: id.lina.id, due_at: '2026-06-09T09:00:00+08:00' });
  assert.equal(r.status, 403, r.text);
  r = await u.zhangwei.post(`/api/v1/tasks/${t.id}/assign`, { assignee_id: id.lina.id });
  assert.equal(r.status, 403, r.text);
  // an assignee who does not see the customer (another department's salesperson)
  r = await u.salesmgr.post(`/api/v1/tasks/${t.id}/assign`, { assignee_id: id.wangqiang.id });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'assignee_id');
  // the manager gives it to himself, who sees the customer: he is the doer now
  r = await u.salesmgr.post(`/api/v1/tasks/${t.id}/assign`, { assignee_id: id.salesmgr.id });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.assignee.name, '周建国');
  assert.equal(r.body.follows_owner, false);
  // back to the owner, and the owner, not the manager, is told when the gm names him
  r = await u.gm.post(`/api/v1/tasks/${t.id}/assign`, { assignee_id: id.zhangwei.id });
  assert.equal(r.status, 200, r.text);
  const inbox = (await u.zhangwei.get('/api/v1/notifications?limit=200')).body.items;
  assert.ok(inbox.some((n) => n.kind === 'task.assigned' && /待分派/.test(n.text)), 'the assignee is told');
  // task refusals when adding
  const cases = [
    [{ customer_id: c.id, title: '', due_at: '2026-06-09T09:00:00+08:00' }, 'title'],
    [{ customer_id: c.id, title: '无期限' }, 'due_at'],
    [{ customer_id: c.id, title: '坏类型', kind: 'party', due_at: '2026-06-09T09:00:00+08:00' }, 'kind'],
    [{ customer_id: c.id, title: '坏方式', channel: 'fax', due_at: '2026-06-09T09:00:00+08:00' }, 'channel'],
    [{ customer_id: c.id, title: '倒置', start_at: '2026-06-10T09:00:00+08:00', due_at: '2026-06-09T09:00:00+08:00' }, 'start_at'],
  ];
  for (const [body, field] of cases) {
    r = await u.zhangwei.post('/api/v1/tasks', body);
    assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.body.error.field, field);
  }
  assert.equal((await u.lina.post('/api/v1/tasks', { customer_id: c.id, title: '看不到', due_at: '2026-06-09T09:00:00+08:00' })).status, 404);
  assert.equal((await u.zhangwei.get('/api/v1/tasks?state=later')).status, 400);
});

test('R-INT-4: issue 13 item 12: a manager\'s team view counts each of their staff\'s open, due-today and overdue tasks, most overdue first; a salesperson has none, another branch\'s manager does not see this department', async () => {
  const base = (await u.salesmgr.get('/api/v1/tasks/team')).body.items.find((x) => x.user.name === '李娜')?.open || 0;
  const c = (await u.lina.post('/api/v1/customers', { kind: 'individual', name: '团队视图客户', mobile: mobile() })).body;
  for (const [title, due] of [['李娜逾期一', '2026-06-01T10:00:00+08:00'], ['李娜逾期二', '2026-06-01T11:00:00+08:00'], ['李娜今天', '2026-06-01T20:00:00+08:00'], ['李娜下周', '2026-06-08T10:00:00+08:00']]) {
    assert.equal((await u.lina.post('/api/v1/tasks', { customer_id: c.id, title, due_at: due, start_at: '2026-06-01T08:00:00+08:00' })).status, 201);
  }
  await admin.put('/api/v1/_test/clock', { now: '2026-06-01T12:00:00+08:00' });
  u.salesmgr = await as(server, 'salesmgr');
  u.shmgr = await as(server, 'shmgr');
  u.zhangwei = await as(server, 'zhangwei');
  const r = await u.salesmgr.get('/api/v1/tasks/team');
  assert.equal(r.status, 200, r.text);
  const lina = r.body.items.find((x) => x.user.name === '李娜');
  assert.deepEqual([lina.open, lina.due_today, lina.overdue], [base + 4, 1, 2], 'her earlier tasks are due next week');
  assert.ok(r.body.items.some((x) => x.user.name === '张伟'));
  const overdue = r.body.items.map((x) => x.overdue);
  assert.deepEqual(overdue, [...overdue].sort((a, b) => b - a), 'most overdue first');
  assert.equal((await u.zhangwei.get('/api/v1/tasks/team')).status, 403);
  const sh = (await u.shmgr.get('/api/v1/tasks/team')).body.items.map((x) => x.user.name);
  assert.ok(!sh.includes('李娜') && !sh.includes('张伟'), JSON.stringify(sh));
  await admin.put('/api/v1/_test/clock', { now: '2026-06-01T09:00:00+08:00' });
});
