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

// Low satisfaction and needs further service, read from interactions until surveys and service
// tickets exist: each interaction may carry a satisfaction (1-5, 0 not asked) and a flag.
const rated = [];
const log = async (c, when, extra) => {
  const r = await u.zhangwei.post('/api/v1/interactions', { customer_id: c.id, channel: 'call', summary: `回访 ${when}`, occurred_at: `${when}T10:00:00+08:00`, ...extra });
  assert.equal(r.status, 201, r.text);
  return r.body;
};
const ratedSegment = () => ({ owner_id: id.zhangwei.id, tag: '满意度测试' });
const draw = async (body) => {
  const r = await u.salesmgr.post('/api/v1/callback-lists/preview', { filter: ratedSegment(), size: 500, ...body });
  assert.equal(r.status, 200, r.text);
  return r.body.items.map((x) => x.id).sort((a, b) => a - b);
};

test('R-INT-5: an interaction records the satisfaction (1-5) and whether the customer needs further service; the timeline shows them', async () => {
  for (let i = 0; i < 6; i++) {
    const r = await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: `满意度客户${i}`, mobile: mobile(), tags: ['满意度测试'] });
    assert.equal(r.status, 201, r.text);
    rated.push(r.body);
  }
  const x = await log(rated[0], '2026-05-20', { satisfaction: 1, needs_service: true });
  assert.equal(x.satisfaction, 1);
  assert.equal(x.needs_service, true);
  const plain = await log(rated[5], '2026-05-20', {});
  assert.deepEqual([plain.satisfaction, plain.needs_service], [0, false], 'not asked by default');
  const timeline = (await u.zhangwei.get(`/api/v1/interactions?customer_id=${rated[0].id}`)).body.items;
  assert.deepEqual([timeline[0].satisfaction, timeline[0].needs_service], [1, true]);
});

test('R-INT-5: refusals of satisfaction and needs_service name the field and log nothing', async () => {
  const c = rated[5];
  const count = async () => (await u.zhangwei.get(`/api/v1/interactions?customer_id=${c.id}`)).body.items.length;
  const before = await count();
  const cases = [
    [{ satisfaction: 6 }, 422, 'satisfaction'],
    [{ satisfaction: -1 }, 422, 'satisfaction'],
    [{ satisfaction: 'high' }, 400, 'satisfaction'],
    [{ satisfaction: 2.5 }, 400, 'satisfaction'],
    [{ needs_service: 'yes' }, 400, 'needs_service'],
  ];
  for (const [extra, status, field] of cases) {
    const r = await u.zhangwei.post('/api/v1/interactions', { customer_id: c.id, channel: 'call', summary: '坏评分', ...extra });
    assert.equal(r.status, status, `${JSON.stringify(extra)}: ${r.text}`);
    assert.equal(r.body.error.field, field);
  }
  assert.equal(await count(), before);
});

test('R-INT-5: low_satisfaction draws the customers whose latest rated interaction within since_days is rated at most the threshold (default 2)', async () => {
  // rated[0]: rated 1 on 05-20 (above). rated[1]: 2, then 5 later: satisfied now.
  await log(rated[1], '2026-05-10', { satisfaction: 2 });
  await log(rated[1], '2026-05-15', { satisfaction: 5 });
  // rated[2]: 2, then a call where nobody asked: still unsatisfied.
  await log(rated[2], '2026-05-10', { satisfaction: 2 });
  await log(rated[2], '2026-05-25', {});
  // rated[3]: rated 1 half a year ago: outside 90 days, inside 365.
  await log(rated[3], '2025-12-01', { satisfaction: 1 });
  // rated[4]: rated 3.
  await log(rated[4], '2026-05-28', { satisfaction: 3 });
  const ids = (...k) => k.map((i) => rated[i].id).sort((a, b) => a - b);
  assert.deepEqual(await draw({ method: 'low_satisfaction' }), ids(0, 2));
  assert.deepEqual(await draw({ method: 'low_satisfaction', max_satisfaction: 1 }), ids(0));
  assert.deepEqual(await draw({ method: 'low_satisfaction', max_satisfaction: 3 }), ids(0, 2, 4));
  assert.deepEqual(await draw({ method: 'low_satisfaction', since_days: 365 }), ids(0, 2, 3));
  // another department's unhappy customer stays out of the manager's draw
  const theirs = (await u.wangqiang.post('/api/v1/customers', { kind: 'individual', name: '别部门不满意', mobile: mobile(), tags: ['满意度测试'] })).body;
  assert.equal((await u.wangqiang.post('/api/v1/interactions', { customer_id: theirs.id, channel: 'call', summary: '不满意', satisfaction: 1 })).status, 201);
  const all = await u.salesmgr.post('/api/v1/callback-lists/preview', { method: 'low_satisfaction', filter: { tag: '满意度测试' }, size: 500 });
  assert.ok(!all.body.items.some((x) => x.id === theirs.id));
});

test('R-INT-5: needs_service draws the customers whose latest interaction flags further service; a later interaction without the flag clears it; a list is made from it', async () => {
  // rated[0] flagged on 05-20 (above); rated[1] flagged, then cleared by a later call.
  await log(rated[1], '2026-05-26', { needs_service: true });
  await log(rated[1], '2026-05-27', { needs_service: false });
  await log(rated[4], '2026-05-29', { needs_service: true, satisfaction: 4 });
  const ids = (...k) => k.map((i) => rated[i].id).sort((a, b) => a - b);
  assert.deepEqual(await draw({ method: 'needs_service' }), ids(0, 4));
  const r = await u.salesmgr.post('/api/v1/callback-lists', {
    customer_ids: ids(0, 4), title: '进一步服务回访', purpose: 'advice', due_at: '2026-06-10T18:00:00+08:00', method: 'needs_service', filter: ratedSegment(),
  });
  assert.equal(r.status, 201, r.text);
  const lists = (await u.salesmgr.get('/api/v1/callback-lists')).body;
  assert.equal(lists.items.find((l) => l.id === r.body.id).method, 'needs_service');
  for (const m of ['low_satisfaction', 'needs_service']) assert.ok(lists.methods.some((x) => x.value === m), m);
});

test('R-INT-5: refusals of the new methods name the field', async () => {
  const cases = [
    [{ method: 'low_satisfaction', max_satisfaction: 5 }, 'max_satisfaction'],
    [{ method: 'low_satisfaction', max_satisfaction: -1 }, 'max_satisfaction'],
    [{ method: 'low_satisfaction', since_days: 3 }, 'since_days'],
  ];
  for (const [body, field] of cases) {
    const r = await u.salesmgr.post('/api/v1/callback-lists/preview', { filter: ratedSegment(), size: 5, ...body });
    assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.body.error.field, field);
  }
  const r = await u.salesmgr.post('/api/v1/callback-lists/preview', { method: 'low_satisfaction', max_satisfaction: 'low', filter: {}, size: 5 });
  assert.equal(r.status, 400, r.text);
  assert.equal((await u.zhangwei.post('/api/v1/callback-lists/preview', { method: 'needs_service', filter: {}, size: 5 })).status, 403);
});
