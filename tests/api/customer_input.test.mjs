// What a customer's input becomes: phones in one stored form (issue 9 item 3),
// a change that changes nothing (item 5), every field's error at once (item 7).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, serveExisting, as, auditEntries, sqlite, idNumber } from '../lib/kehu.mjs';
import { readXlsx } from '../lib/xlsx.mjs';

let server, sup, auditor;
let seq = 0;
// A fresh mobile per call: 137 + 8 digits.
const mob = () => { seq += 1; return `137${String(Date.now() % 100000).padStart(5, '0')}${String(seq).padStart(3, '0')}`.slice(0, 11); };
const spaced = (m) => `${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}`;
// A fresh 8-digit local number per call (duplicate detection compares phones).
const local8 = () => { seq += 1; return String(60000000 + ((Date.now() % 1000000) * 37 + seq * 7919) % 30000000); };
const split4 = (n) => `${n.slice(0, 4)} ${n.slice(4)}`;

before(async () => {
  server = await startServer({ demo: 3 });
  // The information supervisor: she sees phones and ID numbers in full (R-SEC-13), as stored.
  [sup, auditor] = await Promise.all([as(server, 'infosup'), as(server, 'shenji')]);
});
after(async () => { await server.stop(); });

async function create(body) {
  const r = await sup.post('/api/v1/customers', { kind: 'individual', ...body });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

const fullwidth = (s) => [...s].map((ch) => (ch >= '0' && ch <= '9' ? String.fromCharCode(ch.charCodeAt(0) + 0xfee0) : ch)).join('');

test('R-ARC-7: issue 9 item 3: a mainland mobile typed in any common way is stored as its 11 digits', async () => {
  const typed = [
    (m) => `+86 ${spaced(m)}`,
    (m) => `${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`,
    (m) => `0086${m}`,
    (m) => `86-${m}`,
    (m) => `(+86) ${m.slice(0, 3)}.${m.slice(3, 7)}.${m.slice(7)}`,
    (m) => fullwidth(spaced(m)),
  ];
  for (const t of typed) {
    const m = mob();
    const c = await create({ name: `手机格式${seq}`, mobile: t(m) });
    assert.equal(c.mobile, m, `typed ${t(m)}`);
    const again = await sup.get(`/api/v1/customers/${c.id}`);
    assert.equal(again.body.mobile, m);
  }
});

test('R-ARC-7: issue 9 item 3: office and home phones are stored as area code - number [- extension]', async () => {
  const cases = [
    (n) => [`(010) ${split4(n)}`, `010-${n}`],
    (n) => [`+86 10 ${split4(n)}`, `010-${n}`],
    (n) => [`021.${n.slice(0, 4)}.${n.slice(4)}`, `021-${n}`],
    (n) => [`0755-${n.slice(1)} 转 801`, `0755-${n.slice(1)}-801`],
    (n) => [`0755 ${n} ext 12`, `0755-${n}-12`],
    (n) => [`010-${n}-801`, `010-${n}-801`],
    (n) => [`400-${n.slice(0, 3)}-${n.slice(3, 7)}`, `400${n.slice(0, 7)}`],
    (n) => [fullwidth(`0571-${split4(n)}`), `0571-${n}`],
  ].map((f) => f(local8()));
  for (const [typed, stored] of cases) {
    const c = await create({ name: `座机格式${seq}`, phone_office: typed, phone_home: typed });
    assert.equal(c.phone_office, stored, typed);
    assert.equal(c.phone_home, stored, typed);
  }
});

test('R-ARC-7: issue 9 item 3: what is not a phone is refused with its field and reason, and nothing is stored', async () => {
  const before = await sup.get('/api/v1/customers?limit=1&with_total=1');
  for (const [field, value] of [['mobile', '1370013'], ['mobile', '010-65529988'], ['phone_office', 'abc123'], ['phone_home', '+1 415 555 0100'], ['phone_office', '010-12']]) {
    const r = await sup.post('/api/v1/customers', { kind: 'individual', name: '坏电话', [field]: value });
    assert.equal(r.status, 422, `${field}=${value}`);
    assert.equal(r.body.error.field, field);
    assert.match(r.body.error.message_en, /invalid/);
    assert.doesNotMatch(r.body.error.message_zh, /^$/);
  }
  const after = await sup.get('/api/v1/customers?limit=1&with_total=1');
  assert.deepEqual(after.body.total, before.body.total);
});

test('R-ARC-7: issue 9 item 3: a contact\'s phone is stored in the same form', async () => {
  const c = await create({ name: '联系人电话' });
  const m = mob();
  const r = await sup.post(`/api/v1/customers/${c.id}/contacts`, { name: '王秘书', mobile: `+86 ${spaced(m)}` });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.mobile, m);
  const land = await sup.post(`/api/v1/customers/${c.id}/contacts`, { name: '李前台', mobile: '(0755) 2345 6789' });
  assert.equal(land.body.mobile, '0755-23456789');
});

test('R-ARC-7: issue 9 item 3: an imported row stores its phones in the same form', async () => {
  const m = mob();
  const csv = `客户名称,手机,办公电话\n导入电话甲,+86 ${spaced(m)},(010) 6552-9988 转 8\n`;
  const up = await sup.req('POST', '/api/v1/imports/files?name=p.csv', undefined,
    { raw: csv, headers: { 'Content-Type': 'application/octet-stream' } });
  assert.equal(up.status, 201, up.text);
  const r = await sup.post('/api/v1/imports', { file_id: up.body.file_id });
  const job = await waitJob(r.body.job_id);
  assert.equal(job.summary.created, 1, JSON.stringify(job.summary));
  const found = await sup.get(`/api/v1/customers?q=${encodeURIComponent('导入电话甲')}`);
  const got = await sup.get(`/api/v1/customers/${found.body.items[0].id}`);
  assert.equal(got.body.mobile, m);
  assert.equal(got.body.phone_office, '010-65529988-8');
});

test('R-ARC-7: issue 9 item 3: at start, phones stored as typed are converted once; a value that is no phone is kept and logged', async () => {
  const s = await startServer({ demo: 1 });
  const admin = await as(s, 'zhangwei');
  const m = mob();
  const a = await admin.post('/api/v1/customers', { kind: 'individual', name: '旧格式甲', mobile: m, phone_office: '010-65529988' });
  const b = await admin.post('/api/v1/customers', { kind: 'individual', name: '旧格式乙' });
  const ct = await admin.post(`/api/v1/customers/${a.body.id}/contacts`, { name: '旧联系人', mobile: m });
  assert.equal(ct.status, 201, ct.text);
  await s.stop({ keep: true });
  // Rows as an earlier version stored them, and the migration's flag.
  sqlite(s.db, `UPDATE customers SET mobile = '+86 ${spaced(m)}', phone_office = '(010) 6552 9988' WHERE id = ${a.body.id};
    UPDATE customers SET phone_home = 'call the front desk' WHERE id = ${b.body.id};
    UPDATE contacts SET mobile = '${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}' WHERE id = ${ct.body.id};
    UPDATE settings SET value = '1' WHERE key = 'phone_canonical';`);
  const s2 = await serveExisting(s.db);
  try {
    assert.equal(sqlite(s.db, `SELECT mobile || '|' || phone_office FROM customers WHERE id = ${a.body.id}`), `${m}|010-65529988`);
    assert.equal(sqlite(s.db, `SELECT mobile FROM contacts WHERE id = ${ct.body.id}`), m);
    assert.equal(sqlite(s.db, `SELECT phone_home FROM customers WHERE id = ${b.body.id}`), 'call the front desk');
    assert.match(s2.stderr, new RegExp(`not a phone number.*table=customers id=${b.body.id} field=phone_home`));
    assert.equal(sqlite(s.db, "SELECT value FROM settings WHERE key = 'phone_canonical'"), '0');
    // the version is not a user's edit: unchanged
    assert.equal(sqlite(s.db, `SELECT version FROM customers WHERE id = ${a.body.id}`), String(a.body.version));
  } finally {
    await s2.stop();
  }
});

async function waitJob(id) {
  for (let i = 0; i < 400; i++) {
    const r = await sup.get(`/api/v1/jobs/${id}`);
    if (r.body.state === 'done' || r.body.state === 'failed') return r.body;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('job did not finish');
}

// ---- item 5 ----

test('R-ARC-12: issue 9 item 5: a PATCH with only unknown fields is refused 400 naming the field, and changes nothing', async () => {
  const c = await create({ name: '未知字段', mobile: mob() });
  const r = await sup.patch(`/api/v1/customers/${c.id}`, { nmae: '改名', colour: 'red' });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'nmae');
  const got = await sup.get(`/api/v1/customers/${c.id}`);
  assert.equal(got.body.version, c.version);
  assert.equal(got.body.name, '未知字段');
});

test('R-ARC-12: issue 9 item 5: a PATCH of the stored values answers 200 unchanged: no new version, no history, no change entry', async () => {
  const m = mob();
  const n = local8();
  const c = await create({ name: '原样保存', mobile: m, phone_office: `010-${n}`, email: 'same@example.com', notes: '备注', tags: ['甲'] });
  const same = await sup.patch(`/api/v1/customers/${c.id}`, {
    name: '原样保存', mobile: `+86 ${spaced(m)}`, phone_office: `(010) ${split4(n)}`, email: 'same@example.com',
    notes: '备注', tags: ['甲'], version: c.version,
  });
  assert.equal(same.status, 200, same.text);
  assert.equal(same.body.version, c.version);
  assert.equal(same.body.updated_at, c.updated_at);
  assert.equal(same.body.mobile, m);
  const empty = await sup.patch(`/api/v1/customers/${c.id}`, {});
  assert.equal(empty.status, 200);
  assert.equal(empty.body.version, c.version);
  const h = await sup.get(`/api/v1/customers/${c.id}/field-history`);
  assert.equal(h.body.items.length, 0);
  assert.equal((await auditEntries(auditor, `action=customer.update&target_id=${c.id}`)).length, 0);
  // a real change still makes a new version, with its history and entry
  const real = await sup.patch(`/api/v1/customers/${c.id}`, { notes: '新备注', version: c.version });
  assert.equal(real.status, 200);
  assert.equal(real.body.version, c.version + 1);
  assert.equal((await auditEntries(auditor, `action=customer.update&target_id=${c.id}`)).length, 1);
  // another user's edit based on the first version is not falsely refused by the no-ops
  const other = await sup.patch(`/api/v1/customers/${c.id}`, { notes: '再改', version: real.body.version });
  assert.equal(other.status, 200);
});

// ---- item 7 ----

test('R-ARC-7: issue 9 item 7: a form post with three bad fields gets all three errors, the first also as before', async () => {
  const r = await sup.post('/api/v1/customers', {
    kind: 'individual', name: '三处错误', mobile: '12345', email: 'not-an-email', id_number: '110101199001011234',
  });
  assert.equal(r.status, 422);
  const e = r.body.error;
  assert.equal(e.code, 'validation');
  assert.equal(e.field, 'mobile');
  assert.ok(e.message && e.message_zh && e.message_en);
  assert.deepEqual(e.errors.map((x) => x.field).sort(), ['email', 'id_number', 'mobile']);
  for (const x of e.errors) {
    assert.ok(x.message_zh && x.message_en && x.message, JSON.stringify(x));
    assert.doesNotMatch(x.message_en, /[\u4e00-\u9fff]/);
  }
  assert.equal(e.errors[0].field, e.field);
  // English answers carry English messages
  const en = await sup.post('/api/v1/customers', { kind: 'individual', name: '', email: 'x' }, { headers: { 'Accept-Language': 'en' } });
  assert.equal(en.status, 422);
  assert.deepEqual(en.body.error.errors.map((x) => x.field).sort(), ['email', 'name']);
});

test('R-ARC-7: issue 9 item 7: a contact with two bad fields gets both errors', async () => {
  const c = await create({ name: '联系人两错' });
  const r = await sup.post(`/api/v1/customers/${c.id}/contacts`, { name: '赵', mobile: '12', email: 'a@b' });
  assert.equal(r.status, 422);
  assert.deepEqual(r.body.error.errors.map((x) => x.field).sort(), ['email', 'mobile']);
});

test('R-ARC-7: issue 9 items 6 and 7: an import row with two bad columns shows both in the preview and in the error file, in the importer\'s language', async () => {
  const good = mob();
  const csv = `客户名称,手机,邮箱,身份证号\n两处错误,12345,bad-mail,${idNumber('11010119900101123')}\n好行,${good},ok@example.com,\n`;
  const up = await sup.req('POST', '/api/v1/imports/files?name=two.csv', undefined,
    { raw: csv, headers: { 'Content-Type': 'application/octet-stream' } });
  const pv = await sup.post('/api/v1/imports/preview', { file_id: up.body.file_id });
  const job = await waitJob(pv.body.job_id);
  const errs = job.summary.errors.filter((e) => e.row === 2);
  assert.deepEqual(errs.map((e) => e.column).sort(), ['手机', '邮箱']);
  assert.deepEqual(errs.map((e) => e.field).sort(), ['email', 'mobile']);
  assert.equal(job.summary.invalid, 1, 'one row, however many problems');

  const up2 = await sup.req('POST', '/api/v1/imports/files?name=two.csv', undefined,
    { raw: csv, headers: { 'Content-Type': 'application/octet-stream' } });
  const r = await sup.post('/api/v1/imports', { file_id: up2.body.file_id, mode: 'valid_rows' });
  const done = await waitJob(r.body.job_id);
  assert.equal(done.summary.rejected, 1);
  const res = await fetch(`${server.url}/api/v1/jobs/${r.body.job_id}/file`, { headers: { Cookie: sup.cookie } });
  assert.equal(res.status, 200);
  const rows = readXlsx(Buffer.from(await res.arrayBuffer())).sheets[0].rows;
  const bad = rows.filter((row) => row[0] === '2');
  assert.equal(bad.length, 1, 'the row appears once');
  assert.match(bad[0][1], /手机：.*邮箱：/s);
  // issue 9 item 6: the error file speaks the importer's language only
  assert.deepEqual(rows[0].slice(0, 2), ['行号', '原因']);
  assert.doesNotMatch(bad[0][1], /invalid/);

  sup.lang = 'en';
  try {
    const up3 = await sup.req('POST', '/api/v1/imports/files?name=two.csv', undefined,
      { raw: csv.replace(good, mob()), headers: { 'Content-Type': 'application/octet-stream' } });
    const r3 = await sup.post('/api/v1/imports', { file_id: up3.body.file_id, mode: 'valid_rows' });
    await waitJob(r3.body.job_id);
    const res3 = await fetch(`${server.url}/api/v1/jobs/${r3.body.job_id}/file`, { headers: { Cookie: sup.cookie } });
    const wb = readXlsx(Buffer.from(await res3.arrayBuffer()));
    assert.equal(wb.sheets[0].name, 'Errors');
    assert.deepEqual(wb.sheets[0].rows[0].slice(0, 2), ['Row', 'Reason']);
    const en = wb.sheets[0].rows.find((row) => row[0] === '2')[1];
    assert.match(en, /手机: invalid mainland mobile.*\n邮箱: invalid e-mail/s);
    assert.doesNotMatch(en.replace(/手机|邮箱/g, ''), /[\u4e00-\u9fff]/);
  } finally {
    sup.lang = 'zh-CN';
  }
});

test('R-ARC-12: issue 9 item 5: an import row that updates an own customer with its stored values makes no new version', async () => {
  const m = mob();
  const c = await create({ name: '导入原样', mobile: m, notes: '不变' });
  const csv = `客户名称,手机,备注\n导入原样,+86 ${spaced(m)},不变\n`;
  const up = await sup.req('POST', '/api/v1/imports/files?name=same.csv', undefined,
    { raw: csv, headers: { 'Content-Type': 'application/octet-stream' } });
  const r = await sup.post('/api/v1/imports', { file_id: up.body.file_id, duplicates: 'update_own' });
  const job = await waitJob(r.body.job_id);
  assert.equal(job.state, 'done', JSON.stringify(job.error));
  const got = await sup.get(`/api/v1/customers/${c.id}`);
  assert.equal(got.body.version, c.version);
  assert.equal(got.body.updated_at, c.updated_at);
  assert.equal((await auditEntries(auditor, `action=customer.update&target_id=${c.id}`)).length, 0);
});

test('R-ARC-7: issue 9 item 7: an import row whose cells cannot all be read lists those and its other problems together', async () => {
  const csv = '客户名称,性别,等级,手机,归属人\n读不出,火星人,Z级,12345,不存在的人\n';
  const up = await sup.req('POST', '/api/v1/imports/files?name=cells.csv', undefined,
    { raw: csv, headers: { 'Content-Type': 'application/octet-stream' } });
  const pv = await sup.post('/api/v1/imports/preview', { file_id: up.body.file_id });
  const job = await waitJob(pv.body.job_id);
  const errs = job.summary.errors.filter((e) => e.row === 2);
  assert.deepEqual(errs.map((e) => e.column).sort(), ['归属人', '性别', '手机', '等级'].sort(), JSON.stringify(errs));
  assert.equal(job.summary.invalid, 1);
});
