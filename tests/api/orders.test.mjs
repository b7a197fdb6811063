// Orders 订单 (issue 14 item 4): lines of products or free text (quantity × price − discount, in
// fen), confirmed → delivered or cancelled; an order is the customer's purchase for the follow-up
// rules (placing one skips the non-buyer calls, cancelling it removes the purchase); seen by
// whoever sees the customer; every refusal names its field and changes nothing; the purchases
// recorded before orders existed became orders (migration 063).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, auditEntries, allPages, mobile, sqlite } from '../lib/kehu.mjs';

let server, admin;
const u = {};
const id = {};
let mine, theirs, products;

const clock = async (now) => assert.equal((await admin.put('/api/v1/_test/clock', { now })).status, 200);

before(async () => {
  server = await startServer({ demo: 3 });
  const names = ['gm', 'zhangwei', 'lina', 'salesmgr', 'csmanager', 'fuwu', 'kuaiji'];
  const clients = await Promise.all(names.map((n) => as(server, n)));
  names.forEach((n, i) => { u[n] = clients[i]; });
  admin = await asAdmin(server);
  await clock('2026-06-01T09:00:00+08:00');
  for (const x of (await admin.get('/api/v1/users?limit=200')).body.items) id[x.username] = x;
  // The shipped follow-up rules start at the job's first run: the customers below come after it.
  await clock('2026-06-01T10:10:00+08:00');
  assert.equal((await admin.post('/api/v1/_test/scheduler/tick')).status, 200);
  const started = () => sqlite(server.db, 'SELECT count(*) FROM followup_rules WHERE enabled = 1 AND active_from = 0') === '0';
  for (let i = 0; i < 300 && !started(); i++) await new Promise((res) => setTimeout(res, 50));
  await clock('2026-06-01T10:20:00+08:00');
  mine = (await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: '订单客户', mobile: mobile() })).body;
  theirs = (await u.lina.post('/api/v1/customers', { kind: 'individual', name: '李娜的订单客户', mobile: mobile() })).body;
  products = (await u.zhangwei.get('/api/v1/products?limit=50')).body.items;
});
after(async () => { await server.stop(); });

test('R-DEV-5: R-INT-4: issue 14 item 4: a salesperson places an order of product and free-text lines: each line is quantity × price − discount in fen, the order their sum, its code the day and number; it is the customer\'s purchase and skips the non-buyer calls', async () => {
  const [p1] = products;
  // a non-buyer call waiting on the customer
  const rule = (await u.gm.get('/api/v1/followup-rules')).body.items.find((r) => r.audience === 'non_buyers');
  assert.ok(rule, 'a shipped non-buyer rule');
  await clock('2026-06-01T11:06:00+08:00');
  assert.equal((await admin.post('/api/v1/_test/scheduler/tick')).status, 200);
  const waiting = async () => (await u.zhangwei.get(`/api/v1/tasks?customer_id=${mine.id}`)).body.items.some((t) => t.rule?.id === rule.id);
  for (let i = 0; i < 300 && !(await waiting()); i++) await new Promise((res) => setTimeout(res, 50));
  assert.ok(await waiting(), 'the follow-up job gave the customer its non-buyer call');
  const r = await u.zhangwei.post('/api/v1/orders', {
    customer_id: mine.id, ordered_at: '2026-06-01T10:30:00+08:00', delivery_due: '2026-06-10', notes: ' 送货前电话联系 ',
    lines: [{ product_id: p1.id, quantity: 3, discount_fen: 1000 }, { description: '上门安装', quantity: 1, price_fen: 15000 }],
  });
  assert.equal(r.status, 201, r.text);
  const o = r.body;
  assert.match(o.code, new RegExp(`^SO20260601\\d{6}$`));
  assert.equal(o.state, 'confirmed');
  assert.equal(o.owner.id, id.zhangwei.id);
  assert.equal(o.notes, '送货前电话联系');
  assert.deepEqual(o.lines.map((l) => [l.product_id, l.code, l.description, l.quantity, l.price_fen, l.discount_fen, l.amount_fen]), [
    [p1.id, p1.code, '', 3, p1.price_fen, 1000, p1.price_fen * 3 - 1000],
    [null, '', '上门安装', 1, 15000, 0, 15000],
  ]);
  assert.equal(o.amount_fen, p1.price_fen * 3 - 1000 + 15000);
  assert.ok(o.skipped_tasks >= 1, r.text);
  const tasks = (await u.zhangwei.get(`/api/v1/tasks?customer_id=${mine.id}&state=all`)).body.items;
  assert.ok(tasks.some((t) => t.rule?.id === rule.id && t.state === 'skipped'), 'the non-buyer call skipped');
  // the purchase the rules read carries the order's amount and lines
  const audit = await auditEntries(u.gm, 'action=order.create');
  assert.ok(audit.some((e) => String(e.target_id) === String(o.id) && /lines=2/.test(e.detail)));
  // a change of lines changes the amount; delivered, it is final
  let x = await u.zhangwei.patch(`/api/v1/orders/${o.id}`, { lines: [{ description: '上门安装', quantity: 2, price_fen: 15000, discount_fen: 5000 }] });
  assert.equal(x.status, 200, x.text);
  assert.equal(x.body.amount_fen, 25000);
  await clock('2026-06-05T10:00:00+08:00');
  x = await u.zhangwei.post(`/api/v1/orders/${o.id}/deliver`, {});
  assert.equal(x.status, 200, x.text);
  assert.equal(x.body.state, 'delivered');
  assert.equal(Date.parse(x.body.delivered_at), Date.parse('2026-06-05T10:00:00+08:00'));
  for (const [path, body, method] of [[`/api/v1/orders/${o.id}`, { notes: '改' }, 'patch'], [`/api/v1/orders/${o.id}/cancel`, { reason: '不要了' }, 'post'],
    [`/api/v1/orders/${o.id}/deliver`, {}, 'post']]) {
    x = await u.zhangwei[method](path, body);
    assert.equal(x.status, 409, `${path}: ${x.text}`);
    assert.equal(x.body.error.field, 'state');
  }
  // the list, newest first, with filters
  const list = (await u.zhangwei.get(`/api/v1/orders?customer_id=${mine.id}`)).body.items;
  assert.equal(list[0].id, o.id);
  assert.equal((await u.zhangwei.get(`/api/v1/orders?q=${o.code.slice(-6)}`)).body.items[0].id, o.id);
  assert.equal((await u.zhangwei.get(`/api/v1/orders?state=cancelled&customer_id=${mine.id}`)).body.items.length, 0);
  assert.equal((await u.zhangwei.get(`/api/v1/orders?ordered_from=2026-06-02&customer_id=${mine.id}`)).body.items.length, 0);
});

test('R-DEV-5: R-INT-4: issue 14 item 4: a cancelled order is no longer the customer\'s purchase; a late delivery shows on the clock', async () => {
  await clock('2026-06-10T09:00:00+08:00');
  const c = (await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: '取消订单客户', mobile: mobile() })).body;
  const r = await u.zhangwei.post('/api/v1/orders', { customer_id: c.id, delivery_due: '2026-06-12', lines: [{ description: '滤芯', quantity: 2, price_fen: 3000 }] });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.overdue_delivery, false);
  const purchases = () => sqlite(server.db, `SELECT count(*) FROM purchases WHERE customer_id = ${c.id}`);
  assert.equal(purchases(), '1');
  await clock('2026-06-13T09:00:00+08:00');
  assert.equal((await u.zhangwei.get(`/api/v1/orders/${r.body.id}`)).body.overdue_delivery, true);
  let x = await u.zhangwei.post(`/api/v1/orders/${r.body.id}/cancel`, {});
  assert.equal(x.status, 422, x.text);
  assert.equal(x.body.error.field, 'reason');
  x = await u.zhangwei.post(`/api/v1/orders/${r.body.id}/cancel`, { reason: '客户改买别的型号' });
  assert.equal(x.status, 200, x.text);
  assert.equal(x.body.state, 'cancelled');
  assert.equal(x.body.overdue_delivery, false);
  assert.equal(purchases(), '0', 'no longer a purchase');
  const audit = await auditEntries(u.gm, 'action=order.cancel');
  assert.ok(audit.some((e) => String(e.target_id) === String(r.body.id) && /客户改买别的型号/.test(e.detail)));
});

test('R-DEV-5: issue 14 item 4: refusals name the field (zh-CN and English) and change nothing', async () => {
  const count = async () => (await allPages(u.zhangwei, `/api/v1/orders?customer_id=${mine.id}`)).length;
  const before = await count();
  const line = { description: '服务费', quantity: 1, price_fen: 100 };
  const cases = [
    [{ lines: [] }, 422, 'lines'],
    [{ lines: undefined }, 422, 'lines'],
    [{ lines: [{ quantity: 1, price_fen: 100 }] }, 422, 'lines'],
    [{ lines: [{ description: '无价', quantity: 1 }] }, 422, 'lines'],
    [{ lines: [{ product_id: 999999, quantity: 1 }] }, 422, 'lines'],
    [{ lines: [{ ...line, quantity: 0 }] }, 422, 'lines'],
    [{ lines: [{ ...line, price_fen: -1 }] }, 422, 'lines'],
    [{ lines: [{ ...line, discount_fen: 101 }] }, 422, 'lines'],
    [{ lines: [{ ...line, description: '长'.repeat(201) }] }, 422, 'lines'],
    [{ lines: [line, { ...line, quantity: 1.5 }] }, 400, 'lines'],
    [{ lines: 'all' }, 400, 'lines'],
    [{ lines: [line], ordered_at: '2027-01-01T00:00:00+08:00' }, 422, 'ordered_at'],
    [{ lines: [line], delivery_due: '2026-02-30' }, 422, 'delivery_due'],
    [{ lines: [line], notes: '备'.repeat(2001) }, 422, 'notes'],
    [{ lines: [line], opportunity_id: 999999 }, 422, 'opportunity_id'],
    [{ lines: [line], customer_id: theirs.id }, 422, 'customer_id'],
    [{ lines: [line], customer_id: 0 }, 422, 'customer_id'],
  ];
  for (const [over, status, field] of cases) {
    const body = { customer_id: mine.id, ...over };
    for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
    const r = await u.zhangwei.post('/api/v1/orders', body);
    assert.equal(r.status, status, `${JSON.stringify(over)}: ${r.text}`);
    assert.equal(r.body.error.field, field, JSON.stringify(over));
    assert.ok(r.body.error.message_zh && r.body.error.message_en, r.text);
    if (field === 'lines' && status === 422) assert.match(r.body.error.message_zh, /第 \d+ 行|订单须有/);
  }
  assert.equal(await count(), before, 'nothing placed');
  // an opportunity of another customer is refused
  const opp = await u.lina.post('/api/v1/opportunities', { customer_id: theirs.id, title: '别人的商机', amount_fen: 100, expected_close: '2026-12-31' });
  let r = await u.zhangwei.post('/api/v1/orders', { customer_id: mine.id, opportunity_id: opp.body.id, lines: [line] });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'opportunity_id');
  // a change is checked the same way
  const o = (await u.zhangwei.post('/api/v1/orders', { customer_id: mine.id, lines: [line] })).body;
  for (const [body, status, field] of [[{ lines: [] }, 422, 'lines'], [{ customer_id: theirs.id }, 400, 'customer_id'], [{ delivery_due: 'soon' }, 422, 'delivery_due']]) {
    r = await u.zhangwei.patch(`/api/v1/orders/${o.id}`, body);
    assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.body.error.field, field);
  }
  assert.equal((await u.zhangwei.get(`/api/v1/orders/${o.id}`)).body.amount_fen, 100);
  r = await u.zhangwei.post(`/api/v1/orders/${o.id}/deliver`, { delivered_at: '2020-01-01T00:00:00+08:00' });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'delivered_at');
  assert.equal((await u.zhangwei.get('/api/v1/orders/999999')).status, 404);
  for (const q of ['state=open', 'ordered_from=2026-13-01', 'colour=red']) {
    r = await u.zhangwei.get(`/api/v1/orders?${q}`);
    assert.equal(r.status, 400, `${q}: ${r.text}`);
  }
});

test('R-SEC-1: R-DEV-5: issue 14 item 4: an order is seen by whoever sees its customer: another salesperson gets 404 and none in their list; the sales manager sees the department\'s; service staff without customers read none (the accountant reads them: api/receivables)', async () => {
  const o = (await u.lina.post('/api/v1/orders', { customer_id: theirs.id, lines: [{ description: '李娜的订单', quantity: 1, price_fen: 500 }] })).body;
  for (const [m, path, body] of [['get', `/api/v1/orders/${o.id}`], ['patch', `/api/v1/orders/${o.id}`, { notes: '偷改' }],
    ['post', `/api/v1/orders/${o.id}/cancel`, { reason: '偷取消' }], ['post', `/api/v1/orders/${o.id}/deliver`, {}]]) {
    const x = await u.zhangwei[m](path, body);
    assert.equal(x.status, 404, `${m} ${path}: ${x.text}`);
  }
  assert.ok((await allPages(u.zhangwei, '/api/v1/orders')).every((x) => x.id !== o.id));
  assert.ok((await allPages(u.salesmgr, '/api/v1/orders')).some((x) => x.id === o.id));
  assert.equal((await u.csmanager.get(`/api/v1/orders/${o.id}`)).status, 200);
  assert.equal((await u.fuwu.get('/api/v1/orders')).status, 403);
  // reading one is a read of the customer
  const reads = await auditEntries(u.gm, `action=customer.read&target_id=${theirs.id}`);
  assert.ok(reads.some((e) => /part=orders/.test(e.detail)), JSON.stringify(reads.slice(0, 2)));
});
