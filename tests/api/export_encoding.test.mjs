// A "CSV (GBK)" export is valid GBK, or is refused naming the cells GBK cannot hold (issue 9 item 4).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, as, kehu, waitJob, postExport } from '../lib/kehu.mjs';
import { parseCsv, csvRows } from '../lib/csv.mjs';

let s;
before(async () => { s = await startServer({ demo: 3 }); });
after(async () => { await s?.stop(); });

async function startExport(c, body) {
  const r = await postExport(s, c, body);
  assert.equal(r.status, 202, r.text);
  return { id: r.body.job_id, job: await waitJob(c, r.body.job_id) };
}

async function download(c, id) {
  const res = await fetch(`${s.url}/api/v1/jobs/${id}/file`, { headers: { Cookie: c.cookie } });
  return { status: res.status, type: res.headers.get('content-type'), buf: Buffer.from(await res.arrayBuffer()) };
}

const iconv = (from, buf) => execFileSync('iconv', ['-f', from, '-t', 'UTF-8'], { input: buf }).toString('utf8');

test('R-PLT-3: issue 9 item 4: a GBK export with characters outside GBK fails before any file is made, naming each cell by row and column; GB18030 and UTF-8 hold them', async () => {
  const gm = await as(s, 'gm');
  const a = await gm.post('/api/v1/customers', { kind: 'individual', name: '编码甲', notes: '面积 120 m²' });
  const b = await gm.post('/api/v1/customers', { kind: 'individual', name: '编码乙', address: '表情😀与𠀀' });
  assert.equal(a.status, 201, a.text);
  assert.equal(b.status, 201, b.text);
  const filter = { q: '编码' };

  const { id, job } = await startExport(gm, { format: 'csv', encoding: 'gbk', filter });
  assert.equal(job.state, 'failed');
  assert.equal(job.error.field, 'encoding');
  assert.match(job.error.message_en, /2 cells hold characters GBK cannot represent .*GB18030 or UTF-8/);
  assert.match(job.error.message_zh, /GBK 无法表示.*GB18030 或 UTF-8/);
  const cells = job.summary.unencodable;
  assert.equal(job.summary.unencodable_count, 2);
  const byCode = Object.fromEntries(cells.map((x) => [x.code, x]));
  assert.deepEqual({ column: byCode[a.body.code].column, chars: byCode[a.body.code].chars }, { column: '备注', chars: '²' });
  assert.deepEqual({ column: byCode[b.body.code].column, chars: byCode[b.body.code].chars }, { column: '详细地址', chars: '😀𠀀' });
  assert.deepEqual(cells.map((x) => x.row).sort(), [3, 4], 'customers start at row 3 of the file');
  assert.equal(job.file, null, 'no file');
  assert.equal((await download(gm, id)).status, 404);

  // the same rows as GB18030 and as UTF-8: every character kept
  const utf = await startExport(gm, { format: 'csv', encoding: 'utf-8', filter });
  const u = csvRows((await download(gm, utf.id)).buf);
  const gb = await startExport(gm, { format: 'csv', encoding: 'gb18030', filter });
  assert.equal(gb.job.state, 'done');
  const g = await download(gm, gb.id);
  assert.match(g.type, /GB18030/);
  assert.deepEqual(parseCsv(iconv('GB18030', g.buf)).slice(1), u.slice(1));
});

test('R-PLT-3: issue 9 item 4: a GBK export without such characters is valid GBK (iconv -f GBK reads it), Kehu\'s own headers spelled in GBK ("m²" as "m2")', async () => {
  const gm = await as(s, 'gm');
  gm.lang = 'en'; // the English headers hold "Desired area (m²)"
  const c = await gm.post('/api/v1/customers', { kind: 'individual', name: '国标客户', notes: '€ 与 ·—— 都在 GBK 里' });
  assert.equal(c.status, 201, c.text);
  const filter = { q: '国标客户' };
  const { id, job } = await startExport(gm, { format: 'csv', encoding: 'gbk', filter });
  assert.equal(job.state, 'done', JSON.stringify(job.error));
  const f = await download(gm, id);
  assert.match(f.type, /charset=GBK/);
  const rows = parseCsv(iconv('GBK', f.buf));
  const utf = await startExport(gm, { format: 'csv', encoding: 'utf-8', filter });
  const u = csvRows((await download(gm, utf.id)).buf);
  assert.ok(u[1].some((h) => h.includes('m²')), 'the UTF-8 headers have m²');
  assert.deepEqual(rows[1], u[1].map((h) => h.replace('m²', 'm2')));
  assert.deepEqual(rows.slice(2), u.slice(2));
});

test('R-PLT-3: issue 9 item 4: kehu export --encoding gbk refuses such cells with their rows and columns and writes no file; gb18030 writes it', async () => {
  const file = join(s.dir, 'gbk.csv');
  const r = await kehu(['export', file, '--encoding', 'gbk', '--q', '编码甲', '--db', s.db]);
  assert.equal(r.code, 1, r.stdout);
  assert.match(r.stderr, /GB18030 or UTF-8/);
  assert.match(r.stderr, /row 3, 备注 \(KH-[^)]+\): ²/);
  assert.equal(existsSync(file), false);
  const ok = await kehu(['export', file, '--encoding', 'gb18030', '--q', '编码甲', '--db', s.db]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(iconv('GB18030', execFileSync('cat', [file])), /面积 120 m²/);
});
