// Secrecy levels 密级 (R-SEC-2, issue 12 item 2): normal / confidential / top secret per
// customer, a clearance per user (their own, else their role's), a custodian per level. Every
// path that shows customer data goes through the one scope filter: the visibility matrix below
// runs each level against each default role on each path, so a new path is one line.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, allPages, auditEntries, mobile, waitJob, postExport } from '../lib/kehu.mjs';

let server, admin;
const u = {};
const rec = {}; // level -> a customer owned by zhangwei at that level
const ROLES = ['gm', 'csmanager', 'infosup', 'infospec', 'salesmgr', 'zhangwei', 'lina', 'kefu', 'shenji'];
// Who reads a record of each level by default (demo: infosup has clearance confidential).
const READS = {
  normal: ['gm', 'csmanager', 'infosup', 'infospec', 'salesmgr', 'zhangwei'],
  confidential: ['gm', 'infosup'],
  top_secret: ['gm'],
};

before(async () => {
  server = await startServer({ demo: 20 });
  const clients = await Promise.all(ROLES.map((n) => as(server, n)));
  ROLES.forEach((n, i) => { u[n] = clients[i]; });
  admin = await asAdmin(server);
  for (const level of Object.keys(READS)) {
    const r = await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: `密级${level}客户`, mobile: mobile() });
    assert.equal(r.status, 201, r.text);
    if (level !== 'normal') {
      const p = await u.gm.patch(`/api/v1/customers/${r.body.id}`, { secrecy: level });
      assert.equal(p.status, 200, p.text);
      assert.equal(p.body.secrecy, level);
    }
    const c = await u.zhangwei.post(`/api/v1/customers/${r.body.id}/contacts`, { name: `联系人${level}`, mobile: mobile() });
    assert.ok(c.status === 201 || level !== 'normal', c.text);
    rec[level] = r.body;
  }
});
after(async () => { await server.stop(); });

async function exportText(c) {
  const r = await postExport(server, c, { format: 'csv' });
  assert.equal(r.status, 202, r.text);
  const job = await waitJob(c, r.body.job_id);
  assert.equal(job.state, 'done', JSON.stringify(job.error));
  return (await fetch(`${server.url}/api/v1/jobs/${r.body.job_id}/file`, { headers: { Cookie: c.cookie } })).text();
}

async function exportCodes(c) {
  const r = await postExport(server, c, { format: 'csv' });
  if (r.status === 403) return [];
  assert.equal(r.status, 202, r.text);
  const job = await waitJob(c, r.body.job_id);
  assert.equal(job.state, 'done', JSON.stringify(job.error));
  const res = await fetch(`${server.url}/api/v1/jobs/${r.body.job_id}/file`, { headers: { Cookie: c.cookie } });
  return (await res.text()).split('\n').map((l) => l.split(',')[0]);
}

// Each path: does this client see this record through it?
const PATHS = {
  list: async (c, x) => (await allPages(c, '/api/v1/customers?archived=all', { limit: 200 })).some((y) => y.id === x.id),
  search: async (c, x) => ((await c.get(`/api/v1/customers?q=${encodeURIComponent(x.name)}`)).body.items || []).some((y) => y.id === x.id),
  count: async (c, x) => ((await c.get(`/api/v1/customers?q=${encodeURIComponent(x.name)}&total=true`)).body.total || 0) > 0,
  get: async (c, x) => (await c.get(`/api/v1/customers/${x.id}`)).status === 200,
  contacts: async (c, x) => (await c.get(`/api/v1/customers/${x.id}/contacts`)).status === 200,
  'owner history': async (c, x) => (await c.get(`/api/v1/customers/${x.id}/owner-history`)).status === 200,
  'field history': async (c, x) => (await c.get(`/api/v1/customers/${x.id}/field-history`)).status === 200,
  export: async (c, x) => (await exportCodes(c)).includes(x.code),
};

for (const [path, sees] of Object.entries(PATHS)) {
  test(`R-SEC-2: issue 12 item 2: visibility matrix — ${path}: each level is read by exactly the cleared roles`, async () => {
    for (const [level, readers] of Object.entries(READS))
      for (const n of ROLES)
        assert.equal(await sees(u[n], rec[level]), readers.includes(n), `${n} × ${level} × ${path}`);
  });
}

test('R-SEC-2: issue 12 item 2: a refused direct read of a secret record is 404 like a missing one, and audited', async () => {
  const denied = await u.zhangwei.get(`/api/v1/customers/${rec.confidential.id}`);
  const missing = await u.zhangwei.get('/api/v1/customers/987654');
  assert.equal(denied.status, 404);
  assert.deepEqual(denied.body, missing.body);
  assert.ok(!denied.text.includes(rec.confidential.name));
  const log = await auditEntries(u.gm, `action=customer.read_denied&target_id=${rec.confidential.id}`);
  assert.ok(log.some((e) => e.actor?.name === 'zhangwei'), JSON.stringify(log.slice(0, 2)));
});

test('R-SEC-2: issue 12 item 2: the level is on every list row and record, and a change of level is in the field history', async () => {
  const row = (await allPages(u.gm, '/api/v1/customers?archived=all', { limit: 200 })).find((x) => x.id === rec.top_secret.id);
  assert.equal(row.secrecy, 'top_secret');
  assert.equal((await u.zhangwei.get(`/api/v1/customers/${rec.normal.id}`)).body.secrecy, 'normal');
  const lines = (await exportText(u.gm)).split('\n');
  const header = lines.find((l) => l.startsWith('编号'))?.split(',') || [];
  const col = header.indexOf('密级');
  assert.ok(col > 0, 'the export has a secrecy column');
  const cell = (x) => lines.find((l) => l.startsWith(x.code + ','))?.split(',')[col];
  assert.equal(cell(rec.top_secret), '绝密');
  assert.equal(cell(rec.confidential), '机密');
  assert.equal(cell(rec.normal), '普通');
  const h = await u.gm.get(`/api/v1/customers/${rec.confidential.id}/field-history`);
  assert.ok(h.body.items.some((e) => e.field === 'secrecy' && e.old === 'normal' && e.new === 'confidential'), h.text);
});

test('R-SEC-2: issue 12 item 2: only a classifier sets a level, never above their own clearance; refusals change nothing', async () => {
  let r = await u.zhangwei.patch(`/api/v1/customers/${rec.normal.id}`, { secrecy: 'confidential' });
  assert.equal(r.status, 403, r.text);
  assert.equal(r.body.error.field, 'secrecy');
  r = await u.infosup.patch(`/api/v1/customers/${rec.normal.id}`, { secrecy: 'top_secret' });
  assert.equal(r.status, 403, r.text);
  assert.equal(r.body.error.field, 'secrecy');
  assert.match(r.body.error.message_en || r.body.error.message || r.text, /clearance/);
  r = await u.gm.patch(`/api/v1/customers/${rec.normal.id}`, { secrecy: 'secret' });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'secrecy');
  r = await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: '想要保密的客户', mobile: mobile(), secrecy: 'confidential' });
  assert.equal(r.status, 403, r.text);
  assert.equal((await u.zhangwei.get(`/api/v1/customers/${rec.normal.id}`)).body.secrecy, 'normal');
  // The information supervisor classifies up to confidential, and may create such a record.
  r = await u.infosup.post('/api/v1/customers', { kind: 'individual', name: '主管登记的机密客户', mobile: mobile(), secrecy: 'confidential' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.secrecy, 'confidential');
  assert.equal((await u.csmanager.get(`/api/v1/customers/${r.body.id}`)).status, 404);
});

test('R-SEC-2: issue 12 item 2: custodians — listed for everyone, named by the administrator, only among users cleared for the level', async () => {
  const levels = (await u.zhangwei.get('/api/v1/secrecy-levels')).body.items;
  assert.deepEqual(levels.map((l) => l.level), ['normal', 'confidential', 'top_secret']);
  assert.equal(levels[1].custodian.username, 'infosup');
  assert.equal(levels[2].custodian.username, 'gm');
  let r = await u.gm.put('/api/v1/secrecy-levels/confidential', { custodian_id: u.csmanager.user.id });
  assert.equal(r.status, 403, r.text);
  r = await admin.put('/api/v1/secrecy-levels/top_secret', { custodian_id: u.infosup.user.id });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'custodian_id');
  r = await admin.put('/api/v1/secrecy-levels/normal', { custodian_id: u.gm.user.id });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'level');
  r = await admin.put('/api/v1/secrecy-levels/secret', { custodian_id: u.gm.user.id });
  assert.equal(r.status, 404, r.text);
  r = await admin.put('/api/v1/secrecy-levels/confidential', { custodian_id: 'x' });
  assert.equal(r.status, 400, r.text);
  assert.equal((await u.zhangwei.get('/api/v1/secrecy-levels')).body.items[2].custodian.username, 'gm', 'refusals change nothing');
  r = await admin.put('/api/v1/secrecy-levels/confidential', { custodian_id: u.gm.user.id });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.items[1].custodian.username, 'gm');
  r = await admin.put('/api/v1/secrecy-levels/confidential', { custodian_id: u.infosup.user.id });
  assert.equal(r.status, 200, r.text);
  const log = await auditEntries(u.gm, 'action=secrecy.custodian');
  assert.ok(log.length >= 2);
});

test('R-SEC-2: issue 12 item 2: a higher clearance needs a second person (account.change), a lower one is set at once; the user reads accordingly', async () => {
  const users = (await admin.get('/api/v1/users')).body.items;
  const cs = users.find((x) => x.username === 'csmanager');
  assert.equal(cs.clearance, 'normal');
  assert.equal(cs.clearance_own, null);
  assert.equal(users.find((x) => x.username === 'infosup').clearance_own, 'confidential');
  assert.equal(users.find((x) => x.username === 'gm').clearance, 'top_secret');
  let r = await admin.patch(`/api/v1/users/${cs.id}`, { clearance: 'confidential' });
  assert.equal(r.status, 403, r.text);
  assert.equal(r.body.error.code, 'approval_required');
  assert.equal(r.body.error.field, 'clearance');
  r = await u.gm.patch(`/api/v1/users/${cs.id}`, { clearance: 'confidential' });
  assert.equal(r.status, 403, r.text);
  r = await admin.patch(`/api/v1/users/${cs.id}`, { clearance: 'secret' });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'clearance');
  assert.equal((await u.csmanager.get(`/api/v1/customers/${rec.confidential.id}`)).status, 404);
  const q = await admin.post('/api/v1/approvals', { kind: 'account.change', subject: { user_id: cs.id, clearance: 'confidential' }, reason: '负责机密客户回访' });
  assert.equal(q.status, 201, q.text);
  assert.match(q.body.summary, /机密/);
  r = await u.gm.post(`/api/v1/approvals/${q.body.id}/approve`, { comment: '同意' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.state, 'approved', r.text);
  assert.equal((await u.csmanager.get(`/api/v1/customers/${rec.confidential.id}`)).status, 200, 'cleared at once, same session');
  assert.equal((await u.csmanager.get(`/api/v1/customers/${rec.top_secret.id}`)).status, 404);
  // Lowering needs nobody else, and takes effect at once.
  r = await admin.patch(`/api/v1/users/${cs.id}`, { clearance: null });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.clearance, 'normal');
  assert.equal((await u.csmanager.get(`/api/v1/customers/${rec.confidential.id}`)).status, 404);
  const log = await auditEntries(u.gm, `action=permission.change&target_id=${cs.id}`);
  assert.ok(log.some((e) => /clearance=confidential/.test(e.detail)), JSON.stringify(log.map((e) => e.detail)));
  assert.ok(log.some((e) => /clearance=role/.test(e.detail)));
  const me = await u.infosup.get('/api/v1/auth/me');
  assert.equal(me.body.user.clearance, 'confidential');
});

test('R-SEC-2: issue 12 item 2: a duplicate of a record above one\'s clearance is refused without naming its code, owner or id', async () => {
  const phone = mobile();
  const made = await u.gm.post('/api/v1/customers', { kind: 'individual', name: '绝密重复客户', mobile: phone, secrecy: 'top_secret' });
  assert.equal(made.status, 201, made.text);
  const r = await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: '同号客户', mobile: phone });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.field, 'mobile');
  assert.ok(!r.text.includes(made.body.code), r.text);
  assert.ok(!r.text.includes('赵总'), r.text);
  assert.ok(!r.text.includes(`"id":${made.body.id}`), r.text);
  // The GM, cleared for it, is told which record it is.
  const again = await u.gm.post('/api/v1/customers', { kind: 'individual', name: '同号客户', mobile: phone });
  assert.equal(again.status, 409, again.text);
  assert.ok(again.text.includes(made.body.code), again.text);
});
