// Small refusals at the edges of the server: an unknown asset answers 404, a
// region code that no region has is refused everywhere it can come in, and a
// shared-strings bomb in an .xlsx is refused before it costs memory.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { startServer, as, waitJob } from '../lib/kehu.mjs';
import { zip } from '../lib/zipwriter.mjs';

let server, sales;
let seq = 0;
const mob = () => { seq += 1; return `136${String(Date.now() % 100000).padStart(5, '0')}${String(seq).padStart(3, '0')}`.slice(0, 11); };

before(async () => {
  server = await startServer({ demo: 3 });
  sales = await as(server, 'zhangwei');
});
after(async () => { await server.stop(); });

async function upload(client, data, name) {
  return client.req('POST', `/api/v1/imports/files?name=${encodeURIComponent(name)}`, undefined,
    { raw: data, headers: { 'Content-Type': 'application/octet-stream' } });
}

async function importFile(data, name, opts = {}) {
  const up = await upload(sales, data, name);
  assert.equal(up.status, 201, up.text);
  const r = await sales.post('/api/v1/imports/preview', { file_id: up.body.file_id, ...opts });
  assert.equal(r.status, 202, r.text);
  return waitJob(sales, r.body.job_id);
}

test('R-PLT-1: issue 10 item 13: an unknown file under /assets/ answers 404 instead of closing the connection', async () => {
  const r = await fetch(`${server.url}/assets/no-such-file-0123.js`);
  assert.equal(r.status, 404);
  const body = await r.json();
  assert.equal(body.error.code, 'not_found');
  // The connection stays usable: the UI's own routes still answer.
  assert.equal((await fetch(`${server.url}/customers`)).status, 200);
});

test('R-ARC-13: issue 10 item 13: a negative or unknown region code is refused on create, naming the field', async () => {
  const cases = [
    [{ province_code: -1 }, 'province_code'],
    [{ province_code: -110000 }, 'province_code'],
    [{ province_code: 440000, city_code: -5 }, 'city_code'],
    [{ province_code: 440000, city_code: 440300, district_code: -440305 }, 'district_code'],
    [{ province_code: 4295077296 }, 'province_code'], // 2^32 + 110000: not Beijing
    [{ province_code: 990000 }, 'province_code'],
  ];
  for (const [codes, field] of cases) {
    const name = `地区码${seq}`;
    const r = await sales.post('/api/v1/customers', { kind: 'individual', name, mobile: mob(), ...codes });
    assert.equal(r.status, 422, `${JSON.stringify(codes)}: ${r.text}`);
    assert.equal(r.body.error.field, field, JSON.stringify(codes));
    const found = await sales.get(`/api/v1/customers?q=${encodeURIComponent(name)}`);
    assert.equal(found.body.items.length, 0, 'nothing was created');
  }
});

test('R-ARC-13: issue 10 item 13: a negative region code is refused on update, and the customer is unchanged', async () => {
  const c = await sales.post('/api/v1/customers', {
    kind: 'individual', name: `改地区${seq}`, mobile: mob(), province_code: 440000, city_code: 440300, district_code: 440305,
  });
  assert.equal(c.status, 201, c.text);
  for (const [codes, field] of [[{ province_code: -1 }, 'province_code'], [{ district_code: -2 }, 'district_code']]) {
    const r = await sales.patch(`/api/v1/customers/${c.body.id}`, { ...codes, version: c.body.version });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.error.field, field);
  }
  const again = await sales.get(`/api/v1/customers/${c.body.id}`);
  assert.deepEqual([again.body.province_code, again.body.city_code, again.body.district_code], [440000, 440300, 440305]);
  assert.equal(again.body.version, c.body.version);
  // Clearing the region (0 or null) is still a change one may make.
  const cleared = await sales.patch(`/api/v1/customers/${c.body.id}`, { province_code: 0, city_code: 0, district_code: 0, version: c.body.version });
  assert.equal(cleared.status, 200, cleared.text);
});

test('R-ARC-13: issue 10 item 13: an import row with a negative or unknown region code is refused with its column', async () => {
  const csv = ['客户名称,手机,省,市', `负省码,${mob()},-110000,`, `负市码,${mob()},广东省,-440300`, `无此省,${mob()},990000,`].join('\n');
  const pv = await importFile(csv, 'regions.csv');
  assert.equal(pv.state, 'done', JSON.stringify(pv.error));
  const fields = pv.summary.errors.map((e) => e.field).sort();
  assert.deepEqual(fields, ['city_code', 'province_code', 'province_code'], JSON.stringify(pv.summary.errors));
});

const hwm = (pid) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;

test('R-PLT-3: issue 10 item 13: a shared-strings bomb in an .xlsx is refused by its inflation ratio before it costs memory', async () => {
  // 3.5 million empty shared strings: 17 MB of XML that deflates to ~17 KB. Before the cap the
  // table of offsets alone took 16 MB and a larger bomb reached the 32-million count cap at 240 MB.
  const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const sst = Buffer.concat([Buffer.from(`<?xml version="1.0"?><sst xmlns="${ns}">`),
    Buffer.alloc(3_500_000 * 5, '<si/>'), Buffer.from('</sst>')]);
  assert.ok(deflateRawSync(sst).length < 100_000);
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const bomb = zip({
    '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    '_rels/.rels': `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0"?><workbook xmlns="${ns}" xmlns:r="${rel}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': `<?xml version="1.0"?><worksheet xmlns="${ns}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`,
    'xl/sharedStrings.xml': sst,
  });
  const before = hwm(server.child.pid);
  const job = await importFile(bomb, 'bomb.xlsx', { format: 'xlsx' });
  assert.equal(job.state, 'failed', JSON.stringify(job.summary));
  assert.equal(job.error.field, 'file');
  assert.match(job.error.message_en, /sharedStrings\.xml.*100 times its compressed size/);
  assert.match(job.error.message_zh, /100 倍/);
  const grown = hwm(server.child.pid) - before;
  assert.ok(grown < 8 * 1024 * 1024, `the server's peak memory grew by ${grown} bytes`);
});
