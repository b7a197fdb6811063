// The audit log (R-SEC-10): what is recorded, who may read it, the hash chain.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, serveExisting, Client, as, auditEntries, mobile, sqlite } from '../lib/kehu.mjs';

let server;
let zw;
let mgr;
let auditor;
let customer;
before(async () => {
  server = await startServer({ demo: 3 });
  [zw, mgr, auditor] = await Promise.all([as(server, 'zhangwei'), as(server, 'salesmgr'), as(server, 'shenji')]);
  const r = await zw.post('/api/v1/customers', { kind: 'individual', name: '审计客户', mobile: mobile() });
  assert.equal(r.status, 201);
  customer = r.body;
});
after(async () => { await server.stop(); });

test('R-SEC-10: reading a customer detail is recorded with who, when, from where and which record', async () => {
  const r = await mgr.get(`/api/v1/customers/${customer.id}`);
  assert.equal(r.status, 200);
  const entries = await auditEntries(auditor, `action=customer.read&target_type=customer&target_id=${customer.id}`);
  const e = entries.find((x) => x.actor.id === mgr.user.id);
  assert.ok(e, 'the read is logged');
  assert.equal(e.target_id, String(customer.id));
  assert.equal(e.address, '127.0.0.1');
  assert.match(e.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
  assert.match(e.hash, /^[0-9a-f]{32,}$/);
});

test('R-SEC-10: the answer to a create is recorded as the creation, a later detail read as a read, a PATCH answer as a read', async () => {
  const created = await zw.post('/api/v1/customers', { kind: 'individual', name: '审计应答', mobile: mobile() });
  assert.equal(created.status, 201);
  const id = created.body.id;
  const creates = await auditEntries(auditor, `action=customer.create&target_id=${id}`);
  assert.equal(creates.length, 1, 'one creation entry');
  assert.equal((await auditEntries(auditor, `action=customer.read&target_id=${id}`)).length, 0,
    'the create answer is not a second, read entry');
  assert.equal((await zw.get(`/api/v1/customers/${id}`)).status, 200);
  assert.equal((await auditEntries(auditor, `action=customer.read&target_id=${id}`)).length, 1);
  assert.equal((await zw.patch(`/api/v1/customers/${id}`, {})).status, 200);
  assert.equal((await auditEntries(auditor, `action=customer.read&target_id=${id}`)).length, 2,
    'a PATCH answer (even without changes) is an audited read');
});

test('R-SEC-10: creating, changing, archiving and transferring a customer are all recorded', async () => {
  const c = (await zw.post('/api/v1/customers', { kind: 'individual', name: '审计全流程', mobile: mobile() })).body;
  assert.equal((await zw.patch(`/api/v1/customers/${c.id}`, { email: 'audit@example.com' })).status, 200);
  assert.equal((await zw.post(`/api/v1/customers/${c.id}/contacts`, { name: '家属' })).status, 201);
  const lina = (await mgr.get('/api/v1/users')).body.items.find((u) => u.username === 'lina');
  assert.equal((await mgr.post(`/api/v1/customers/${c.id}/transfer`, { owner_id: lina.id, reason: '审计测试' })).status, 200);
  assert.equal((await mgr.post(`/api/v1/customers/${c.id}/archive`, {})).status, 200);
  const entries = await auditEntries(auditor, `target_type=customer&target_id=${c.id}`);
  const actions = entries.map((e) => e.action);
  for (const a of ['customer.create', 'customer.update', 'customer.contact_add', 'customer.transfer', 'customer.archive']) {
    assert.ok(actions.includes(a), `${a} in ${actions}`);
  }
  const upd = entries.find((e) => e.action === 'customer.update');
  assert.equal(upd.actor.id, zw.user.id);
  assert.match(upd.detail, /email/, 'the update names the changed fields');
  const tr = entries.find((e) => e.action === 'customer.transfer');
  assert.equal(tr.actor.id, mgr.user.id);
  // newest first
  const ids = entries.map((e) => e.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
});

test('R-SEC-10: a refused change is not recorded as a change', async () => {
  const before = await auditEntries(auditor, `action=customer.update&target_id=${customer.id}`);
  const r = await zw.patch(`/api/v1/customers/${customer.id}`, { email: 'broken' });
  assert.equal(r.status, 422);
  const after = await auditEntries(auditor, `action=customer.update&target_id=${customer.id}`);
  assert.equal(after.length, before.length);
});

test('R-SEC-10: only audit.read (auditor, GM) may read the log; others get 403', async () => {
  assert.equal((await (await as(server, 'gm')).get('/api/v1/audit')).status, 200);
  for (const who of ['zhangwei', 'salesmgr', 'csmanager', 'infosup']) {
    const c = await as(server, who);
    const r = await c.get('/api/v1/audit');
    assert.equal(r.status, 403, who);
    assert.equal((await c.get('/api/v1/audit/verify')).status, 403, who);
  }
  const admin = await as(server, 'admin', server.adminPassword);
  assert.equal((await admin.get('/api/v1/audit')).status, 403, 'the administrator does not read the audit log');
});

test('R-SEC-10: the audit list filters by actor and time and pages without duplicates', async () => {
  const mine = await auditEntries(auditor, `actor_id=${zw.user.id}`);
  assert.ok(mine.length > 0);
  assert.ok(mine.every((e) => e.actor.id === zw.user.id));
  const seen = new Set();
  let cursor = null;
  let pages = 0;
  do {
    const r = await auditor.get(`/api/v1/audit?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200);
    for (const e of r.body.items) {
      assert.ok(!seen.has(e.id), `entry ${e.id} appears once`);
      seen.add(e.id);
    }
    cursor = r.body.next_cursor;
    pages++;
  } while (cursor && pages < 1000);
  const total = (await auditor.get('/api/v1/audit/verify')).body.entries;
  assert.ok(seen.size >= total - 5 && seen.size <= total + 5, `walked ${seen.size} of about ${total}`);
  const future = await auditor.get('/api/v1/audit?from=2099-01-01');
  assert.deepEqual(future.body.items, []);
  const bad = await auditor.get('/api/v1/audit?limit=0');
  assert.equal(bad.status, 400);
});

test('R-SEC-10: the audit list filters by record, by person or by action alone, newest first, and pages by record', async () => {
  const c = (await zw.post('/api/v1/customers', { kind: 'individual', name: '审计筛选', mobile: mobile() })).body;
  for (let i = 0; i < 3; i++) assert.equal((await mgr.get(`/api/v1/customers/${c.id}`)).status, 200);
  const byRecord = await auditEntries(auditor, `target_id=${c.id}`);
  assert.ok(byRecord.every((e) => e.target_id === String(c.id)));
  // Reads of one second by one person may share an entry (DECISIONS §156): each counts its reads.
  assert.deepEqual(byRecord.flatMap((e) => Array(e.reads).fill(e.action)).filter((a) => a.startsWith('customer.')),
    ['customer.read', 'customer.read', 'customer.read', 'customer.create'], 'newest first');
  const typed = await auditEntries(auditor, `target_type=customer&target_id=${c.id}`);
  assert.equal(typed.length, byRecord.filter((e) => e.target_type === 'customer').length);
  const page1 = await auditor.get(`/api/v1/audit?target_id=${c.id}&limit=1`);
  const page2 = await auditor.get(`/api/v1/audit?target_id=${c.id}&limit=1&cursor=${page1.body.next_cursor}`);
  assert.deepEqual([...page1.body.items, ...page2.body.items].map((e) => e.id), byRecord.map((e) => e.id).slice(0, 2));
  const byMgr = await auditEntries(auditor, `actor_id=${mgr.user.id}`);
  assert.ok(byMgr.reduce((n, e) => n + e.reads, 0) >= 3 && byMgr.every((e) => e.actor.id === mgr.user.id));
  const reads = await auditEntries(auditor, 'action=customer.read');
  assert.ok(reads.reduce((n, e) => n + e.reads, 0) >= 3 && reads.every((e) => e.action === 'customer.read'));
  assert.ok(reads.every((e, i) => i === 0 || reads[i - 1].id > e.id), 'newest first');
});

test('R-SEC-10: reads one person makes of several customers in one second are one chained entry naming each; who saw each customer lists every read', async () => {
  const ids = [];
  for (let i = 0; i < 10; i++) ids.push((await zw.post('/api/v1/customers', { kind: 'individual', name: `批量审计${i}`, mobile: mobile() })).body.id);
  // Bursts of reads, three of each customer, until one entry names several (the writer gathers reads for a few ms).
  let batch = null;
  let bursts = 0;
  while (!batch && bursts < 5) {
    bursts++;
    const rs = await Promise.all(ids.flatMap((id) => [0, 1, 2].map(() => mgr.get(`/api/v1/customers/${id}`))));
    assert.ok(rs.every((r) => r.status === 200));
    const mine = await auditEntries(auditor, `action=customer.read&actor_id=${mgr.user.id}`);
    batch = mine.find((e) => e.reads > 1 && e.target_id === '');
  }
  assert.ok(batch, 'one entry stands for several reads');
  // The entry names each record it stands for, with how many times, and counts them.
  const named = /(?:^| )reads=(\d+) ids=([\d*,]+)$/.exec(batch.detail);
  assert.ok(named, batch.detail);
  const counts = named[2].split(',').map((x) => x.split('*')).map(([id, n]) => [Number(id), Number(n || 1)]);
  assert.equal(counts.reduce((n, [, k]) => n + k, 0), Number(named[1]));
  assert.equal(batch.reads, Number(named[1]));
  assert.ok(counts.every(([id]) => ids.includes(id)));
  // Who saw this customer: each customer's trail counts every read of every burst, as its own rows.
  for (const id of ids) {
    const trail = (await mgr.get(`/api/v1/customers/${id}/access-log?limit=200`)).body.items.filter((e) => e.action === 'customer.read' && e.actor.id === mgr.user.id);
    assert.equal(trail.reduce((n, e) => n + e.reads, 0), 3 * bursts, `customer ${id}`);
    assert.ok(trail.every((e) => e.detail === '' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(e.at)));
    const byRecord = await auditEntries(auditor, `target_id=${id}&action=customer.read`);
    assert.deepEqual(byRecord.map((e) => [e.id, e.reads]), trail.map((e) => [e.id, e.reads]));
    assert.ok(byRecord.every((e) => e.target_id === String(id)));
  }
  // The batch's record is among the records its entry names, and the chain holds.
  const some = counts[0][0];
  assert.ok((await auditEntries(auditor, `target_id=${some}`)).some((e) => e.id === batch.id));
  const v = await auditor.get('/api/v1/audit/verify');
  assert.equal(v.body.ok, true, v.text);
});

test('R-SEC-10: GET /audit/verify confirms the hash chain and counts the entries', async () => {
  const a = await auditor.get('/api/v1/audit/verify');
  assert.equal(a.status, 200);
  assert.equal(a.body.ok, true);
  assert.ok(a.body.entries > 0);
  await zw.get(`/api/v1/customers/${customer.id}`);
  const b = await auditor.get('/api/v1/audit/verify');
  assert.equal(b.body.ok, true);
  assert.ok(b.body.entries > a.body.entries, 'new entries extend the chain');
});

test('R-SEC-10: an entry edited in the database breaks the chain and verify names it', async () => {
  const s = await startServer({ demo: 1 });
  let s2 = null;
  try {
    const z = await as(s, 'zhangwei');
    const c = (await z.post('/api/v1/customers', { kind: 'individual', name: '篡改测试' })).body;
    await z.get(`/api/v1/customers/${c.id}`);
    const entries = await auditEntries(await as(s, 'shenji'), `action=customer.read&target_id=${c.id}`);
    const victim = entries[0].id;
    assert.equal(await s.stop({ keep: true }), 0);
    sqlite(s.db, `UPDATE audit_log SET address = '10.0.0.99' WHERE id = ${victim}`);
    s2 = await serveExisting(s.db);
    const v = await (await as(s2, 'shenji')).get('/api/v1/audit/verify');
    assert.equal(v.status, 200);
    assert.equal(v.body.ok, false);
    assert.equal(v.body.first_bad_id, victim);
  } finally {
    if (s2) await s2.stop();
    else await s.stop();
  }
});

test('R-SEC-10: the audit log has no way to be changed over the API', async () => {
  for (const m of ['POST', 'PUT', 'PATCH', 'DELETE']) {
    const r = await auditor.req(m, '/api/v1/audit', {});
    assert.ok([404, 405].includes(r.status), `${m} → ${r.status}`);
  }
  const c = new Client(server.url);
  assert.equal((await c.get('/api/v1/audit')).status, 401);
});
