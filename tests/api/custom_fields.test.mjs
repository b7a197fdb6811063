// Custom profile fields are edited and retired (hidden from forms, values kept) and restored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, auditEntries, mobile } from '../lib/kehu.mjs';

let server;
let admin;
before(async () => {
  server = await startServer({ demo: 3 });
  admin = await asAdmin(server);
  const t = await admin.post('/api/v1/profile-templates', { code: 'club', name_zh: '俱乐部', name_en: 'Club' });
  assert.equal(t.status, 201, t.text);
});
after(async () => { await server.stop(); });

test('R-ARC-4: issue 9 item 15: a custom field\'s labels, options, required flag and place are edited; key, type and template stay', async () => {
  const made = await admin.post('/api/v1/custom-fields', { key: 'club_level', label_zh: '俱乐部等级', label_en: 'Club level', type: 'choice', options: ['银', '金'], template: 'club', required: false });
  assert.equal(made.status, 201, made.text);
  const r = await admin.patch(`/api/v1/custom-fields/${made.body.id}`, { label_zh: '会籍等级', label_en: 'Membership level', options: ['银', '金', '白金'], required: true, position: 5, key: 'ignored', type: 'text' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.label_zh, '会籍等级');
  assert.equal(r.body.label_en, 'Membership level');
  assert.deepEqual(r.body.options, ['银', '金', '白金']);
  assert.equal(r.body.required, true);
  assert.equal(r.body.position, 5);
  assert.equal(r.body.key, 'club_level');
  assert.equal(r.body.type, 'choice');
  assert.equal(r.body.retired, false);
  const zw = await as(server, 'zhangwei');
  const refused = await zw.post('/api/v1/customers', { kind: 'individual', name: '会员甲', mobile: mobile(), templates: ['club'], custom: {} });
  assert.equal(refused.status, 422);
  assert.equal(refused.body.error.field, 'custom.club_level');
  const auditor = await as(server, 'shenji');
  const entries = await auditEntries(auditor, `action=settings.custom_field_update&target_id=${made.body.id}`);
  assert.equal(entries.length, 1);
  assert.match(entries[0].detail, /key=club_level labels options required=1 position/);
});

test('R-ARC-4: a create\'s answer with templates and custom values equals what a later read returns', async () => {
  const zw = await as(server, 'zhangwei');
  const made = await zw.post('/api/v1/customers', { kind: 'individual', name: '会员回读', mobile: mobile(), templates: ['club'], custom: { club_level: '白金' } });
  assert.equal(made.status, 201, made.text);
  assert.deepEqual(made.body.templates, ['club']);
  assert.equal(made.body.custom.club_level, '白金');
  const read = await zw.get(`/api/v1/customers/${made.body.id}`);
  assert.equal(read.status, 200, read.text);
  assert.deepEqual(made.body, read.body);
});

test('R-ARC-4: issue 9 item 15: a retired field is no longer required, its values are kept, and it can be restored', async () => {
  const made = await admin.post('/api/v1/custom-fields', { key: 'locker_no', label_zh: '柜号', label_en: 'Locker number', type: 'text', template: 'club', required: true });
  assert.equal(made.status, 201, made.text);
  const zw = await as(server, 'zhangwei');
  const c = await zw.post('/api/v1/customers', { kind: 'individual', name: '会员乙', mobile: mobile(), templates: ['club'], custom: { locker_no: 'A-12', club_level: '金' } });
  assert.equal(c.status, 201, c.text);
  const r = await admin.patch(`/api/v1/custom-fields/${made.body.id}`, { retired: true });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.retired, true);
  assert.equal(r.body.required, false);
  // not required any more; the kept value is still there
  const c2 = await zw.post('/api/v1/customers', { kind: 'individual', name: '会员丙', mobile: mobile(), templates: ['club'], custom: { club_level: '银' } });
  assert.equal(c2.status, 201, c2.text);
  assert.equal((await zw.get(`/api/v1/customers/${c.body.id}`)).body.custom.locker_no, 'A-12');
  const listed = (await zw.get('/api/v1/custom-fields')).body.items.find((f) => f.key === 'locker_no');
  assert.equal(listed.retired, true);
  // a retired field cannot be made required; restoring brings it back (not required)
  const bad = await admin.patch(`/api/v1/custom-fields/${made.body.id}`, { required: true });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.error.field, 'required');
  const back = await admin.patch(`/api/v1/custom-fields/${made.body.id}`, { retired: false, required: true });
  assert.equal(back.status, 200, back.text);
  assert.equal(back.body.retired, false);
  assert.equal(back.body.required, true);
});

test('R-ARC-4: issue 9 item 15: custom field edits are refused naming the field, changing nothing; others get 403, unknown ids 404', async () => {
  const made = await admin.post('/api/v1/custom-fields', { key: 'club_note', label_zh: '会员备注', label_en: 'Member note', type: 'text', template: 'club' });
  const id = made.body.id;
  const cases = [
    [{ label_zh: '' }, 'label_zh'],
    [{ label_en: '' }, 'label_en'],
    [{ options: ['a'] }, 'options'], // a text field has no options
    [{ position: -1 }, 'position'],
    [{ position: 20000 }, 'position'],
  ];
  for (const [body, field] of cases) {
    const r = await admin.patch(`/api/v1/custom-fields/${id}`, body);
    assert.equal(r.status, 422, `${field}: ${r.text}`);
    assert.equal(r.body.error.field, field);
  }
  const level = (await admin.get('/api/v1/custom-fields')).body.items.find((f) => f.key === 'club_level');
  const empty = await admin.patch(`/api/v1/custom-fields/${level.id}`, { options: [] });
  assert.equal(empty.status, 422);
  assert.equal(empty.body.error.field, 'options');
  const typeErr = await admin.patch(`/api/v1/custom-fields/${id}`, { required: 'yes' });
  assert.equal(typeErr.status, 400);
  assert.equal(typeErr.body.error.field, 'required');
  const optErr = await admin.patch(`/api/v1/custom-fields/${level.id}`, { options: 'gold' });
  assert.equal(optErr.status, 400, optErr.text);
  assert.equal(optErr.body.error.field, 'options');
  assert.match(optErr.body.error.message_en, /array of strings/);
  const after = (await admin.get('/api/v1/custom-fields')).body.items.find((f) => f.id === id);
  assert.equal(after.label_zh, '会员备注');
  assert.equal(after.position, made.body.position);
  const zw = await as(server, 'zhangwei');
  assert.equal((await zw.patch(`/api/v1/custom-fields/${id}`, { retired: true })).status, 403);
  assert.equal((await admin.patch('/api/v1/custom-fields/999999', { retired: true })).status, 404);
});
