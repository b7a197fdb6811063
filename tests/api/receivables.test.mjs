// Receivables 回款 (R-DEV-5, issue 14 item 4): every order's payment plan (one installment of the
// whole amount by default, due the payment term after delivery), payments matched to installments
// earliest due first, an overpayment refused (not held as credit), overdue installments on the
// clock alerting the owner and the accountants each working day until paid, the accountant's
// overview with aging; who reads and records what; every refusal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, auditEntries, allPages, mobile, uscc } from '../lib/kehu.mjs';

let server, admin;
const u = {};
const id = {};
let mine, theirs;

const clock = async (now) => assert.equal((await admin.put('/api/v1/_test/clock', { now })).status, 200);
const inbox = async (c) => (await c.get('/api/v1/notifications?limit=200')).body.items.filter((n) => n.kind === 'receivable.overdue');
const tick = async (c, want) => {
  assert.equal((await admin.post('/api/v1/_test/scheduler/tick')).status, 200);
  let n = (await inbox(c)).length;
  for (let i = 0; i < 60 && n !== want; i++) { await new Promise((r) => setTimeout(r, 50)); n = (await inbox(c)).length; }
  return n;
};
const order = async (c, customer, price, over = {}) => {
  const r = await c.post('/api/v1/orders', { customer_id: customer.id, lines: [{ description: '净水设备', quantity: 1, price_fen: price }], ...over });
  assert.equal(r.status, 201, r.text);
  return r.body;
};

before(async () => {
  server = await startServer({ demo: 3 });
  const names = ['gm', 'zhangwei', 'lina', 'salesmgr', 'kuaiji', 'fuwu', 'csmanager'];
  const clients = await Promise.all(names.map((n) => as(server, n)));
  names.forEach((n, i) => { u[n] = clients[i]; });
  admin = await asAdmin(server);
  await clock('2026-06-01T09:00:00+08:00');
  for (const x of (await admin.get('/api/v1/users?limit=200')).body.items) id[x.username] = x;
  mine = (await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: '回款客户', mobile: mobile() })).body;
  theirs = (await u.lina.post('/api/v1/customers', { kind: 'individual', name: '李娜的回款客户', mobile: mobile() })).body;
});
after(async () => { await server.stop(); });

test('R-DEV-5: issue 14 item 4: an order starts with one installment due the payment term after delivery; payments are matched earliest due first; a new plan is matched again; an overpayment is refused and changes nothing', async () => {
  const o = await order(u.zhangwei, mine, 100000, { delivery_due: '2026-06-10' });
  let r = await u.zhangwei.get(`/api/v1/orders/${o.id}/receivable`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.plan.map((x) => [x.seq, x.due_on, x.amount_fen, x.paid_fen, x.state]), [[1, '2026-07-10', 100000, 0, 'open']]);
  assert.equal(r.body.outstanding_fen, 100000);
  // the salesperson splits it in three
  r = await u.zhangwei.put(`/api/v1/orders/${o.id}/plan`, { installments: [
    { due_on: '2026-06-15', amount_fen: 30000 }, { due_on: '2026-07-15', amount_fen: 30000 }, { due_on: '2026-08-15', amount_fen: 40000 }] });
  assert.equal(r.status, 200, r.text);
  // the accountant records 45,000: the first installment full, the second half
  r = await u.kuaiji.post(`/api/v1/orders/${o.id}/payments`, { amount_fen: 45000, method: 'bank', reference: 'HK-001' });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.body.plan.map((x) => [x.seq, x.paid_fen, x.state]), [[1, 30000, 'paid'], [2, 15000, 'open'], [3, 0, 'open']]);
  assert.deepEqual(r.body.payments[0].allocations.map((a) => [a.seq, a.amount_fen]), [[1, 30000], [2, 15000]]);
  assert.equal(r.body.payments[0].received_on, '2026-06-01');
  assert.equal(r.body.paid_fen, 45000);
  assert.equal(r.body.outstanding_fen, 55000);
  // more than is owed: refused, nothing recorded
  r = await u.kuaiji.post(`/api/v1/orders/${o.id}/payments`, { amount_fen: 55001, method: 'cash' });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'amount_fen');
  assert.match(r.body.error.message_zh, /550\.00 元/);
  assert.equal((await u.kuaiji.get(`/api/v1/orders/${o.id}/receivable`)).body.payments.length, 1);
  // a new plan: the same payment is matched to it again
  r = await u.zhangwei.put(`/api/v1/orders/${o.id}/plan`, { installments: [{ due_on: '2026-06-20', amount_fen: 50000 }, { due_on: '2026-09-01', amount_fen: 50000 }] });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.plan.map((x) => [x.paid_fen, x.outstanding_fen]), [[45000, 5000], [0, 50000]]);
  // the rest: paid in full
  r = await u.kuaiji.post(`/api/v1/orders/${o.id}/payments`, { amount_fen: 55000, method: 'wechat', received_on: '2026-06-01' });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.body.plan.map((x) => x.state), ['paid', 'paid']);
  assert.equal(r.body.outstanding_fen, 0);
  // a changed order's amount moves the last installment; payments above it refuse the change
  const p = await order(u.zhangwei, mine, 20000);
  r = await u.zhangwei.patch(`/api/v1/orders/${p.id}`, { lines: [{ description: '净水设备', quantity: 2, price_fen: 20000 }] });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual((await u.zhangwei.get(`/api/v1/orders/${p.id}/receivable`)).body.plan.map((x) => x.amount_fen), [40000]);
  assert.equal((await u.kuaiji.post(`/api/v1/orders/${p.id}/payments`, { amount_fen: 30000, method: 'alipay' })).status, 201);
  r = await u.zhangwei.patch(`/api/v1/orders/${p.id}`, { lines: [{ description: '净水设备', quantity: 1, price_fen: 20000 }] });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'lines');
  // an order with payments cannot be cancelled
  r = await u.zhangwei.post(`/api/v1/orders/${p.id}/cancel`, { reason: '客户退货' });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.field, 'state');
  const audit = await auditEntries(u.gm, 'action=payment.record');
  assert.ok(audit.some((e) => String(e.target_id) === String(o.id) && /amount_fen=45000/.test(e.detail)));
  assert.ok((await auditEntries(u.gm, 'action=receivable.plan')).some((e) => String(e.target_id) === String(o.id) && /installments=2/.test(e.detail)));
});

test('R-DEV-5: issue 14 item 4: an installment past due and not paid is overdue on the clock; its owner and the accountant are alerted each working day until it is paid; the overview ages it', async () => {
  await clock('2026-06-01T09:00:00+08:00');
  const o = await order(u.zhangwei, mine, 80000);
  assert.equal((await u.zhangwei.put(`/api/v1/orders/${o.id}/plan`, { installments: [{ due_on: '2026-06-03', amount_fen: 30000 }, { due_on: '2026-12-01', amount_fen: 50000 }] })).status, 200);
  const base = (await inbox(u.zhangwei)).length;
  const baseAcc = (await inbox(u.kuaiji)).length;
  await clock('2026-06-03T10:30:00+08:00'); // Wednesday, the due day: not yet overdue
  assert.equal(await tick(u.zhangwei, base + 1), base);
  let list = (await u.kuaiji.get(`/api/v1/receivables?state=overdue&order_id=${o.id}`)).body.items;
  assert.equal(list.length, 0);
  await clock('2026-06-04T10:30:00+08:00'); // Thursday: overdue one day
  assert.equal(await tick(u.zhangwei, base + 1), base + 1);
  const note = (await inbox(u.zhangwei))[0];
  assert.match(note.text, new RegExp(o.code));
  assert.match(note.link, new RegExp(`/receivables\\?order_id=${o.id}`));
  assert.equal((await inbox(u.kuaiji)).length, baseAcc + 1, 'the accountant is alerted too');
  list = (await u.kuaiji.get(`/api/v1/receivables?state=overdue&order_id=${o.id}`)).body.items;
  assert.deepEqual(list.map((x) => [x.seq, x.state, x.overdue_days, x.outstanding_fen, x.order.code, x.owner.id]), [[1, 'overdue', 1, 30000, o.code, id.zhangwei.id]]);
  await clock('2026-06-04T16:30:00+08:00'); // the same day: once
  assert.equal(await tick(u.zhangwei, base + 2), base + 1);
  await clock('2026-06-06T10:30:00+08:00'); // Saturday: none
  assert.equal(await tick(u.zhangwei, base + 2), base + 1);
  await clock('2026-06-08T10:30:00+08:00'); // Monday
  assert.equal(await tick(u.zhangwei, base + 2), base + 2);
  // the overview: outstanding, overdue and its age
  const s = (await u.kuaiji.get(`/api/v1/receivables/summary?owner_id=${id.zhangwei.id}`)).body;
  assert.ok(s.overdue_fen >= 30000 && s.overdue_count >= 1, JSON.stringify(s));
  assert.ok(s.aging[0].amount_fen >= 30000, JSON.stringify(s.aging));
  assert.ok(s.outstanding_fen >= 80000);
  // paid: no more alerts
  assert.equal((await u.kuaiji.post(`/api/v1/orders/${o.id}/payments`, { amount_fen: 30000, method: 'bank' })).status, 201);
  await clock('2026-06-09T10:30:00+08:00');
  assert.equal(await tick(u.zhangwei, base + 3), base + 2);
  assert.equal((await u.kuaiji.get(`/api/v1/receivables?state=overdue&order_id=${o.id}`)).body.items.length, 0);
  assert.deepEqual((await u.kuaiji.get(`/api/v1/receivables?state=paid&order_id=${o.id}`)).body.items.map((x) => x.seq), [1]);
});

test('R-DEV-5: issue 14 item 4: plans and payments refuse bad input naming the field and change nothing', async () => {
  await clock('2026-06-10T09:00:00+08:00');
  const o = await order(u.zhangwei, mine, 10000);
  const plan = (installments) => u.zhangwei.put(`/api/v1/orders/${o.id}/plan`, { installments });
  const cases = [
    [[], 422], [[{ due_on: '2026-07-01', amount_fen: 9999 }], 422], [[{ due_on: '2026-07-01', amount_fen: 5000 }, { due_on: '2026-07-01', amount_fen: 5000 }], 422],
    [[{ due_on: '2026-02-30', amount_fen: 10000 }], 422], [[{ due_on: '2026-07-01', amount_fen: 0 }, { due_on: '2026-08-01', amount_fen: 10000 }], 422],
    [Array.from({ length: 25 }, (_, i) => ({ due_on: `2027-01-${String(i + 1).padStart(2, '0')}`, amount_fen: 400 })), 400],
    [[{ due_on: 20260701, amount_fen: 10000 }], 400], ['all', 400],
  ];
  for (const [body, status] of cases) {
    const r = await plan(body);
    assert.equal(r.status, status, `${JSON.stringify(body).slice(0, 80)}: ${r.text}`);
    assert.equal(r.body.error.field, 'installments');
    assert.ok(r.body.error.message_zh && r.body.error.message_en);
  }
  assert.match((await plan([{ due_on: '2026-07-01', amount_fen: 6000 }])).body.error.message_en, /60\.00 yuan.*100\.00 yuan/, 'both sums named, in yuan');
  const before = (await u.zhangwei.get(`/api/v1/orders/${o.id}/receivable`)).body.plan;
  assert.equal(before.length, 1);
  const pay = (body) => u.kuaiji.post(`/api/v1/orders/${o.id}/payments`, body);
  for (const [body, status, field] of [
    [{ amount_fen: 0, method: 'bank' }, 422, 'amount_fen'], [{ amount_fen: -5, method: 'bank' }, 422, 'amount_fen'],
    [{ amount_fen: 100, method: 'gold' }, 422, 'method'], [{ amount_fen: 100 }, 422, 'method'],
    [{ amount_fen: 100, method: 'bank', received_on: '2026-06-11' }, 422, 'received_on'], [{ amount_fen: 100, method: 'bank', received_on: '6月1日' }, 422, 'received_on'],
    [{ amount_fen: 100, method: 'bank', reference: 'R'.repeat(101) }, 422, 'reference'], [{ amount_fen: '100', method: 'bank' }, 400, 'amount_fen'],
  ]) {
    const r = await pay(body);
    assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.body.error.field, field);
  }
  assert.equal((await u.kuaiji.get(`/api/v1/orders/${o.id}/receivable`)).body.payments.length, 0);
  // the salesperson plans but does not record money; a cancelled order takes neither
  let r = await u.zhangwei.post(`/api/v1/orders/${o.id}/payments`, { amount_fen: 100, method: 'cash' });
  assert.equal(r.status, 403, r.text);
  assert.equal((await u.zhangwei.post(`/api/v1/orders/${o.id}/cancel`, { reason: '不要了' })).status, 200);
  r = await pay({ amount_fen: 100, method: 'cash' });
  assert.equal(r.status, 409, r.text);
  r = await plan([{ due_on: '2026-07-01', amount_fen: 10000 }]);
  assert.equal(r.status, 409, r.text);
  assert.equal((await u.kuaiji.get(`/api/v1/receivables?order_id=${o.id}&state=all`)).body.items.length, 0, 'a cancelled order owes nothing');
  for (const q of ['state=late', 'due_from=2026-13-01', 'colour=red']) {
    r = await u.kuaiji.get(`/api/v1/receivables?${q}`);
    assert.ok(r.status === 400 || r.status === 422, `${q}: ${r.text}`);
  }
});

test('R-SEC-1: R-DEV-5: issue 14 item 4: receivables are seen as orders are: the accountant reads every non-secret customer\'s (orders too), another salesperson none of them, service staff nothing', async () => {
  await clock('2026-06-10T09:00:00+08:00');
  const o = await order(u.lina, theirs, 5000);
  assert.equal((await u.zhangwei.get(`/api/v1/orders/${o.id}/receivable`)).status, 404);
  assert.equal((await u.zhangwei.put(`/api/v1/orders/${o.id}/plan`, { installments: [{ due_on: '2026-07-01', amount_fen: 5000 }] })).status, 404);
  assert.ok((await allPages(u.zhangwei, '/api/v1/receivables?state=all')).every((x) => x.order.id !== o.id));
  assert.ok((await allPages(u.salesmgr, '/api/v1/receivables?state=all')).some((x) => x.order.id === o.id));
  assert.equal((await u.kuaiji.get(`/api/v1/orders/${o.id}`)).status, 200, 'the accountant reads the order');
  assert.ok((await allPages(u.kuaiji, '/api/v1/orders')).some((x) => x.id === o.id));
  assert.equal((await u.kuaiji.get(`/api/v1/customers/${theirs.id}`)).status, 404, 'not the customer\'s file');
  assert.equal((await u.kuaiji.patch(`/api/v1/orders/${o.id}`, { notes: '会计改' })).status, 403);
  for (const path of ['/api/v1/receivables', '/api/v1/receivables/summary', `/api/v1/orders/${o.id}/receivable`]) {
    assert.equal((await u.fuwu.get(path)).status, 403, path);
  }
  // a confidential customer's receivables leave the accountant's view
  assert.equal((await u.gm.patch(`/api/v1/customers/${theirs.id}`, { secrecy: 'confidential' })).status, 200);
  assert.equal((await u.kuaiji.get(`/api/v1/orders/${o.id}/receivable`)).status, 404);
  assert.ok((await allPages(u.kuaiji, '/api/v1/receivables?state=all')).every((x) => x.order.id !== o.id));
  assert.equal((await u.gm.get(`/api/v1/orders/${o.id}/receivable`)).status, 200);
  assert.equal((await u.gm.patch(`/api/v1/customers/${theirs.id}`, { secrecy: 'normal' })).status, 200);
});

test('R-DEV-5: issue 14 item 4: invoice titles carry a valid unified social credit code (a company\'s) or none (an individual\'s), one is the default; the accountant issues invoices against an order up to its amount, a special VAT invoice only to a complete company title', async () => {
  await clock('2026-06-12T09:00:00+08:00');
  const code = uscc('91350100M000100Y4');
  const bad = `${code.slice(0, 17)}${code[17] === 'X' ? 'Y' : 'X'}`;
  const path = `/api/v1/customers/${mine.id}/invoice-titles`;
  for (const [body, field] of [[{ kind: 'company', name: '某某净水有限公司', tax_number: bad }, 'tax_number'], [{ kind: 'company', name: '无税号公司' }, 'tax_number'],
    [{ kind: 'individual', name: '王先生', tax_number: code }, 'tax_number'], [{ kind: 'shop', name: 'x' }, 'kind'], [{ kind: 'individual', name: ' ' }, 'name'],
    [{ kind: 'individual', name: '王先生', account: '1'.repeat(41) }, 'account']]) {
    const r = await u.zhangwei.post(path, body);
    assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.body.error.field, field);
  }
  assert.equal((await u.zhangwei.get(path)).body.items.length, 0, 'nothing saved');
  let r = await u.zhangwei.post(path, { kind: 'individual', name: '王先生' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.is_default, true, 'the first is the default');
  const person = r.body;
  r = await u.kuaiji.post(path, { kind: 'company', name: '某某净水有限公司', tax_number: code.toLowerCase(), address: '福州市鼓楼区', phone: '0591-88888888', bank: '工商银行福州分行', account: '1402020000000000000', is_default: true });
  assert.equal(r.status, 201, r.text);
  const company = r.body;
  assert.equal(company.tax_number, code, 'kept upper-case');
  assert.deepEqual((await u.zhangwei.get(path)).body.items.map((t) => [t.id, t.is_default]), [[person.id, false], [company.id, true]]);
  assert.equal((await u.lina.get(path)).status, 404);
  assert.equal((await u.fuwu.get(path)).status, 403);
  // invoices: the accountant issues; the amount is capped by what is not yet invoiced
  const o = await order(u.zhangwei, mine, 50000);
  const inv = (body) => u.kuaiji.post(`/api/v1/orders/${o.id}/invoices`, body);
  r = await u.zhangwei.post(`/api/v1/orders/${o.id}/invoices`, { title_id: company.id, kind: 'normal', number: '12345678', amount_fen: 100 });
  assert.equal(r.status, 403, r.text);
  r = await inv({ title_id: company.id, kind: 'special', number: '20260612001', amount_fen: 30000 });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.title.tax_number, code);
  assert.equal(r.body.issued_on, '2026-06-12');
  for (const [body, status, field] of [
    [{ title_id: company.id, kind: 'normal', number: '20260612002', amount_fen: 20001 }, 422, 'amount_fen'],
    [{ title_id: person.id, kind: 'special', number: '20260612003', amount_fen: 100 }, 422, 'title_id'],
    [{ title_id: company.id, kind: 'special', number: '20260612001', amount_fen: 100 }, 409, 'number'],
    [{ title_id: company.id, kind: 'normal', number: '123', amount_fen: 100 }, 422, 'number'],
    [{ title_id: company.id, kind: 'receipt', number: '20260612004', amount_fen: 100 }, 422, 'kind'],
    [{ title_id: company.id, kind: 'normal', number: '20260612005', amount_fen: 100, issued_on: '2026-06-13' }, 422, 'issued_on'],
  ]) {
    r = await inv(body);
    assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.body.error.field, field);
  }
  const theirTitle = await u.lina.post(`/api/v1/customers/${theirs.id}/invoice-titles`, { kind: 'individual', name: '李娜的客户' });
  r = await inv({ title_id: theirTitle.body.id, kind: 'normal', number: '20260612006', amount_fen: 100 });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'title_id');
  r = await inv({ title_id: person.id, kind: 'normal', number: '20260612007', amount_fen: 20000 });
  assert.equal(r.status, 201, r.text);
  const rec = (await u.zhangwei.get(`/api/v1/orders/${o.id}/receivable`)).body;
  assert.equal(rec.invoiced_fen, 50000);
  assert.deepEqual(rec.invoices.map((x) => [x.kind, x.number, x.amount_fen]), [['special', '20260612001', 30000], ['normal', '20260612007', 20000]]);
  // a title an invoice names stays; another goes, and the default passes on
  r = await u.zhangwei.del(`/api/v1/invoice-titles/${company.id}`);
  assert.equal(r.status, 409, r.text);
  const spare = (await u.zhangwei.post(path, { kind: 'individual', name: '备用抬头', is_default: true })).body;
  assert.equal((await u.zhangwei.del(`/api/v1/invoice-titles/${spare.id}`)).status, 200);
  assert.deepEqual((await u.zhangwei.get(path)).body.items.filter((t) => t.is_default).length, 1);
  r = await u.zhangwei.patch(`/api/v1/invoice-titles/${person.id}`, { tax_number: code });
  assert.equal(r.status, 422, r.text);
  assert.ok((await auditEntries(u.gm, 'action=invoice.issue')).some((e) => String(e.target_id) === String(o.id) && /number=20260612001/.test(e.detail)));
});

test('R-DEV-5: R-ARC-6: issue 14 item 4: a customer\'s receivables list holds every installment of its orders and no other customer\'s, in due order', async () => {
  await clock('2026-06-12T09:00:00+08:00');
  const a = await order(u.zhangwei, mine, 30000);
  const b = await order(u.lina, theirs, 20000);
  const all = await allPages(u.gm, `/api/v1/receivables?customer_id=${mine.id}&state=all`);
  assert.ok(all.length >= 1 && all.every((x) => x.customer.id === mine.id), JSON.stringify(all.slice(0, 2)));
  assert.ok(all.some((x) => x.order.id === a.id));
  assert.ok(!all.some((x) => x.order.id === b.id));
  const due = all.map((x) => `${x.due_on}|${String(x.id).padStart(10, '0')}`);
  assert.deepEqual(due, [...due].sort(), 'in due order');
  const open = await allPages(u.gm, `/api/v1/receivables?customer_id=${mine.id}`);
  assert.deepEqual(open.map((x) => x.id), all.filter((x) => x.state !== 'paid').map((x) => x.id));
});
