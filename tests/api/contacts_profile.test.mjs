// Profile templates and custom fields (R-ARC-4), contacts (R-ARC-5).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, allPages, mobile } from '../lib/kehu.mjs';

let server;
let admin;
let zw;
let mgr;
before(async () => {
  server = await startServer({ demo: 2 });
  [admin, zw, mgr] = await Promise.all([asAdmin(server), as(server, 'zhangwei'), as(server, 'salesmgr')]);
});
after(async () => { await server.stop(); });

async function create(body) {
  const r = await zw.post('/api/v1/customers', { kind: 'individual', ...body });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

test('R-ARC-4: the shipped profile templates include the 42-item personal profile and business presets', async () => {
  const r = await zw.get('/api/v1/profile-templates');
  assert.equal(r.status, 200);
  const byCode = Object.fromEntries(r.body.items.map((t) => [t.code, t]));
  assert.equal(byCode.personal.name_zh, '客户信息档案');
  assert.equal(byCode.personal.fields.length, 42);
  const business = r.body.items.filter((t) => t.code !== 'personal' && t.fields.length > 0);
  assert.ok(business.length >= 2, 'at least two business presets with fields');
  assert.ok(byCode.car_dealer && byCode.real_estate);
  const f = byCode.personal.fields.find((x) => x.key === 'native_place');
  assert.deepEqual(Object.keys(f).sort(), ['id', 'key', 'label_en', 'label_zh', 'options', 'position', 'required', 'retired', 'sensitive', 'template', 'type'].sort());
  assert.equal(f.template, 'personal');
  const types = new Set(r.body.items.flatMap((t) => t.fields.map((x) => x.type)));
  for (const t of ['text', 'number', 'date', 'choice', 'multi_choice', 'bool', 'money']) assert.ok(types.has(t), t);
});

test('R-ARC-4: custom values of a chosen template are stored, returned, searchable and kept in field history', async () => {
  const c = await create({
    name: '档案客户', templates: ['personal', 'car_dealer'],
    custom: { native_place: '山东青岛', education: '本科', children_count: 2, favourite_cuisine: ['川菜', '粤菜'],
      drinks_alcohol: false, wedding_anniversary: '2010-05-01', car_budget: 25000000 },
  });
  assert.deepEqual(c.templates, ['personal', 'car_dealer']);
  assert.deepEqual(c.custom, { native_place: '山东青岛', education: '本科', children_count: 2, favourite_cuisine: ['川菜', '粤菜'],
    drinks_alcohol: false, wedding_anniversary: '2010-05-01', car_budget: 25000000 });
  const found = await allPages(zw, `/api/v1/customers?q=${encodeURIComponent('青岛')}`);
  assert.ok(found.some((x) => x.id === c.id), 'custom text is searchable');
  // a PATCH merges custom values; null removes one
  const u = await zw.patch(`/api/v1/customers/${c.id}`, { custom: { education: '硕士', native_place: null } });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.body.custom.education, '硕士');
  assert.ok(!('native_place' in u.body.custom));
  assert.equal(u.body.custom.children_count, 2, 'values not sent are kept');
  const h = await zw.get(`/api/v1/customers/${c.id}/field-history`);
  const edu = h.body.items.find((x) => x.field === 'custom.education');
  assert.ok(edu, 'custom fields keep history (R-ARC-12)');
  assert.equal(edu.old, '本科');
  assert.equal(edu.new, '硕士');
  assert.ok(h.body.items.some((x) => x.field === 'custom.native_place' && x.old === '山东青岛' && x.new === ''));
});

test('R-ARC-4: a custom value of the wrong type is refused with 422 field custom.<key>, and nothing is saved', async () => {
  const cases = [
    [{ children_count: 'two' }, 'custom.children_count'],
    [{ education: '幼儿园' }, 'custom.education'],
    [{ favourite_cuisine: ['川菜', '披萨'] }, 'custom.favourite_cuisine'],
    [{ favourite_cuisine: '川菜' }, 'custom.favourite_cuisine'],
    [{ drinks_alcohol: 'no' }, 'custom.drinks_alcohol'],
    [{ wedding_anniversary: '2010-02-30' }, 'custom.wedding_anniversary'],
    [{ car_budget: 12.5 }, 'custom.car_budget'],
    [{ car_budget: -100 }, 'custom.car_budget'],
    [{ native_place: 42 }, 'custom.native_place'],
  ];
  const before = (await allPages(zw, '/api/v1/customers')).length;
  for (const [custom, field] of cases) {
    const r = await zw.post('/api/v1/customers', { kind: 'individual', name: '类型不符', templates: ['personal', 'car_dealer'], custom });
    assert.equal(r.status, 422, `${JSON.stringify(custom)} → ${r.text}`);
    assert.equal(r.body.error.field, field);
  }
  assert.equal((await allPages(zw, '/api/v1/customers')).length, before);
});

test('R-ARC-4: an unknown custom field, a field of a template not chosen, and an unknown template are refused with 422', async () => {
  let r = await zw.post('/api/v1/customers', { kind: 'individual', name: '未知字段', templates: ['personal'], custom: { shoe_size: '42' } });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'custom.shoe_size');
  r = await zw.post('/api/v1/customers', { kind: 'individual', name: '模板未选', templates: ['personal'], custom: { car_budget: 100 } });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'custom.car_budget');
  r = await zw.post('/api/v1/customers', { kind: 'individual', name: '无模板', custom: { native_place: '上海' } });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'custom.native_place');
  r = await zw.post('/api/v1/customers', { kind: 'individual', name: '未知模板', templates: ['spaceship'] });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'templates');
  // the same on update: the record is unchanged
  const c = await create({ name: '更新模板校验', templates: ['personal'], custom: { native_place: '杭州' } });
  r = await zw.patch(`/api/v1/customers/${c.id}`, { custom: { native_place: '宁波', car_mileage: 1000 } });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'custom.car_mileage');
  assert.equal((await zw.get(`/api/v1/customers/${c.id}`)).body.custom.native_place, '杭州');
});

test('R-ARC-4: the administrator defines a template and custom fields; they are then usable on customers', async () => {
  let r = await admin.post('/api/v1/profile-templates', { code: 'hotel', name_zh: '酒店客人', name_en: 'Hotel guest' });
  assert.equal(r.status, 201, r.text);
  r = await admin.post('/api/v1/custom-fields', { key: 'room_preference', label_zh: '房型偏好', label_en: 'Room preference', type: 'choice', options: ['大床', '双床', '套房'], template: 'hotel', required: false });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.key, 'room_preference');
  assert.deepEqual(r.body.options, ['大床', '双床', '套房']);
  assert.equal(r.body.template, 'hotel');
  r = await admin.post('/api/v1/custom-fields', { key: 'member_no', label_zh: '会员号', label_en: 'Member number', type: 'text', template: 'hotel', required: true });
  assert.equal(r.status, 201, r.text);
  const tpl = (await zw.get('/api/v1/profile-templates')).body.items.find((t) => t.code === 'hotel');
  assert.deepEqual(tpl.fields.map((f) => f.key).sort(), ['member_no', 'room_preference']);
  const listed = (await zw.get('/api/v1/custom-fields')).body.items;
  assert.ok(listed.some((f) => f.key === 'room_preference'));
  // a required field must be filled once its template is chosen
  r = await zw.post('/api/v1/customers', { kind: 'individual', name: '酒店客人甲', templates: ['hotel'], custom: { room_preference: '套房' } });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'custom.member_no');
  const c = await create({ name: '酒店客人乙', templates: ['hotel'], custom: { room_preference: '套房', member_no: 'H-0001' } });
  assert.deepEqual(c.custom, { room_preference: '套房', member_no: 'H-0001' });
  // customers without the template are not affected by the required field
  await create({ name: '普通客人' });
});

test('R-ARC-4: custom field definitions are validated and need settings/profile permission', async () => {
  const base = { key: 'vip_level', label_zh: '会员等级', label_en: 'VIP level', type: 'text', template: 'personal' };
  let r = await zw.post('/api/v1/custom-fields', base);
  assert.equal(r.status, 403, 'a salesperson cannot define fields');
  r = await mgr.post('/api/v1/profile-templates', { code: 'elderly', name_zh: '康养', name_en: 'Elderly' });
  assert.equal(r.status, 403);
  const cases = [
    [{ ...base, key: 'Bad Key' }, 'key'],
    [{ ...base, type: 'colour' }, 'type'],
    [{ ...base, type: 'choice', options: [] }, 'options'],
    [{ ...base, label_zh: '' }, 'label_zh'],
    [{ ...base, template: undefined }, 'template'],
  ];
  for (const [body, field] of cases) {
    r = await admin.post('/api/v1/custom-fields', body);
    assert.equal(r.status, 422, `${field}: ${r.text}`);
    assert.equal(r.body.error.field, field);
  }
  r = await admin.post('/api/v1/custom-fields', { ...base, key: 'native_place' });
  assert.equal(r.status, 409, 'an existing key is refused');
  r = await admin.post('/api/v1/custom-fields', { ...base, template: 'no_such_template' });
  assert.equal(r.status, 422, 'an unknown template is refused');
  assert.equal(r.body.error.field, 'template');
  const keys = (await admin.get('/api/v1/custom-fields')).body.items.map((f) => f.key);
  assert.ok(!keys.includes('vip_level'));
  r = await admin.post('/api/v1/profile-templates', { code: 'personal', name_zh: '重复', name_en: 'Dup' });
  assert.equal(r.status, 409);
});

test('R-ARC-5: family members of an individual: add, list, update, delete', async () => {
  const c = await create({ name: '有家人的客户', mobile: mobile() });
  let r = await zw.post(`/api/v1/customers/${c.id}/contacts`, { name: '李娜', relation: 'spouse', mobile: '13900139000', birthday: '1987-06-01', interests: '瑜伽' });
  assert.equal(r.status, 201, r.text);
  const spouse = r.body;
  assert.equal(spouse.name, '李娜');
  assert.equal(spouse.relation, 'spouse');
  assert.equal(spouse.birthday, '1987-06-01');
  assert.equal(spouse.interests, '瑜伽');
  r = await zw.post(`/api/v1/customers/${c.id}/contacts`, { name: '小明', relation: 'child', birthday: '2015-09-01' });
  assert.equal(r.status, 201);
  const child = r.body;
  const list = await zw.get(`/api/v1/customers/${c.id}/contacts`);
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.items.map((x) => x.name).sort(), ['小明', '李娜'].sort());
  const detail = await zw.get(`/api/v1/customers/${c.id}`);
  assert.equal(detail.body.contacts.length, 2);
  r = await zw.patch(`/api/v1/customers/${c.id}/contacts/${spouse.id}`, { interests: '瑜伽、读书' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.interests, '瑜伽、读书');
  assert.equal(r.body.birthday, '1987-06-01', 'a PATCH keeps the other fields');
  r = await zw.del(`/api/v1/customers/${c.id}/contacts/${child.id}`);
  assert.equal(r.status, 200);
  const after = await zw.get(`/api/v1/customers/${c.id}/contacts`);
  assert.deepEqual(after.body.items.map((x) => x.id), [spouse.id]);
});

test('R-ARC-5: contacts of an organisation carry position and decision-maker flag', async () => {
  const org = (await mgr.post('/api/v1/customers', { kind: 'organization', name: '上海联络测试有限公司' })).body;
  const r = await mgr.post(`/api/v1/customers/${org.id}/contacts`, { name: '陈总', position: '采购总监', is_decision_maker: true, email: 'chen@example.com' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.position, '采购总监');
  assert.equal(r.body.is_decision_maker, true);
  const u = await mgr.patch(`/api/v1/customers/${org.id}/contacts/${r.body.id}`, { is_decision_maker: false });
  assert.equal(u.body.is_decision_maker, false);
  assert.equal(u.body.position, '采购总监');
});

test('R-ARC-5 / R-ARC-7: contact fields are validated with 422 naming the field, and nothing is saved', async () => {
  const c = await create({ name: '联系人校验' });
  const cases = [
    [{ relation: 'spouse' }, 'name'],
    [{ name: '  ' }, 'name'],
    [{ name: '甲', relation: 'friend' }, 'relation'],
    [{ name: '乙', mobile: 'abc' }, 'mobile'],
    [{ name: '丙', email: 'x@' }, 'email'],
    [{ name: '丁', birthday: '2023-02-30' }, 'birthday'],
  ];
  for (const [body, field] of cases) {
    const r = await zw.post(`/api/v1/customers/${c.id}/contacts`, body);
    assert.equal(r.status, 422, `${JSON.stringify(body)} → ${r.text}`);
    assert.equal(r.body.error.field, field);
  }
  const r = await zw.post(`/api/v1/customers/${c.id}/contacts`, { name: '戊', is_decision_maker: 'yes' });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'is_decision_maker');
  assert.deepEqual((await zw.get(`/api/v1/customers/${c.id}/contacts`)).body.items, []);
  // a failed PATCH leaves the contact as it was
  const ok = (await zw.post(`/api/v1/customers/${c.id}/contacts`, { name: '己', email: 'ji@example.com' })).body;
  const bad = await zw.patch(`/api/v1/customers/${c.id}/contacts/${ok.id}`, { email: 'broken', name: '改名' });
  assert.equal(bad.status, 422);
  const now = (await zw.get(`/api/v1/customers/${c.id}/contacts`)).body.items[0];
  assert.equal(now.name, '己');
  assert.equal(now.email, 'ji@example.com');
});

test('R-ARC-5: a contact id of another customer, or an unknown one, is 404', async () => {
  const a = await create({ name: '联系人甲方' });
  const b = await create({ name: '联系人乙方' });
  const ca = (await zw.post(`/api/v1/customers/${a.id}/contacts`, { name: '属于甲' })).body;
  let r = await zw.patch(`/api/v1/customers/${b.id}/contacts/${ca.id}`, { name: '被乙改' });
  assert.equal(r.status, 404);
  r = await zw.del(`/api/v1/customers/${b.id}/contacts/${ca.id}`);
  assert.equal(r.status, 404);
  r = await zw.del(`/api/v1/customers/${a.id}/contacts/99999`);
  assert.equal(r.status, 404);
  assert.equal((await zw.get(`/api/v1/customers/${a.id}/contacts`)).body.items[0].name, '属于甲');
});

test('R-ARC-4: removing a template from a customer removes the values of its fields (and keeps history of them)', async () => {
  const c = await create({ name: '移除模板', templates: ['personal', 'car_dealer'], custom: { native_place: '成都', car_mileage: 12000 } });
  const r = await zw.patch(`/api/v1/customers/${c.id}`, { templates: ['personal'] });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.templates, ['personal']);
  assert.deepEqual(r.body.custom, { native_place: '成都' });
  const h = await zw.get(`/api/v1/customers/${c.id}/field-history`);
  assert.ok(h.body.items.some((x) => x.field === 'custom.car_mileage' && x.old === '12000' && x.new === ''));
});
