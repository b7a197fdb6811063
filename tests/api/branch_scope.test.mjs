// Who places customers: only managers move them between branches, and a
// department sees the customers of the people in it now (R-SEC-1, R-OWN-6).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, allPages, mobile } from '../lib/kehu.mjs';

let server, admin, sales, mgr, shmgr, hq, sh;
before(async () => {
  server = await startServer({ demo: 6 });
  [admin, sales, mgr, shmgr] = await Promise.all([asAdmin(server), as(server, 'zhangwei'), as(server, 'salesmgr'), as(server, 'shmgr')]);
  const branches = (await admin.get('/api/v1/branches')).body.items;
  hq = branches.find((b) => b.code === 'HQ') || branches[0];
  sh = branches.find((b) => b.code === 'SH');
});
after(async () => { await server.stop(); });

const ids = async (client) => (await allPages(client, '/api/v1/customers?archived=all', { limit: 200 })).map((c) => c.id);

test('R-OWN-6: issue 10 item 19: a salesperson\'s branch_id on create and update is refused with 403 naming the field; nothing changes', async () => {
  const name = `跨分公司${Date.now() % 100000}`;
  const r = await sales.post('/api/v1/customers', { kind: 'individual', name, mobile: mobile(), branch_id: sh.id });
  assert.equal(r.status, 403, r.text);
  assert.equal(r.body.error.field, 'branch_id');
  const found = await sales.get(`/api/v1/customers?q=${encodeURIComponent(name)}`);
  assert.equal(found.body.items.length, 0);
  // the branch the record takes anyway (the owner's) is no move
  const ok = await sales.post('/api/v1/customers', { kind: 'individual', name, mobile: mobile(), branch_id: hq.id });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.body.branch.id, hq.id);
  const up = await sales.patch(`/api/v1/customers/${ok.body.id}`, { branch_id: sh.id });
  assert.equal(up.status, 403, up.text);
  assert.equal(up.body.error.field, 'branch_id');
  const cleared = await sales.patch(`/api/v1/customers/${ok.body.id}`, { branch_id: null });
  assert.equal(cleared.status, 403, cleared.text);
  const after = await sales.get(`/api/v1/customers/${ok.body.id}`);
  assert.equal(after.body.branch.id, hq.id);
  assert.equal(after.body.version, ok.body.version);
  // a manager moves it
  const moved = await mgr.patch(`/api/v1/customers/${ok.body.id}`, { branch_id: sh.id });
  assert.equal(moved.status, 200, moved.text);
  assert.equal(moved.body.branch.id, sh.id);
});

test('R-OWN-6: issue 10 item 19: a salesperson\'s import naming another branch is refused on that row and column', async () => {
  const csv = `客户名称,手机,分公司\n导入跨分公司,${mobile()},${sh.name}\n`;
  const up = await sales.req('POST', '/api/v1/imports/files?name=b.csv', undefined,
    { raw: csv, headers: { 'Content-Type': 'application/octet-stream' } });
  assert.equal(up.status, 201, up.text);
  const r = await sales.post('/api/v1/imports/preview', { file_id: up.body.file_id });
  assert.equal(r.status, 202, r.text);
  let job;
  for (let i = 0; i < 400; i++) {
    job = (await sales.get(`/api/v1/jobs/${r.body.job_id}`)).body;
    if (job.state === 'done' || job.state === 'failed') break;
    await new Promise((res) => setTimeout(res, 50));
  }
  assert.equal(job.summary.invalid, 1, JSON.stringify(job.summary));
  assert.equal(job.summary.errors[0].column, '分公司');
  assert.equal(job.summary.errors[0].field, 'branch_id');
});

test('R-SEC-1: issue 10 item 19: a salesperson moved to another department: the new manager sees their customers, the old one no longer does', async () => {
  const lina = (await admin.get('/api/v1/users')).body.items.find((x) => x.username === 'lina');
  const linaClient = await as(server, 'lina');
  const made = await linaClient.post('/api/v1/customers', { kind: 'individual', name: '调岗客户', mobile: mobile() });
  assert.equal(made.status, 201, made.text);
  const id = made.body.id;
  assert.ok((await ids(mgr)).includes(id));
  assert.ok(!(await ids(shmgr)).includes(id));
  const move = await admin.patch(`/api/v1/users/${lina.id}`, { department_id: shmgr.user.department_id, branch_id: sh.id });
  assert.equal(move.status, 200, move.text);
  assert.ok(!(await ids(mgr)).includes(id), 'the old manager no longer lists it');
  assert.equal((await mgr.get(`/api/v1/customers/${id}`)).status, 404);
  assert.ok((await ids(shmgr)).includes(id), 'the new manager lists it');
  const got = await shmgr.get(`/api/v1/customers/${id}`);
  assert.equal(got.status, 200, got.text);
  // the count agrees with the list
  const listed = await ids(shmgr);
  const counted = await shmgr.get('/api/v1/customers?archived=all&total=1');
  assert.equal(counted.status, 200, counted.text);
  assert.equal(counted.body.total, listed.length);
});
