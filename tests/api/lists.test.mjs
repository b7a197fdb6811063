// Lists share one filter table per list, one cursor codec and one answer shape
// (DECISIONS §43): the same filter means the same customers, and the same
// mistake gets the same refusal, in GET /api/v1/customers, POST /api/v1/exports
// and `kehu export`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, as, allPages, kehu, postExport } from '../lib/kehu.mjs';
import { csvRows, exportedCodes } from '../lib/csv.mjs';

let s, gm;
before(async () => {
  s = await startServer({ demo: 120 });
  gm = await as(s, 'gm');
});
after(async () => { await s?.stop(); });

const query = (filter) => new URLSearchParams(filter).toString();
const options = (filter) => Object.entries(filter).flatMap(([k, v]) => [`--${k}`, v]);
const errorOf = (e) => ({ code: e.code, field: e.field, message_zh: e.message_zh, message_en: e.message_en });

async function waitJob(c, id) {
  for (let i = 0; i < 400; i++) {
    const r = await c.get(`/api/v1/jobs/${id}`);
    assert.equal(r.status, 200, r.text);
    if (r.body.state === 'done' || r.body.state === 'failed') return r.body;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('job did not finish');
}

/** The codes a CSV export through the API holds. */
async function apiExportCodes(c, filter) {
  const r = await postExport(s, c, { format: 'csv', filter });
  assert.equal(r.status, 202, r.text);
  const job = await waitJob(c, r.body.job_id);
  assert.equal(job.state, 'done', JSON.stringify(job.error));
  const res = await fetch(`${s.url}/api/v1/jobs/${r.body.job_id}/file`, { headers: { Cookie: c.cookie } });
  assert.equal(res.status, 200);
  return exportedCodes(csvRows(Buffer.from(await res.arrayBuffer())));
}

const BAD = [
  { grade: 'Z' },
  { created_from: '2026-02-30' },
  { owner_id: 'abc' },
  { grdae: 'A' },
  { archived: 'maybe' },
  { sort: 'salary' },
  { created_from: '2026-02-01', created_to: '2026-01-01' },
  { industry: '钢铁' },
];

test('R-ARC-9 R-PLT-3: the same bad filter is refused alike by the list, the export and kehu export', async () => {
  const file = join(s.dir, 'refused.csv');
  for (const bad of BAD) {
    const list = await gm.get(`/api/v1/customers?${query(bad)}`);
    assert.equal(list.status, 400, `${query(bad)}: ${list.text}`);
    const e = errorOf(list.body.error);
    assert.equal(e.code, 'invalid');
    assert.ok(Object.keys(bad).includes(e.field), `${query(bad)} names its key, not ${e.field}`);
    assert.ok(e.message_zh && e.message_en);

    const exp = await gm.post('/api/v1/exports', { format: 'csv', filter: bad });
    assert.equal(exp.status, 400, exp.text);
    assert.deepEqual(errorOf(exp.body.error), e, `POST /exports ${JSON.stringify(bad)}`);

    const cli = await kehu(['export', file, '--user', 'gm', ...options(bad), '--db', s.db]);
    assert.equal(cli.code, 2, `kehu export ${options(bad).join(' ')}: ${cli.stderr}`);
    assert.ok(cli.stderr.includes(`--${e.field}: ${e.message_zh} / ${e.message_en}`),
      `kehu export ${options(bad).join(' ')} said: ${cli.stderr}`);
    assert.equal(existsSync(file), false, 'a refused export writes no file');
  }
  // The English answer is the same text the CLI prints after the Chinese.
  const en = await gm.get('/api/v1/customers?grade=Z', { headers: { 'Accept-Language': 'en' } });
  assert.equal(en.body.error.message, 'must be one of: A, B, C');
});

test('R-ARC-9 R-PLT-3: the same good filter gives the same customers in the list, the export and kehu export', async () => {
  for (const good of [
    { grade: 'B', archived: 'all', created_from: '2000-01-01', sort: 'name' },
    { stage: 'customer', order: 'asc' },
    {},
  ]) {
    const items = await allPages(gm, `/api/v1/customers?${query(good)}`, { limit: 7 });
    const codes = items.map((c) => c.code).sort();
    const first = await gm.get(`/api/v1/customers?${query({ ...good, limit: 7, total: 1 })}`);
    assert.equal(first.body.total, items.length, `total of ${query(good)}`);
    assert.equal(first.body.total_capped, undefined);
    if (Object.keys(good).length) assert.ok(items.length > 0, `${query(good)} matches some customers`);

    assert.deepEqual(await apiExportCodes(gm, good), codes, `POST /exports ${JSON.stringify(good)}`);

    const file = join(s.dir, 'same.csv');
    const cli = await kehu(['export', file, '--user', 'gm', ...options(good), '--db', s.db]);
    assert.equal(cli.code, 0, cli.stderr);
    assert.deepEqual(exportedCodes(csvRows(readFileSync(file))), codes, `kehu export ${options(good).join(' ')}`);
    rmSync(file);
  }
});

test('R-ARC-9: a list answers its total on a first page when asked; a cursor of another order, another list or edited is refused', async () => {
  const plain = await gm.get('/api/v1/customers?sort=name&limit=5');
  assert.equal(plain.body.total, undefined, 'not counted unless asked');
  assert.equal((await gm.get('/api/v1/customers?total=maybe')).body.error.field, 'total');
  const page = await gm.get('/api/v1/customers?sort=name&limit=5&total=true');
  assert.equal(page.status, 200);
  assert.equal(typeof page.body.total, 'number');
  assert.ok(page.body.total >= 5);
  const cursor = page.body.next_cursor;
  assert.match(cursor, /^[A-Za-z0-9_-]+$/, 'URL-safe');
  const next = await gm.get(`/api/v1/customers?sort=name&limit=5&total=1&cursor=${cursor}`);
  assert.equal(next.status, 200);
  assert.equal(next.body.total, undefined, 'counted on the first page only');
  for (const other of ['sort=code', 'sort=name&order=desc', '']) {
    const r = await gm.get(`/api/v1/customers?${other}&limit=5&cursor=${cursor}`);
    assert.equal(r.status, 400, other);
    assert.equal(r.body.error.field, 'cursor');
  }
  const edited = cursor.slice(0, 8) + (cursor[8] === 'A' ? 'B' : 'A') + cursor.slice(9);
  const r = await gm.get(`/api/v1/customers?sort=name&limit=5&cursor=${edited}`);
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'cursor');

  const auditor = await as(s, 'shenji');
  const log = await auditor.get('/api/v1/audit?limit=2&total=1');
  assert.equal(log.status, 200);
  assert.ok(log.body.total >= 2);
  const foreign = await gm.get(`/api/v1/customers?limit=5&cursor=${log.body.next_cursor}`);
  assert.equal(foreign.status, 400);
  assert.equal(foreign.body.error.field, 'cursor');
  const back = await auditor.get(`/api/v1/audit?limit=2&cursor=${cursor}`);
  assert.equal(back.status, 400);
  assert.equal(back.body.error.field, 'cursor');
});
