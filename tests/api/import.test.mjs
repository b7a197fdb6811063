// Import of customers from CSV and .xlsx (R-PLT-3, R-ARC-8).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, serveExisting, Client, as, kehu, KEHU_BIN, PG, sqlite, indexesOf } from '../lib/kehu.mjs';
import { xlsx } from '../lib/zipwriter.mjs';

let server, sales, auditor, sup, tmp;
let seq = 0;
const uniq = () => { seq += 1; return `${String(Date.now()).slice(-5)}${String(seq).padStart(3, '0')}`; };
const mob = () => `137${uniq()}`.slice(0, 11);

before(async () => {
  server = await startServer({ demo: 20 });
  sales = await as(server, 'zhangwei');
  auditor = await as(server, 'shenji');
  sup = await as(server, 'infosup'); // sees the stored numbers in full (R-SEC-13)
  tmp = mkdtempSync(join(tmpdir(), 'kehu-import-'));
});
after(async () => { await server.stop(); rmSync(tmp, { recursive: true, force: true }); });

async function upload(client, data, name = 'customers.csv') {
  const r = await client.req('POST', `/api/v1/imports/files?name=${encodeURIComponent(name)}`, undefined,
    { raw: data, headers: { 'Content-Type': 'application/octet-stream' } });
  return r;
}

async function waitJob(client, id) {
  for (let i = 0; i < 400; i++) {
    const r = await client.get(`/api/v1/jobs/${id}`);
    assert.equal(r.status, 200, r.text);
    if (r.body.state === 'done' || r.body.state === 'failed') return r.body;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('job did not finish');
}

async function run(client, data, opts = {}, name = 'customers.csv') {
  const up = await upload(client, data, name);
  assert.equal(up.status, 201, up.text);
  const path = opts.preview ? '/api/v1/imports/preview' : '/api/v1/imports';
  const body = { file_id: up.body.file_id, ...opts };
  delete body.preview;
  const r = await client.post(path, body);
  assert.equal(r.status, 202, r.text);
  return waitJob(client, r.body.job_id);
}

async function find(client, q) {
  const r = await client.get(`/api/v1/customers?q=${encodeURIComponent(q)}`);
  assert.equal(r.status, 200);
  return r.body.items;
}

const gbk = (text) => execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: text });
const gb18030 = (text) => execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: text });

test('R-PLT-3: a UTF-8 CSV is previewed without changing anything, then imported', async () => {
  const m1 = mob(), m2 = mob();
  const csv = `客户名称,手机,省,市,区,等级,标签\n甄乙丙,${m1},广东省,深圳市,南山区,C,老客户、华南\n甄丁戊,${m2},北京市,,朝阳区,C,\n`;
  const pv = await run(sales, csv, { preview: true });
  assert.equal(pv.state, 'done');
  assert.equal(pv.summary.format, 'csv');
  assert.equal(pv.summary.encoding, 'utf-8');
  assert.equal(pv.summary.rows, 2);
  assert.equal(pv.summary.valid, 2);
  assert.equal(pv.summary.sample[0].values.name, '甄乙丙');
  assert.deepEqual((await find(sales, '甄乙丙')), [], 'a preview imports nothing');
  const im = await run(sales, csv);
  assert.equal(im.summary.created, 2);
  assert.equal(im.summary.imported, true);
  const [c] = await find(sup, '甄乙丙');
  assert.equal(c.mobile, m1);
  assert.equal(c.district_code, 440305);
  assert.deepEqual(c.tags, ['老客户', '华南']);
  assert.equal(c.owner.name, '张伟', 'R-OWN-1: the importing salesperson owns the rows');
  const [d] = await find(sales, '甄丁戊');
  assert.equal(d.city_code, 110100, 'a municipality district without its city resolves');
});

test('R-PLT-4 R-ARC-1: issue 11 item 1: imported rows are found by their tags, and numbering goes on after the codes the import took', async () => {
  const tag = `导入标签${uniq()}`;
  const csv = `客户名称,手机,标签\n标号甲,${mob()},${tag}、华东\n标号乙,${mob()},${tag}\n标号丙,${mob()},华东\n`;
  const im = await run(sales, csv);
  assert.equal(im.summary.created, 3, JSON.stringify(im));
  const r = await sales.get(`/api/v1/customers?tag=${encodeURIComponent(tag)}&sort=name`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.items.map((c) => c.name).sort(), ['标号乙', '标号甲']);
  const codes = [];
  for (const name of ['标号甲', '标号乙', '标号丙']) codes.push((await find(sales, name))[0].code);
  const seq = (code) => Number(code.split('-').at(-1));
  const created = await sales.post('/api/v1/customers', { kind: 'individual', name: '标号丁', mobile: mob() });
  assert.equal(created.status, 201, created.text);
  // The codes of the block the import reserved but did not use are given back.
  assert.equal(seq(created.body.code), Math.max(...codes.map(seq)) + 1, `${codes} ${created.body.code}`);
});

test('R-PLT-3: a UTF-8 CSV with a BOM and CRLF lines', async () => {
  const csv = `\ufeff客户名称,手机\r\n郦琬琰,${mob()}\r\n`;
  const im = await run(sales, csv);
  assert.equal(im.summary.encoding, 'utf-8');
  assert.equal(im.summary.created, 1);
  assert.equal((await find(sales, '郦琬琰')).length, 1);
});

test('R-PLT-3: a GBK CSV saved by Chinese Excel is detected and read', async () => {
  const im = await run(sales, gbk(`客户名称,手机,备注\n滕蔚然,${mob()},展会名单\n`));
  assert.equal(im.state, 'done');
  assert.match(im.summary.encoding, /gbk|gb18030/);
  assert.equal(im.summary.created, 1);
  const [c] = await find(sales, '滕蔚然');
  assert.equal(c.notes, '展会名单');
});

test('R-PLT-3: a GB18030 CSV with characters outside GBK', async () => {
  const im = await run(sales, gb18030(`客户名称,手机\n邝𠀀,${mob()}\n`), { encoding: 'gb18030' });
  assert.equal(im.summary.encoding, 'gb18030');
  assert.equal(im.summary.created, 1);
  assert.equal((await find(sales, '邝')).some((c) => c.name === '邝𠀀'), true);
});

test('R-PLT-3: a GBK file forced as UTF-8 is refused naming the row', async () => {
  const job = await run(sales, gbk(`客户名称,手机\n滕一,${mob()}\n`), { encoding: 'utf-8', preview: true });
  assert.equal(job.state, 'failed');
  assert.equal(job.error.field, 'file');
  assert.match(job.error.message_en, /row|UTF-8/i);
});

test('R-PLT-3: RFC 4180 quoting with commas, quotes and embedded newlines', async () => {
  const m = mob();
  const csv = `客户名称,手机,备注\r\n"储""小""满",${m},"第一行\n第二行, 含逗号"\r\n`;
  const im = await run(sales, csv);
  assert.equal(im.summary.created, 1, JSON.stringify(im.summary.errors));
  const [c] = await find(sales, m);
  assert.equal(c.name, '储"小"满');
  assert.equal(c.notes, '第一行\n第二行, 含逗号');
});

test('R-PLT-3: an .xlsx file is read directly, phones stored as numbers included', async () => {
  const m = mob();
  const data = xlsx([['客户名称', '手机', '生日', '客户类型'], ['仉明远', Number(m), 32874, '个人']]);
  const im = await run(sales, data, {}, '客户.xlsx');
  assert.equal(im.summary.format, 'xlsx');
  assert.equal(im.summary.created, 1, JSON.stringify(im.summary.errors));
  const [c] = await find(sup, '仉明远');
  assert.equal(c.mobile, m);
  assert.equal(c.birthday, '1990-01-01', 'an Excel date serial becomes a date');
});

test('R-PLT-3: a truncated or non-zip .xlsx is refused with a clear error', async () => {
  const good = xlsx([['客户名称', '手机'], ['某人', mob()]]);
  const cut = await run(sales, good.subarray(0, Math.floor(good.length / 2)), { format: 'xlsx', preview: true }, 'cut.xlsx');
  assert.equal(cut.state, 'failed');
  assert.equal(cut.error.field, 'file');
  const notzip = await run(sales, 'this is not a zip', { format: 'xlsx', preview: true }, 'fake.xlsx');
  assert.equal(notzip.state, 'failed');
  assert.equal(notzip.error.field, 'file');
  assert.match(notzip.error.message_zh, /xlsx|zip/);
});

test('R-PLT-3 R-ARC-7: the preview reports every bad row with its row number, column and reason', async () => {
  const csv = [
    '客户名称,手机,电子邮箱,身份证号,省,市,区,等级,客户类型',
    `好人甲,${mob()},,,,,,,`,
    `坏手机,12345,,,,,,,`,
    `坏邮箱,${mob()},not-an-email,,,,,,`,
    `坏证件,${mob()},,110105194912310021,,,,,`,
    `坏地区,${mob()},,,广东省,深圳市,朝阳区,,`,
    `坏等级,${mob()},,,,,,Z,`,
    `,${mob()},,,,,,,`,
    `坏类型,${mob()},,,,,,,外星人`,
  ].join('\n');
  const pv = await run(sales, csv, { preview: true });
  const s = pv.summary;
  assert.equal(s.rows, 8);
  assert.equal(s.valid, 1);
  assert.equal(s.invalid, 7);
  const byRow = Object.fromEntries(s.errors.map((e) => [e.row, e]));
  assert.equal(byRow[3].column, '手机');
  assert.equal(byRow[4].column, '电子邮箱');
  assert.equal(byRow[5].column, '身份证号');
  assert.equal(byRow[6].column, '区');
  assert.equal(byRow[7].column, '等级');
  assert.equal(byRow[8].field, 'name');
  assert.equal(byRow[9].column, '客户类型');
  for (const e of s.errors) { assert.ok(e.message_zh); assert.ok(e.message_en); }
  const file = await sales.get(`/api/v1/jobs/${pv.id}/file`);
  assert.equal(file.status, 200);
  assert.match(file.headers.get('content-disposition'), /attachment/);
});

test('R-PLT-3: all-or-nothing (default) imports nothing when one row is bad', async () => {
  const good = `全有甲`;
  const csv = `客户名称,手机\n${good},${mob()}\n全无乙,999\n`;
  const im = await run(sales, csv);
  assert.equal(im.state, 'done');
  assert.equal(im.summary.imported, false);
  assert.equal(im.summary.created, 0);
  assert.equal(im.summary.rejected, 1);
  assert.deepEqual(await find(sales, good), []);
  assert.ok(im.file, 'the error file is offered');
});

test('R-PLT-3: valid-rows mode imports the good rows and returns the rest in an xlsx error file', async () => {
  const csv = `客户名称,手机\n部分甲,${mob()}\n部分乙,999\n部分丙,${mob()}\n`;
  const im = await run(sales, csv, { mode: 'valid_rows' });
  assert.equal(im.summary.created, 2);
  assert.equal(im.summary.rejected, 1);
  assert.equal(im.summary.errors[0].row, 3);
  const file = await sales.get(`/api/v1/jobs/${im.id}/file`);
  assert.equal(file.status, 200);
  assert.equal(file.text.slice(0, 2), 'PK', 'the error file is an xlsx (zip)');
  assert.equal((await find(sales, '部分甲')).length, 1);
  assert.equal((await find(sales, '部分乙')).length, 0);
});

test('R-ARC-8: duplicates of the archive and within the file are reported with the existing record', async () => {
  const m = mob();
  const created = await sales.post('/api/v1/customers', { kind: 'individual', name: '原有客户', mobile: m });
  assert.equal(created.status, 201);
  const other = mob();
  const csv = `客户名称,手机\n重复甲,+86 ${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}\n文件甲,${other}\n文件乙,${other}\n`;
  const pv = await run(sales, csv, { preview: true });
  assert.equal(pv.summary.duplicates, 2);
  const archive = pv.summary.duplicate_rows.find((d) => d.row === 2);
  assert.equal(archive.match, 'phone');
  assert.equal(archive.existing.code, created.body.code);
  assert.equal(archive.existing.owner_name, '张伟');
  const inFile = pv.summary.duplicate_rows.find((d) => d.row === 4);
  assert.equal(inFile.first_row, 3);
  const im = await run(sales, csv);
  assert.equal(im.summary.created, 1);
  assert.equal(im.summary.skipped, 2);
  assert.equal((await find(sales, '重复甲')).length, 0, 'the first recorder keeps the customer');
});

test('R-ARC-8: duplicates of the importer\'s own customers are updated on request', async () => {
  const m = mob();
  const created = await sales.post('/api/v1/customers', { kind: 'individual', name: '待更新', mobile: m });
  const im = await run(sales, `客户名称,手机,备注\n待更新,${m},展会后更新\n`, { duplicates: 'update_own' });
  assert.equal(im.summary.updated, 1, JSON.stringify(im.summary));
  const after = await sales.get(`/api/v1/customers/${created.body.id}`);
  assert.equal(after.body.notes, '展会后更新');
  const hist = await sales.get(`/api/v1/customers/${created.body.id}/field-history`);
  assert.ok(hist.body.items.length >= 0);
});

test('R-PLT-3: a saved mapping maps unusual headers', async () => {
  const save = await sales.post('/api/v1/imports/mappings', { name: '展会名单', mapping: { 联系姓名: 'name', 联系电话: 'mobile', 没用: '' } });
  assert.equal(save.status, 201, save.text);
  const list = await sales.get('/api/v1/imports/mappings');
  assert.ok(list.body.items.some((m) => m.name === '展会名单'));
  const m = mob();
  const im = await run(sales, `联系姓名,联系电话,没用\n映射人,${m},x\n`, { mapping_id: save.body.id });
  assert.equal(im.summary.created, 1, JSON.stringify(im.summary));
  assert.equal((await find(sales, m))[0].name, '映射人');
});

test('R-PLT-3: custom profile fields and contacts come in from their columns', async () => {
  const m = mob(), cm = mob();
  const im = await run(sales, `客户名称,手机,籍贯,是否吸烟,联系人,联系人关系,联系人电话\n档案人,${m},山东青岛,否,档案家属,配偶,${cm}\n`);
  assert.equal(im.summary.created, 1, JSON.stringify(im.summary.errors));
  const [c] = await find(sales, m);
  const full = await sales.get(`/api/v1/customers/${c.id}`);
  assert.deepEqual(full.body.templates, ['personal']);
  assert.equal(full.body.custom.native_place, '山东青岛');
  assert.equal(full.body.custom.smokes, false);
  assert.equal(full.body.contacts[0].name, '档案家属');
  assert.equal(full.body.contacts[0].relation, 'spouse');
});

test('R-PLT-3: import refusals', async () => {
  const anon = new Client(server.url);
  assert.equal((await upload(anon, 'a,b\n')).status, 401);
  assert.equal((await upload(auditor, '客户名称,手机\n')).status, 403);
  assert.equal((await upload(sales, '')).status, 422);
  const unknown = await sales.post('/api/v1/imports/preview', { file_id: 'u_nope' });
  assert.equal(unknown.status, 404);
  const up = await upload(sales, '客户名称,手机\n');
  const badMode = await sales.post('/api/v1/imports', { file_id: up.body.file_id, mode: 'sometimes' });
  assert.equal(badMode.status, 422);
  assert.equal(badMode.body.error.field, 'mode');
  const badMap = await sales.post('/api/v1/imports', { file_id: up.body.file_id, mapping: ['x'] });
  assert.equal(badMap.status, 400);
  const noHeader = await run(sales, 'a,b\n1,2\n', { preview: true });
  assert.equal(noHeader.state, 'failed');
  assert.equal(noHeader.error.field, 'file');
  const lina = await as(server, 'lina');
  const own = await sales.post('/api/v1/imports/preview', { file_id: up.body.file_id });
  assert.equal((await lina.get(`/api/v1/jobs/${own.body.job_id}`)).status, 404, 'another user\'s job is invisible');
  const foreign = await lina.post('/api/v1/imports/preview', { file_id: up.body.file_id });
  assert.equal(foreign.status, 404, 'another user\'s upload is invisible');
});

test('R-PLT-3: kehu import reads a file from the command line with a progress line', async () => {
  const file = join(tmp, 'cli.csv');
  const rows = ['客户名称,手机,等级'];
  for (let i = 0; i < 3000; i++) rows.push(`命令行${i},136${String(10000000 + i)},B`);
  writeFileSync(file, rows.join('\n'));
  const dry = await kehu(['import', file, '--db', server.db, '--dry-run']);
  assert.equal(dry.code, 0, dry.stderr + dry.stdout);
  assert.match(dry.stdout, /3000 rows, 3000 valid/);
  const r = await kehu(['import', file, '--db', server.db]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stderr, /import: +\d+%/);
  assert.match(r.stdout, /imported: 3000 created/);
  const gm = await as(server, 'gm');
  const list = await gm.get(`/api/v1/customers?q=${encodeURIComponent('命令行2999')}`);
  assert.equal(list.body.items.length, 1);
});

test('R-PLT-3: with no server running, kehu import holds the database: a server cannot start until it is over, then serves every row', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kehu-sole-'));
  try {
    const db = join(dir, 'kehu.db');
    assert.equal((await kehu(['init', '--db', db])).code, 0);
    assert.equal((await kehu(['demo', '--db', db, '--customers', '1'])).code, 0);
    const file = join(dir, 'sole.csv');
    const rows = ['客户名称,手机'];
    for (let i = 0; i < 60000; i++) rows.push(`独占${i},135${String(10000000 + i)}`);
    writeFileSync(file, rows.join('\n'));
    const child = spawn(KEHU_BIN, ['import', file, '--db', db], { env: { ...process.env, KEHU_QUIET: '1' } });
    let err = '';
    let out = '';
    child.stderr.on('data', (d) => { err += d; });
    child.stdout.on('data', (d) => { out += d; });
    const exited = new Promise((r) => child.on('exit', r));
    // Once it reports progress it holds the lock: a server refuses this database.
    for (let i = 0; i < 3000 && !/import: +\d+%/.test(err) && child.exitCode === null; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    // (a server that did start is stopped after 20 s, and then fails the assertion below)
    const serve = await new Promise((res) => {
      const p = spawn(KEHU_BIN, ['serve', '--db', db, '--port', '0'], { env: { ...process.env, KEHU_QUIET: '1' } });
      let e = '';
      p.stderr.on('data', (d) => { e += d; });
      const t = setTimeout(() => p.kill('SIGTERM'), 20000);
      p.on('exit', (c) => { clearTimeout(t); res({ code: c, stderr: e }); });
    });
    const code = await exited;
    assert.equal(code, 0, err + out);
    assert.match(out, /imported: 60000 created/);
    assert.equal(serve.code, 1, 'a server does not start beside a running import: ' + serve.stderr);
    assert.match(serve.stderr, /in use by a running kehu serve or kehu import/);
    const s = await serveExisting(db);
    try {
      const gm = await as(s, 'gm');
      const found = await gm.get(`/api/v1/customers?q=${encodeURIComponent('独占59999')}`);
      assert.equal(found.body.items.length, 1);
    } finally {
      await s.stop({ keep: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('R-PLT-3: the rows of a long file keep their order: every bad row is reported with its own row number, and the good rows around them are imported', async () => {
  const file = join(tmp, 'ordered.csv');
  const rows = ['客户名称,手机,等级'];
  const bad = [];
  let blank = 0;
  for (let i = 0; i < 1500; i++) {
    if (i % 97 === 13) {
      rows.push(`顺序${i},12345,B`);
      bad.push(i + 2); /* the header is row 1 */
    } else if (i % 5 === 0) {
      rows.push(',,'); /* blank rows are skipped but still counted in the numbering */
      blank++;
    } else {
      rows.push(`顺序${i},137${String(40000000 + i)},B`);
    }
  }
  writeFileSync(file, rows.join('\n'));
  const r = await kehu(['import', file, '--db', server.db, '--mode', 'valid_rows']);
  assert.equal(r.code, 1, 'rejected rows make the exit status 1: ' + r.stderr + r.stdout);
  const reported = [...r.stdout.matchAll(/row (\d+), 手机/g)].map((m) => Number(m[1]));
  assert.deepEqual(reported, bad, 'each bad row once, in file order, with its number');
  const good = 1500 - bad.length - blank;
  assert.match(r.stdout, new RegExp(`imported: ${good} created`));
  const gm = await as(server, 'gm');
  const last = await gm.get(`/api/v1/customers?q=${encodeURIComponent('顺序1499')}`);
  assert.deepEqual(last.body.items.map((c) => c.mobile), ['13740001499']);
});

test('R-PLT-3: a file that breaks after thousands of good rows stops the import with the row of the break, and nothing is imported', async () => {
  const count = () => sqlite(server.db, 'SELECT count(*) FROM customers');
  const n0 = count();
  const file = join(tmp, 'broken-late.csv');
  const rows = ['客户名称,手机'];
  for (let i = 0; i < 3000; i++) rows.push(`断行${i},133${String(50000000 + i)}`);
  rows.push('"未闭合的引号,13350009999');
  writeFileSync(file, rows.join('\n'));
  const r = await kehu(['import', file, '--db', server.db]);
  assert.equal(r.code, 1, r.stderr + r.stdout);
  assert.match(r.stderr, /row 3002/, 'the error names the row where the file broke');
  assert.match(r.stderr, /引号未闭合/);
  assert.equal(count(), n0, 'nothing was imported');
});

const customerIndexes = (db) => indexesOf(db, 'customers');

test('R-PLT-3: a failed big import leaves the archive and its indexes as they were', async () => {
  const before = customerIndexes(server.db);
  const count = () => sqlite(server.db, 'SELECT count(*) FROM customers');
  const n0 = count();
  const file = join(tmp, 'big-bad.csv');
  const rows = ['客户名称,手机,等级'];
  for (let i = 0; i < 20500; i++) rows.push(`失败导入${i},134${String(30000000 + i)},B`);
  rows.push('失败导入末行,not-a-phone,B');
  writeFileSync(file, rows.join('\n'));
  const r = await kehu(['import', file, '--db', server.db]);
  assert.notEqual(r.code, 0, 'the bad last row fails the all-or-nothing import');
  assert.equal(count(), n0, 'nothing was imported');
  assert.equal(customerIndexes(server.db), before, 'every index of customers is still there');
});

test('R-PLT-3 R-ARC-9: after an import of 20,500 rows the indexes are rebuilt, the search index is merged into one segment, and every kind of lookup works', async () => {
  const before = customerIndexes(server.db);
  const file = join(tmp, 'big.csv');
  const rows = ['客户名称,手机,等级'];
  for (let i = 0; i < 20500; i++) rows.push(`合并测试${i},135${String(20000000 + i)},${i % 2 ? 'A' : 'B'}`);
  writeFileSync(file, rows.join('\n'));
  const r = await kehu(['import', file, '--db', server.db]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /imported: 20500 created/);
  assert.equal(customerIndexes(server.db), before, 'the same indexes as before the import');
  if (!PG) { // SQLite's file and FTS5's segments (PostgreSQL's GIN index has none to merge)
    assert.equal(sqlite(server.db, 'PRAGMA integrity_check'), 'ok');
    const segments = sqlite(server.db, 'SELECT count(DISTINCT segid) FROM customer_search_idx');
    assert.equal(segments, '1', 'one search segment after the merge');
  }
  const gm = await as(server, 'gm');
  const byName = await gm.get(`/api/v1/customers?q=${encodeURIComponent('合并测试19876')}`);
  assert.deepEqual(byName.body.items.map((c) => c.name), ['合并测试19876']);
  const bySuffix = await gm.get('/api/v1/customers?q=9876&limit=200');
  assert.ok(bySuffix.body.items.some((c) => c.mobile === '13520019876'), 'the phone suffix is found');
  const gradeA = await gm.get('/api/v1/customers?grade=A&limit=5');
  assert.equal(gradeA.body.items.length, 5);
  assert.ok(gradeA.body.items.every((c) => c.grade === 'A'));
});

test('R-PLT-3: an upload expires after upload_keep_hours (24) on the context clock', async () => {
  const admin = new Client(server.url);
  await admin.put('/api/v1/_test/clock', { now: '2027-03-01T09:00:00+08:00' });
  const before = await as(server, 'zhangwei');
  const old = await upload(before, `客户名称,手机\n过期,${mob()}\n`);
  assert.equal(old.status, 201);
  await admin.put('/api/v1/_test/clock', { advance_seconds: 25 * 3600 });
  const sales = await as(server, 'zhangwei'); // the earlier session has expired too
  const fresh = await upload(sales, `客户名称,手机\n新的,${mob()}\n`);
  assert.equal(fresh.status, 201);
  const gone = await sales.post('/api/v1/imports/preview', { file_id: old.body.file_id });
  assert.equal(gone.status, 404);
  assert.equal(gone.body.error.field, 'file_id');
  const ok = await sales.post('/api/v1/imports/preview', { file_id: fresh.body.file_id });
  assert.equal(ok.status, 202);
});
