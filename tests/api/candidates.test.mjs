// New-customer development 客户开发 (R-DEV-1, R-DEV-2, issue 14 item 1): a candidate goes through
// general investigation, on-site investigation and the admission application (approved by the
// market head through the approvals engine), has its contracts signed and is admitted as a
// customer with its code, the departments told; no stage is skipped, each stage's checklist is
// checked; the selection criteria are scored with the configured weights; who sees which.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, auditEntries, uscc } from '../lib/kehu.mjs';

let server, admin;
const u = {};

before(async () => {
  server = await startServer({ demo: 1 });
  const names = ['gm', 'zhangwei', 'lina', 'salesmgr', 'csmanager', 'infosup', 'kuaiji', 'fuwu'];
  const clients = await Promise.all(names.map((n) => as(server, n)));
  names.forEach((n, i) => { u[n] = clients[i]; });
  admin = await asAdmin(server);
  assert.equal((await admin.put('/api/v1/_test/clock', { now: '2026-06-01T09:00:00+08:00' })).status, 200);
});
after(async () => { await server.stop(); });

const advance = (c, id) => c.post(`/api/v1/candidates/${id}/advance`, {});
const notices = async (c) => (await c.get('/api/v1/notifications?limit=200')).body.items.filter((n) => n.kind === 'candidate.admitted');

test('R-DEV-1: issue 14 item 1: a candidate goes stage by stage — general and on-site investigation, the admission application approved by the market head, the contracts signed — and is admitted as a customer with its code, the departments told; no stage is skipped', async () => {
  const code = uscc('91350100M000200Y4');
  let r = await u.zhangwei.post('/api/v1/candidates', { name: '福州某某滤材有限公司', uscc: code.toLowerCase(), contact: '林经理', phone: '0591-87654321' });
  assert.equal(r.status, 201, r.text);
  const id = r.body.id;
  assert.equal(r.body.stage, 'candidate');
  assert.equal(r.body.uscc, code);
  assert.equal(r.body.next_stage, 'general');
  // a later stage's fields wait for it
  r = await u.zhangwei.patch(`/api/v1/candidates/${id}`, { reason: '抢先填写' });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.field, 'reason');
  assert.equal((await advance(u.zhangwei, id)).body.stage, 'general');
  // the general investigation's checklist
  r = await advance(u.zhangwei, id);
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.field, 'stage');
  assert.match(r.body.error.message_en, /history,profile,annual_accounts,catalogue/);
  r = await u.zhangwei.patch(`/api/v1/candidates/${id}`, { history: '2008 年成立', profile: '员工 200 人', annual_accounts: '2025 年营收 1.2 亿元', catalogue: '滤芯、膜组件', talks: '与总经理面谈' });
  assert.equal(r.status, 200, r.text);
  assert.equal((await advance(u.zhangwei, id)).body.stage, 'site');
  r = await advance(u.zhangwei, id);
  assert.equal(r.status, 409);
  assert.match(r.body.error.message_en, /site_visited_on,site_findings/);
  assert.equal((await u.zhangwei.patch(`/api/v1/candidates/${id}`, { site_visited_on: '2026-06-01', site_team: '资材、技术、质量', site_findings: '设备齐全，管理规范' })).status, 200);
  assert.equal((await advance(u.zhangwei, id)).body.stage, 'application');
  // the application needs its report and every criterion scored
  r = await advance(u.zhangwei, id);
  assert.equal(r.status, 409);
  assert.match(r.body.error.message_en, /reason,trading_policy,goods_amounts,findings,scores/);
  assert.equal((await u.zhangwei.patch(`/api/v1/candidates/${id}`, { reason: '质量稳定，价格有竞争力', trading_policy: '先试单后长期供货', goods_amounts: '滤芯 5000 支/年，约 60 万元', findings: '一般调查与实地调查均合格' })).status, 200);
  const scores = { equipment: 8, delivery: 7, management: 8, finance: 9, attitude: 9, confidentiality: 8, cost: 6 };
  r = await u.zhangwei.put(`/api/v1/candidates/${id}/scores`, { scores });
  assert.equal(r.status, 200, r.text);
  r = await advance(u.zhangwei, id);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.stage, 'application');
  assert.equal(r.body.approval.state, 'pending');
  const req = r.body.approval.id;
  assert.equal((await advance(u.zhangwei, id)).status, 409, 'not before the decision');
  assert.equal((await u.zhangwei.patch(`/api/v1/candidates/${id}`, { findings: '改' })).status, 409);
  // the market head (the department's head) approves
  const a = (await u.salesmgr.get(`/api/v1/approvals/${req}`)).body;
  assert.equal(a.kind, 'candidate.admit');
  assert.match(a.summary, /福州某某滤材有限公司/);
  assert.equal((await u.salesmgr.post(`/api/v1/approvals/${req}/approve`, { comment: '同意认定' })).status, 200);
  r = await u.zhangwei.get(`/api/v1/candidates/${id}`);
  assert.equal(r.body.stage, 'approved');
  // the contracts signed, then the code
  r = await advance(u.zhangwei, id);
  assert.equal(r.status, 409);
  assert.match(r.body.error.message_en, /supply_signed_on,quality_signed_on/);
  assert.equal((await u.zhangwei.patch(`/api/v1/candidates/${id}`, { supply_signed_on: '2026-06-01', quality_signed_on: '2026-06-01', payment_terms: '月结 30 天' })).status, 200);
  assert.equal((await advance(u.zhangwei, id)).body.stage, 'contracted');
  const before = await Promise.all([u.csmanager, u.infosup, u.kuaiji].map(notices));
  r = await advance(u.zhangwei, id);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.stage, 'admitted');
  assert.ok(r.body.customer && r.body.customer.code, r.text);
  const cust = (await u.zhangwei.get(`/api/v1/customers/${r.body.customer.id}`)).body;
  assert.equal(cust.name, '福州某某滤材有限公司');
  assert.equal(cust.owner.id, u.zhangwei.user.id);
  const after = await Promise.all([u.csmanager, u.infosup, u.kuaiji].map(notices));
  after.forEach((n, i) => assert.equal(n.length, before[i].length + 1, 'the departments are told'));
  // the whole path is on the record
  r = await u.zhangwei.get(`/api/v1/candidates/${id}`);
  assert.deepEqual(r.body.steps.map((s) => s.stage), ['candidate', 'general', 'site', 'application', 'approved', 'contracted', 'admitted']);
  assert.equal((await advance(u.zhangwei, id)).status, 409, 'admitted: the end');
  assert.ok((await auditEntries(u.gm, 'action=candidate.admit')).some((e) => String(e.target_id) === String(id)));
});

test('R-DEV-2: issue 14 item 1: the admission score uses the configured weights of the selection criteria; only managers change the weights', async () => {
  const id = (await u.zhangwei.post('/api/v1/candidates', { name: '评分候选' })).body.id;
  assert.equal((await advance(u.zhangwei, id)).body.stage, 'general');
  // to the site stage
  await u.zhangwei.patch(`/api/v1/candidates/${id}`, { history: 'h', profile: 'p', annual_accounts: 'a', catalogue: 'c' });
  assert.equal((await advance(u.zhangwei, id)).body.stage, 'site');
  const scores = { equipment: 10, delivery: 0, management: 5, finance: 8, attitude: 6, confidentiality: 4, cost: 2 };
  let r = await u.zhangwei.put(`/api/v1/candidates/${id}/scores`, { scores });
  assert.equal(r.status, 200, r.text);
  const weigh = (criteria) => {
    const w = criteria.reduce((s, c) => s + c.weight, 0);
    return Math.round(criteria.reduce((s, c) => s + scores[c.code] * c.weight, 0) * 10 / w) / 10;
  };
  assert.equal(r.body.score, weigh(r.body.criteria));
  assert.equal(r.body.score, 5.6, '(10×20 + 0×15 + 5×15 + 8×20 + 6×10 + 4×10 + 2×10) / 100 = 5.55');
  // new weights, a new score
  assert.equal((await u.zhangwei.put('/api/v1/candidate-criteria', { weights: { equipment: 50 } })).status, 403);
  r = await u.gm.put('/api/v1/candidate-criteria', { weights: { equipment: 50, cost: 0 } });
  assert.equal(r.status, 200, r.text);
  r = await u.zhangwei.get(`/api/v1/candidates/${id}`);
  assert.equal(r.body.score, weigh(r.body.criteria));
  assert.equal(r.body.score, 7, '(500 + 0 + 75 + 160 + 60 + 40 + 0) / 120 = 6.96');
  for (const [body, status] of [[{ weights: { nosuch: 5 } }, 422], [{ weights: { equipment: 101 } }, 422], [{ weights: 'all' }, 400],
    [{ weights: { equipment: 0, delivery: 0, management: 0, finance: 0, attitude: 0, confidentiality: 0, cost: 0 } }, 422]]) {
    const x = await u.gm.put('/api/v1/candidate-criteria', body);
    assert.equal(x.status, status, `${JSON.stringify(body)}: ${x.text}`);
    assert.equal(x.body.error.field, 'weights');
  }
  for (const body of [{ scores: { equipment: 11 } }, { scores: { nosuch: 1 } }]) {
    const x = await u.zhangwei.put(`/api/v1/candidates/${id}/scores`, body);
    assert.equal(x.status, 422, x.text);
    assert.equal(x.body.error.field, 'scores');
  }
  assert.equal((await u.gm.put('/api/v1/candidate-criteria', { weights: { equipment: 20, cost: 10 } })).status, 200);
});

test('R-DEV-1: R-SEC-1: issue 14 item 1: refusals name the field; another salesperson sees none of a candidate, the sales manager the department\'s; a dropped candidate goes no further', async () => {
  for (const [body, field] of [[{ name: ' ' }, 'name'], [{ name: '坏代码公司', uscc: '91350100M000200Y40' }, 'uscc'], [{ name: '长'.repeat(101) }, 'name']]) {
    const r = await u.zhangwei.post('/api/v1/candidates', body);
    assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.body.error.field, field);
  }
  const id = (await u.zhangwei.post('/api/v1/candidates', { name: '张伟的候选' })).body.id;
  // scores wait for the site visit
  const early = await u.zhangwei.put(`/api/v1/candidates/${id}/scores`, { scores: { equipment: 5 } });
  assert.equal(early.status, 409, early.text);
  assert.equal(early.body.error.field, 'stage');
  for (const [m, path, body] of [['get', `/api/v1/candidates/${id}`], ['patch', `/api/v1/candidates/${id}`, { contact: 'x' }],
    ['post', `/api/v1/candidates/${id}/advance`, {}], ['post', `/api/v1/candidates/${id}/drop`, { reason: 'x' }]]) {
    assert.equal((await u.lina[m](path, body)).status, 404, `${m} ${path}`);
  }
  assert.ok(!(await u.lina.get('/api/v1/candidates')).body.items.some((c) => c.id === id));
  assert.ok((await u.salesmgr.get('/api/v1/candidates')).body.items.some((c) => c.id === id));
  assert.equal((await u.salesmgr.get(`/api/v1/candidates/${id}`)).status, 200);
  assert.equal((await u.fuwu.get('/api/v1/candidates')).status, 403);
  assert.equal((await u.zhangwei.get('/api/v1/candidates?stage=nowhere')).status, 422);
  let r = await u.zhangwei.post(`/api/v1/candidates/${id}/drop`, {});
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'reason');
  r = await u.zhangwei.post(`/api/v1/candidates/${id}/drop`, { reason: '对方无意合作' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.stage, 'dropped');
  assert.equal(r.body.drop_reason, '对方无意合作');
  assert.equal((await advance(u.zhangwei, id)).status, 409);
  assert.equal((await u.zhangwei.post(`/api/v1/candidates/${id}/drop`, { reason: '再放弃' })).status, 409);
});
