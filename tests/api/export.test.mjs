import { execFileSync } from 'node:child_process';
// Customer export (R-PLT-3) with watermark (R-SEC-6), audited (R-SEC-10).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { startServer, as, asAdmin, asNewUser, addUser, allPages, auditEntries, kehu, mobile, postExport } from '../lib/kehu.mjs';
import { readXlsx } from '../lib/xlsx.mjs';
import { parseCsv, exportedCodes } from '../lib/csv.mjs';

let s;
const NOW = '2026-01-05T09:30:00+08:00';
before(async () => {
  s = await startServer({ demo: 120 });
  const admin = await asAdmin(s);
  const r = await admin.put('/api/v1/_test/clock', { now: NOW });
  assert.equal(r.status, 200);
});
after(async () => { await s?.stop(); });

async function waitJob(c, id) {
  for (let i = 0; i < 200; i++) {
    const r = await c.get(`/api/v1/jobs/${id}`);
    assert.equal(r.status, 200, r.text);
    if (r.body.state === 'done' || r.body.state === 'failed') return r.body;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('job did not finish');
}

/** Run an export and download its file: {job, buf, res}. */
async function runExport(c, body, path = '/api/v1/exports') {
  const r = await postExport(s, c, body, path);
  assert.equal(r.status, 202, r.text);
  const job = await waitJob(c, r.body.job_id);
  assert.equal(job.state, 'done', JSON.stringify(job.error));
  const h = { Cookie: c.cookie };
  const res = await fetch(`${s.url}/api/v1/jobs/${r.body.job_id}/file`, { headers: h });
  assert.equal(res.status, 200);
  return { job, id: r.body.job_id, buf: Buffer.from(await res.arrayBuffer()), res };
}

const codesOf = exportedCodes;

test('R-PLT-3 R-SEC-6 a salesperson\'s CSV (UTF-8 with BOM) holds exactly their visible, filtered customers, watermarked', async () => {
  const c = await as(s, 'zhangwei');
  const visible = await allPages(c, '/api/v1/customers?grade=A', { limit: 200 });
  assert.ok(visible.every((x) => x.owner?.id === c.user.id), 'a salesperson sees only their own');
  const { job, buf, res } = await runExport(c, { format: 'csv', encoding: 'utf-8', filter: { grade: 'A' } });
  assert.match(res.headers.get('content-type'), /text\/csv/);
  assert.deepEqual([...buf.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const rows = parseCsv(buf.subarray(3).toString('utf8'));
  assert.match(rows[0][0], /zhangwei/);
  assert.match(rows[0][0], /2026-01-05T09:30:00\+08:00/);
  assert.equal(rows[1][0], '编号');
  assert.equal(rows[1][1], '客户名称');
  assert.deepEqual(codesOf(rows), visible.map((x) => x.code).sort());
  assert.equal(job.summary.rows, visible.length);
  const all = await allPages(c, '/api/v1/customers', { limit: 200 });
  const { buf: b2 } = await runExport(c, { format: 'csv' });
  assert.deepEqual(codesOf(parseCsv(b2.subarray(3).toString('utf8'))), all.map((x) => x.code).sort());
});

test('R-PLT-3 a GBK CSV has the same rows, no BOM', async () => {
  const c = await as(s, 'zhangwei');
  const { buf: u } = await runExport(c, { format: 'csv', encoding: 'utf-8', filter: { q: '张' } });
  const { buf: g, res } = await runExport(c, { format: 'csv', encoding: 'gbk', filter: { q: '张' } });
  assert.match(res.headers.get('content-type'), /GBK/i);
  assert.notEqual(g[0], 0xef);
  // strict GBK: glibc's iconv reads it; Kehu's own headers spell "m²" as "m2"
  const text = execFileSync('iconv', ['-f', 'GBK', '-t', 'UTF-8'], { input: g }).toString('utf8');
  const want = parseCsv(u.subarray(3).toString('utf8'));
  assert.deepEqual(parseCsv(text).slice(2), want.slice(2));
  assert.deepEqual(parseCsv(text)[1], want[1].map((h) => h.replace('m²', 'm2')));
  assert.ok(text.includes('客户名称'));
});

test('R-PLT-3 R-SEC-6 xlsx: the filtered rows, the watermark in the first row and the document properties', async () => {
  const gm = await as(s, 'gm');
  const visible = await allPages(gm, '/api/v1/customers?grade=B', { limit: 200 });
  assert.ok(visible.length > 0);
  const { buf, res } = await runExport(gm, { format: 'xlsx', filter: { grade: 'B' } });
  assert.match(res.headers.get('content-type'), /spreadsheetml/);
  const wb = readXlsx(buf);
  const rows = wb.sheets[0].rows;
  assert.match(rows[0][0], /\(gm\)|（gm）/);
  assert.match(rows[0][0], /2026-01-05T09:30:00\+08:00/);
  assert.deepEqual(codesOf(rows), visible.map((x) => x.code).sort());
  const core = wb.files['docProps/core.xml'].toString('utf8');
  assert.match(core, /<dc:creator>gm<\/dc:creator>/);
  const app = wb.files['docProps/core.xml'].toString('utf8') + (wb.files['docProps/app.xml'] || '').toString();
  assert.match(app, /2026-01-05T09:30:00/);
});

test('R-SEC-10 an export is audited as customer.export with its row count and filter', async () => {
  const c = await as(s, 'zhangwei');
  const { job } = await runExport(c, { format: 'csv', filter: { grade: 'C', q: '李' } });
  const auditor = await as(s, 'shenji');
  const items = await auditEntries(auditor, 'action=customer.export');
  const mine = items.find((e) => /grade=C/.test(e.detail) && /q=李/.test(e.detail));
  assert.ok(mine, JSON.stringify(items.slice(0, 3)));
  assert.match(mine.detail, new RegExp(`rows=${job.summary.rows}\\b`));
  assert.match(JSON.stringify(mine), /zhangwei|张伟/);
});

test('R-PLT-3 one customer\'s full file: profile, contacts, owner and field history', async () => {
  const c = await as(s, 'zhangwei');
  const created = await c.post('/api/v1/customers', { kind: 'individual', name: '全档案客户', mobile: mobile() });
  assert.equal(created.status, 201, created.text);
  const id = created.body.id;
  assert.equal((await c.post(`/api/v1/customers/${id}/contacts`, { name: '档案联系人', relation: 'spouse' })).status, 201);
  assert.equal((await c.patch(`/api/v1/customers/${id}`, { notes: '改过的备注' })).status, 200);
  const { buf } = await runExport(c, undefined, `/api/v1/customers/${id}/export`);
  const wb = readXlsx(buf);
  assert.deepEqual(wb.sheets.map((x) => x.name), ['档案', '联系人', '归属历史', '字段历史']);
  const profile = Object.fromEntries(wb.sheets[0].rows.slice(2).map((r) => [r[0], r[1]]));
  assert.equal(profile['客户名称'], '全档案客户');
  assert.equal(profile['编号'], created.body.code);
  assert.ok(wb.sheets[1].rows.some((r) => r[0] === '档案联系人'));
  assert.deepEqual(wb.sheets[1].rows[1].slice(0, 4), ['姓名', '关系', '职务', '决策人']);
  assert.ok(wb.sheets[1].rows.some((r) => r[0] === '档案联系人' && r[1] === '配偶' && r[3] === '否'));
  assert.ok(wb.sheets[3].rows.length >= 2, 'field history sheet has its header');
  for (const sh of wb.sheets) assert.match(sh.rows[0][0], /zhangwei/);
  // another salesperson may not export it
  const other = await as(s, 'lina');
  assert.equal((await other.post(`/api/v1/customers/${id}/export`)).status, 404);
});

test('R-PLT-3: issue 9 item 6: one customer\'s file and the list export are written in the language of the request, not in two', async () => {
  const c = await as(s, 'zhangwei');
  c.lang = 'en';
  const created = await c.post('/api/v1/customers', { kind: 'individual', name: '英文档案客户', mobile: mobile() });
  assert.equal(created.status, 201, created.text);
  const id = created.body.id;
  assert.equal((await c.post(`/api/v1/customers/${id}/contacts`, { name: '英文联系人', relation: 'spouse', is_decision_maker: true })).status, 201);
  const { buf } = await runExport(c, undefined, `/api/v1/customers/${id}/export`);
  const wb = readXlsx(buf);
  assert.deepEqual(wb.sheets.map((x) => x.name), ['Profile', 'Contacts', 'Owner history', 'Field history']);
  assert.deepEqual(wb.sheets[0].rows[1], ['Field', 'Value']);
  const profile = Object.fromEntries(wb.sheets[0].rows.slice(2).map((r) => [r[0], r[1]]));
  assert.equal(profile.Name, '英文档案客户');
  assert.equal(profile.Code, created.body.code);
  assert.deepEqual(wb.sheets[1].rows[1].slice(0, 4), ['Name', 'Relation', 'Position', 'Decision maker']);
  assert.ok(wb.sheets[1].rows.some((r) => r[0] === '英文联系人' && r[1] === 'Spouse' && r[3] === 'Yes'), JSON.stringify(wb.sheets[1].rows));
  for (const sh of wb.sheets) for (const cell of sh.rows[1] || []) assert.doesNotMatch(String(cell), /[\u4e00-\u9fff]/, `${sh.name}: ${cell}`);
  const list = await runExport(c, { format: 'xlsx', filter: { q: '英文档案客户' } });
  assert.deepEqual(readXlsx(list.buf).sheets.map((x) => x.name), ['Customers']);
});

test('R-PLT-3 refusals: bad format, bad encoding, unknown filter key, bad filter value (400); another user\'s job (404)', async () => {
  const c = await as(s, 'zhangwei');
  let r = await c.post('/api/v1/exports', { format: 'pdf' });
  assert.equal(r.status, 400); assert.equal(r.body.error.field, 'format');
  r = await c.post('/api/v1/exports', { format: 'csv', encoding: 'latin1' });
  assert.equal(r.status, 400); assert.equal(r.body.error.field, 'encoding');
  r = await c.post('/api/v1/exports', { format: 'csv', filter: { grdae: 'A' } });
  assert.equal(r.status, 400); assert.equal(r.body.error.field, 'grdae');
  r = await c.post('/api/v1/exports', { format: 'csv', filter: { owner_id: 'x' } });
  assert.equal(r.status, 400); assert.equal(r.body.error.field, 'owner_id');
  const ok = await postExport(s, c, { format: 'csv' });
  assert.equal(ok.status, 202);
  await waitJob(c, ok.body.job_id);
  const other = await as(s, 'lina');
  assert.equal((await other.get(`/api/v1/jobs/${ok.body.job_id}`)).status, 404);
  assert.equal((await other.get(`/api/v1/jobs/${ok.body.job_id}/file`)).status, 404);
});

test('R-PLT-3 CLI: kehu export --user applies that user\'s visibility; refusals exit non-zero', async () => {
  const c = await as(s, 'zhangwei');
  const own = await allPages(c, '/api/v1/customers', { limit: 200 });
  const file = join(s.dir, 'cli.csv');
  const r = await kehu(['export', file, '--user', 'zhangwei', '--db', s.db]);
  assert.equal(r.code, 0, r.stderr);
  const rows = parseCsv(readFileSync(file).subarray(3).toString('utf8'));
  assert.deepEqual(codesOf(rows), own.map((x) => x.code).sort());
  const sys = await kehu(['export', join(s.dir, 'all.xlsx'), '--grade', 'A', '--db', s.db]);
  assert.equal(sys.code, 0, sys.stderr);
  assert.match(sys.stdout, /exported \d+ customers/);
  assert.equal((await kehu(['export', join(s.dir, 'x.csv'), '--format', 'pdf', '--db', s.db])).code, 2);
  assert.equal((await kehu(['export', join(s.dir, 'x.csv'), '--user', 'nobody', '--db', s.db])).code, 1);
});

test('R-PLT-3 round trip: an exported CSV imports into a fresh database with the same customers', async () => {
  const gm = await as(s, 'gm');
  const { buf } = await runExport(gm, { format: 'csv' });
  const src = parseCsv(buf.subarray(3).toString('utf8'));
  const s2 = await startServer({ demo: 1 });
  try {
    const a2 = await as(s2, 'gm');
    const up = await a2.req('POST', '/api/v1/imports/files?name=export.csv', undefined, { raw: buf, headers: { 'Content-Type': 'text/csv' } });
    assert.equal(up.status, 201, up.text);
    // the fresh database's own demo customer holds a code the file carries: that row is refused
    const taken = new Set((await allPages(a2, '/api/v1/customers', { limit: 200 })).map((x) => x.code));
    const imp = await a2.post('/api/v1/imports', { file_id: up.body.file_id, mode: 'valid_rows' });
    assert.equal(imp.status, 202, imp.text);
    const job = await waitJobOn(a2, imp.body.job_id);
    assert.equal(job.state, 'done', JSON.stringify(job));
    assert.equal(job.summary.imported, true, JSON.stringify(job.summary));
    const refused = new Set(job.summary.errors.map((e) => e.row));
    for (const e of job.summary.errors) {
      assert.equal(e.field, 'code', JSON.stringify(e));
      assert.ok(taken.has(src[e.row - 1][0]), JSON.stringify(e));
    }
    // the importer (the administrator) owns the rows; export them as the system from the CLI
    const back = join(s2.dir, 'back.csv');
    assert.equal((await kehu(['export', back, '--db', s2.db])).code, 0);
    const dst = parseCsv(readFileSync(back).subarray(3).toString('utf8'));
    // same customers: every column an import sets (not the code, owner, times or activity)
    const key = (r) => r.slice(1, 27).join('|');
    const got = new Set(dst.slice(2).map(key));
    const dupRows = new Set(job.summary.duplicate_rows.map((d) => d.row));
    src.slice(2).forEach((r, i) => {
      if (!refused.has(i + 3) && !dupRows.has(i + 3)) assert.ok(got.has(key(r)), `imported back: ${r[1]}`);
    });
  } finally { await s2.stop(); }
});

test('R-PLT-1: issue 9 item 6: an export asked for in English has its watermark and headers in English only, and imports back', async () => {
  const gm = await as(s, 'gm');
  gm.lang = 'en';
  const { buf } = await runExport(gm, { format: 'csv', filter: { grade: 'A' } });
  const rows = parseCsv(buf.subarray(3).toString('utf8'));
  const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/;
  assert.match(rows[0][0], /^Exported by .* at .* · Kehu$/);
  assert.doesNotMatch(rows[0][0].replace(gm.user.display_name, ''), CJK);
  assert.deepEqual(rows[1].slice(0, 4), ['Code', 'Name', 'Kind', 'Gender']);
  for (const h of rows[1]) assert.doesNotMatch(h, CJK, h);
  // the import reads the English headers
  const s2 = await startServer({ demo: 1 });
  try {
    const a2 = await as(s2, 'gm');
    const up = await a2.req('POST', '/api/v1/imports/files?name=export-en.csv', undefined, { raw: buf, headers: { 'Content-Type': 'text/csv' } });
    assert.equal(up.status, 201, up.text);
    // the fresh database's own demo customer may hold a code the file carries: only that row is refused
    const taken = new Set((await allPages(a2, '/api/v1/customers', { limit: 200 })).map((x) => x.code));
    const imp = await a2.post('/api/v1/imports', { file_id: up.body.file_id, mode: 'valid_rows' });
    assert.equal(imp.status, 202, imp.text);
    const job = await waitJobOn(a2, imp.body.job_id);
    assert.equal(job.state, 'done', JSON.stringify(job));
    assert.equal(job.summary.imported, true, JSON.stringify(job.summary));
    for (const e of job.summary.errors) assert.ok(e.field === 'code' && taken.has(rows[e.row - 1][0]), JSON.stringify(e));
    const refused = new Set(job.summary.errors.map((e) => e.row));
    const names = new Set((await allPages(a2, '/api/v1/customers?grade=A', { limit: 200 })).map((c) => c.name));
    rows.slice(2).forEach((r, i) => { if (!refused.has(i + 3)) assert.ok(names.has(r[1]), `imported back: ${r[1]}`); });
  } finally { await s2.stop(); }
});

async function waitJobOn(c, id) {
  for (let i = 0; i < 600; i++) {
    const r = await c.get(`/api/v1/jobs/${id}`);
    if (r.status === 200 && (r.body.state === 'done' || r.body.state === 'failed')) return r.body;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('job did not finish');
}

