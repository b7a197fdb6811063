// Field encryption at rest (R-SEC-11, issue 12 item 10): phones, ID numbers, profile values,
// contacts' personal details, field-history values and approval secrets are stored sealed
// (XChaCha20-Poly1305 under data keys wrapped by kehu.key); exact lookup and duplicate
// refusal by phone or ID number go through keyed hashes (blind indexes); the search index
// keeps the last 4 digits and no full number; `kehu key rotate` re-encrypts online; a
// database written before encryption is sealed at its next start.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { startServer, serveExisting, as, asAdmin, mobile, idNumber, kehu, sqlite, isUrl, waitJob, PG_SKIP } from '../lib/kehu.mjs';

let server;
const u = {};
let customer;
const M = mobile();
const M2 = mobile();
const ID = idNumber('11010519491231002');
const CM = mobile();
const HEALTH = '糖尿病随访记录甲乙丙';
const NOTE = '家属备注丁戊己';

before(async () => {
  server = await startServer({ demo: 3 });
  for (const n of ['gm', 'zhangwei', 'lina']) u[n] = await as(server, n);
  await u.gm.put('/api/v1/_test/clock', { now: '2026-06-01T10:00:00+08:00' });
  const r = await u.zhangwei.post('/api/v1/customers', {
    kind: 'individual', name: '加密客户', mobile: M, id_number: ID,
    templates: ['personal'], custom: { health_status: HEALTH, hobbies: '钓鱼' },
  });
  assert.equal(r.status, 201, r.text);
  customer = r.body;
  const k = await u.zhangwei.post(`/api/v1/customers/${customer.id}/contacts`, { name: '家属甲', relation: 'spouse', mobile: CM, notes: NOTE });
  assert.equal(k.status, 201, k.text);
  // The first number goes to the field history when it changes.
  const p = await u.zhangwei.patch(`/api/v1/customers/${customer.id}`, { mobile: M2 });
  assert.equal(p.status, 200, p.text);
});
after(async () => { await server?.stop(); });

const q = (sql) => sqlite(server.db, sql);
const secrets = [M, M2, ID, CM, HEALTH, NOTE];

/** The database's files as bytes (SQLite: the file and its WAL). */
function fileBytes(db) {
  return [db, `${db}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f));
}

test('R-SEC-11: issue 12 item 10: sensitive columns hold sealed values, the keys blind indexes, the search index no full number', async () => {
  const row = q(`SELECT mobile || '|' || id_number || '|' || custom FROM customers WHERE id = ${customer.id}`).split('|');
  for (const v of row) assert.match(v, /^k\d+:[A-Za-z0-9_-]+$/, 'stored sealed');
  assert.match(q(`SELECT mobile || '|' || notes FROM contacts WHERE customer_id = ${customer.id}`), /^k\d+:[^|]+\|k\d+:/);
  assert.match(q(`SELECT old_value FROM field_history WHERE customer_id = ${customer.id} AND field = 'mobile'`), /^k\d+:/);
  const keys = q(`SELECT kind || '=' || value FROM customer_keys WHERE customer_id = ${customer.id} ORDER BY kind`).split('\n');
  assert.deepEqual(keys.map((k) => k.split('=')[0]), ['id_number', 'phone']);
  for (const k of keys) assert.match(k.split('=')[1], /^[0-9a-f]{32}$/, 'a keyed hash, not the number');
  const doc = isUrl(server.db)
    ? q(`SELECT doc::text FROM customer_search WHERE rowid = ${customer.id}`)
    : q(`SELECT phone || ' ' || other FROM customer_search WHERE rowid = ${customer.id}`);
  assert.ok(doc.includes(`t${M2.slice(7)}`), 'the last 4 digits stay for suffix search');
  for (const s of [M, M2, ID.toLowerCase(), '糖']) assert.ok(!doc.includes(s), `${s} not in the search index`);
  for (const s of secrets) {
    for (const [t, c] of [['customers', 'mobile'], ['customers', 'custom'], ['contacts', 'mobile'], ['contacts', 'notes'], ['field_history', 'old_value']]) {
      assert.equal(q(`SELECT count(*) FROM ${t} WHERE ${c} LIKE '%${s}%'`), '0', `${s} in ${t}.${c}`);
    }
  }
  // What the owner reads is the plaintext again.
  const got = (await u.gm.get(`/api/v1/customers/${customer.id}`)).body;
  assert.deepEqual([got.mobile, got.id_number, got.custom.health_status, got.contacts[0].mobile, got.contacts[0].notes], [M2, ID, HEALTH, CM, NOTE]);
  const h = (await u.gm.get(`/api/v1/customers/${customer.id}/field-history`)).body.items.find((x) => x.field === 'mobile');
  assert.deepEqual([h.old, h.new], [M, M2]);
});

test('R-SEC-11: issue 12 item 10: the SQLite file and its WAL hold none of the phones, the ID number or the profile and contact details', { skip: PG_SKIP }, async () => {
  for (const bytes of fileBytes(server.db)) {
    for (const s of secrets) assert.equal(bytes.indexOf(Buffer.from(s)), -1, `${s} found in the database's bytes`);
  }
});

test('R-SEC-11: issue 12 item 10: exact search by full phone or ID number and suffix search by the last 4 digits still find the record; a partial number does not', async () => {
  const ids = async (c, s) => (await c.get(`/api/v1/customers?q=${encodeURIComponent(s)}`)).body.items.map((x) => x.id);
  assert.deepEqual(await ids(u.gm, M2), [customer.id]);
  assert.deepEqual(await ids(u.gm, `${M2.slice(0, 3)} ${M2.slice(3, 7)} ${M2.slice(7)}`), [customer.id], 'typed with spaces');
  assert.deepEqual(await ids(u.gm, ID), [customer.id], 'the ID number, ending in X');
  assert.deepEqual(await ids(u.gm, ID.toLowerCase()), [customer.id]);
  assert.ok((await ids(u.gm, M2.slice(7))).includes(customer.id), 'the last 4 digits');
  assert.deepEqual(await ids(u.gm, M), [], 'the old number is no longer the record\'s');
  assert.deepEqual(await ids(u.gm, M2.slice(0, 8)), [], 'no prefix of a number is indexed');
  // The search reaches only what the reader may see: lina does not own this customer.
  assert.deepEqual(await ids(u.lina, M2), []);
});

test('R-SEC-11: issue 12 item 10: a second customer with the same phone or ID number is refused through the blind index, and nothing is stored', async () => {
  const before = q('SELECT count(*) FROM customers');
  const a = await u.lina.post('/api/v1/customers', { kind: 'individual', name: '重复手机', mobile: M2 });
  assert.equal(a.status, 409, a.text);
  assert.equal(a.body.error.field, 'mobile');
  const b = await u.lina.post('/api/v1/customers', { kind: 'individual', name: '重复证件', id_number: ID });
  assert.equal(b.status, 409, b.text);
  assert.equal(b.body.error.field, 'id_number');
  assert.equal(q('SELECT count(*) FROM customers'), before);
});

test('R-SEC-11: issue 12 item 10: `kehu key rotate` re-encrypts every value online under a new key, deletes the old one, and every record stays readable', async () => {
  const v0 = q('SELECT max(version) FROM field_keys');
  const r = await kehu(['key', 'rotate', '--db', server.db, '--wait', '2']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /records re-encrypted/);
  const v1 = q('SELECT version FROM field_keys');
  assert.equal(v1, String(Number(v0) + 1), 'one key left: the new one');
  assert.match(q(`SELECT mobile FROM customers WHERE id = ${customer.id}`), new RegExp(`^k${v1}:`));
  assert.equal(q(`SELECT count(*) FROM customers WHERE mobile LIKE 'k${v0}:%' OR custom LIKE 'k${v0}:%'`), '0');
  // The running server loaded the new key: reads and writes go on.
  const got = (await u.gm.get(`/api/v1/customers/${customer.id}`)).body;
  assert.deepEqual([got.mobile, got.id_number, got.custom.health_status, got.contacts[0].notes], [M2, ID, HEALTH, NOTE]);
  const p = await u.gm.patch(`/api/v1/customers/${customer.id}`, { phone_home: '010-65529988' });
  assert.equal(p.status, 200, p.text);
  assert.match(q(`SELECT phone_home FROM customers WHERE id = ${customer.id}`), new RegExp(`^k${v1}:`));
  const st = await kehu(['key', 'status', '--db', server.db]);
  assert.equal(st.code, 0, st.stdout + st.stderr);
  assert.match(st.stdout, /plaintext sensitive values: 0/);
  const audit = (await u.gm.get('/api/v1/audit?action=vault.rotate')).body.items;
  assert.equal(audit.length, 1);
  const bad = await kehu(['key', 'rotate', '--db', server.db, '--wait', 'x']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--wait takes 0 to 600 seconds/);
});

test('R-SEC-11: issue 12 item 10: an administrator sees the data keys and how many values each seals, and rotates the key as a background job; nobody else may', async () => {
  const admin = await asAdmin(server);
  const st = await admin.get('/api/v1/encryption?counts=1');
  assert.equal(st.status, 200, st.text);
  // New keys seal with AES-256-GCM where the processor has AES-NI (DECISIONS §124).
  const active = st.body.keys.find((k) => k.active);
  assert.ok(['aes256gcm', 'xchacha20poly1305'].includes(active.cipher), active.cipher);
  assert.equal(st.body.cipher, active.cipher === 'aes256gcm' ? 'AES-256-GCM' : 'XChaCha20-Poly1305');
  assert.equal(st.body.keys.length, 1);
  const [k] = st.body.keys;
  assert.equal(k.active, true);
  assert.ok(k.values >= 8, `values sealed: ${k.values}`);
  assert.equal(st.body.plaintext, 0);
  assert.equal((await admin.get('/api/v1/encryption')).body.keys[0].values, undefined, 'counting only when asked');
  for (const who of ['zhangwei', 'gm']) {
    const c = who === 'gm' ? u.gm : u.zhangwei;
    const g = await c.get('/api/v1/encryption');
    assert.equal(g.status, 403, `${who}: ${g.text}`);
    assert.match(g.body.error.message_en, /only administrators manage encryption keys/);
    assert.equal((await c.post('/api/v1/encryption/rotate', {})).status, 403);
  }
  assert.equal(q('SELECT count(*) FROM field_keys'), '1', 'a refused rotation added no key');
  const r = await admin.post('/api/v1/encryption/rotate', {});
  assert.equal(r.status, 202, r.text);
  const job = await waitJob(admin, r.body.job_id);
  assert.equal(job.state, 'done', JSON.stringify(job));
  const after = (await admin.get('/api/v1/encryption?counts=1')).body;
  assert.deepEqual(after.keys.map((x) => [x.version, x.active]), [[k.version + 1, true]]);
  assert.equal(after.keys[0].values, k.values);
  const got = (await u.gm.get(`/api/v1/customers/${customer.id}`)).body;
  assert.deepEqual([got.mobile, got.id_number, got.custom.health_status], [M2, ID, HEALTH]);
});

test('R-SEC-11: issue 12 item 10: values of sensitive profile fields stay out of the search index; marking a field sensitive rebuilds the index in a job; a phone field is always sensitive', async () => {
  const info = await as(server, 'infosup');
  const fields = (await info.get('/api/v1/custom-fields')).body.items;
  const by = (k) => fields.find((f) => f.key === k);
  assert.equal(by('health_status').sensitive, true);
  assert.equal(by('spouse_name').sensitive, true);
  assert.equal(by('hobbies').sensitive, false);
  const ids = async (text) => (await u.gm.get(`/api/v1/customers?q=${encodeURIComponent(text)}`)).body.items.map((x) => x.id);
  assert.deepEqual(await ids('钓鱼'), [customer.id], 'a plain profile value is searchable');
  assert.deepEqual(await ids('糖尿病随访'), [], 'a health detail is not');
  // Refusals change nothing and start no job.
  assert.equal((await u.zhangwei.patch(`/api/v1/custom-fields/${by('hobbies').id}`, { sensitive: true })).status, 403);
  const bad = await info.patch(`/api/v1/custom-fields/${by('hobbies').id}`, { sensitive: 'yes' });
  assert.equal(bad.status, 400, bad.text);
  assert.equal(bad.body.error.field, 'sensitive');
  const ph = await info.post('/api/v1/custom-fields', { key: 'emergency_phone', label_zh: '紧急联系电话', label_en: 'Emergency phone', type: 'phone', template: 'personal' });
  assert.equal(ph.status, 201, ph.text);
  assert.equal(ph.body.sensitive, true, 'a phone field is made sensitive');
  const keep = await info.patch(`/api/v1/custom-fields/${ph.body.id}`, { sensitive: false });
  assert.equal(keep.status, 422, keep.text);
  assert.equal(keep.body.error.field, 'sensitive');
  assert.match(keep.body.error.message_en, /a phone field is always sensitive/);
  // Marking hobbies sensitive takes its values out of the index, through a job.
  const r = await info.patch(`/api/v1/custom-fields/${by('hobbies').id}`, { sensitive: true });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.sensitive, true);
  assert.ok(r.body.reindex_job_id > 0);
  const job = await waitJob(info, r.body.reindex_job_id);
  assert.equal(job.state, 'done', JSON.stringify(job));
  assert.deepEqual(await ids('钓鱼'), []);
  const again = await info.patch(`/api/v1/custom-fields/${by('hobbies').id}`, { label_en: 'Hobbies and pastimes' });
  assert.equal(again.body.reindex_job_id, undefined, 'no rebuild when the flag stays');
  const back = await info.patch(`/api/v1/custom-fields/${by('hobbies').id}`, { sensitive: false });
  await waitJob(info, back.body.reindex_job_id);
  assert.deepEqual(await ids('钓鱼'), [customer.id]);
  const audit = (await u.gm.get('/api/v1/audit?action=settings.custom_field_update&limit=10')).body.items;
  assert.ok(audit.some((e) => /sensitive=1/.test(e.detail)), 'the change is audited');
});

test('R-SEC-11: issue 12 item 10: a database written before encryption is sealed at its next start: values, keys and search tokens', async () => {
  await server.stop({ keep: true });
  const db = server.db;
  const plain = mobile();
  // What an older Kehu left: plaintext columns, the number itself as key and search token.
  sqlite(db, `UPDATE customers SET mobile = '${plain}', phone_home = '', custom = '{"health_status":"${HEALTH}"}' WHERE id = ${customer.id}`);
  sqlite(db, `UPDATE contacts SET notes = '${NOTE}' WHERE customer_id = ${customer.id}`);
  sqlite(db, `DELETE FROM customer_keys WHERE customer_id = ${customer.id} AND kind = 'phone'`);
  sqlite(db, `INSERT INTO customer_keys (kind, value, customer_id) VALUES ('phone', '${plain}', ${customer.id})`);
  sqlite(db, "UPDATE settings SET value = '1' WHERE key IN ('field_seal', 'customer_blind_keys')");
  server = await serveExisting(db);
  assert.match(q(`SELECT mobile FROM customers WHERE id = ${customer.id}`), /^k\d+:/);
  assert.match(q(`SELECT custom FROM customers WHERE id = ${customer.id}`), /^k\d+:/);
  assert.match(q(`SELECT notes FROM contacts WHERE customer_id = ${customer.id}`), /^k\d+:/);
  assert.equal(q(`SELECT count(*) FROM customer_keys WHERE value = '${plain}'`), '0');
  assert.equal(q("SELECT value FROM settings WHERE key = 'field_seal'"), '0');
  const gm = await as(server, 'gm');
  const got = (await gm.get(`/api/v1/customers/${customer.id}`)).body;
  assert.deepEqual([got.mobile, got.custom.health_status, got.contacts[0].notes], [plain, HEALTH, NOTE]);
  assert.deepEqual((await gm.get(`/api/v1/customers?q=${plain}`)).body.items.map((x) => x.id), [customer.id]);
  if (!isUrl(db)) {
    for (const bytes of fileBytes(db)) {
      for (const s of [plain, HEALTH, NOTE]) assert.equal(bytes.indexOf(Buffer.from(s)), -1, `${s} left in the file after the upgrade`);
    }
  }
});
