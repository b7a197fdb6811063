// Profile template presets, and template files: export and import (R-ARC-4).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, auditEntries } from '../lib/kehu.mjs';

let server;
let admin;
let zw;
before(async () => {
  server = await startServer({ demo: 1 });
  [admin, zw] = await Promise.all([asAdmin(server), as(server, 'zhangwei')]);
});
after(async () => { await server.stop(); });

async function templates() {
  const r = await zw.get('/api/v1/profile-templates');
  assert.equal(r.status, 200, r.text);
  return Object.fromEntries(r.body.items.map((t) => [t.code, t]));
}

test('R-ARC-4: property tenant, hotel guest, elderly-health and corporate banking presets ship with their fields', async () => {
  const byCode = await templates();
  const expect = {
    property_tenant: ['物业租户', 'Property tenant', ['tenant_lease_end', 'tenant_deposit', 'tenant_emergency_phone']],
    hotel_guest: ['酒店宾客', 'Hotel guest', ['hotel_member_level', 'hotel_room_type', 'hotel_dietary']],
    elderly_health: ['老年健康客户', 'Elderly-health customer', ['elder_chronic', 'elder_checkup_date', 'elder_child_phone']],
    corporate_banking: ['对公银行客户', 'Corporate banking', ['bank_credit_line', 'bank_loan_balance', 'bank_products']],
  };
  for (const [code, [zh, en, keys]] of Object.entries(expect)) {
    const t = byCode[code];
    assert.ok(t, code);
    assert.equal(t.name_zh, zh);
    assert.equal(t.name_en, en);
    assert.ok(t.fields.length >= 12, `${code} has ${t.fields.length} fields`);
    for (const k of keys) assert.ok(t.fields.some((f) => f.key === k), `${code}.${k}`);
    for (const f of t.fields) if (f.type === 'choice' || f.type === 'multi_choice') assert.ok(f.options.length > 0, f.key);
  }
  // a customer can be filled in with a new preset's fields
  const r = await zw.post('/api/v1/customers', {
    kind: 'individual', name: '入住宾客', templates: ['hotel_guest'],
    custom: { hotel_member_level: '金卡会员', hotel_stays: 3, hotel_smoking_room: false },
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.custom.hotel_member_level, '金卡会员');
});

test('R-ARC-4: a template exported as a file imports under a new code with the same fields', async () => {
  const r = await zw.get('/api/v1/profile-templates/hotel_guest/export');
  assert.equal(r.status, 200, r.text);
  const file = r.body;
  assert.equal(file.format, 'kehu.profile_template');
  assert.equal(file.version, 1);
  assert.deepEqual(file.template, { code: 'hotel_guest', name_zh: '酒店宾客', name_en: 'Hotel guest' });
  const level = file.fields.find((f) => f.key === 'hotel_member_level');
  assert.deepEqual(Object.keys(level).sort(), ['key', 'label_en', 'label_zh', 'options', 'required', 'sensitive', 'type']);
  // another company's copy: its own code and keys
  const shared = {
    ...file,
    template: { code: 'resort_guest', name_zh: '度假村宾客', name_en: 'Resort guest' },
    fields: file.fields.map((f) => ({ ...f, key: f.key.replace(/^hotel_/, 'resort_') })),
  };
  const imp = await admin.post('/api/v1/profile-templates/import', shared);
  assert.equal(imp.status, 201, imp.text);
  assert.equal(imp.body.code, 'resort_guest');
  assert.equal(imp.body.fields.length, file.fields.length);
  assert.ok(imp.body.fields.every((f) => f.id > 0 && f.template === 'resort_guest'));
  const again = await zw.get('/api/v1/profile-templates/resort_guest/export');
  assert.equal(again.status, 200);
  assert.deepEqual(again.body, shared);
  const entries = await auditEntries(await as(server, 'shenji'), 'action=settings.template_import');
  assert.ok(entries.some((e) => String(e.detail || '').includes('resort_guest')), JSON.stringify(entries.slice(0, 2)));
  // its name can be given at import time: the query names the new code
  const renamed = await admin.post('/api/v1/profile-templates/import?code=spa_guest&name_zh=%E6%B0%B4%E7%96%97%E5%AE%A2%E4%BA%BA&name_en=Spa%20guest',
    { ...shared, fields: [{ key: 'spa_visits', label_zh: '到访次数', label_en: 'Visits', type: 'number' }] });
  assert.equal(renamed.status, 201, renamed.text);
  assert.equal(renamed.body.name_zh, '水疗客人');
  assert.equal(renamed.body.fields[0].required, false);
});

test('R-ARC-4: importing a template file is refused, naming the field, and nothing is kept', async () => {
  const file = (await zw.get('/api/v1/profile-templates/corporate_banking/export')).body;
  const fresh = (code, fields) => ({ ...file, template: { code, name_zh: `模板${code}`, name_en: `Template ${code}` }, fields });
  const one = { key: 'x_one', label_zh: '一', label_en: 'One', type: 'text', options: [], required: false };
  const cases = [
    [{ ...file, format: 'other' }, 422, 'format'],
    [{ ...file, version: 2 }, 422, 'version'],
    [{ ...file, template: undefined }, 422, 'template'],
    [{ ...file, template: { code: 'no_names' } }, 422, 'template.name_zh'],
    [fresh('Bad Code', [one]), 422, 'template.code'],
    [file, 409, 'template.code'], // the code exists: import it under another code
    [{ ...fresh('t_same_name', [one]), template: { ...file.template, code: 't_same_name' } }, 409, 'template.name_zh'], // so does its name
    [{ ...fresh('t_same_en', [one]), template: { code: 't_same_en', name_zh: '新名称', name_en: 'CORPORATE banking' } }, 409, 'template.name_en'],
    [fresh('t_fields_type', { a: 1 }), 422, 'fields'],
    [fresh('t_field_obj', [one, 'text']), 422, 'fields[1]'],
    [fresh('t_field_label', [one, { ...one, key: 'x_two', label_en: undefined }]), 422, 'fields[1].label_en'],
    [fresh('t_field_type', [one, { ...one, key: 'x_two', type: 'colour' }]), 422, 'fields[1].type'],
    [fresh('t_field_opts', [{ ...one, type: 'choice', options: [] }]), 422, 'fields[0].options'],
    [fresh('t_field_opts2', [{ ...one, type: 'choice', options: [1] }]), 422, 'fields[0].options'],
    [fresh('t_field_req', [{ ...one, required: 'yes' }]), 422, 'fields[0].required'],
    [fresh('t_field_key', [{ ...one, key: '9x' }]), 422, 'fields[0].key'],
    [fresh('t_field_dup', [one, one]), 422, 'fields[1].key'],
    [fresh('t_field_used', [one, { ...one, key: 'bank_credit_line' }]), 409, 'fields[1].key'],
    [fresh('t_field_many', Array.from({ length: 201 }, (_, i) => ({ ...one, key: `x_${i}` }))), 422, 'fields'],
  ];
  for (const [body, status, field] of cases) {
    const r = await admin.post('/api/v1/profile-templates/import', body);
    assert.equal(r.status, status, `${field}: ${r.text}`);
    assert.equal(r.body.error.field, field, r.text);
    assert.ok(r.body.error.message, r.text);
  }
  const denied = await zw.post('/api/v1/profile-templates/import', fresh('t_denied', [one]));
  assert.equal(denied.status, 403, denied.text);
  assert.equal((await zw.get('/api/v1/profile-templates/no_such/export')).status, 404);
  const byCode = await templates();
  for (const code of ['t_field_used', 't_field_dup', 't_denied', 'no_names', 't_same_name', 't_same_en'])
    assert.equal(byCode[code], undefined, code);
  const fields = (await zw.get('/api/v1/custom-fields')).body.items;
  assert.ok(!fields.some((f) => f.key === 'x_one'), 'no field of a refused import is kept');
});
