// Masking 脱敏 (R-SEC-13, issue 12 item 9): phones and ID numbers reach a user whose role
// may not unmask them masked (138****8000, 1101**********002X) on every path — the record,
// lists and search, contacts, field history, exports; showing one field in full is an
// explicit action, audited and listed in "who saw this"; a masked value sent back unchanged
// keeps the stored number and any other masked value is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, auditEntries, mobile, idNumber, waitJob, runExport } from '../lib/kehu.mjs';
import { parseCsv } from '../lib/csv.mjs';

let server;
const u = {};
let customer, contact;
const M = mobile();
const ID = idNumber('11010519491231002');
const OFFICE = '010-65529988';
const CONTACT_M = mobile();
const maskMobile = (m) => `${m.slice(0, 3)}****${m.slice(7)}`;
const maskId = (x) => `${x.slice(0, 4)}${'*'.repeat(10)}${x.slice(14)}`;

before(async () => {
  server = await startServer({ demo: 3 });
  for (const n of ['gm', 'csmanager', 'infosup', 'zhangwei', 'lina', 'infospec']) u[n] = await as(server, n);
  await u.gm.put('/api/v1/_test/clock', { now: '2026-06-01T10:00:00+08:00' });
  const r = await u.zhangwei.post('/api/v1/customers', {
    kind: 'individual', name: '脱敏客户', mobile: M, phone_office: OFFICE, id_number: ID,
  });
  assert.equal(r.status, 201, r.text);
  customer = r.body;
  const k = await u.zhangwei.post(`/api/v1/customers/${customer.id}/contacts`, { name: '联系人甲', mobile: CONTACT_M });
  assert.equal(k.status, 201, k.text);
  contact = k.body;
});
after(async () => { await server?.stop(); });

const stored = async () => (await u.gm.get(`/api/v1/customers/${customer.id}`)).body;

test('R-SEC-13: issue 12 item 9: a salesperson sees phones and ID numbers masked in the record, lists, search, contacts and field history; the GM, the CS manager and the information supervisor see them in full', async () => {
  assert.equal(customer.mobile, maskMobile(M), 'the answer to the create is masked too');
  assert.equal(customer.masked, true);
  assert.equal(contact.mobile, maskMobile(CONTACT_M));
  const zw = u.zhangwei;
  const got = (await zw.get(`/api/v1/customers/${customer.id}`)).body;
  assert.equal(got.mobile, maskMobile(M));
  assert.equal(got.phone_office, '010-****9988');
  assert.equal(got.id_number, maskId(ID));
  assert.equal(got.id_number, '1101**********002X'.slice(0, 14) + ID.slice(14));
  assert.equal(got.contacts[0].mobile, maskMobile(CONTACT_M));
  // Searching by the full number still finds the record; the row shows it masked.
  const found = (await zw.get(`/api/v1/customers?q=${M}`)).body.items;
  assert.deepEqual(found.map((x) => [x.id, x.mobile]), [[customer.id, maskMobile(M)]]);
  const listed = (await zw.get('/api/v1/customers?limit=200')).body.items.find((x) => x.id === customer.id);
  assert.equal(listed.mobile, maskMobile(M));
  assert.equal((await zw.get(`/api/v1/customers/${customer.id}/contacts`)).body.items[0].mobile, maskMobile(CONTACT_M));
  const M2 = mobile();
  const p = await zw.patch(`/api/v1/customers/${customer.id}`, { mobile: M2 });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.body.mobile, maskMobile(M2));
  const hist = (await zw.get(`/api/v1/customers/${customer.id}/field-history`)).body.items.find((h) => h.field === 'mobile');
  assert.deepEqual([hist.old, hist.new], [maskMobile(M), maskMobile(M2)]);
  for (const who of ['gm', 'csmanager', 'infosup']) {
    const full = (await u[who].get(`/api/v1/customers/${customer.id}`)).body;
    assert.deepEqual([full.mobile, full.phone_office, full.id_number, full.masked], [M2, OFFICE, ID, undefined], who);
    assert.equal(full.contacts[0].mobile, CONTACT_M, who);
    const h = (await u[who].get(`/api/v1/customers/${customer.id}/field-history`)).body.items.find((x) => x.field === 'mobile');
    assert.deepEqual([h.old, h.new], [M, M2], who);
  }
  // The information specialist keeps data but is not among the roles that unmask.
  assert.equal((await u.infospec.get(`/api/v1/customers/${customer.id}`)).body.mobile, maskMobile(M2));
  assert.equal((await zw.patch(`/api/v1/customers/${customer.id}`, { mobile: M })).status, 200);
});

test('R-SEC-13: issue 12 item 9: showing one field in full is an explicit action, audited and listed in who saw this; unknown fields and records out of sight are refused and leave no entry', async () => {
  const zw = u.zhangwei;
  const r = await zw.post(`/api/v1/customers/${customer.id}/reveal`, { field: 'mobile' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body, { field: 'mobile', value: M });
  const idr = await zw.post(`/api/v1/customers/${customer.id}/reveal`, { field: 'id_number' });
  assert.equal(idr.body.value, ID);
  const k = await zw.post(`/api/v1/customers/${customer.id}/reveal`, { field: 'mobile', contact_id: contact.id });
  assert.equal(k.status, 200, k.text);
  assert.equal(k.body.value, CONTACT_M);
  let entries = [];
  for (let i = 0; i < 40; i++) { // read entries become durable within the audit window
    entries = (await auditEntries(u.gm, 'action=customer.unmask')).filter((e) => e.target_id === String(customer.id));
    if (entries.length >= 3) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  assert.deepEqual(entries.map((e) => e.detail).sort(), ['field=id_number', `field=mobile`, `field=mobile contact=${contact.id}`].sort());
  assert.ok(entries.every((e) => e.actor.id === u.zhangwei.user.id), JSON.stringify(entries[0]));
  const log = (await u.gm.get(`/api/v1/customers/${customer.id}/access-log`)).body.items;
  const shown = log.filter((e) => e.action === 'customer.unmask');
  assert.equal(shown.length, 3);
  assert.equal(shown[0].action_label, '查看完整号码');

  const bad = [
    [{ field: 'email' }, 422, 'field'],
    [{}, 422, 'field'],
    [{ field: 'mobile', contact_id: -1 }, 422, 'contact_id'],
    [{ field: 'id_number', contact_id: contact.id }, 422, 'field'],
    [{ field: 'mobile', contact_id: 'x' }, 400, 'contact_id'],
  ];
  for (const [body, status, field] of bad) {
    const x = await zw.post(`/api/v1/customers/${customer.id}/reveal`, body);
    assert.equal(x.status, status, `${JSON.stringify(body)}: ${x.text}`);
    assert.equal(x.body.error.field, field, x.text);
    assert.ok(x.body.error.message_zh && x.body.error.message_en, x.text);
  }
  // Another salesperson's customer: not found, as for a read; nothing is shown or recorded as shown.
  const other = await u.lina.post(`/api/v1/customers/${customer.id}/reveal`, { field: 'mobile' });
  assert.equal(other.status, 404, other.text);
  assert.equal(other.body.value, undefined);
  const missingContact = await zw.post(`/api/v1/customers/${customer.id}/reveal`, { field: 'mobile', contact_id: contact.id + 1000 });
  assert.equal(missingContact.status, 404, missingContact.text);
  await new Promise((res) => setTimeout(res, 1200));
  entries = (await auditEntries(u.gm, 'action=customer.unmask')).filter((e) => e.target_id === String(customer.id));
  assert.equal(entries.length, 3, 'refusals record no unmasking');
});

test('R-SEC-13: issue 12 item 9: a masked value sent back unchanged keeps the stored number; another masked value is refused with its field, changing nothing', async () => {
  const zw = u.zhangwei;
  const before = await stored();
  // An edit form sends the record as it was shown: the masked numbers stay as stored.
  const same = await zw.patch(`/api/v1/customers/${customer.id}`, { mobile: maskMobile(M), id_number: maskId(ID), notes: '改了备注' });
  assert.equal(same.status, 200, same.text);
  let now = await stored();
  assert.deepEqual([now.mobile, now.id_number, now.notes], [M, ID, '改了备注']);
  const history = (await u.gm.get(`/api/v1/customers/${customer.id}/field-history`)).body.items;
  assert.ok(!history.some((h) => h.field === 'mobile' && h.new === maskMobile(M)), 'no change recorded for a masked value');
  // A masked value that is not the stored one's mask: refused, naming the field.
  const wrong = await zw.patch(`/api/v1/customers/${customer.id}`, { mobile: '138****0000', notes: '不应保存' });
  assert.equal(wrong.status, 422, wrong.text);
  assert.equal(wrong.body.error.field, 'mobile');
  assert.match(wrong.body.error.message_zh, /脱敏/);
  assert.match(wrong.body.error.message_en, /masked/);
  now = await stored();
  assert.deepEqual([now.mobile, now.notes, now.version], [M, '改了备注', before.version + 1]);
  const newOne = await zw.post('/api/v1/customers', { kind: 'individual', name: '抄来的号码', mobile: maskMobile(M) });
  assert.equal(newOne.status, 422, newOne.text);
  assert.equal(newOne.body.error.field, 'mobile');
  // A contact edited with its masked mobile keeps it; another masked mobile is refused.
  const kc = await zw.patch(`/api/v1/customers/${customer.id}/contacts/${contact.id}`, { mobile: maskMobile(CONTACT_M), position: '经理' });
  assert.equal(kc.status, 200, kc.text);
  const kw = await zw.patch(`/api/v1/customers/${customer.id}/contacts/${contact.id}`, { mobile: '139****0000' });
  assert.equal(kw.status, 422, kw.text);
  assert.equal(kw.body.error.field, 'mobile');
  const kept = (await u.gm.get(`/api/v1/customers/${customer.id}/contacts`)).body.items[0];
  assert.deepEqual([kept.mobile, kept.position], [CONTACT_M, '经理']);
});

const exportCsv = (c) => runExport(server, c, { format: 'csv', filter: { q: '脱敏客户' } });

test('R-SEC-13: issue 12 item 9: an export is masked unless the exporter may unmask; the masked file imported as new customers is refused row by row, storing nothing', async () => {
  const masked = await exportCsv(u.zhangwei);
  const text = masked.toString('utf8');
  assert.ok(!text.includes(M) && !text.includes(ID) && !text.includes(CONTACT_M), 'no full number in the masked export');
  assert.ok(text.includes(maskMobile(M)) && text.includes(maskId(ID)), text.slice(0, 400));
  const full = (await exportCsv(u.gm)).toString('utf8');
  assert.ok(full.includes(M) && full.includes(ID), 'the GM exports numbers in full');
  // The masked file, with its code column emptied, imported as new records: each row refused.
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  const header = rows.findIndex((r) => r.includes('手机 Mobile') || r.some((x) => x.startsWith('手机')));
  assert.ok(header >= 0, text.slice(0, 300));
  const body = rows.slice(header).map((r, i) => (i === 0 ? r : r.map((x, j) => (j === 0 ? '' : x))));
  const csv = body.map((r) => r.map((x) => `"${x.replaceAll('"', '""')}"`).join(',')).join('\r\n');
  const up = await u.zhangwei.req('POST', '/api/v1/imports/files?name=masked.csv', undefined,
    { raw: Buffer.from(csv), headers: { 'Content-Type': 'text/csv' } });
  assert.equal(up.status, 201, up.text);
  const count = async () => (await u.gm.get(`/api/v1/customers?q=${encodeURIComponent('脱敏客户')}`)).body.items.length;
  const n0 = await count();
  const imp = await u.zhangwei.post('/api/v1/imports', { file_id: up.body.file_id, mode: 'valid_rows' });
  assert.equal(imp.status, 202, imp.text);
  const job = await waitJob(u.zhangwei, imp.body.job_id);
  assert.equal(job.state, 'done', JSON.stringify(job));
  const sum = job.summary;
  assert.deepEqual([sum.rows, sum.created, sum.rejected], [1, 0, 1], JSON.stringify(sum.errors));
  assert.deepEqual(sum.errors.map((e) => e.field).sort(), ['id_number', 'mobile', 'phone_office']);
  assert.ok(sum.errors.every((e) => /masked/.test(e.message_en) && /脱敏/.test(e.message_zh)), JSON.stringify(sum.errors));
  assert.equal(await count(), n0, 'nothing stored');
});
