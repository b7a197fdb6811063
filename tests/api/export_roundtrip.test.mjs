// Exports that import back unchanged (R-PLT-3): profile templates, custom values,
// contacts, collector, branch and codes (issue 9 item 1); every value exactly,
// formula-looking text included (issue 9 item 2).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, allPages, waitJob, runExport as exportAs } from '../lib/kehu.mjs';

const runExport = (c, server, body) => exportAs(server, c, body);
import { readXlsx } from '../lib/xlsx.mjs';
import { csvRows } from '../lib/csv.mjs';

let s;
const NOW = '2026-01-05T09:30:00+08:00';
before(async () => {
  s = await startServer({ demo: 3 });
  const gm = await as(s, 'gm');
  assert.equal((await gm.put('/api/v1/_test/clock', { now: NOW })).status, 200);
});
after(async () => { await s?.stop(); });

/** Upload a file to server as c and run a preview or an import; returns the job's summary. */
async function importFile(c, buf, name, { preview = false, mode = 'all_or_nothing' } = {}) {
  const type = name.endsWith('.csv') ? 'text/csv' : 'application/octet-stream';
  const up = await c.req('POST', `/api/v1/imports/files?name=${encodeURIComponent(name)}`, undefined, { raw: buf, headers: { 'Content-Type': type } });
  assert.equal(up.status, 201, up.text);
  const r = await c.post(preview ? '/api/v1/imports/preview' : '/api/v1/imports', preview ? { file_id: up.body.file_id } : { file_id: up.body.file_id, mode });
  assert.equal(r.status, 202, r.text);
  const job = await waitJob(c, r.body.job_id);
  assert.equal(job.state, 'done', JSON.stringify(job));
  return job.summary;
}

/** The full record of the customer with code on server, read as c. */
async function byCode(c, code) {
  const list = await allPages(c, `/api/v1/customers?q=${encodeURIComponent(code)}&archived=all`, { limit: 200 });
  const hit = list.find((x) => x.code === code);
  assert.ok(hit, `customer ${code} not found`);
  const r = await c.get(`/api/v1/customers/${hit.id}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
}

/**
 * What an import carries of a record, for comparing the source with the copy. entry_late is
 * decided when a record is entered (R-ARC-10): the copy, entered later, is judged on its own day.
 */
function carried(x) {
  const contacts = (x.contacts || []).map((k) => ({ name: k.name, relation: k.relation, mobile: k.mobile, position: k.position }));
  const plain = { ...x };
  for (const k of ['id', 'created_at', 'updated_at', 'version', 'activity', 'entry_late', 'contacts', 'owner', 'collector', 'branch']) delete plain[k];
  return { ...plain, owner: x.owner?.name, collector: x.collector?.name, branch: x.branch?.name, contacts: contacts.slice(0, 1) };
}

test('R-PLT-3: issue 9 item 1: CSV and xlsx exports carry templates, every custom value, the contact, collector and branch, and import into a fresh database unchanged, codes kept', async () => {
  const gm = await as(s, 'gm');
  const zw = await as(s, 'zhangwei');
  const branches = (await gm.get('/api/v1/branches')).body.items;
  const sh = branches.find((b) => b.code === 'SH');
  assert.ok(sh, JSON.stringify(branches));
  const custom = {
    native_place: '山东青岛', education: '本科', children_count: 2, children_names: '007',
    favourite_cuisine: ['川菜', '粤菜'], drinks_alcohol: true, smokes: false, travel_mode: '自驾',
    wedding_anniversary: '2010-05-01', plate_number: '123456789012345678',
    car_budget: 15000050, car_trade_in: true, car_test_drive_date: '2026-01-03',
  };
  const created = await gm.post('/api/v1/customers', {
    kind: 'individual', name: '档案往返', gender: 'female', birthday: '1985-03-02', mobile: '13912345678',
    email: 'wf@example.com', province_code: 440000, city_code: 440300, district_code: 440305,
    address: '科技园1号', company: '深圳往返科技有限公司', position: '总监', grade: 'A', value_tier: 'important',
    stage: 'customer', source: 'exhibition', credit_status: 'good', category: 'general',
    tags: ['老客户', '华南'], notes: '备注', owner_id: zw.user.id, branch_id: sh.id,
    templates: ['personal', 'car_dealer'], custom,
  });
  assert.equal(created.status, 201, created.text);
  const id = created.body.id;
  const k = await gm.post(`/api/v1/customers/${id}/contacts`, { name: '王往返', relation: 'spouse', mobile: '13812345678', position: '教师' });
  assert.equal(k.status, 201, k.text);
  const source = carried(await byCode(gm, created.body.code));
  assert.equal(source.collector, '赵总');
  assert.equal(source.branch, '上海分公司');
  assert.equal(Object.keys(source.custom).length, Object.keys(custom).length, JSON.stringify(source.custom));

  for (const format of ['csv', 'xlsx']) {
    const buf = await runExport(gm, s, { format, filter: { q: '档案往返' } });
    const rows = format === 'csv' ? csvRows(buf) : readXlsx(buf).sheets[0].rows;
    const head = rows[1];
    const row = rows[2];
    const cell = (h) => row[head.indexOf(h)];
    assert.equal(cell('档案模板'), 'personal、car_dealer');
    assert.equal(cell('籍贯'), '山东青岛');
    assert.equal(cell('购车预算'), '150000.50', 'money in yuan');
    assert.equal(cell('联系人'), '王往返');
    assert.equal(cell('采集人'), '赵总');
    assert.equal(cell('分公司'), '上海分公司');

    const s2 = await startServer({ demo: 1 });
    try {
      const gm2 = await as(s2, 'gm');
      const sum = await importFile(gm2, buf, `roundtrip.${format}`);
      assert.equal(sum.imported, true, JSON.stringify(sum.errors));
      assert.equal(sum.created, 1);
      const copy = carried(await byCode(gm2, created.body.code));
      assert.deepEqual(copy, source, format);
    } finally { await s2.stop(); }
  }
});

test('R-PLT-3: issue 9 item 1: an imported code moves the numbering past it, so the next record gets a new code', async () => {
  const gm = await as(s, 'gm');
  const rule = (await gm.get('/api/v1/settings/numbering')).body;
  const code = `${rule.prefix}-HQ-202601-${'9'.padStart(rule.digits, '0')}`;
  const csv = `客户编号,客户名称,手机\r\n${code},编号续号,13700000001\r\n`;
  const sum = await importFile(gm, Buffer.from(csv), 'codes.csv');
  assert.equal(sum.imported, true, JSON.stringify(sum.errors));
  assert.equal((await byCode(gm, code)).name, '编号续号');
  const next = await gm.post('/api/v1/customers', { kind: 'individual', name: '编号之后', mobile: '13700000002' });
  assert.equal(next.status, 201, next.text);
  assert.equal(next.body.code, `${rule.prefix}-HQ-202601-${'10'.padStart(rule.digits, '0')}`);
});

test('R-PLT-3: issue 9 item 1: an import refuses a row whose code is taken, or does not fit the numbering rule, naming the column and the reason', async () => {
  const gm = await as(s, 'gm');
  const taken = (await allPages(gm, '/api/v1/customers', { limit: 200 }))[0].code;
  const rule = (await gm.get('/api/v1/settings/numbering')).body;
  const free = `${rule.prefix}-HQ-202512-${'77'.padStart(rule.digits, '0')}`;
  const csv = [
    '编号,客户名称,手机',
    `${taken},编号被占,13700000011`,
    'ABC-1,编号无效,13700000012',
    `${rule.prefix}-HQ-202613-${'1'.padStart(rule.digits, '0')},月份无效,13700000013`,
    `${free},编号可用,13700000014`,
    `${free},编号重复,13700000015`,
  ].join('\r\n');
  for (const preview of [true, false]) {
    const sum = await importFile(gm, Buffer.from(csv), 'codes2.csv', { preview, mode: 'valid_rows' });
    const errs = Object.fromEntries(sum.errors.map((e) => [e.row, e]));
    assert.equal(sum.errors.length, 4, JSON.stringify(sum.errors));
    for (const r of [2, 3, 4, 6]) {
      assert.equal(errs[r].column, '编号');
      assert.equal(errs[r].field, 'code');
    }
    assert.match(errs[2].message_en, /already taken/);
    assert.match(errs[2].message_zh, /已被其他客户使用/);
    assert.match(errs[3].message_en, /does not fit the numbering rule/);
    assert.match(errs[4].message_en, /does not fit the numbering rule/);
    assert.match(errs[6].message_en, preview ? /same as row 5's of the file/ : /already taken/);
    assert.equal(sum.valid, 1);
  }
  assert.equal((await byCode(gm, free)).name, '编号可用');
  const list = await allPages(gm, '/api/v1/customers?q=' + encodeURIComponent('编号被占'), { limit: 200 });
  assert.equal(list.length, 0, 'the refused row changed nothing');
});

const VALUES = ['=1+1', '+abc', '-abc', '@SUM(A1)', "'quoted", "''=x", "'=1+1", '007', '123456789012345678',
  'line1\nline2', 'crlf\r\nline', '表情😀', '𠀀𪚥𫝀', '-12', '+8613800138000', '=HYPERLINK("http://x","y")',
  '  spaces around  ', '\ttab first', 'newline last\n'];

test('R-PLT-3: issue 9 item 2: formula-looking text, leading zeros, 18-digit numbers, newlines, spaces, emoji and characters outside the BMP come back exactly from CSV and xlsx', async () => {
  const gm = await as(s, 'gm');
  const made = [];
  for (let i = 0; i < VALUES.length; i++) {
    const r = await gm.post('/api/v1/customers', {
      kind: 'individual', name: `原样${String.fromCharCode(0x4e00 + i)}`, notes: VALUES[i], address: VALUES[i],
      templates: ['personal'], custom: { native_place: VALUES[i] },
    });
    assert.equal(r.status, 201, `${JSON.stringify(VALUES[i])}: ${r.text}`);
    made.push(r.body);
  }
  for (const format of ['csv', 'xlsx']) {
    const buf = await runExport(gm, s, { format, filter: { q: '原样' } });
    if (format === 'csv') {
      const rows = csvRows(buf);
      const notes = rows[1].indexOf('备注');
      const written = new Set(rows.slice(2).map((r) => r[notes]));
      for (const v of ["'=1+1", "'+abc", "'-abc", "'@SUM(A1)", "''quoted", "'''=x", "''=1+1", '-12', '+8613800138000']) {
        assert.ok(written.has(v), `guarded in the file: ${v}`);
      }
    }
    const s2 = await startServer({ demo: 1 });
    try {
      const gm2 = await as(s2, 'gm');
      const sum = await importFile(gm2, buf, `values.${format}`);
      assert.equal(sum.imported, true, JSON.stringify(sum.errors));
      for (let i = 0; i < VALUES.length; i++) {
        const copy = await byCode(gm2, made[i].code);
        assert.equal(copy.notes, VALUES[i], `${format} notes`);
        assert.equal(copy.address, VALUES[i], `${format} address`);
        assert.equal(copy.custom.native_place, VALUES[i], `${format} custom value`);
      }
    } finally { await s2.stop(); }
  }
});

test('R-PLT-3: issue 9 item 2: a CSV\'s leading quote is taken off only where it guards something', async () => {
  const gm = await as(s, 'gm');
  const cases = [["'abc", "'abc"], ["'007", "'007"], ["'=SUM(1)", '=SUM(1)'], ["''x", "'x"], ["'-abc", '-abc']];
  const csv = ['客户名称,手机,备注', ...cases.map(([v], i) => `引号手写${'甲乙丙丁戊'[i]},1370000002${i},${v}`)].join('\r\n');
  const pv = await importFile(gm, Buffer.from(csv), 'quote.csv', { preview: true });
  assert.deepEqual(pv.sample.map((x) => x.values.notes), cases.map((c) => c[1]), 'the preview shows the values as stored');
  const sum = await importFile(gm, Buffer.from(csv), 'quote.csv');
  assert.equal(sum.imported, true, JSON.stringify(sum.errors));
  for (let i = 0; i < cases.length; i++) {
    const list = await allPages(gm, '/api/v1/customers?q=' + encodeURIComponent(`引号手写${'甲乙丙丁戊'[i]}`), { limit: 200 });
    assert.equal((await gm.get(`/api/v1/customers/${list[0].id}`)).body.notes, cases[i][1], cases[i][0]);
  }
});
