// Imports and the search index (DECISIONS §157): customers are in the archive at the import's
// commit, in name search once their documents are in the index; a search meanwhile says so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, serveExisting, newDatabase, as, asAdmin, kehu, sqlite, waitJob } from '../lib/kehu.mjs';

let tmp;
before(() => { tmp = mkdtempSync(join(tmpdir(), 'kehu-index-')); });
after(() => { rmSync(tmp, { recursive: true, force: true }); });

const search = async (c, q) => {
  const r = await c.get(`/api/v1/customers?q=${encodeURIComponent(q)}&limit=50`);
  assert.equal(r.status, 200, r.text);
  return r.body;
};

test('R-PLT-3 R-ARC-8: kehu import --no-wait returns at its commit: the customers are in get, lists and duplicate checks at once; a search says the index is being built; after the server\'s job each is found exactly once, an edit made meanwhile included', async () => {
  const dir = mkdtempSync(join(tmp, 'nowait-'));
  const db = newDatabase(dir);
  const init = await kehu(['init', '--db', db]);
  assert.equal(init.code, 0, init.stderr);
  const adminPassword = /administrator login: admin \/ (\S+)/.exec(init.stdout)[1];
  assert.equal((await kehu(['demo', '--db', db, '--customers', '1'])).code, 0);
  const file = join(dir, 'later.csv');
  const rows = ['客户名称,手机,等级'];
  for (let i = 0; i < 300; i++) rows.push(`迟建索引${String(i).padStart(3, '0')},139${String(20000000 + i)},B`);
  writeFileSync(file, rows.join('\n'));
  const r = await kehu(['import', file, '--db', db, '--no-wait', '--user', 'gm']);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /imported: 300 created/);
  assert.match(r.stdout, /search index: 300 customers committed in [\d.]+ s are found by lists, filters and duplicate checks now/);
  assert.equal(sqlite(db, 'SELECT count(*) FROM search_backlog'), '300');

  const server = await serveExisting(db);
  server.adminPassword = adminPassword;
  try {
    const gm = await as(server, 'gm');
    // Search: nothing yet, and the answer says why (in both languages).
    const early = await search(gm, '迟建索引007');
    assert.deepEqual(early.items, []);
    assert.equal(early.search_index.state, 'building');
    assert.match(early.search_index.message_zh, /正在为导入的客户建立搜索索引/);
    assert.match(early.search_index.message_en, /being built/);
    // The archive has them: a filtered list, a duplicate check, a record by id.
    const listed = await gm.get('/api/v1/customers?grade=B&limit=200');
    assert.equal(listed.status, 200, listed.text);
    assert.equal(listed.body.search_index, undefined, 'a list without a search is complete');
    assert.ok(listed.body.items.filter((c) => c.name.startsWith('迟建索引')).length >= 150, 'the imported customers are listed');
    const dup = await gm.post('/api/v1/customers', { kind: 'individual', name: '查重客户', mobile: '13920000007' });
    assert.equal(dup.status, 409, dup.text);
    const id = dup.body.error.existing.id;
    const one = await gm.get(`/api/v1/customers/${id}`);
    assert.equal(one.status, 200, one.text);
    assert.equal(one.body.name, '迟建索引007');
    // An edit before the job: its document is the one the index keeps.
    const renamed = await gm.patch(`/api/v1/customers/${id}`, { name: '改名后的客户' });
    assert.equal(renamed.status, 200, renamed.text);
    assert.equal(sqlite(db, 'SELECT count(*) FROM search_backlog'), '299');

    // The server's job (each minute while documents wait) moves the rest.
    const admin = await asAdmin(server);
    assert.equal((await admin.put('/api/v1/_test/clock', { now: '2026-07-01T10:00:30+08:00' })).status, 200);
    const gm2 = await as(server, 'gm');
    const admin2 = await asAdmin(server);
    assert.equal((await admin2.post('/api/v1/_test/scheduler/tick')).status, 200);
    let t;
    for (let i = 0; i < 200; i++) {
      t = (await admin2.get('/api/v1/scheduled-tasks')).body.items.find((x) => x.name === 'customer.search_backlog');
      if (t && t.job && t.job.state === 'done') break;
      await new Promise((res) => setTimeout(res, 50));
    }
    assert.equal(t.job.state, 'done', JSON.stringify(t));
    assert.deepEqual(t.job.summary, { customers: 299 });
    assert.equal(sqlite(db, 'SELECT count(*) FROM search_backlog'), '0');
    for (const n of ['000', '150', '299']) {
      const found = await search(gm2, `迟建索引${n}`);
      assert.deepEqual(found.items.map((c) => c.name), [`迟建索引${n}`]);
      assert.equal(found.search_index, undefined);
    }
    assert.deepEqual((await search(gm2, '改名后的客户')).items.map((c) => c.id), [id]);
    assert.deepEqual((await search(gm2, '迟建索引007')).items, [], 'the old name is gone from the index');
    assert.equal((await search(gm2, '迟建索引')).items.length, 50, 'a prefix finds the rest (a page of them)');
    // Nothing waits any more: the next pass queues no job.
    assert.equal((await admin2.put('/api/v1/_test/clock', { now: '2026-07-01T10:05:30+08:00' })).status, 200);
    const admin3 = await asAdmin(server);
    const tick = await admin3.post('/api/v1/_test/scheduler/tick');
    assert.equal(tick.status, 200);
    const after5 = (await admin3.get('/api/v1/scheduled-tasks')).body.items.find((x) => x.name === 'customer.search_backlog');
    assert.equal(after5.job.id, t.job.id, 'no new job while nothing waits');
  } finally {
    await server.stop();
  }
});

test('R-PLT-3: by default kehu import waits for the search index and says when it was ready; a customer imported is found by name as soon as it returns', async () => {
  const server = await startServer({ demo: 1 });
  try {
    const file = join(tmp, 'wait.csv');
    const rows = ['客户名称,手机'];
    for (let i = 0; i < 200; i++) rows.push(`即时索引${String(i).padStart(3, '0')},139${String(30000000 + i)}`);
    writeFileSync(file, rows.join('\n'));
    const r = await kehu(['import', file, '--db', server.db]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /search index: ready [\d.]+ s after the commit at [\d.]+ s/);
    assert.equal(sqlite(server.db, 'SELECT count(*) FROM search_backlog'), '0');
    const gm = await as(server, 'gm');
    const found = await search(gm, '即时索引123');
    assert.deepEqual(found.items.map((c) => c.name), ['即时索引123']);
    assert.equal(found.search_index, undefined);
  } finally {
    await server.stop();
  }
});

test('R-PLT-3: an import job through the API ends with its "indexing" phase: when it is done, every customer it created is found by name', async () => {
  const server = await startServer({ demo: 1 });
  try {
    const gm = await as(server, 'gm');
    const rows = ['客户名称,手机'];
    for (let i = 0; i < 120; i++) rows.push(`接口索引${String(i).padStart(3, '0')},139${String(40000000 + i)}`);
    const up = await gm.req('POST', '/api/v1/imports/files?name=api.csv', undefined,
      { raw: rows.join('\n'), headers: { 'Content-Type': 'application/octet-stream' } });
    assert.equal(up.status, 201, up.text);
    // A job of one phase (a preview) says none.
    const preview = await gm.post('/api/v1/imports/preview', { file_id: up.body.file_id });
    assert.equal(preview.status, 202, preview.text);
    assert.equal((await waitJob(gm, preview.body.job_id)).phase, '');
    const start = await gm.post('/api/v1/imports', { file_id: up.body.file_id });
    assert.equal(start.status, 202, start.text);
    const job = await waitJob(gm, start.body.job_id);
    assert.equal(job.state, 'done', JSON.stringify(job));
    assert.equal(job.summary.created, 120);
    assert.equal(job.phase, 'indexing');
    assert.equal(job.done, 120, 'the phase\'s progress: documents put into the index');
    assert.equal(job.summary.search_index, 'ready');
    const found = await search(gm, '接口索引077');
    assert.deepEqual(found.items.map((c) => c.name), ['接口索引077']);
  } finally {
    await server.stop();
  }
});
