// Sharing between branches (R-OWN-6, issue 13 item 8): customers belong to a branch; the general
// manager lets another branch's managers read the customers of one branch (of one grade or every
// grade). They find them in lists, search and the customer page, marked shared; they cannot
// change or export them; salespeople of that branch see nothing more; revoking ends it at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, mobile, allPages, auditEntries, runExport } from '../lib/kehu.mjs';

let server, admin, gm, sales, mgr, shmgr, chenjing, hq, sh;
const c = {};

before(async () => {
  server = await startServer({ demo: 1 });
  [admin, gm, sales, mgr, shmgr, chenjing] = await Promise.all([asAdmin(server), as(server, 'gm'),
    as(server, 'zhangwei'), as(server, 'salesmgr'), as(server, 'shmgr'), as(server, 'chenjing')]);
  const branches = (await admin.get('/api/v1/branches')).body.items;
  hq = branches.find((b) => b.code === 'HQ') || branches[0];
  sh = branches.find((b) => b.code === 'SH');
  const mk = async (key, name, grade) => {
    const r = await sales.post('/api/v1/customers', { kind: 'individual', name, mobile: mobile() });
    assert.equal(r.status, 201, r.text);
    if (grade !== 'C') assert.equal((await mgr.patch(`/api/v1/customers/${r.body.id}`, { grade })).status, 200);
    c[key] = r.body;
  };
  await mk('a', '共享甲级客户', 'A');
  await mk('b', '共享乙级客户', 'B');
});
after(async () => { await server.stop(); });

const names = async (client, q = '') => (await allPages(client, `/api/v1/customers?archived=all${q}`, { limit: 200 })).map((x) => x.name);

test('R-OWN-6: without a rule, the Shanghai manager does not see the head office\'s customers (list, search, page)', async () => {
  assert.ok(!(await names(shmgr)).includes('共享甲级客户'));
  assert.ok(!(await names(shmgr, `&q=${encodeURIComponent('共享甲级')}`)).includes('共享甲级客户'));
  assert.equal((await shmgr.get(`/api/v1/customers/${c.a.id}`)).status, 404);
});

test('R-OWN-6: a rule sharing the head office\'s A-grade customers with Shanghai: its manager reads them, marked shared, and cannot change, log on or export them; B grade and Shanghai\'s salespeople see nothing more', async () => {
  const r = await gm.post('/api/v1/branch-shares', { from_branch_id: hq.id, to_branch_id: sh.id, grade: 'A', note: '华东大客户联合服务' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.from_branch.id, hq.id);
  assert.equal(r.body.to_branch.name, sh.name);
  assert.equal(r.body.grade, 'A');
  assert.equal(r.body.revoked_at, null);
  c.rule = r.body;
  const seen = await names(shmgr);
  assert.ok(seen.includes('共享甲级客户'), 'the A-grade customer is in the list');
  assert.ok(!seen.includes('共享乙级客户'), 'the B-grade one is not');
  const row = (await shmgr.get(`/api/v1/customers?q=${encodeURIComponent('共享甲级客户')}`)).body.items[0];
  assert.equal(row.shared, true);
  const page = await shmgr.get(`/api/v1/customers/${c.a.id}`);
  assert.equal(page.status, 200, page.text);
  assert.equal(page.body.shared, true);
  assert.equal(page.body.share_id, c.rule.id);
  assert.equal((await shmgr.get(`/api/v1/customers/${c.b.id}`)).status, 404);
  // read, never changed
  const up = await shmgr.patch(`/api/v1/customers/${c.a.id}`, { notes: '上海改一下', version: page.body.version });
  assert.equal(up.status, 403, up.text);
  assert.match(up.body.error.message_en, /to read, not to change/);
  const log = await shmgr.post('/api/v1/interactions', { customer_id: c.a.id, channel: 'call', occurred_at: new Date().toISOString(), summary: '联系' });
  assert.equal(log.status, 403, log.text);
  assert.equal((await sales.get(`/api/v1/customers/${c.a.id}`)).body.version, page.body.version, 'nothing changed');
  // the owner's own managers still see it as their own
  const own = await mgr.get(`/api/v1/customers/${c.a.id}`);
  assert.equal(own.body.shared, undefined);
  // Shanghai's salesperson (own scope) sees nothing more
  assert.ok(!(await names(chenjing)).includes('共享甲级客户'));
  assert.equal((await chenjing.get(`/api/v1/customers/${c.a.id}`)).status, 404);
  // the read is audited with the rule it came through
  const entries = await auditEntries(gm, `action=customer.read&target_id=${c.a.id}`);
  assert.ok(entries.some((e) => e.detail === `share=${c.rule.id}`), JSON.stringify(entries.slice(0, 3)));
  const made = await auditEntries(gm, 'action=customer.share');
  assert.ok(made.some((e) => e.detail === `from=${hq.id} to=${sh.id} grade=A`), JSON.stringify(made.slice(0, 3)));
});

test('R-OWN-6: an export by the Shanghai manager holds Shanghai\'s customers only: a share lets them read, not copy', async () => {
  const buf = await runExport(server, shmgr, { format: 'csv', encoding: 'utf-8' });
  assert.ok(!buf.toString('utf8').includes('共享甲级客户'));
  const one = await shmgr.post(`/api/v1/customers/${c.a.id}/export`, {});
  assert.ok([403, 404].includes(one.status), one.text);
});

test('R-OWN-6: refusals: the same branch, an unknown branch or grade, a long note, a rule in force twice, a manager who is not the general manager, an unknown rule; a revoke ends the reads at once and twice is refused', async () => {
  const cases = [
    [{ from_branch_id: hq.id, to_branch_id: hq.id }, 422, 'to_branch_id'],
    [{ from_branch_id: 99999, to_branch_id: sh.id }, 422, 'from_branch_id'],
    [{ from_branch_id: hq.id, to_branch_id: 99999 }, 422, 'to_branch_id'],
    [{ to_branch_id: sh.id }, 422, 'from_branch_id'],
    [{ from_branch_id: hq.id, to_branch_id: sh.id, grade: 'Z' }, 422, 'grade'],
    [{ from_branch_id: hq.id, to_branch_id: sh.id, note: '长'.repeat(201) }, 422, 'note'],
    [{ from_branch_id: 'hq', to_branch_id: sh.id }, 400, 'from_branch_id'],
    [{ from_branch_id: hq.id, to_branch_id: sh.id, grade: 'A' }, 409, 'to_branch_id'],
  ];
  for (const [body, status, field] of cases) {
    const r = await gm.post('/api/v1/branch-shares', body);
    assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.body.error.field, field, JSON.stringify(r.body));
  }
  for (const who of [mgr, shmgr, sales, admin]) {
    assert.equal((await who.post('/api/v1/branch-shares', { from_branch_id: hq.id, to_branch_id: sh.id })).status, 403);
    assert.equal((await who.get('/api/v1/branch-shares')).status, 403);
    assert.equal((await who.post(`/api/v1/branch-shares/${c.rule.id}/revoke`, {})).status, 403);
  }
  assert.equal((await gm.get('/api/v1/branch-shares')).body.items.length, 1, 'nothing was added by the refusals');
  assert.equal((await gm.post('/api/v1/branch-shares/99999/revoke', {})).status, 404);
  const rv = await gm.post(`/api/v1/branch-shares/${c.rule.id}/revoke`, {});
  assert.equal(rv.status, 200, rv.text);
  assert.equal((await shmgr.get(`/api/v1/customers/${c.a.id}`)).status, 404, 'the reads end at once');
  assert.ok(!(await names(shmgr)).includes('共享甲级客户'));
  const again = await gm.post(`/api/v1/branch-shares/${c.rule.id}/revoke`, {});
  assert.equal(again.status, 409, again.text);
  assert.equal(again.body.error.field, 'state');
  assert.equal((await gm.get('/api/v1/branch-shares')).body.items.length, 0);
  const all = (await gm.get('/api/v1/branch-shares?revoked=true')).body.items;
  assert.equal(all.length, 1);
  assert.ok(all[0].revoked_at);
  assert.equal((await gm.get('/api/v1/branch-shares?revoked=maybe')).status, 400);
});

test('R-OWN-6: a rule for every grade shares every grade; a new rule after a revoke is accepted', async () => {
  const r = await gm.post('/api/v1/branch-shares', { from_branch_id: hq.id, to_branch_id: sh.id, grade: '' });
  assert.equal(r.status, 201, r.text);
  const seen = await names(shmgr);
  assert.ok(seen.includes('共享甲级客户') && seen.includes('共享乙级客户'));
  assert.equal((await gm.post(`/api/v1/branch-shares/${r.body.id}/revoke`, {})).status, 200);
});
