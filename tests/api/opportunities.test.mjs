// Opportunities 商机 and the sales funnel 销售漏斗 (R-DEV-3, issue 14 item 3): stages with default
// probabilities, amounts in fen, expected close dates, products, won and lost with a reason; the
// stage history with its durations on the clock; who sees and works on which (the customer
// scope); open ones follow their customer's owner; the funnel and the weighted forecast per
// salesperson, team and month, checked against a brute-force sum; the configurable stage list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, auditEntries, allPages, mobile } from '../lib/kehu.mjs';

let server, admin;
const u = {};
const id = {};
const cust = {};
let products;

const clock = async (now) => assert.equal((await admin.put('/api/v1/_test/clock', { now })).status, 200);
const stagesOf = async (c = u.gm) => (await c.get('/api/v1/opportunity-stages')).body.items;

before(async () => {
  server = await startServer({ demo: 3 });
  const names = ['gm', 'zhangwei', 'lina', 'salesmgr', 'csmanager', 'shmgr', 'fuwu'];
  const clients = await Promise.all(names.map((n) => as(server, n)));
  names.forEach((n, i) => { u[n] = clients[i]; });
  admin = await asAdmin(server);
  await clock('2026-06-01T09:00:00+08:00');
  for (const x of (await admin.get('/api/v1/users?limit=200')).body.items) id[x.username] = x;
  for (const [who, name] of [['zhangwei', '张伟的客户'], ['zhangwei', '张伟的第二位客户'], ['lina', '李娜的客户']]) {
    const r = await u[who].post('/api/v1/customers', { kind: 'individual', name, mobile: mobile() });
    assert.equal(r.status, 201, r.text);
    cust[name] = r.body;
  }
  products = (await u.zhangwei.get('/api/v1/products?limit=50')).body.items;
  assert.ok(products.length >= 2, 'the demo catalogue');
});
after(async () => { await server.stop(); });

const opp = (customer, over = {}) => ({ customer_id: customer.id, title: '净水器团购', amount_fen: 1000000,
  expected_close: '2026-06-30', ...over });

test('R-DEV-3: issue 14 item 3: a salesperson adds an opportunity on their customer: it starts in the first stage with its probability, its owner is the customer\'s, its amount the products\' total when not given, and the addition is audited', async () => {
  const [p1, p2] = products;
  const stages = await stagesOf(u.zhangwei);
  assert.deepEqual(stages.slice(0, 5).map((s) => [s.name, s.probability]),
    [['初步接洽', 10], ['需求确认', 25], ['方案报价', 50], ['商务谈判', 75], ['待签约', 90]]);
  const r = await u.zhangwei.post('/api/v1/opportunities', {
    customer_id: cust['张伟的客户'].id, title: ' 办公室净水方案 ', expected_close: '2026-07-15', competitor: '某品牌',
    next_step: '上门测水质', next_step_at: '2026-06-03',
    products: [{ product_id: p1.id, quantity: 3 }, { product_id: p2.id, quantity: 2, price_fen: 5000 }],
  });
  assert.equal(r.status, 201, r.text);
  const o = r.body;
  assert.equal(o.title, '办公室净水方案');
  assert.equal(o.stage.id, stages[0].id);
  assert.equal(o.probability, 10);
  assert.equal(o.state, 'open');
  assert.equal(o.owner.id, id.zhangwei.id);
  assert.equal(o.customer.name, '张伟的客户');
  assert.equal(o.amount_fen, p1.price_fen * 3 + 5000 * 2);
  assert.equal(o.weighted_fen, Math.round(o.amount_fen * 10 / 100));
  assert.deepEqual(o.products.map((l) => [l.code, l.quantity, l.price_fen]), [[p1.code, 3, p1.price_fen], [p2.code, 2, 5000]]);
  assert.equal(o.history.length, 1);
  assert.equal(o.history[0].stage.name, '初步接洽');
  assert.equal(o.history[0].left_at, null);
  assert.equal(o.overdue, false);
  const audit = await auditEntries(u.gm, 'action=opportunity.create');
  assert.ok(audit.some((e) => String(e.target_id) === String(o.id) && /stage=/.test(e.detail)), JSON.stringify(audit.slice(0, 2)));
  // the customer's page lists it; reading it is a read of the customer
  const list = (await u.zhangwei.get(`/api/v1/opportunities?customer_id=${cust['张伟的客户'].id}&state=all`)).body.items;
  assert.ok(list.some((x) => x.id === o.id));
  await u.zhangwei.get(`/api/v1/opportunities/${o.id}`);
  const reads = await auditEntries(u.gm, `action=customer.read&target_id=${cust['张伟的客户'].id}`);
  assert.ok(reads.some((e) => /part=opportunities/.test(e.detail)), JSON.stringify(reads.slice(0, 3)));
});

test('R-DEV-3: issue 14 item 3: stage changes are recorded with their durations on the clock; a move takes the stage\'s probability unless one is given; won and lost close it; a closed one cannot change; a manager reopens it', async () => {
  const stages = await stagesOf();
  await clock('2026-06-02T09:00:00+08:00');
  let r = await u.zhangwei.post('/api/v1/opportunities', opp(cust['张伟的客户'], { title: '阶段测试' }));
  assert.equal(r.status, 201, r.text);
  const oid = r.body.id;
  await clock('2026-06-02T11:00:00+08:00');
  r = await u.zhangwei.patch(`/api/v1/opportunities/${oid}`, { stage_id: stages[2].id });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.probability, 50);
  assert.equal(r.body.stage.id, stages[2].id);
  await clock('2026-06-03T11:00:00+08:00');
  r = await u.zhangwei.patch(`/api/v1/opportunities/${oid}`, { stage_id: stages[3].id, probability: 80, amount_fen: 2000000 });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.probability, 80);
  assert.equal(r.body.weighted_fen, 1600000);
  // a change that is not a move adds no history entry
  await clock('2026-06-03T12:00:00+08:00');
  r = await u.zhangwei.patch(`/api/v1/opportunities/${oid}`, { next_step: '报价' });
  assert.equal(r.body.history.length, 3);
  await clock('2026-06-05T11:00:00+08:00');
  r = await u.zhangwei.post(`/api/v1/opportunities/${oid}/close`, { result: 'won', reason: '价格合适' });
  assert.equal(r.status, 200, r.text);
  const o = r.body;
  assert.equal(o.state, 'won');
  assert.equal(o.probability, 100);
  assert.equal(o.close_reason, '价格合适');
  assert.deepEqual(o.history.map((h) => [h.stage.id, h.state, h.probability, h.duration_s]), [
    [stages[0].id, 'open', 10, 2 * 3600],
    [stages[2].id, 'open', 50, 24 * 3600],
    [stages[3].id, 'open', 80, 48 * 3600],
    [stages[3].id, 'won', 100, 0],
  ]);
  assert.equal(o.history[3].left_at, null);
  assert.ok(o.history.slice(0, 3).every((h) => h.left_at && h.by.id === id.zhangwei.id));
  const moves = await auditEntries(u.gm, 'action=opportunity.stage');
  assert.ok(moves.filter((e) => String(e.target_id) === String(oid)).length === 2);
  // closed: no change, no second close, no move
  for (const [path, body, method] of [[`/api/v1/opportunities/${oid}`, { title: 'x' }, 'patch'],
    [`/api/v1/opportunities/${oid}/close`, { result: 'lost', reason: '改主意' }, 'post']]) {
    r = await u.zhangwei[method](path, body);
    assert.equal(r.status, 409, r.text);
    assert.equal(r.body.error.field, 'state');
  }
  // reopening is a manager's: the salesperson is refused, the sales manager reopens it in its stage
  r = await u.zhangwei.post(`/api/v1/opportunities/${oid}/reopen`, {});
  assert.equal(r.status, 403, r.text);
  await clock('2026-06-06T11:00:00+08:00');
  r = await u.salesmgr.post(`/api/v1/opportunities/${oid}/reopen`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.state, 'open');
  assert.equal(r.body.stage.id, stages[3].id);
  assert.equal(r.body.probability, 75);
  assert.equal(r.body.history.at(-2).duration_s, 24 * 3600);
  assert.equal(r.body.history.at(-1).state, 'open');
  r = await u.salesmgr.post(`/api/v1/opportunities/${oid}/reopen`, {});
  assert.equal(r.status, 409, r.text);
  // lost needs a reason
  r = await u.zhangwei.post(`/api/v1/opportunities/${oid}/close`, { result: 'lost' });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'reason');
  r = await u.zhangwei.post(`/api/v1/opportunities/${oid}/close`, { result: 'lost', reason: '客户选了竞品' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.probability, 0);
  // overdue: an open one past its expected close, on the clock
  r = await u.zhangwei.post('/api/v1/opportunities', opp(cust['张伟的客户'], { title: '将逾期', expected_close: '2026-06-10' }));
  assert.equal(r.body.overdue, false);
  await clock('2026-06-11T09:00:00+08:00');
  assert.equal((await u.zhangwei.get(`/api/v1/opportunities/${r.body.id}`)).body.overdue, true);
});

test('R-DEV-3: issue 14 item 3: refusals name the field (zh-CN and English) and change nothing', async () => {
  const c = cust['张伟的客户'];
  const before = (await allPages(u.zhangwei, `/api/v1/opportunities?customer_id=${c.id}&state=all`)).length;
  const cases = [
    [{ title: ' ' }, 422, 'title'],
    [{ title: '标'.repeat(101) }, 422, 'title'],
    [{ amount_fen: -1 }, 422, 'amount_fen'],
    [{ amount_fen: 1.5 }, 400, 'amount_fen'],
    [{ amount_fen: '100' }, 400, 'amount_fen'],
    [{ amount_fen: undefined }, 422, 'amount_fen'],
    [{ probability: 101 }, 422, 'probability'],
    [{ probability: -3 }, 422, 'probability'],
    [{ expected_close: '2026-02-30' }, 422, 'expected_close'],
    [{ expected_close: undefined }, 422, 'expected_close'],
    [{ next_step_at: '明天' }, 422, 'next_step_at'],
    [{ stage_id: 99999 }, 422, 'stage_id'],
    [{ competitor: '竞'.repeat(201) }, 422, 'competitor'],
    [{ products: [{ product_id: 99999, quantity: 1 }] }, 422, 'products'],
    [{ products: [{ product_id: products[0].id, quantity: 0 }] }, 422, 'products'],
    [{ products: [{ product_id: products[0].id, quantity: 1, price_fen: -5 }] }, 422, 'products'],
    [{ products: [{ product_id: products[0].id }] }, 400, 'products'],
    [{ products: 'JS-A1' }, 400, 'products'],
    [{ customer_id: cust['李娜的客户'].id }, 422, 'customer_id'],
    [{ customer_id: undefined }, 422, 'customer_id'],
  ];
  for (const [over, status, field] of cases) {
    const body = opp(c, over);
    for (const k of Object.keys(over)) if (over[k] === undefined) delete body[k];
    const r = await u.zhangwei.post('/api/v1/opportunities', body);
    assert.equal(r.status, status, `${JSON.stringify(over)}: ${r.text}`);
    assert.equal(r.body.error.field, field, JSON.stringify(over));
    assert.ok(r.body.error.message_zh && r.body.error.message_en, r.text);
  }
  assert.equal((await allPages(u.zhangwei, `/api/v1/opportunities?customer_id=${c.id}&state=all`)).length, before, 'nothing saved');
  const ok = await u.zhangwei.post('/api/v1/opportunities', opp(c, { title: '修改测试' }));
  for (const [body, status, field] of [[{ probability: 200 }, 422, 'probability'], [{ customer_id: cust['李娜的客户'].id }, 400, 'customer_id'],
    [{ stage_id: 0 }, 422, 'stage_id'], [{ expected_close: '2026/07/01' }, 422, 'expected_close']]) {
    const r = await u.zhangwei.patch(`/api/v1/opportunities/${ok.body.id}`, body);
    assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.body.error.field, field);
  }
  const after = (await u.zhangwei.get(`/api/v1/opportunities/${ok.body.id}`)).body;
  assert.equal(after.probability, 10);
  assert.equal(after.expected_close, '2026-06-30');
  let r = await u.zhangwei.post(`/api/v1/opportunities/${ok.body.id}/close`, { result: 'maybe', reason: 'x' });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'result');
  for (const q of ['state=closed', 'close_from=2026-13-01', 'stage_id=x', 'colour=red']) {
    r = await u.zhangwei.get(`/api/v1/opportunities?${q}`);
    assert.equal(r.status === 400 || r.status === 422, true, `${q}: ${r.text}`);
  }
  for (const q of ['by=week', 'from=2026-6', 'from=2026-06&to=2026-01', 'from=2026-01&to=2028-12']) {
    r = await u.zhangwei.get(`/api/v1/opportunities/forecast?${q}`);
    assert.equal(r.status === 400 || r.status === 422, true, `${q}: ${r.text}`);
    assert.ok(r.body.error.field, r.text);
  }
  assert.equal((await u.zhangwei.get('/api/v1/opportunities/999999')).status, 404);
  assert.equal((await u.zhangwei.patch('/api/v1/opportunities/999999', { title: 'x' })).status, 404);
});

test('R-SEC-1: R-DEV-3: issue 14 item 3: an opportunity is seen by whoever sees its customer: another salesperson gets 404 on every path and none in their lists, board or funnel; the sales manager sees the department\'s; the customer-service manager reads but cannot work on it; service staff read none', async () => {
  const r = await u.lina.post('/api/v1/opportunities', opp(cust['李娜的客户'], { title: '李娜的商机', amount_fen: 777700 }));
  assert.equal(r.status, 201, r.text);
  const theirs = r.body.id;
  const mine = (await u.zhangwei.post('/api/v1/opportunities', opp(cust['张伟的客户'], { title: '张伟的可见性商机' }))).body.id;
  for (const [m, path, body] of [['get', `/api/v1/opportunities/${theirs}`], ['patch', `/api/v1/opportunities/${theirs}`, { title: '偷改' }],
    ['post', `/api/v1/opportunities/${theirs}/close`, { result: 'lost', reason: '偷关' }]]) {
    const x = await u.zhangwei[m](path, body);
    assert.equal(x.status, 404, `${m} ${path}: ${x.text}`);
  }
  const listed = await allPages(u.zhangwei, '/api/v1/opportunities?state=all');
  assert.ok(listed.every((o) => o.customer.id !== cust['李娜的客户'].id), 'not in the list');
  assert.equal((await allPages(u.zhangwei, `/api/v1/opportunities?customer_id=${cust['李娜的客户'].id}&state=all`)).length, 0);
  const board = (await u.zhangwei.get('/api/v1/opportunities/board')).body;
  assert.ok(board.stages.flatMap((s) => s.items).every((o) => o.id !== theirs), 'not on the board');
  const funnel = (await u.zhangwei.get('/api/v1/opportunities/funnel')).body;
  const byZhang = (await allPages(u.zhangwei, '/api/v1/opportunities')).length;
  assert.equal(funnel.total.count, byZhang, 'the funnel counts what the list shows');
  // the sales manager sees both salespeople's; the customer-service manager reads but cannot change
  const mgr = (await allPages(u.salesmgr, '/api/v1/opportunities')).map((o) => o.id);
  assert.ok(mgr.includes(theirs) && mgr.includes(mine), 'the department\'s');
  assert.equal((await u.csmanager.get(`/api/v1/opportunities/${theirs}`)).status, 200);
  let x = await u.csmanager.patch(`/api/v1/opportunities/${theirs}`, { title: '客服改' });
  assert.equal(x.status, 403, x.text);
  x = await u.csmanager.post('/api/v1/opportunities', opp(cust['李娜的客户']));
  assert.equal(x.status, 403, x.text);
  for (const path of ['/api/v1/opportunities', '/api/v1/opportunities/board', '/api/v1/opportunities/funnel', '/api/v1/opportunities/forecast', `/api/v1/opportunities/${theirs}`]) {
    x = await u.fuwu.get(path);
    assert.equal(x.status, 403, `${path}: ${x.text}`);
  }
  // a confidential customer's opportunity leaves the customer-service manager's view with it
  assert.equal((await u.gm.patch(`/api/v1/customers/${cust['李娜的客户'].id}`, { secrecy: 'confidential' })).status, 200);
  assert.equal((await u.csmanager.get(`/api/v1/opportunities/${theirs}`)).status, 404);
  assert.ok((await allPages(u.csmanager, '/api/v1/opportunities')).every((o) => o.id !== theirs));
  assert.equal((await u.gm.get(`/api/v1/opportunities/${theirs}`)).status, 200);
  assert.equal((await u.gm.patch(`/api/v1/customers/${cust['李娜的客户'].id}`, { secrecy: 'normal' })).status, 200);
});

test('R-DEV-3: R-OWN-3: issue 14 item 3: an open opportunity follows its customer to a new owner; a closed one keeps the salesperson who closed it', async () => {
  const c = cust['张伟的第二位客户'];
  const open = (await u.zhangwei.post('/api/v1/opportunities', opp(c, { title: '随客户转移' }))).body.id;
  const won = (await u.zhangwei.post('/api/v1/opportunities', opp(c, { title: '已赢单' }))).body.id;
  assert.equal((await u.zhangwei.post(`/api/v1/opportunities/${won}/close`, { result: 'won', reason: '' })).status, 200);
  const t = await u.salesmgr.post(`/api/v1/customers/${c.id}/transfer`, { owner_id: id.lina.id, reason: '调整分工' });
  assert.equal(t.status, 200, t.text);
  assert.equal((await u.lina.get(`/api/v1/opportunities/${open}`)).body.owner.id, id.lina.id);
  assert.equal((await u.gm.get(`/api/v1/opportunities/${won}`)).body.owner.id, id.zhangwei.id);
  assert.equal((await u.zhangwei.get(`/api/v1/opportunities/${open}`)).status, 404, 'the old owner no longer sees it');
  assert.ok((await allPages(u.lina, `/api/v1/opportunities?owner_id=${id.lina.id}`)).some((o) => o.id === open));
});

test('R-DEV-3: issue 14 item 3: the funnel and the forecast equal a brute-force sum of amount × probability per stage, salesperson, team and month over generated opportunities', async () => {
  await clock('2026-07-01T09:00:00+08:00');
  const stages = await stagesOf();
  let seed = 7;
  const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return Math.floor((seed / 2147483648) * n); };
  const owners = [['zhangwei', cust['张伟的客户']], ['lina', cust['李娜的客户']], ['lina', cust['张伟的第二位客户']]];
  for (let i = 0; i < 40; i++) {
    const [who, c] = owners[rnd(3)];
    const month = 7 + rnd(4);
    const body = opp(c, { title: `生成 ${i}`, amount_fen: 1000 + rnd(5000000), expected_close: `2026-${String(month).padStart(2, '0')}-${String(1 + rnd(28)).padStart(2, '0')}`,
      stage_id: stages[rnd(5)].id, probability: rnd(3) ? undefined : rnd(101) });
    if (body.probability === undefined) delete body.probability;
    const r = await u[who].post('/api/v1/opportunities', body);
    assert.equal(r.status, 201, r.text);
    if (rnd(5) === 0) assert.equal((await u[who].post(`/api/v1/opportunities/${r.body.id}/close`, { result: 'won', reason: '成交' })).status, 200);
  }
  // every kind of change the company's kept sums follow: a move, a new amount, probability or
  // close day, a loss, a reopening, and a customer handed to another salesperson
  const made = (await allPages(u.gm, '/api/v1/opportunities?state=all', { limit: 200 })).filter((o) => o.title.startsWith('生成 '));
  const openOnes = made.filter((o) => o.state === 'open');
  const whose = (o) => (o.owner?.id === id.zhangwei.id ? u.zhangwei : u.lina);
  for (const [i, o] of openOnes.slice(0, 8).entries()) {
    const body = [{ stage_id: stages[(i + 1) % 5].id }, { amount_fen: 777000 + i }, { probability: 33 },
      { expected_close: `2026-${String(7 + (i % 4)).padStart(2, '0')}-${String(1 + ((i * 9) % 30)).padStart(2, '0')}` }][i % 4];
    const r = await whose(o).patch(`/api/v1/opportunities/${o.id}`, body);
    assert.equal(r.status, 200, r.text);
  }
  assert.equal((await whose(openOnes[8]).post(`/api/v1/opportunities/${openOnes[8].id}/close`, { result: 'lost', reason: '预算取消' })).status, 200);
  const wonOne = made.find((o) => o.state === 'won');
  if (wonOne) assert.equal((await u.salesmgr.post(`/api/v1/opportunities/${wonOne.id}/reopen`, {})).status, 200);
  const moved = cust['张伟的第二位客户'];
  let r = await u.salesmgr.post(`/api/v1/customers/${moved.id}/transfer`, { owner_id: id.zhangwei.id, reason: '调整分工' });
  assert.equal(r.status, 200, r.text);
  r = await u.salesmgr.post(`/api/v1/customers/${moved.id}/transfer`, { owner_id: id.lina.id, reason: '调回' });
  assert.equal(r.status, 200, r.text);
  const all = await allPages(u.gm, '/api/v1/opportunities?state=all', { limit: 200 });
  const dept = (uid) => Object.values(id).find((x) => x.id === uid)?.department_id || 0;
  const expect = (by, list = all) => {
    const m = new Map();
    for (const o of list) {
      const month = o.state === 'open' ? o.expected_close.slice(0, 7) : o.state === 'won' ? o.closed_at.slice(0, 7) : null;
      if (!month || month < '2026-07' || month > '2026-10') continue;
      const key = by === 'owner' ? (o.owner?.id || 0) : by === 'department' ? dept(o.owner?.id) : 0;
      const k = `${month}|${key}`;
      const x = m.get(k) || { count: 0, amount: 0, raw: 0, won: 0 };
      if (o.state === 'open') { x.count++; x.amount += o.amount_fen; x.raw += o.amount_fen * o.probability; } else x.won += o.amount_fen;
      m.set(k, x);
    }
    return [...m.entries()].sort().map(([k, x]) => [k, x.count, x.amount, Math.floor((x.raw + 50) / 100), x.won]);
  };
  for (const by of ['month', 'owner', 'department']) {
    const r = await u.gm.get(`/api/v1/opportunities/forecast?by=${by}&from=2026-07&to=2026-10`);
    assert.equal(r.status, 200, r.text);
    const got = r.body.rows.map((x) => [`${x.month}|${x.id}`, x.count, x.amount_fen, x.weighted_fen, x.won_fen]).sort();
    assert.deepEqual(got, expect(by), by);
    if (by === 'owner') assert.ok(r.body.rows.some((x) => x.name === '李娜'));
  }
  // the funnel: open ones per stage
  const f = (await u.gm.get('/api/v1/opportunities/funnel')).body;
  for (const s of f.stages) {
    const mine = all.filter((o) => o.state === 'open' && o.stage.id === s.stage.id);
    assert.equal(s.count, mine.length, s.stage.name);
    assert.equal(s.amount_fen, mine.reduce((a, o) => a + o.amount_fen, 0));
    assert.equal(s.weighted_fen, Math.floor((mine.reduce((a, o) => a + o.amount_fen * o.probability, 0) + 50) / 100));
  }
  assert.equal(f.won.count, all.filter((o) => o.state === 'won').length);
  // the company's funnel over day ranges: whole months come from the kept sums, the days of a
  // month cut at either end from the opportunities themselves; with the owner and team filters
  const inRange = (day, from, to) => (!from || day >= from) && (!to || day <= to);
  const ranges = [['2026-07-01', '2026-09-30'], ['2026-07-15', '2026-09-10'], ['2026-08-03', '2026-08-20'],
    ['2026-08-01', ''], ['', '2026-08-31'], ['2026-08-10', ''], ['', '2026-09-17'], ['2026-07-31', '2026-08-01'],
    ['2026-08-01', '2026-08-31'], ['2026-09-30', '2026-07-01']];
  for (const [from, to] of ranges) {
    for (const [filter, keep] of [['', () => true], [`&owner_id=${id.lina.id}`, (o) => o.owner?.id === id.lina.id],
      [`&department_id=${id.zhangwei.department_id}`, (o) => dept(o.owner?.id) === id.zhangwei.department_id]]) {
      const r = await u.gm.get(`/api/v1/opportunities/funnel?close_from=${from}&close_to=${to}${filter}`);
      assert.equal(r.status, 200, r.text);
      const what = `${from}..${to}${filter}`;
      for (const s of r.body.stages) {
        const want = all.filter((o) => keep(o) && o.state === 'open' && o.stage.id === s.stage.id && inRange(o.expected_close, from, to));
        assert.deepEqual([s.count, s.amount_fen, s.weighted_fen], [want.length, want.reduce((a, o) => a + o.amount_fen, 0),
          Math.floor((want.reduce((a, o) => a + o.amount_fen * o.probability, 0) + 50) / 100)], `${what} ${s.stage.name}`);
      }
      for (const st of ['won', 'lost']) {
        const want = all.filter((o) => keep(o) && o.state === st && inRange(o.closed_at.slice(0, 10), from, to));
        assert.deepEqual([r.body[st].count, r.body[st].amount_fen], [want.length, want.reduce((a, o) => a + o.amount_fen, 0)], `${what} ${st}`);
      }
    }
  }
  // the company's sums leave out what the reader may not see: a confidential customer's
  // opportunities for the customer-service manager (every customer, clearance normal)
  const secret = cust['张伟的第二位客户'].id;
  assert.equal((await u.gm.patch(`/api/v1/customers/${secret}`, { secrecy: 'confidential' })).status, 200);
  try {
    const seen = await allPages(u.csmanager, '/api/v1/opportunities?state=all', { limit: 200 });
    assert.ok(seen.length < all.length && seen.every((o) => o.customer.id !== secret), 'the confidential customer\'s are hidden');
    const cf = (await u.csmanager.get('/api/v1/opportunities/funnel')).body;
    for (const s of cf.stages) {
      const theirs = seen.filter((o) => o.state === 'open' && o.stage.id === s.stage.id);
      assert.deepEqual([s.count, s.amount_fen, s.weighted_fen], [theirs.length, theirs.reduce((a, o) => a + o.amount_fen, 0),
        Math.floor((theirs.reduce((a, o) => a + o.amount_fen * o.probability, 0) + 50) / 100)], s.stage.name);
    }
    assert.deepEqual([cf.won.count, cf.won.amount_fen], [seen.filter((o) => o.state === 'won').length,
      seen.filter((o) => o.state === 'won').reduce((a, o) => a + o.amount_fen, 0)]);
    for (const by of ['month', 'owner']) {
      const r = await u.csmanager.get(`/api/v1/opportunities/forecast?by=${by}&from=2026-07&to=2026-10`);
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.body.rows.map((x) => [`${x.month}|${x.id}`, x.count, x.amount_fen, x.weighted_fen, x.won_fen]).sort(), expect(by, seen), by);
    }
  } finally {
    assert.equal((await u.gm.patch(`/api/v1/customers/${secret}`, { secrecy: 'normal' })).status, 200);
  }
  // a salesperson's funnel: every stage's open ones and the won ones on the customers they own
  const mineZ = await allPages(u.zhangwei, '/api/v1/opportunities?state=all', { limit: 200 });
  assert.ok(mineZ.some((o) => o.state === 'open') && mineZ.length < all.length);
  const zown = (await u.zhangwei.get('/api/v1/opportunities/funnel')).body;
  for (const s of zown.stages) {
    const theirs = mineZ.filter((o) => o.state === 'open' && o.stage.id === s.stage.id);
    assert.deepEqual([s.count, s.amount_fen, s.weighted_fen], [theirs.length, theirs.reduce((a, o) => a + o.amount_fen, 0),
      Math.floor((theirs.reduce((a, o) => a + o.amount_fen * o.probability, 0) + 50) / 100)], s.stage.name);
  }
  assert.deepEqual([zown.won.count, zown.won.amount_fen], [mineZ.filter((o) => o.state === 'won').length,
    mineZ.filter((o) => o.state === 'won').reduce((a, o) => a + o.amount_fen, 0)]);
  assert.ok(zown.stages.every((s) => s.stage.open_count === undefined), 'the company\'s counts are for whoever sets the stages up');
  // a salesperson's funnel is theirs; the owner filter narrows a manager's
  const zf = (await u.salesmgr.get(`/api/v1/opportunities/funnel?owner_id=${id.zhangwei.id}`)).body;
  assert.equal(zf.total.count, all.filter((o) => o.state === 'open' && o.owner?.id === id.zhangwei.id).length);
  const board = (await u.salesmgr.get(`/api/v1/opportunities/board?owner_id=${id.lina.id}`)).body;
  assert.equal(board.stages.reduce((a, s) => a + s.count, 0), all.filter((o) => o.state === 'open' && o.owner?.id === id.lina.id).length);
  assert.ok(board.stages.every((s) => s.items.every((o) => o.owner.id === id.lina.id && o.stage.id === s.stage.id)));
  assert.equal(board.won.count, all.filter((o) => o.state === 'won' && o.owner?.id === id.lina.id).length, 'won this month');
  // a salesperson's sums follow the customers they own, closed ones included (migration 074's
  // holder): a customer handed to them brings the ones another salesperson won or lost on it; one
  // of theirs made confidential (above their clearance) leaves with its opportunities
  const mine = cust['张伟的客户'].id;
  assert.ok(all.some((o) => o.customer.id === moved.id && o.state !== 'open' && o.owner?.id === id.lina.id), 'closed by another');
  r = await u.salesmgr.post(`/api/v1/customers/${moved.id}/transfer`, { owner_id: id.zhangwei.id, reason: '再次调整' });
  assert.equal(r.status, 200, r.text);
  assert.equal((await u.gm.patch(`/api/v1/customers/${mine}`, { secrecy: 'confidential' })).status, 200);
  try {
    const held = await allPages(u.zhangwei, '/api/v1/opportunities?state=all', { limit: 200 });
    assert.ok(held.length > 0 && held.every((o) => o.customer.id === moved.id), 'the handed customer\'s only');
    assert.ok(held.some((o) => o.state !== 'open' && o.owner?.id === id.lina.id), 'with those another closed');
    const hf = (await u.zhangwei.get('/api/v1/opportunities/funnel')).body;
    for (const s of hf.stages) {
      const theirs = held.filter((o) => o.state === 'open' && o.stage.id === s.stage.id);
      assert.deepEqual([s.count, s.amount_fen, s.weighted_fen], [theirs.length, theirs.reduce((a, o) => a + o.amount_fen, 0),
        Math.floor((theirs.reduce((a, o) => a + o.amount_fen * o.probability, 0) + 50) / 100)], s.stage.name);
    }
    for (const st of ['won', 'lost']) {
      const want = held.filter((o) => o.state === st);
      assert.deepEqual([hf[st].count, hf[st].amount_fen], [want.length, want.reduce((a, o) => a + o.amount_fen, 0)], st);
    }
    const hc = (await u.zhangwei.get('/api/v1/opportunities/forecast?by=month&from=2026-07&to=2026-10')).body;
    assert.deepEqual(hc.rows.map((x) => [`${x.month}|${x.id}`, x.count, x.amount_fen, x.weighted_fen, x.won_fen]).sort(), expect('month', held));
  } finally {
    assert.equal((await u.gm.patch(`/api/v1/customers/${mine}`, { secrecy: 'normal' })).status, 200);
    assert.equal((await u.salesmgr.post(`/api/v1/customers/${moved.id}/transfer`, { owner_id: id.lina.id, reason: '调回' })).status, 200);
  }
});

test('R-DEV-3: issue 14 item 3: the stage list is the company\'s: a manager adds, renames, reorders and deactivates stages; a stage that holds open opportunities stays; a salesperson cannot change it; each change is audited', async () => {
  let r = await u.zhangwei.post('/api/v1/opportunity-stages', { name: '试用', probability: 60 });
  assert.equal(r.status, 403, r.text);
  r = await admin.post('/api/v1/opportunity-stages', { name: '试用', name_en: 'Trial', probability: 60 });
  assert.equal(r.status, 201, r.text);
  const trial = r.body;
  assert.equal(trial.position, 6);
  r = await u.salesmgr.patch(`/api/v1/opportunity-stages/${trial.id}`, { position: 3 });
  assert.equal(r.status, 200, r.text);
  let names = (await stagesOf()).map((s) => [s.name, s.position]);
  assert.deepEqual(names, [['初步接洽', 1], ['需求确认', 2], ['试用', 3], ['方案报价', 4], ['商务谈判', 5], ['待签约', 6]]);
  for (const [body, field] of [[{ name: '' }, 'name'], [{ probability: 101 }, 'probability'], [{ position: 0 }, 'position'], [{ name: '名'.repeat(31) }, 'name']]) {
    r = await u.gm.patch(`/api/v1/opportunity-stages/${trial.id}`, body);
    assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.body.error.field, field);
  }
  r = await u.gm.post('/api/v1/opportunity-stages', { name: '无赢率' });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'probability');
  // a stage holding open opportunities cannot be deactivated
  const o = await u.zhangwei.post('/api/v1/opportunities', opp(cust['张伟的客户'], { title: '试用阶段的商机', stage_id: trial.id }));
  assert.equal(o.status, 201, o.text);
  assert.equal(o.body.probability, 60);
  r = await u.gm.patch(`/api/v1/opportunity-stages/${trial.id}`, { active: false });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.field, 'active');
  assert.match(r.body.error.message_zh, /1 个进行中的商机/);
  assert.equal((await u.zhangwei.post(`/api/v1/opportunities/${o.body.id}/close`, { result: 'lost', reason: '不需要了' })).status, 200);
  r = await u.gm.patch(`/api/v1/opportunity-stages/${trial.id}`, { active: false });
  assert.equal(r.status, 200, r.text);
  assert.ok(!(await stagesOf()).some((s) => s.id === trial.id), 'gone from the board');
  assert.ok((await u.gm.get('/api/v1/opportunity-stages?all=true')).body.items.some((s) => s.id === trial.id && !s.active));
  r = await u.zhangwei.post('/api/v1/opportunities', opp(cust['张伟的客户'], { stage_id: trial.id }));
  assert.equal(r.status, 422, 'a deactivated stage takes no new opportunity');
  // the history still names it
  const h = (await u.zhangwei.get(`/api/v1/opportunities/${o.body.id}`)).body.history;
  assert.equal(h[0].stage.name, '试用');
  const audit = await auditEntries(u.gm, 'action=opportunity_stage.update');
  assert.ok(audit.some((e) => String(e.target_id) === String(trial.id) && /active=0/.test(e.detail)));
  names = (await u.gm.get('/api/v1/opportunity-stages?all=true')).body.items.map((s) => s.position);
  assert.deepEqual(names, [1, 2, 3, 4, 5, 6], 'positions stay a sequence');
});

test('R-DEV-3: R-INT-4: issue 14 item 3: an opportunity\'s next step with a day becomes a task of the customer\'s owner due that day, once per day given', async () => {
  await clock('2026-06-01T09:00:00+08:00');
  const c = cust['张伟的客户'];
  const steps = async () => (await u.zhangwei.get(`/api/v1/tasks?customer_id=${c.id}&state=all&limit=200`)).body.items
    .filter((t) => t.kind === 'next_step' && /商机「下一步测试」/.test(t.title));
  let r = await u.zhangwei.post('/api/v1/opportunities', opp(c, { title: '下一步测试', next_step: '送样品', next_step_at: '2026-06-05' }));
  assert.equal(r.status, 201, r.text);
  const id = r.body.id;
  let t = await steps();
  assert.equal(t.length, 1, JSON.stringify(t));
  assert.match(t[0].title, /送样品/);
  assert.equal(Date.parse(t[0].due_at), Date.parse('2026-06-05T18:00:00+08:00'));
  assert.equal(t[0].assignee.id, u.zhangwei.user.id, 'the customer\'s owner');
  // another field changed: no second task; a new day: one more
  assert.equal((await u.zhangwei.patch(`/api/v1/opportunities/${id}`, { competitor: '某品牌' })).status, 200);
  assert.equal((await steps()).length, 1);
  assert.equal((await u.zhangwei.patch(`/api/v1/opportunities/${id}`, { next_step: '上门演示', next_step_at: '2026-06-08' })).status, 200);
  t = await steps();
  assert.equal(t.length, 2);
  assert.ok(t.some((x) => /上门演示/.test(x.title) && Date.parse(x.due_at) === Date.parse('2026-06-08T18:00:00+08:00')));
});
