// Callback lists 回访名单 (R-INT-5, issue 13 item 5): a manager draws customers by a method (a
// random sample of a segment, the rarely contacted of it), previews them, and turns them into
// callback tasks with one purpose spread over the team: each to the least loaded member who sees
// the customer, else to its owner; each member told once; the list counts its done tasks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, auditEntries, mobile } from '../lib/kehu.mjs';

let server, admin;
const u = {};
const id = {};
const mine = [];
let foreign;

before(async () => {
  server = await startServer({ demo: 1 });
  admin = await asAdmin(server);
  await admin.put('/api/v1/_test/clock', { now: '2026-06-01T09:00:00+08:00' });
  for (const n of ['zhangwei', 'lina', 'salesmgr', 'wangqiang', 'gm']) u[n] = await as(server, n);
  for (const x of (await admin.get('/api/v1/users?limit=200')).body.items) id[x.username] = x;
  for (let i = 0; i < 6; i++) {
    const r = await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: `回访名单客户${i}`, mobile: mobile(), tags: ['回访测试'] });
    assert.equal(r.status, 201, r.text);
    mine.push(r.body);
  }
  foreign = (await u.wangqiang.post('/api/v1/customers', { kind: 'individual', name: '别部门客户', mobile: mobile() })).body;
});
after(async () => { await server.stop(); });

const segment = () => ({ owner_id: id.zhangwei.id, tag: '回访测试' });

test('R-INT-5: issue 13 item 5: a random sample of a segment and its rarely contacted customers are drawn for the manager, within what they see', async () => {
  let r = await u.salesmgr.post('/api/v1/callback-lists/preview', { method: 'random', filter: segment(), size: 4 });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.items.length, 4);
  const ids = new Set(mine.map((c) => c.id));
  assert.ok(r.body.items.every((x) => ids.has(x.id) && x.owner.name === '张伟'), JSON.stringify(r.body.items));
  // every one of the segment when the size allows, none of another department's
  r = await u.salesmgr.post('/api/v1/callback-lists/preview', { method: 'random', filter: {}, size: 500 });
  assert.ok(r.body.items.length >= 6);
  assert.ok(!r.body.items.some((x) => x.id === foreign.id), 'another department\'s customer');
  // the rarely contacted: a customer called last week is left out
  assert.equal((await u.zhangwei.post('/api/v1/interactions', { customer_id: mine[0].id, channel: 'call', summary: '上周回访过', occurred_at: '2026-05-25T10:00:00+08:00' })).status, 201);
  assert.equal((await u.zhangwei.post('/api/v1/interactions', { customer_id: mine[1].id, channel: 'call', summary: '两个月前联系过', occurred_at: '2026-03-25T10:00:00+08:00' })).status, 201);
  r = await u.salesmgr.post('/api/v1/callback-lists/preview', { method: 'rarely_contacted', since_days: 30, filter: segment(), size: 500 });
  assert.equal(r.status, 200, r.text);
  const drawn = r.body.items.map((x) => x.id);
  assert.ok(!drawn.includes(mine[0].id), 'contacted within 30 days');
  assert.ok(drawn.includes(mine[1].id), 'contacted two months ago');
  assert.equal(drawn.length, 5);
});

test('R-INT-5: issue 13 item 5: the chosen customers become callback tasks with the purpose, spread over the team by load; each member is told once; an interaction completes one and the list counts it', async () => {
  const customer_ids = mine.map((c) => c.id);
  const r = await u.salesmgr.post('/api/v1/callback-lists', {
    customer_ids: [...customer_ids, customer_ids[0]], title: '六月情感回访', purpose: 'emotional', channel: 'call',
    due_at: '2026-06-10T18:00:00+08:00', assignee_ids: [id.zhangwei.id, id.salesmgr.id, id.lina.id],
    method: 'random', filter: segment(),
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.tasks, 6, 'a customer named twice is one task');
  const by = Object.fromEntries(r.body.shares.map((s) => [s.user.name, s.tasks]));
  assert.equal(by['李娜'], undefined, 'she does not see 张伟\'s customers');
  assert.equal((by['张伟'] || 0) + (by['周建国'] || 0), 6);
  assert.ok(Math.abs((by['张伟'] || 0) - (by['周建国'] || 0)) <= 3, JSON.stringify(by));
  const tasks = (await u.salesmgr.get(`/api/v1/tasks?assignee_id=${id.zhangwei.id}&kind=callback&limit=200`)).body.items;
  assert.ok(tasks.length >= 1);
  assert.equal(tasks[0].purpose, 'emotional');
  assert.equal(tasks[0].title, '六月情感回访');
  assert.match(tasks[0].source, new RegExp(`^callback:${r.body.id}:`));
  const told = (await u.zhangwei.get('/api/v1/notifications?limit=200')).body.items.filter((n) => n.kind === 'task.assigned' && /六月情感回访/.test(n.text));
  assert.equal(told.length, 1, 'one notice for the list');
  // the salesperson calls: the callback task is done, and the list counts it
  const x = await u.zhangwei.post('/api/v1/interactions', { customer_id: tasks[0].customer.id, channel: 'call', summary: '情感回访，客户满意' });
  assert.equal(x.body.completed_task_id, tasks[0].id);
  const lists = (await u.salesmgr.get('/api/v1/callback-lists')).body;
  const l = lists.items.find((i) => i.id === r.body.id);
  assert.deepEqual([l.tasks, l.done, l.purpose, l.method], [6, 1, 'emotional', 'random']);
  assert.ok(lists.methods.some((m) => m.value === 'rarely_contacted'));
  assert.ok((await auditEntries(u.gm, 'action=callback.create')).some((e) => e.target_id === String(r.body.id)));
});

test('R-INT-5: issue 13 item 5: refusals name the field and make nothing', async () => {
  const before = (await u.salesmgr.get('/api/v1/callback-lists')).body.items.length;
  const ok = { customer_ids: [mine[2].id], title: '名单', purpose: 'promotion', due_at: '2026-06-10T18:00:00+08:00' };
  const cases = [
    [{ ...ok, purpose: '' }, 'purpose'],
    [{ ...ok, purpose: 'gossip' }, 'purpose'],
    [{ ...ok, title: '' }, 'title'],
    [{ ...ok, due_at: '2026-05-01T00:00:00+08:00' }, 'due_at'],
    [{ ...ok, customer_ids: [] }, 'customer_ids'],
    [{ ...ok, customer_ids: [foreign.id] }, 'customer_ids'],
    [{ ...ok, assignee_ids: [999999] }, 'assignee_ids'],
    [{ ...ok, channel: 'fax' }, 'channel'],
    [{ ...ok, method: 'astrology' }, 'method'],
  ];
  for (const [body, field] of cases) {
    const r = await u.salesmgr.post('/api/v1/callback-lists', body);
    assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.body.error.field, field);
  }
  const drawCases = [
    [{ method: 'random', filter: {}, size: 0 }, 422, 'size'],
    [{ method: 'random', filter: {}, size: 501 }, 422, 'size'],
    [{ method: 'rarely_contacted', since_days: 3, filter: {}, size: 5 }, 422, 'since_days'],
    [{ method: 'lottery', filter: {}, size: 5 }, 422, 'method'],
    [{ method: 'random', filter: { q: '张' }, size: 5 }, 422, 'filter.q'],
    [{ method: 'random', filter: { colour: 'red' }, size: 5 }, 400, 'colour'],
  ];
  for (const [body, status, field] of drawCases) {
    const r = await u.salesmgr.post('/api/v1/callback-lists/preview', body);
    assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.body.error.field, field);
  }
  assert.equal((await u.zhangwei.post('/api/v1/callback-lists/preview', { method: 'random', filter: {}, size: 5 })).status, 403);
  assert.equal((await u.zhangwei.post('/api/v1/callback-lists', ok)).status, 403);
  assert.equal((await u.zhangwei.get('/api/v1/callback-lists')).status, 403);
  assert.equal((await u.salesmgr.get('/api/v1/callback-lists')).body.items.length, before);
});
