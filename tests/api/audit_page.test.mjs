// The audit log as people read it: actions in words, targets by code and name when the reader may see them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, auditEntries, mobile, waitJob } from '../lib/kehu.mjs';

let server;
let created;
before(async () => {
  server = await startServer({ demo: 3 });
  const sales = await as(server, 'zhangwei');
  const r = await sales.post('/api/v1/customers', { kind: 'individual', name: '审计对象', mobile: mobile() });
  assert.equal(r.status, 201, r.text);
  created = r.body;
});
after(async () => { await server.stop(); });

test('R-SEC-10: issue 9 item 14: audit entries name their customer target by code and name for a reader who may see it (GM)', async () => {
  const gm = await as(server, 'gm');
  const entries = await auditEntries(gm, `action=customer.create&target_id=${created.id}`);
  assert.equal(entries.length, 1);
  assert.deepEqual(entries[0].target, { type: 'customer', id: String(created.id), code: created.code, name: '审计对象' });
});

test('R-SEC-10: issue 9 item 14: a reader who may not see the customer (the auditor, customer scope none) gets its id only', async () => {
  const auditor = await as(server, 'shenji');
  const entries = await auditEntries(auditor, `action=customer.create&target_id=${created.id}`);
  assert.equal(entries.length, 1);
  assert.deepEqual(entries[0].target, { type: 'customer', id: String(created.id) });
  assert.ok(!JSON.stringify(entries[0]).includes('审计对象'));
  // and asking about it is not recorded as a read of the customer
  const reads = await auditEntries(auditor, `action=customer.read_denied&target_id=${created.id}`);
  assert.equal(reads.length, 0);
});

test('R-SEC-10: issue 9 item 14: actions come with their words in the reader\'s language', async () => {
  const gm = await as(server, 'gm');
  const zh = await auditEntries(gm, 'action=customer.create');
  assert.equal(zh[0].action_label, '新建客户');
  gm.lang = 'en';
  const en = await auditEntries(gm, 'action=auth.login');
  assert.equal(en[0].action_label, 'Signed in');
  assert.equal(en[0].target.type, 'user');
});

test('R-SEC-10: issue 9 item 14: the auditor lists users to pick an actor by name; a salesperson still may not', async () => {
  const auditor = await as(server, 'shenji');
  const r = await auditor.get('/api/v1/users');
  assert.equal(r.status, 200);
  const zw = r.body.items.find((u) => u.username === 'zhangwei');
  assert.ok(zw && zw.display_name);
  const byActor = await auditEntries(auditor, `actor_id=${zw.id}&action=customer.create`);
  assert.ok(byActor.some((e) => e.target.id === String(created.id)));
  assert.equal((await (await as(server, 'zhangwei')).get('/api/v1/users')).status, 403);
});

test('R-SEC-10: issue 9 item 14: the auditor exports the filtered log as CSV in the language asked for; the export is audited; others get 403', async () => {
  const auditor = await as(server, 'shenji');
  auditor.lang = 'en';
  const r = await auditor.post('/api/v1/audit/exports?action=customer.create');
  assert.equal(r.status, 202, r.text);
  const job = await waitJob(auditor, r.body.job_id);
  assert.equal(job.state, 'done', JSON.stringify(job));
  const file = await auditor.get(`/api/v1/jobs/${r.body.job_id}/file`);
  assert.equal(file.status, 200);
  const lines = file.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  assert.equal(lines[0], 'ID,Time,Actor,Address,Action,Action code,Target type,Target ID,Detail');
  assert.ok(lines.length >= 2);
  for (const line of lines.slice(1)) assert.match(line, /,Created a customer,customer\.create,customer,/);
  assert.ok(lines.some((l) => l.includes(`,customer,${created.id},`)));
  // in Chinese
  auditor.lang = 'zh-CN';
  const zh = await auditor.post('/api/v1/audit/exports?action=customer.create');
  await waitJob(auditor, zh.body.job_id);
  const zfile = await auditor.get(`/api/v1/jobs/${zh.body.job_id}/file`);
  assert.match(zfile.text.replace(/^\uFEFF/, ''), /^编号,时间,操作人,地址,动作,动作代码,对象类型,对象编号,详情/);
  assert.match(zfile.text, /新建客户/);
  const audited = await auditEntries(auditor, 'action=audit.export');
  assert.equal(audited.length, 2);
  assert.match(audited[1].detail, /customer\.create/);
  assert.equal(audited[0].action_label, '导出审计日志');
  // a bad filter is refused like the list's, and changes nothing
  const bad = await auditor.post('/api/v1/audit/exports?from=yesterday');
  assert.equal(bad.status, 400);
  assert.equal((await auditEntries(auditor, 'action=audit.export')).length, 2);
  const sales = await as(server, 'zhangwei');
  const denied = await sales.post('/api/v1/audit/exports');
  assert.equal(denied.status, 403);
});
