// Retention and destruction 销毁 (R-SEC-7, issue 12 item 6): archived customers fall due a
// retention period (per category and stage) after their archival; a destruction needs an
// approved request; it wipes the record everywhere it lives, leaves a register entry with no
// personal data, and the audit chain still verifies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { startServer, as, asAdmin, mobile, idNumber, sqlite, isUrl } from '../lib/kehu.mjs';

let server;
const u = {};
let doomed, kept;
const NAME = '销毁测试客户戊';
const M = mobile();
const ID = idNumber('11010519491231002');
const NOTE = '家属住院记录丙丁';
const CNAME = '联系人甲乙丙丁';
const CALL = '销毁客户的通话内容戊己';

const q = (sql) => sqlite(server.db, sql);
/* Move the clock; sessions do not outlive a jump of years, so everyone signs in again. */
async function at(iso) {
  assert.equal((await u.gm.put('/api/v1/_test/clock', { now: iso })).status, 200);
  for (const n of ['gm', 'infosup', 'csmanager', 'zhangwei', 'lina']) u[n] = await as(server, n);
  u.admin = await asAdmin(server);
}

before(async () => {
  server = await startServer({ demo: 3 });
  u.gm = await as(server, 'gm');
  await at('2026-06-01T10:00:00+08:00');
  const r = await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: NAME, mobile: M, id_number: ID, category: 'general' });
  assert.equal(r.status, 201, r.text);
  doomed = r.body;
  const k = await u.zhangwei.post(`/api/v1/customers/${doomed.id}/contacts`, { name: CNAME, relation: 'spouse', notes: NOTE });
  assert.equal(k.status, 201, k.text);
  assert.equal((await u.zhangwei.patch(`/api/v1/customers/${doomed.id}`, { address: '北京市朝阳区销毁路1号' })).status, 200);
  const call = await u.zhangwei.post('/api/v1/interactions', { customer_id: doomed.id, channel: 'call', summary: CALL, contact_ids: [k.body.id], next_step: '销毁前的下一步', next_at: '2026-06-08T10:00:00+08:00' });
  assert.equal(call.status, 201, call.text);
  const placed = await u.zhangwei.post('/api/v1/orders', { customer_id: doomed.id, lines: [{ description: '销毁前的购买', quantity: 1, price_fen: 100 }] });
  assert.equal(placed.status, 201, placed.text);
  assert.equal((await u.gm.post(`/api/v1/orders/${placed.body.id}/payments`, { amount_fen: 50, method: 'cash' })).status, 201);
  assert.equal((await u.zhangwei.post(`/api/v1/customers/${doomed.id}/invoice-titles`, { kind: 'individual', name: '销毁前的抬头' })).status, 201);
  assert.equal((await u.zhangwei.post('/api/v1/opportunities', { customer_id: doomed.id, title: '销毁前的商机', amount_fen: 100, expected_close: '2027-01-31' })).status, 201);
  assert.equal((await u.zhangwei.post('/api/v1/contracts', { customer_id: doomed.id, kind: 'service', title: '销毁前的合同', starts_on: '2026-01-01', ends_on: '2026-12-31' })).status, 201);
  // A greeting to the customer waiting in the outbox (as tasks/:id/send-greeting queues it): its
  // text names the customer, its sealed recipient is the phone.
  q(`INSERT INTO notify_outbox (channel_id, channel_name, channel_kind, kind, recipient, body, next_at, created_at, recipient_sealed, customer_id)
     VALUES (0, '短信网关', 'sms', 'greeting', '139****0000', '${NAME}您好，祝您生日快乐！', 4102444800, 0, 'v1:sealed', ${doomed.id})`);
  const o = await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: '保留客户己', category: 'general' });
  kept = o.body;
  for (const c of [doomed, kept]) assert.equal((await u.gm.post(`/api/v1/customers/${c.id}/archive`, {})).status, 200);
});
after(async () => { await server?.stop(); });

const dueIds = async (c) => {
  const r = await c.get('/api/v1/customers?retention=due&limit=200');
  assert.equal(r.status, 200, r.text);
  return r.body.items.map((x) => x.id);
};

test('R-SEC-7: issue 12 item 6: an archived customer falls due for destruction when the retention period of its category and stage has passed since its archival', async () => {
  const got = (await u.gm.get(`/api/v1/customers/${doomed.id}`)).body;
  assert.equal(got.archived, true);
  assert.match(got.archived_at, /^2026-06-01T10:00/);
  assert.match(got.destroy_due_at, /^2031-06-01/, 'the shipped rule keeps 60 months');
  assert.deepEqual(await dueIds(u.infosup), []);
  await at('2031-06-02T10:00:00+08:00');
  const due = await dueIds(u.infosup);
  assert.ok(due.includes(doomed.id) && due.includes(kept.id));
  assert.deepEqual(await dueIds(u.lina), [], 'the list is the reader\'s own scope');
  // A live customer is never due, whatever its age.
  assert.equal((await u.gm.get('/api/v1/customers?retention=due&archived=false')).body.items.length, due.length, 'retention=due lists archived records only');
  const bad = await u.gm.get('/api/v1/customers?retention=soon');
  assert.equal(bad.status, 400, bad.text);
  assert.equal(bad.body.error.field, 'retention');
  await at('2026-06-01T10:00:00+08:00');
});

test('R-SEC-7: issue 12 item 6: retention periods per category and stage are set by the administrator; the most specific rule wins and due dates follow at once; bad rules change nothing', async () => {
  assert.deepEqual((await u.infosup.get('/api/v1/retention-rules')).body.rules, [{ category: '*', stage: '*', months: 60 }]);
  assert.equal((await u.zhangwei.get('/api/v1/retention-rules')).status, 403);
  assert.equal((await u.infosup.put('/api/v1/retention-rules', { rules: [] })).status, 403, 'only administrators');
  for (const [rules, field] of [
    [[{ category: 'nope', stage: '*', months: 12 }], 'rules[0].category'],
    [[{ category: '*', stage: 'nope', months: 12 }], 'rules[0].stage'],
    [[{ category: '*', stage: '*', months: 1201 }], 'rules[0].months'],
    [[{ category: '*', stage: '*', months: 1 }, { category: '*', stage: '*', months: 2 }], 'rules'],
  ]) {
    const r = await u.admin.put('/api/v1/retention-rules', { rules });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.error.field, field);
  }
  const typed = await u.admin.put('/api/v1/retention-rules', { rules: [{ category: '*', stage: '*', months: '12' }] });
  assert.equal(typed.status, 400, typed.text);
  assert.deepEqual((await u.admin.get('/api/v1/retention-rules')).body.rules, [{ category: '*', stage: '*', months: 60 }], 'unchanged');
  const r = await u.admin.put('/api/v1/retention-rules', { rules: [
    { category: '*', stage: '*', months: 60 }, { category: 'general', stage: '*', months: 24 },
    { category: 'general', stage: 'prospect', months: 0 },
  ] });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.rules.map((x) => `${x.category}/${x.stage}=${x.months}`), ['general/prospect=0', 'general/*=24', '*/*=60']);
  // Both customers are general prospects: 0 months keeps them for good.
  assert.equal((await u.gm.get(`/api/v1/customers/${doomed.id}`)).body.destroy_due_at, undefined);
  const r2 = await u.admin.put('/api/v1/retention-rules', { rules: [{ category: 'general', stage: '*', months: 24 }, { category: '*', stage: '*', months: 60 }] });
  assert.equal(r2.status, 200, r2.text);
  assert.match((await u.gm.get(`/api/v1/customers/${doomed.id}`)).body.destroy_due_at, /^2028-0(5-31|6-01)/);
  const audit = (await u.gm.get('/api/v1/audit?action=retention.rules')).body.items;
  assert.equal(audit.length, 2);
});

test('R-SEC-7: issue 12 item 6: a destruction request is refused without the permission, a reason, or for a customer not archived; it names codes only', async () => {
  const ask = (c, body) => c.post('/api/v1/approvals', { kind: 'customer.destroy', purpose: '保管期满', ...body });
  assert.equal((await ask(u.zhangwei, { subject: { customer_ids: [doomed.id] }, reason: '保管期满' })).status, 403);
  const live = (await u.infosup.get('/api/v1/customers?limit=1')).body.items[0];
  const notArchived = await ask(u.infosup, { subject: { customer_ids: [live.id] }, reason: '保管期满' });
  assert.equal(notArchived.status, 422, notArchived.text);
  assert.equal(notArchived.body.error.field, 'subject.customer_ids');
  assert.match(notArchived.body.error.message_en, /not archived/);
  const noReason = await ask(u.infosup, { subject: { customer_ids: [doomed.id] }, reason: '' });
  assert.equal(noReason.status, 422);
  assert.equal(noReason.body.error.field, 'reason');
  const none = await ask(u.infosup, { subject: { customer_ids: [] }, reason: 'x' });
  assert.equal(none.status, 422);
  const missing = await ask(u.infosup, { subject: { customer_ids: [999999] }, reason: 'x' });
  assert.equal(missing.status, 422);
  assert.equal(missing.body.error.field, 'subject.customer_ids');
});

test('R-SEC-7: issue 12 item 6: an approved destruction wipes the record everywhere, leaves a register entry with no personal data, scrubs other requests, and the audit chain verifies', async () => {
  // Another request that names the customer: its summary loses the name.
  const exp = await u.zhangwei.post('/api/v1/export-requests', { customer_id: doomed.id, reason: '核对', purpose: '核对资料' });
  assert.equal(exp.status, 201, exp.text);
  assert.ok((await u.gm.get(`/api/v1/approvals/${exp.body.id}`)).body.summary.includes(NAME));
  const r = await u.infosup.post('/api/v1/approvals', { kind: 'customer.destroy', subject: { customer_ids: [doomed.id] }, reason: '保管期满，按规定销毁', purpose: '档案管理' });
  assert.equal(r.status, 201, r.text);
  const req = (await u.gm.get(`/api/v1/approvals/${r.body.id}`)).body;
  assert.ok(req.summary.includes(doomed.code) && !req.summary.includes(NAME), req.summary);
  assert.equal((await u.gm.get(`/api/v1/customers/${doomed.id}`)).status, 200, 'nothing happens before the approval');
  const ok = await u.gm.post(`/api/v1/approvals/${r.body.id}/approve`, { comment: '同意销毁' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal((await u.gm.get(`/api/v1/customers/${doomed.id}`)).status, 404);
  assert.equal((await u.gm.get(`/api/v1/customers?q=${encodeURIComponent(NAME)}&archived=all`)).body.items.length, 0);
  assert.equal((await u.gm.get(`/api/v1/customers?q=${M}&archived=all`)).body.items.length, 0);
  assert.equal((await u.gm.get(`/api/v1/customers/${kept.id}`)).status, 200, 'the other archived customer stays');
  for (const t of ['contacts', 'field_history', 'owner_history', 'customer_keys', 'customer_tags', 'interactions', 'tasks', 'purchases', 'orders', 'receivable_plans', 'payments', 'invoice_titles', 'invoices', 'opportunities', 'contracts', 'notify_outbox']) {
    assert.equal(q(`SELECT count(*) FROM ${t} WHERE customer_id = ${doomed.id}`), '0', t);
  }
  const scrubbed = (await u.gm.get(`/api/v1/approvals/${exp.body.id}`)).body.summary;
  assert.ok(!scrubbed.includes(NAME) && scrubbed.includes(doomed.code), scrubbed);
  // The register: code, category, stage, who and why; nothing personal.
  const reg = await u.infosup.get('/api/v1/destructions');
  assert.equal(reg.status, 200, reg.text);
  assert.equal(reg.body.items.length, 1);
  const e = reg.body.items[0];
  assert.deepEqual([e.code, e.category, e.stage, e.request_id, e.reason, e.requested_by, e.approved_by],
    [doomed.code, 'general', 'prospect', r.body.id, '保管期满，按规定销毁', '孙慧敏', '赵总']);
  for (const s of [NAME, M, ID, CNAME, NOTE]) assert.ok(!reg.text.includes(s), `${s} in the register`);
  assert.equal((await u.zhangwei.get('/api/v1/destructions')).status, 403);
  for (const [qs, field] of [['limit=0', 'limit'], ['limit=201', 'limit']]) {
    const bad = await u.infosup.get(`/api/v1/destructions?${qs}`);
    assert.equal(bad.status, 400, bad.text);
    assert.equal(bad.body.error.field, field);
  }
  const audit = (await u.gm.get(`/api/v1/audit?action=customer.destroy`)).body.items;
  assert.equal(audit.length, 1);
  assert.equal(audit[0].detail, `code=${doomed.code} request=${r.body.id}`);
  const v = await u.gm.get('/api/v1/audit/verify');
  assert.equal(v.status, 200, v.text);
  assert.equal(v.body.ok, true, v.text);
  // Approving again (or another request for it) cannot destroy twice.
  const again = await u.infosup.post('/api/v1/approvals', { kind: 'customer.destroy', subject: { customer_ids: [doomed.id] }, reason: '重复', purpose: 'x' });
  assert.equal(again.status, 422, again.text);
});

test('R-SEC-7: issue 12 item 6: after the wipe job, the database file and its WAL hold none of the destroyed customer\'s name, phone, ID number or contact details', async () => {
  const tick = await u.gm.post('/api/v1/_test/scheduler/tick', {});
  assert.equal(tick.status, 200, tick.text);
  let e;
  for (let i = 0; i < 200; i++) {
    e = (await u.infosup.get('/api/v1/destructions')).body.items[0];
    if (e.wiped_at) break;
    await new Promise((res) => setTimeout(res, 50));
  }
  assert.ok(e.wiped_at, 'the wipe job ran');
  assert.equal((await u.gm.get('/api/v1/audit?action=retention.wipe')).body.items.length, 1);
  if (isUrl(server.db)) {
    for (const [t, c] of [['customers', 'name'], ['contacts', 'name'], ['approval_requests', 'summary_zh'], ['interactions', 'summary'], ['interaction_people', 'name'], ['notify_outbox', 'body']]) {
      assert.equal(q(`SELECT count(*) FROM ${t} WHERE ${c} LIKE '%${NAME}%' OR ${c} LIKE '%${CNAME}%' OR ${c} LIKE '%${CALL}%'`), '0');
    }
    return;
  }
  for (const f of [server.db, `${server.db}-wal`].filter(existsSync)) {
    const bytes = readFileSync(f);
    for (const s of [NAME, CNAME, '北京市朝阳区销毁路1号', M, ID, CALL]) {
      assert.equal(bytes.indexOf(Buffer.from(s)), -1, `${s} left in ${f}`);
    }
  }
});
