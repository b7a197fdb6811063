// Exports of personal data need approval (R-SEC-6, issue 12 item 5): the GM and the
// customer-information supervisor export directly; anyone else asks (export.personal), the
// information supervisor approves, and the approved export is produced once, by its requester,
// of what was approved, watermarked and registered as a loan.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, auditEntries, mobile, waitJob } from '../lib/kehu.mjs';

let server, admin;
const u = {};
const mine = [];

before(async () => {
  server = await startServer({ demo: 3 });
  const names = ['gm', 'zhangwei', 'lina', 'infosup', 'salesmgr'];
  const clients = await Promise.all(names.map((n) => as(server, n)));
  names.forEach((n, i) => { u[n] = clients[i]; });
  admin = await asAdmin(server);
  await admin.put('/api/v1/_test/clock', { now: '2026-06-01T09:00:00+08:00' });
  for (const name of ['导出审批甲', '导出审批乙', '另一位丙']) {
    const r = await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name, mobile: mobile() });
    assert.equal(r.status, 201, r.text);
    mine.push(r.body);
  }
});
after(async () => { await server.stop(); });

const ask = (c, body) => c.post('/api/v1/export-requests', { reason: '季度回访名单', purpose: '电话回访', ...body });
const approve = (id, c = u.infosup) => c.post(`/api/v1/approvals/${id}/approve`, { comment: '同意' });
const exportsOf = async (c) => (await auditEntries(c, 'action=customer.export')).length;

async function download(c, jobId) {
  const job = await waitJob(c, jobId);
  assert.equal(job.state, 'done', JSON.stringify(job.error));
  const res = await fetch(`${server.url}/api/v1/jobs/${jobId}/file`, { headers: { Cookie: c.cookie } });
  assert.equal(res.status, 200);
  return { job, text: Buffer.from(await res.arrayBuffer()).toString('utf8') };
}

test('R-SEC-6: issue 12 item 5: a salesperson\'s export without an approved request is refused, naming why, and nothing is exported, lent or queued', async () => {
  const before = await exportsOf(u.gm);
  const loans = (await u.zhangwei.get('/api/v1/loans?kind=export&state=all')).body.items.length;
  for (const [path, body] of [['/api/v1/exports', { format: 'csv' }], [`/api/v1/customers/${mine[0].id}/export`, {}]]) {
    const r = await u.zhangwei.post(path, body);
    assert.equal(r.status, 403, `${path}: ${r.text}`);
    assert.equal(r.body.error.code, 'approval_required');
    assert.equal(r.body.error.field, 'approval_id');
    assert.match(r.body.error.message_zh, /批准/);
    assert.match(r.body.error.message_en, /approval/);
  }
  assert.equal(await exportsOf(u.gm), before);
  assert.equal((await u.zhangwei.get('/api/v1/loans?kind=export&state=all')).body.items.length, loans);
  const mineNow = (await u.zhangwei.get('/api/v1/export-requests')).body;
  assert.equal(mineNow.direct, false);
});

test('R-SEC-6: issue 12 item 5: the GM and the customer-information supervisor export directly', async () => {
  for (const who of ['gm', 'infosup']) {
    const r = await u[who].post('/api/v1/exports', { format: 'csv', filter: { q: '导出审批' } });
    assert.equal(r.status, 202, `${who}: ${r.text}`);
    await download(u[who], r.body.job_id);
    assert.equal((await u[who].get('/api/v1/export-requests')).body.direct, true);
  }
});

test('R-SEC-6: issue 12 item 5: an approved export is produced once, of what was approved, watermarked with the requester and time, audited and registered as a loan naming the request', async () => {
  const r = await ask(u.zhangwei, { format: 'csv', filter: { q: '导出审批' } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.state, 'pending');
  assert.match(r.body.summary, /导出客户 2 位（CSV；q=/);
  const id = r.body.id;
  // before approval: refused, nothing made
  let s = await u.zhangwei.post('/api/v1/exports', { approval_id: id });
  assert.equal(s.status, 409, s.text);
  assert.equal(s.body.error.field, 'approval_id');
  // the information supervisor is told and approves
  const todo = (await u.infosup.get('/api/v1/approvals?box=todo')).body.items.map((x) => x.id);
  assert.ok(todo.includes(id), 'in the supervisor\'s to-do box');
  const a = await approve(id);
  assert.equal(a.status, 200, a.text);
  assert.equal(a.body.state, 'approved');
  // what was approved, not what is asked now
  const changed = await u.zhangwei.post('/api/v1/exports', { approval_id: id, filter: { q: '丙' } });
  assert.equal(changed.status, 400, changed.text);
  assert.equal(changed.body.error.field, 'filter');
  // somebody else cannot use it
  assert.equal((await u.lina.post('/api/v1/exports', { approval_id: id })).status, 404);
  const before = await exportsOf(u.gm);
  s = await u.zhangwei.post('/api/v1/exports', { approval_id: id });
  assert.equal(s.status, 202, s.text);
  const { job, text } = await download(u.zhangwei, s.body.job_id);
  assert.match(text.split('\n')[0], /导出人：张伟（zhangwei） 导出时间：2026-06-01/);
  assert.ok(text.includes('导出审批甲') && text.includes('导出审批乙'), 'the approved rows');
  assert.ok(!text.includes('另一位丙'), 'only the approved filter');
  // audited with the request, lent to the requester naming it
  assert.equal(await exportsOf(u.gm), before + 1);
  const entry = (await auditEntries(u.gm, 'action=customer.export'))[0];
  assert.match(entry.detail, new RegExp(`approval=${id}\\b`));
  const loan = (await u.zhangwei.get('/api/v1/loans?kind=export')).body.items.find((l) => l.job_id === s.body.job_id);
  assert.ok(loan, 'registered as a loan');
  assert.equal(loan.item_count, job.summary.rows);
  assert.match(loan.reason, new RegExp(`审批 #${id}`));
  // once: a second start is refused, and the request says it was produced
  const again = await u.zhangwei.post('/api/v1/exports', { approval_id: id });
  assert.equal(again.status, 409, again.text);
  assert.match(again.body.error.message_zh, /已生成/);
  const listed = (await u.zhangwei.get('/api/v1/export-requests')).body.items.find((x) => x.id === id);
  assert.equal(listed.job_id, s.body.job_id);
  assert.equal(listed.ready, false);
  assert.ok(listed.produced_at);
});

test('R-SEC-6: issue 12 item 5: one customer\'s file by an approved request, only for that customer; a record the requester does not see cannot be asked for', async () => {
  const r = await ask(u.zhangwei, { customer_id: mine[0].id });
  assert.equal(r.status, 201, r.text);
  assert.match(r.body.summary, new RegExp(`导出客户档案 ${mine[0].code}`));
  assert.equal((await approve(r.body.id)).status, 200);
  const wrong = await u.zhangwei.post(`/api/v1/customers/${mine[1].id}/export`, { approval_id: r.body.id });
  assert.equal(wrong.status, 422, wrong.text);
  assert.equal(wrong.body.error.field, 'approval_id');
  const ok = await u.zhangwei.post(`/api/v1/customers/${mine[0].id}/export`, { approval_id: r.body.id });
  assert.equal(ok.status, 202, ok.text);
  await download(u.zhangwei, ok.body.job_id);
  // lina does not see zhangwei's customer: her request is refused as not found
  const hers = await ask(u.lina, { customer_id: mine[0].id });
  assert.equal(hers.status, 404, hers.text);
});

test('R-SEC-6: issue 12 item 5: refusals — reason and purpose required, no filter with one customer, not through the generic approvals endpoint, a rejected request exports nothing', async () => {
  let r = await ask(u.zhangwei, { format: 'csv', reason: '' });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'reason');
  r = await ask(u.zhangwei, { format: 'csv', purpose: '' });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'purpose');
  r = await ask(u.zhangwei, { customer_id: mine[0].id, filter: { grade: 'A' } });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'filter');
  r = await ask(u.zhangwei, { format: 'doc' });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'format');
  r = await u.zhangwei.post('/api/v1/approvals', { kind: 'export.personal', subject: { format: 1 }, reason: 'x', purpose: 'y' });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'kind');
  const asked = await ask(u.zhangwei, { format: 'xlsx' });
  assert.equal(asked.status, 201, asked.text);
  const no = await u.infosup.post(`/api/v1/approvals/${asked.body.id}/reject`, { comment: '范围过大' });
  assert.equal(no.status, 200, no.text);
  const s = await u.zhangwei.post('/api/v1/exports', { approval_id: asked.body.id });
  assert.equal(s.status, 409, s.text);
  assert.match(s.body.error.message_en, /not approved/);
});
