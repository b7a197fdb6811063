// The approvals engine (issue 12 item 1): requests of registered kinds, chains resolved from
// each kind's rules, decisions by a second person, history, audit and the in-app inbox.
// The first kind is the two-person rule of accounts (R-SEC-1): a role that reads more
// customers, or a password set for someone else, is asked for and made when approved.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, as, asAdmin, auditEntries } from '../lib/kehu.mjs';

let server, admin, gm, auditor;
before(async () => {
  server = await startServer({ demo: 3 });
  [admin, gm, auditor] = await Promise.all([asAdmin(server), as(server, 'gm'), as(server, 'shenji')]);
});
after(async () => { await server.stop(); });

const userNamed = async (username) => (await admin.get('/api/v1/users')).body.items.find((u) => u.username === username);
const inbox = async (c, q = '') => {
  const r = await c.get(`/api/v1/notifications${q}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
};
const ask = (c, subject, reason = '岗位调整', extra = {}) =>
  c.post('/api/v1/approvals', { kind: 'account.change', subject, reason, ...extra });

test('R-SEC-1: issue 12 item 1: a role that reads customers is asked for by the administrator, approved by the GM in the inbox, and only then given; the user is told who approved it', async () => {
  const tech = await userNamed('jishu');
  const r = await ask(admin, { user_id: tech.id, role: 'salesperson', department_id: 1, branch_id: 1 }, '技术员转岗为业务员', { purpose: '接手华东客户' });
  assert.equal(r.status, 201, r.text);
  const q = r.body;
  assert.equal(q.state, 'pending');
  assert.equal(q.kind, 'account.change');
  assert.match(q.summary, /冯工/);
  assert.equal(q.steps.length, 1);
  assert.equal(q.steps[0].approver.role, 'gm');
  assert.equal(q.steps[0].state, 'pending');
  assert.equal(q.can_decide, false, 'nobody decides their own request');
  assert.equal(q.can_withdraw, true);
  assert.equal((await userNamed('jishu')).role, 'technician', 'nothing changes before the approval');

  const own = await admin.post(`/api/v1/approvals/${q.id}/approve`, { comment: '同意' });
  assert.equal(own.status, 403, own.text);

  const box = await inbox(gm, '?unread=true');
  const note = box.items.find((n) => n.request_id === q.id);
  assert.ok(note, 'the approver is told in the inbox');
  assert.equal(note.kind, 'approval.todo');
  assert.match(note.text, /系统管理员|admin/);
  assert.ok(box.unread >= 1);
  const todo = await gm.get('/api/v1/approvals?box=todo&total=true');
  assert.ok(todo.body.items.some((x) => x.id === q.id));
  assert.equal(todo.body.total, todo.body.items.length, 'the first page carries the total');
  assert.match(q.summary, /业务员/);
  assert.doesNotMatch(q.summary, /Salesperson/, 'one language at a time');
  const gmEn = new Client(server.url, { lang: 'en' });
  await gmEn.login('gm', 'kehu-demo-2026');
  const inEnglish = await gmEn.get(`/api/v1/approvals/${q.id}`);
  assert.match(inEnglish.body.summary, /^Role Salesperson for /);
  assert.doesNotMatch(inEnglish.body.summary, /业务员/);
  const seen = await gm.get(`/api/v1/approvals/${q.id}`);
  assert.equal(seen.body.can_decide, true);
  const outsider = await as(server, 'zhangwei');
  assert.equal((await outsider.get(`/api/v1/approvals/${q.id}`)).status, 404, 'others do not see the request');
  assert.equal((await outsider.post(`/api/v1/approvals/${q.id}/approve`, {})).status, 404);

  const ok = await gm.post(`/api/v1/approvals/${q.id}/approve`, { comment: '同意转岗', version: seen.body.version });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.state, 'approved');
  assert.equal(ok.body.steps[0].decided_by.name, '赵总');
  assert.deepEqual(ok.body.history.map((e) => e.action), ['submit', 'approve']);
  assert.equal((await userNamed('jishu')).role, 'salesperson', 'applied with the approval');
  const again = await gm.post(`/api/v1/approvals/${q.id}/approve`, { comment: '再次' });
  assert.equal(again.status, 409, 'a decided request is not decided again');

  const mine = await inbox(admin);
  assert.ok(mine.items.some((n) => n.request_id === q.id && n.kind === 'approval.approved'));
  const change = await auditEntries(auditor, `action=permission.change&target_id=${tech.id}`);
  assert.equal(change.length, 1);
  assert.equal(change[0].actor.id, (await userNamed('gm')).id, 'the change is the approver\'s');
  assert.match(change[0].detail, new RegExp(`approval request ${q.id}`));
  for (const action of ['approval.submit', 'approval.approve'])
    assert.equal((await auditEntries(auditor, `action=${action}&target_id=${q.id}`)).length, 1, action);
  const jishu = await as(server, 'jishu');
  const n = await jishu.get('/api/v1/auth/notices');
  assert.match(n.body.items.at(-1).text, /经 赵总 审批同意/);
  const all = await auditor.get('/api/v1/approvals?box=all');
  assert.equal(all.status, 200, all.text);
  assert.ok(all.body.items.some((x) => x.id === q.id), 'the auditor oversees every request');
  assert.equal((await admin.get('/api/v1/approvals?box=all')).status, 403);
});

test('R-SEC-1: issue 12 item 1: a password set for someone else works only once approved, and no request, list or history shows it', async () => {
  const lina = await userNamed('lina');
  const secret = 'reset-by-approval-2026';
  const r = await ask(admin, { user_id: lina.id, password: secret }, '忘记密码');
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.subject.password, undefined);
  for (const text of [r.text, (await gm.get(`/api/v1/approvals/${r.body.id}`)).text, (await admin.get('/api/v1/approvals')).text])
    assert.ok(!text.includes(secret), 'the password is nowhere in what the API shows');
  assert.equal((await new Client(server.url).login('lina', secret)).status, 401, 'not before the approval');
  const ok = await gm.post(`/api/v1/approvals/${r.body.id}/approve`, {});
  assert.equal(ok.status, 200, ok.text);
  const c = new Client(server.url);
  const login = await c.login('lina', secret);
  assert.equal(login.status, 200, login.text);
  assert.equal(login.body.user.must_change_password, true, 'a password set by others is changed at the first login');
});

test('R-SEC-1: issue 12 item 1: refusals name the field and change nothing: no reason, texts too long, an unknown kind, a subject that is no object, a change that needs no approval, one\'s own account, an unknown user, someone who does not manage users', async () => {
  const tech = await userNamed('kuaiji');
  const before = (await admin.get('/api/v1/approvals')).body.items.length;
  const cases = [
    [admin, { kind: 'account.change', subject: { user_id: tech.id, role: 'gm' } }, 422, 'reason'],
    [admin, { kind: 'account.change', subject: { user_id: tech.id, role: 'gm' }, reason: 'x'.repeat(1001) }, 422, 'reason'],
    [admin, { kind: 'account.change', subject: { user_id: tech.id, role: 'gm' }, reason: '理由', purpose: 'y'.repeat(1001) }, 422, 'purpose'],
    [admin, { kind: 'no.such', subject: {}, reason: '理由' }, 422, 'kind'],
    [admin, { kind: 'account.change', subject: [1, 2], reason: '理由' }, 400, 'subject'],
    [admin, { kind: 'account.change', subject: { user_id: tech.id, role: 'technician' }, reason: '理由' }, 422, 'subject'],
    [admin, { kind: 'account.change', subject: { user_id: tech.id }, reason: '理由' }, 422, 'subject'],
    [admin, { kind: 'account.change', subject: { user_id: 999999, role: 'gm' }, reason: '理由' }, 422, 'subject.user_id'],
    [admin, { kind: 'account.change', subject: { user_id: tech.id, role: 'no_such_role' }, reason: '理由' }, 422, 'role'],
    [admin, { kind: 'account.change', subject: { user_id: tech.id, password: 'short' }, reason: '理由' }, 422, 'subject.password'],
    [gm, { kind: 'account.change', subject: { user_id: tech.id, role: 'salesperson' }, reason: '理由' }, 403, ''],
  ];
  const en = new Client(server.url, { lang: 'en' });
  await en.login('admin', server.adminPassword);
  for (const [c, body, status, field] of cases) {
    const r = await c.post('/api/v1/approvals', body);
    assert.equal(r.status, status, `${JSON.stringify(body).slice(0, 120)}: ${r.text}`);
    if (field) assert.equal(r.body.error.field, field, r.text);
    if (c === admin && status === 422) {
      const e = await en.post('/api/v1/approvals', body);
      assert.doesNotMatch(e.body.error.message, /[\u4e00-\u9fff]/, 'in English when asked');
    }
  }
  const self = await ask(admin, { user_id: (await userNamed('admin')).id, password: 'my-own-new-pass-2026' });
  assert.equal(self.status, 422);
  assert.equal(self.body.error.field, 'subject.user_id');
  assert.equal((await admin.get('/api/v1/approvals')).body.items.length, before, 'nothing was submitted');
  assert.equal((await userNamed('kuaiji')).role, 'accountant');
});

test('R-SEC-1: issue 12 item 1: a request returned for changes is submitted again with a new reason and starts its chain over; rejecting and returning need a comment; a withdrawn request is closed and its approver is told', async () => {
  const kefu = await userNamed('kefu');
  const r = await ask(admin, { user_id: kefu.id, role: 'cs_manager' }, '升职');
  assert.equal(r.status, 201, r.text);
  const id = r.body.id;
  for (const action of ['reject', 'return']) {
    const bare = await gm.post(`/api/v1/approvals/${id}/${action}`, { comment: ' ' });
    assert.equal(bare.status, 422, bare.text);
    assert.equal(bare.body.error.field, 'comment');
  }
  const stale = await gm.post(`/api/v1/approvals/${id}/approve`, { version: r.body.version + 5 });
  assert.equal(stale.status, 409, 'a decision on a stale version is refused');
  const back = await gm.post(`/api/v1/approvals/${id}/return`, { comment: '请写明原因' });
  assert.equal(back.status, 200, back.text);
  assert.equal(back.body.state, 'returned');
  assert.ok((await inbox(admin)).items.some((n) => n.request_id === id && n.kind === 'approval.returned'));
  assert.equal((await gm.post(`/api/v1/approvals/${id}/approve`, {})).status, 409, 'nothing to approve while it is returned');
  assert.equal((await gm.post(`/api/v1/approvals/${id}/resubmit`, { reason: '别人的' })).status, 403);
  const again = await admin.post(`/api/v1/approvals/${id}/resubmit`, { reason: '客服经理休产假，由其代理' });
  assert.equal(again.status, 200, again.text);
  assert.equal(again.body.state, 'pending');
  assert.equal(again.body.reason, '客服经理休产假，由其代理');
  assert.equal(again.body.steps[0].state, 'pending');
  const rej = await gm.post(`/api/v1/approvals/${id}/reject`, { comment: '不同意' });
  assert.equal(rej.status, 200, rej.text);
  assert.equal(rej.body.state, 'rejected');
  assert.deepEqual(rej.body.history.map((e) => e.action), ['submit', 'return', 'resubmit', 'reject']);
  assert.equal((await userNamed('kefu')).role, 'complaint_handler', 'a rejected request changes nothing');
  assert.equal((await admin.post(`/api/v1/approvals/${id}/withdraw`, {})).status, 409, 'a decided request cannot be withdrawn');

  const w = await ask(admin, { user_id: kefu.id, role: 'info_specialist', department_id: 3, branch_id: 1 }, '调岗');
  assert.equal(w.status, 201, w.text);
  assert.equal((await gm.post(`/api/v1/approvals/${w.body.id}/withdraw`, {})).status, 403, 'only the requester withdraws');
  const wd = await admin.post(`/api/v1/approvals/${w.body.id}/withdraw`, { comment: '不调了' });
  assert.equal(wd.status, 200, wd.text);
  assert.equal(wd.body.state, 'withdrawn');
  assert.ok((await inbox(gm)).items.some((n) => n.request_id === w.body.id && n.kind === 'approval.withdrawn'));
  assert.equal((await gm.post(`/api/v1/approvals/${w.body.id}/approve`, {})).status, 409);
});

test('R-SEC-1: issue 12 item 1: the chain comes from the kind\'s rules: a department head, then a role, each decided by another person; amount ranges pick the rules that apply; bad rules are refused', async () => {
  const kinds = await admin.get('/api/v1/approval-kinds');
  assert.equal(kinds.status, 200, kinds.text);
  const kind = kinds.body.items.find((k) => k.name === 'account.change');
  assert.equal(kind.configured, false);
  assert.deepEqual(kind.rules.map((x) => x.role), ['gm']);
  const bad = [
    [{ approver: 'nobody' }, 'rules[0].approver'],
    [{ approver: 'role', role: 'no_such_role' }, 'rules[0].role'],
    [{ approver: 'role', role: 'gm', min_amount: 500, max_amount: 100 }, 'rules[0].max_amount'],
    [{ approver: 'role', role: 'gm', hours: 0 }, 'rules[0].hours'],
  ];
  for (const [rule, field] of bad) {
    const r = await admin.put('/api/v1/approval-kinds/account.change/rules', { rules: [rule] });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.error.field, field);
  }
  assert.equal((await gm.put('/api/v1/approval-kinds/account.change/rules', { rules: [] })).status, 403, 'rules are the administrator\'s');
  const set = await admin.put('/api/v1/approval-kinds/account.change/rules', {
    rules: [
      { approver: 'dept_head', hours: 8 },
      { approver: 'role', role: 'cs_manager', min_amount: 100 }, // never for an amount of 0
      { approver: 'role', role: 'gm', hours: 48 },
    ],
  });
  assert.equal(set.status, 200, set.text);
  assert.equal(set.body.configured, true);
  assert.equal((await auditEntries(auditor, 'action=approval.rules')).length, 1);

  // the administrator has no department yet: a department-head step cannot be resolved
  const target = await userNamed('fuwu');
  const none = await ask(admin, { user_id: target.id, role: 'salesperson', department_id: 1, branch_id: 1 });
  assert.equal(none.status, 409, none.text);
  assert.equal(none.body.error.field, 'rules');
  const me = await userNamed('admin');
  const moved = await admin.patch(`/api/v1/users/${me.id}`, { department_id: 1 });
  assert.equal(moved.status, 200, moved.text);
  const depts = (await admin.get('/api/v1/departments')).body.items;
  assert.equal(depts.find((d) => d.id === 1).head.name, '周建国');

  const r = await ask(admin, { user_id: target.id, role: 'salesperson', department_id: 1, branch_id: 1 });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.body.steps.map((s) => s.rule), ['dept_head', 'role']);
  assert.equal(r.body.steps[0].approver.user.name, '周建国');
  assert.equal(r.body.steps[1].state, 'waiting');
  assert.equal((await gm.post(`/api/v1/approvals/${r.body.id}/approve`, {})).status, 403, 'not the GM\'s turn yet');
  const head = await as(server, 'salesmgr');
  const first = await head.post(`/api/v1/approvals/${r.body.id}/approve`, { comment: '部门同意' });
  assert.equal(first.status, 200, first.text);
  assert.equal(first.body.state, 'pending');
  assert.equal(first.body.step, 2);
  assert.equal((await userNamed('fuwu')).role, 'service_supervisor', 'not applied before the last step');
  assert.ok((await inbox(gm)).items.some((n) => n.request_id === r.body.id && n.kind === 'approval.todo'));
  const last = await gm.post(`/api/v1/approvals/${r.body.id}/approve`, { comment: '同意' });
  assert.equal(last.status, 200, last.text);
  assert.equal(last.body.state, 'approved');
  assert.equal((await userNamed('fuwu')).role, 'salesperson');
  const done = await head.get('/api/v1/approvals?box=done');
  assert.ok(done.body.items.some((x) => x.id === r.body.id));

  const reset = await admin.put('/api/v1/approval-kinds/account.change/rules', { rules: [] });
  assert.equal(reset.status, 200, reset.text);
  assert.equal(reset.body.configured, false, 'no rules: the kind\'s defaults again');
});

test('R-SEC-1: issue 12 item 1: the inbox counts unread notifications and marks them read one by one or up to one; another user\'s are untouched', async () => {
  const fresh = await userNamed('kefu');
  const r = await ask(admin, { user_id: fresh.id, password: 'inbox-test-pass-2026' });
  assert.equal(r.status, 201, r.text);
  const count = await gm.get('/api/v1/notifications/unread');
  assert.equal(count.status, 200);
  assert.ok(count.body.unread >= 1);
  const list = await inbox(gm, '?unread=true&limit=1');
  assert.equal(list.items.length, 1);
  const one = await gm.post('/api/v1/notifications/read', { id: list.items[0].id });
  assert.equal(one.status, 200, one.text);
  assert.equal(one.body.unread, count.body.unread - 1);
  const rest = await inbox(gm);
  const all = await gm.post('/api/v1/notifications/read', { up_to: rest.items[0].id });
  assert.equal(all.body.unread, 0);
  assert.ok((await inbox(admin, '?unread=true')).unread >= 0);
  const bad = await gm.post('/api/v1/notifications/read', {});
  assert.equal(bad.status, 422);
  assert.equal((await gm.get('/api/v1/notifications?unread=maybe')).status, 400);
  await gm.post(`/api/v1/approvals/${r.body.id}/reject`, { comment: '不需要' });
});

test('R-SEC-1: issue 12 item 1: a step past its time reminds its approvers once a day, or as often as approval_remind_hours says (the test clock moves, no sleeping)', async () => {
  const s = await startServer({ demo: 1 });
  try {
    const [a, boss] = await Promise.all([asAdmin(s), as(s, 'gm')]);
    await a.put('/api/v1/_test/clock', { now: '2026-05-04T09:00:00+08:00' });
    const users = (await a.get('/api/v1/users')).body.items;
    const r = await a.post('/api/v1/approvals', { kind: 'account.change', subject: { user_id: users.find((u) => u.username === 'jishu').id, role: 'gm' }, reason: '提拔' });
    assert.equal(r.status, 201, r.text);
    const reminders = async () => (await inbox(boss)).items.filter((n) => n.kind === 'approval.reminder' && n.request_id === r.body.id).length;
    // A scheduler pass queues the hour's reminder job; a worker runs it: wait for its outcome.
    const tickUntil = async (want) => {
      assert.equal((await a.post('/api/v1/_test/scheduler/tick')).status, 200);
      for (let i = 0; i < 40 && (await reminders()) !== want; i++) await new Promise((res) => setTimeout(res, 50));
      return reminders();
    };
    await a.put('/api/v1/_test/clock', { now: '2026-05-05T08:30:00+08:00' }); // 23.5 h: not yet due
    assert.equal(await tickUntil(1), 0);
    await a.put('/api/v1/_test/clock', { now: '2026-05-05T09:30:00+08:00' });
    assert.equal(await tickUntil(1), 1, 'due: one reminder');
    await a.put('/api/v1/_test/clock', { now: '2026-05-05T12:30:00+08:00' });
    assert.equal(await tickUntil(2), 1, 'not again the same day');
    await a.put('/api/v1/_test/clock', { now: '2026-05-06T10:30:00+08:00' });
    assert.equal(await tickUntil(2), 2, 'again the next day');
    // the interval is the administrator's setting
    const set = await a.put('/api/v1/settings/parameters', { approval_remind_hours: 2 });
    assert.equal(set.status, 200, set.text);
    await a.put('/api/v1/_test/clock', { now: '2026-05-06T11:30:00+08:00' });
    assert.equal(await tickUntil(3), 2, 'not within 2 hours');
    await a.put('/api/v1/_test/clock', { now: '2026-05-06T12:40:00+08:00' });
    assert.equal(await tickUntil(3), 3, 'again after 2 hours');
    const h = await boss.get(`/api/v1/approvals/${r.body.id}`);
    assert.equal(h.body.history.filter((e) => e.action === 'remind').length, 3);
  } finally {
    await s.stop();
  }
});

test('R-SEC-1: issue 12 item 1: a new user whose role reads customers is asked for (account.create) and created only when approved; refusals name the subject\'s field; a username taken meanwhile makes the approval a conflict', async () => {
  const secret = 'new-sales-pass-2026';
  const body = (subject, reason = '新入职业务员') => ({ kind: 'account.create', subject, reason });
  const ok = { username: 'xinren', display_name: '新人', role: 'salesperson', department_id: 1, branch_id: 1, password: secret };
  for (const [subject, field] of [
    [{ ...ok, username: 'X Y' }, 'subject.username'],
    [{ ...ok, password: 'short' }, 'subject.password'],
    [{ ...ok, role: 'technician' }, 'subject.role'],
    [{ ...ok, username: 'zhangwei' }, 'subject.username'],
  ]) {
    const r = await admin.post('/api/v1/approvals', body(subject));
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.error.field, field, r.text);
  }
  const r = await admin.post('/api/v1/approvals', body(ok));
  assert.equal(r.status, 201, r.text);
  assert.ok(!r.text.includes(secret));
  assert.match(r.body.summary, /新人/);
  assert.equal(await userNamed('xinren'), undefined, 'not before the approval');
  const yes = await gm.post(`/api/v1/approvals/${r.body.id}/approve`, {});
  assert.equal(yes.status, 200, yes.text);
  const made = await userNamed('xinren');
  assert.equal(made.role, 'salesperson');
  const login = await new Client(server.url).login('xinren', secret);
  assert.equal(login.status, 200, login.text);
  assert.equal(login.body.user.must_change_password, true);
  const created = await auditEntries(auditor, `action=user.create&target_id=${made.id}`);
  assert.match(created[0].detail, new RegExp(`approval request ${r.body.id}`));

  const late = await admin.post('/api/v1/approvals', body({ ...ok, username: 'houlai' }));
  assert.equal(late.status, 201, late.text);
  const tech = await admin.post('/api/v1/users', { username: 'houlai', display_name: '后来者', role: 'technician', password: 'technician-pass-2026' });
  assert.equal(tech.status, 201, tech.text);
  const clash = await gm.post(`/api/v1/approvals/${late.body.id}/approve`, {});
  assert.equal(clash.status, 409, clash.text);
  assert.equal((await gm.get(`/api/v1/approvals/${late.body.id}`)).body.state, 'pending', 'a refused apply records no approval');
});

test('R-SEC-1: issue 12 item 1: a department\'s head is an active member of it, set by the administrator only; refusals name head_id and change nothing', async () => {
  const depts = async () => (await admin.get('/api/v1/departments')).body.items;
  const before = (await depts()).find((d) => d.id === 2).head;
  const outsider = await userNamed('wangqiang'); // 销售二部: department 2
  const notMember = await userNamed('lina'); // 销售一部
  const r1 = await admin.patch('/api/v1/departments/2', { head_id: notMember.id });
  assert.equal(r1.status, 422, r1.text);
  assert.equal(r1.body.error.field, 'head_id');
  const r2 = await admin.patch('/api/v1/departments/2', { head_id: 'x' });
  assert.equal(r2.status, 400, r2.text);
  assert.equal(r2.body.error.field, 'head_id');
  assert.equal((await admin.patch('/api/v1/departments/999', { head_id: null })).status, 404);
  assert.equal((await gm.patch('/api/v1/departments/2', { head_id: outsider.id })).status, 403, 'not the GM\'s to set');
  assert.deepEqual((await depts()).find((d) => d.id === 2).head, before, 'nothing changed');
  const ok = await admin.patch('/api/v1/departments/2', { head_id: outsider.id });
  assert.equal(ok.status, 200, ok.text);
  assert.equal((await depts()).find((d) => d.id === 2).head.name, '王强');
  assert.equal((await auditEntries(auditor, 'action=department.head&target_id=2')).length, 1);
  const cleared = await admin.patch('/api/v1/departments/2', { head_id: null });
  assert.equal(cleared.status, 200, cleared.text);
  assert.equal((await depts()).find((d) => d.id === 2).head, null);
});
