// Leak reports 泄露报告 (R-SEC-9, issue 12 item 8): anyone reports a suspected leak; the
// customer-information supervisor and the CS manager are told at once; remedial actions are
// tracked to closure, and a report closes only when every action is done.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, auditEntries, mobile } from '../lib/kehu.mjs';

let server, admin;
const u = {};
const id = {};
let customer;
let reportId;

before(async () => {
  server = await startServer({ demo: 3 });
  const names = ['gm', 'zhangwei', 'lina', 'infosup', 'csmanager', 'infospec', 'jishu'];
  const clients = await Promise.all(names.map((n) => as(server, n)));
  names.forEach((n, i) => { u[n] = clients[i]; });
  admin = await asAdmin(server);
  await admin.put('/api/v1/_test/clock', { now: '2026-06-01T09:00:00+08:00' });
  for (const x of (await admin.get('/api/v1/users?limit=200')).body.items) id[x.username] = x;
  const c = await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: '泄露客户', mobile: mobile() });
  assert.equal(c.status, 201, c.text);
  customer = c.body;
});
after(async () => { await server.stop(); });

const inbox = async (c) => (await c.get('/api/v1/notifications?limit=200')).body.items;

test('R-SEC-9: issue 12 item 8: anyone reports a suspected leak naming the records; the information supervisor and the CS manager are told at once, others are not', async () => {
  const r = await u.zhangwei.post('/api/v1/leak-reports', {
    summary: '客户名单疑似被拍照外传', details: '在会议室看到有人用手机拍摄屏幕上的客户名单。',
    occurred_at: '2026-05-31T15:00:00+08:00', customer_ids: [customer.id],
  });
  assert.equal(r.status, 201, r.text);
  reportId = r.body.id;
  assert.equal(r.body.state, 'open');
  assert.equal(r.body.reporter.name, '张伟');
  assert.deepEqual(r.body.customers.map((x) => x.code), [customer.code]);
  for (const who of ['infosup', 'csmanager']) {
    const n = (await inbox(u[who])).find((x) => x.kind === 'leak.reported' && x.request_id === reportId);
    assert.ok(n, `${who} is told`);
    assert.match(n.text, /张伟 报告疑似泄露/);
    assert.equal(n.link, `/leaks/${reportId}`);
  }
  assert.ok(!(await inbox(u.infospec)).some((x) => x.kind === 'leak.reported'), 'not the specialist');
  const entry = (await auditEntries(u.gm, 'action=leak.report'))[0];
  assert.equal(String(entry.target_id), String(reportId));
  // a technician reports too (no permission needed); the reporter sees their own only
  const t = await u.jishu.post('/api/v1/leak-reports', { summary: '维修单遗失' });
  assert.equal(t.status, 201, t.text);
  assert.deepEqual((await u.jishu.get('/api/v1/leak-reports')).body.items.map((x) => x.id), [t.body.id]);
  assert.equal((await u.jishu.get(`/api/v1/leak-reports/${reportId}`)).status, 404);
  const all = (await u.infosup.get('/api/v1/leak-reports?state=open')).body.items.map((x) => x.id);
  assert.ok(all.includes(reportId) && all.includes(t.body.id));
});

test('R-SEC-9: issue 12 item 8: refusals — no summary, a future time, a record the reporter does not see, too many records; nothing is stored', async () => {
  const before = (await u.infosup.get('/api/v1/leak-reports?state=all&limit=200')).body.items.length;
  const cases = [
    [{ summary: '' }, 422, 'summary'],
    [{ summary: 'x'.repeat(201) }, 422, 'summary'],
    [{ summary: '未来', occurred_at: '2027-01-01T00:00:00+08:00' }, 422, 'occurred_at'],
    [{ summary: '看不到', customer_ids: [customer.id] }, 422, 'customer_ids', u.lina],
    [{ summary: '太多', customer_ids: Array.from({ length: 51 }, (_, i) => i + 1) }, 400, 'customer_ids'],
    [{ summary: '坏时间', occurred_at: 'yesterday' }, 400, 'occurred_at'],
  ];
  for (const [body, status, field, who = u.zhangwei] of cases) {
    const r = await who.post('/api/v1/leak-reports', body);
    assert.equal(r.status, status, `${JSON.stringify(body).slice(0, 60)}: ${r.text}`);
    assert.equal(r.body.error.field, field);
  }
  assert.equal((await u.infosup.get('/api/v1/leak-reports?state=all&limit=200')).body.items.length, before);
});

test('R-SEC-9: issue 12 item 8: remedial actions are tracked to closure: the owner is told and completes theirs, the report closes only when every action is done, and the reporter is told', async () => {
  // only the handlers set actions
  let r = await u.zhangwei.post(`/api/v1/leak-reports/${reportId}/actions`, { action: '自查', owner_id: id.zhangwei.id, due_at: '2026-06-03T18:00:00+08:00' });
  assert.equal(r.status, 403, r.text);
  r = await u.infosup.post(`/api/v1/leak-reports/${reportId}/actions`, { action: '', owner_id: id.lina.id, due_at: '2026-06-03T18:00:00+08:00' });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'action');
  r = await u.infosup.post(`/api/v1/leak-reports/${reportId}/actions`, { action: '更换会议室屏幕防窥膜', owner_id: id.lina.id, due_at: '2026-05-01T18:00:00+08:00' });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'due_at');
  r = await u.infosup.post(`/api/v1/leak-reports/${reportId}/actions`, { action: '更换会议室屏幕防窥膜', owner_id: 99999, due_at: '2026-06-03T18:00:00+08:00' });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'owner_id');
  r = await u.infosup.post(`/api/v1/leak-reports/${reportId}/actions`, { action: '更换会议室屏幕防窥膜', owner_id: id.lina.id, due_at: '2026-06-03T18:00:00+08:00' });
  assert.equal(r.status, 201, r.text);
  const action = r.body.actions[0];
  assert.equal(action.owner.name, '李娜');
  assert.equal(r.body.actions_open, 1);
  const told = (await inbox(u.lina)).find((x) => x.kind === 'leak.action' && x.request_id === reportId);
  assert.ok(told, 'the owner is told');
  // not closed while an action is open
  r = await u.infosup.post(`/api/v1/leak-reports/${reportId}/close`, { conclusion: '已处理' });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.field, 'actions');
  // overdue after its due time (the clock moves)
  await admin.put('/api/v1/_test/clock', { now: '2026-06-04T09:00:00+08:00' });
  assert.equal((await u.infosup.get(`/api/v1/leak-reports/${reportId}`)).body.actions[0].overdue, true);
  // somebody else cannot complete it; its owner does
  r = await u.zhangwei.post(`/api/v1/leak-reports/${reportId}/actions/${action.id}/done`, { note: '' });
  assert.equal(r.status, 403, r.text);
  r = await u.lina.post(`/api/v1/leak-reports/${reportId}/actions/${action.id}/done`, { note: '已贴膜' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.actions[0].done_by.name, '李娜');
  r = await u.lina.post(`/api/v1/leak-reports/${reportId}/actions/${action.id}/done`, { note: '再次' });
  assert.equal(r.status, 409);
  // closing needs a conclusion and the permission
  assert.equal((await u.zhangwei.post(`/api/v1/leak-reports/${reportId}/close`, { conclusion: '结束' })).status, 403);
  r = await u.csmanager.post(`/api/v1/leak-reports/${reportId}/close`, { conclusion: '' });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'conclusion');
  r = await u.csmanager.post(`/api/v1/leak-reports/${reportId}/close`, { conclusion: '经核查系内部人员拍照，已批评教育并删除照片。' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.state, 'closed');
  assert.equal(r.body.closed_by.name, '钱丽华');
  assert.ok((await inbox(u.zhangwei)).some((x) => x.kind === 'leak.closed' && x.request_id === reportId), 'the reporter is told');
  // closed: no more actions, no second close
  r = await u.infosup.post(`/api/v1/leak-reports/${reportId}/actions`, { action: '补充', owner_id: id.lina.id, due_at: '2026-06-10T18:00:00+08:00' });
  assert.equal(r.status, 409, r.text);
  assert.equal((await u.infosup.post(`/api/v1/leak-reports/${reportId}/close`, { conclusion: '再次' })).status, 409);
  const trail = (await auditEntries(u.gm, `target_type=leak_report&target_id=${reportId}`)).map((e) => e.action);
  for (const a of ['leak.report', 'leak.action', 'leak.action_done', 'leak.close']) assert.ok(trail.includes(a), `${a} in ${trail}`);
});

test('R-SEC-9 R-INT-7: issue 12 item 8: an overdue remedial action alerts its owner, the information supervisor and the CS manager once every working day of the business calendar until it is done', async () => {
  const at = (t) => admin.put('/api/v1/_test/clock', { now: t });
  const late = async (c) => (await inbox(c)).filter((n) => n.kind === 'leak.action_overdue');
  const tick = async (c, want) => {
    assert.equal((await admin.post('/api/v1/_test/scheduler/tick')).status, 200);
    let n = (await late(c)).length;
    for (let i = 0; i < 40 && n !== want; i++) { await new Promise((r) => setTimeout(r, 50)); n = (await late(c)).length; }
    return n;
  };
  await at('2026-09-28T09:00:00+08:00'); // a Monday before the National Day week
  const rep = await u.lina.post('/api/v1/leak-reports', { summary: '打印件遗落在前台', customer_ids: [] });
  assert.equal(rep.status, 201, rep.text);
  const act = await u.infosup.post(`/api/v1/leak-reports/${rep.body.id}/actions`, { action: '收回打印件并登记', owner_id: id.lina.id, due_at: '2026-09-29T18:00:00+08:00' });
  assert.equal(act.status, 201, act.text);
  const base = (await late(u.lina)).length;
  const sup = (await late(u.infosup)).length;
  await at('2026-09-29T17:30:00+08:00'); // not yet due
  assert.equal(await tick(u.lina, base + 1), base);
  await at('2026-09-30T10:30:00+08:00'); // Wednesday: overdue
  assert.equal(await tick(u.lina, base + 1), base + 1);
  const note = (await late(u.lina))[0];
  assert.match(note.text, new RegExp(`泄露报告 #${rep.body.id} 的整改措施“收回打印件并登记”已逾期 1 天`));
  assert.equal(note.link, `/leaks/${rep.body.id}`);
  assert.equal((await late(u.infosup)).length, sup + 1, 'the information supervisor is alerted too');
  assert.ok((await late(u.csmanager)).length >= 1, 'and the CS manager');
  await at('2026-09-30T16:30:00+08:00'); // the same day: once
  assert.equal(await tick(u.lina, base + 2), base + 1);
  for (const day of ['2026-10-01', '2026-10-05', '2026-10-07']) { // the National Day holiday: none
    await at(`${day}T10:30:00+08:00`);
    assert.equal(await tick(u.lina, base + 2), base + 1, day);
  }
  await at('2026-10-08T10:30:00+08:00'); // the first working day after it
  assert.equal(await tick(u.lina, base + 2), base + 2);
  await at('2026-10-10T10:30:00+08:00'); // a swapped working Saturday
  assert.equal(await tick(u.lina, base + 3), base + 3);
  const done = await u.lina.post(`/api/v1/leak-reports/${rep.body.id}/actions/${act.body.actions[0].id}/done`, { note: "已收回" });
  assert.equal(done.status, 200, done.text);
  await at('2026-10-12T10:30:00+08:00');
  assert.equal(await tick(u.lina, base + 4), base + 3, 'done: no more alerts');
});
