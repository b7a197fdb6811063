// The values of choice columns in an import: built-in synonyms, the user's value mapping, saved
// with the column mapping, and the refusal of a value with no mapping (issue 9 item 9, R-PLT-3).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, as, kehu } from '../lib/kehu.mjs';

let server, sales;
let seq = 0;
const mob = () => { seq += 1; return `136${String(Date.now()).slice(-4)}${String(seq).padStart(4, '0')}`; };

before(async () => {
  server = await startServer({ demo: 2 });
  sales = await as(server, 'zhangwei');
});
after(async () => { await server.stop(); });

async function waitJob(id) {
  for (let i = 0; i < 400; i++) {
    const r = await sales.get(`/api/v1/jobs/${id}`);
    assert.equal(r.status, 200, r.text);
    if (r.body.state === 'done' || r.body.state === 'failed') return r.body;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('job did not finish');
}

async function upload(csv) {
  const r = await sales.req('POST', '/api/v1/imports/files?name=values.csv', undefined,
    { raw: Buffer.from(csv), headers: { 'Content-Type': 'application/octet-stream' } });
  assert.equal(r.status, 201, r.text);
  return r.body.file_id;
}

async function run(path, body) {
  const r = await sales.post(path, body);
  assert.equal(r.status, 202, r.text);
  return waitJob(r.body.job_id);
}

async function byMobile(m) {
  const r = await sales.get(`/api/v1/customers?q=${m}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.items.length, 1, r.text);
  return (await sales.get(`/api/v1/customers/${r.body.items[0].id}`)).body;
}

test('R-PLT-3: issue 9 item 9: values that mean an allowed value are taken: built-in synonyms, English names, case, spaces and full-width forms', async () => {
  const m = [mob(), mob(), mob(), mob()];
  const csv = '客户名称,手机,来源,客户类别,性别,阶段\n'
    + `同义甲,${m[0]},网络,普通,男性,意向客户\n`
    + `同义乙,${m[1]},合作伙伴介绍,SPECIAL,Female,成交\n`
    + `同义丙,${m[2]},朋友介绍,Ｇｅｎｅｒａｌ,女,潜在\n`
    + `同义丁,${m[3]},Trade  Press,特殊客户,男,Won Back\n`;
  const file_id = await upload(csv);
  const pv = await run('/api/v1/imports/preview', { file_id });
  assert.equal(pv.state, 'done', JSON.stringify(pv));
  assert.equal(pv.summary.valid, 4, JSON.stringify(pv.summary.errors));
  const source = pv.summary.choices.find((c) => c.field === 'source');
  assert.equal(source.header, '来源');
  assert.ok(source.allowed.some((a) => a.value === 'internet' && a.zh === '互联网' && a.en === 'Internet'));
  const v = Object.fromEntries(source.values.map((x) => [x.text, x]));
  assert.deepEqual([v['网络'].to, v['网络'].how, v['网络'].count], ['internet', 'synonym', 1]);
  assert.deepEqual([v['合作伙伴介绍'].to, v['合作伙伴介绍'].how], ['partner', 'synonym']);
  assert.deepEqual([v['朋友介绍'].to, v['朋友介绍'].how], ['referral', 'synonym']);
  assert.deepEqual([v['Trade  Press'].to, v['Trade  Press'].how], ['trade_press', 'exact']);
  const category = pv.summary.choices.find((c) => c.field === 'category');
  assert.deepEqual(category.values.map((x) => [x.to, x.how]),
    [['general', 'synonym'], ['special', 'exact'], ['general', 'exact'], ['special', 'exact']]);

  const done = await run('/api/v1/imports', { file_id });
  assert.equal(done.summary.created, 4, JSON.stringify(done.summary));
  const c0 = await byMobile(m[0]);
  assert.deepEqual([c0.source, c0.category, c0.gender, c0.stage], ['internet', 'general', 'male', 'prospect']);
  const c1 = await byMobile(m[1]);
  assert.deepEqual([c1.source, c1.category, c1.gender, c1.stage], ['partner', 'special', 'female', 'customer']);
  const c2 = await byMobile(m[2]);
  assert.deepEqual([c2.source, c2.category, c2.gender, c2.stage], ['referral', 'general', 'female', 'prospect']);
  const c3 = await byMobile(m[3]);
  assert.deepEqual([c3.source, c3.stage], ['trade_press', 'won_back']);
});

test('R-PLT-3: issue 9 item 9: a value with no mapping is refused naming the row, the column and the allowed values', async () => {
  const csv = `客户名称,手机,来源\n无映射,${mob()},扫街\n`;
  const file_id = await upload(csv);
  const pv = await run('/api/v1/imports/preview', { file_id });
  assert.equal(pv.summary.invalid, 1);
  const e = pv.summary.errors[0];
  assert.equal(e.row, 2);
  assert.equal(e.column, '来源');
  assert.equal(e.field, 'source');
  assert.match(e.message_zh, /「扫街」不是有效的选项，可选：展会、行业媒体、互联网/);
  assert.match(e.message_en, /"扫街" is not one of the allowed values: Exhibition, Trade press, Internet/);
  const v = pv.summary.choices.find((c) => c.field === 'source').values[0];
  assert.deepEqual([v.text, v.to, v.how], ['扫街', null, null]);
  const imp = await run('/api/v1/imports', { file_id });
  assert.equal(imp.summary.imported, false);
  assert.equal(imp.summary.created, 0);
});

test('R-PLT-3: issue 9 item 9: the user maps a file value to an allowed value; the mapping is saved with the column mapping and applied on import', async () => {
  const m = [mob(), mob(), mob()];
  const csv = `姓名,手机号,渠道来源\n映射甲,${m[0]},扫街\n映射乙,${m[1]},网络\n映射丙,${m[2]},不详\n`;
  const file_id = await upload(csv);
  const mapping = { 姓名: 'name', 手机号: 'mobile', 渠道来源: 'source' };
  // the user's choice wins over the built-in synonym, and "" leaves the field empty
  const values = { source: { 扫街: 'walk_in', 网络: 'association', 不详: '' } };
  const saved = await sales.post('/api/v1/imports/mappings', { name: '地推表格', mapping, values });
  assert.equal(saved.status, 201, saved.text);
  assert.deepEqual(saved.body.values, values);
  const list = (await sales.get('/api/v1/imports/mappings')).body.items;
  assert.deepEqual(list.find((x) => x.name === '地推表格').values, values);

  const pv = await run('/api/v1/imports/preview', { file_id, mapping_id: saved.body.id });
  assert.equal(pv.summary.valid, 3, JSON.stringify(pv.summary.errors));
  const got = Object.fromEntries(pv.summary.choices[0].values.map((x) => [x.text, [x.to, x.how]]));
  assert.deepEqual(got, { 扫街: ['walk_in', 'mapping'], 网络: ['association', 'mapping'], 不详: [null, 'mapping'] });

  const done = await run('/api/v1/imports', { file_id, mapping_id: saved.body.id });
  assert.equal(done.summary.created, 3, JSON.stringify(done.summary));
  assert.equal((await byMobile(m[0])).source, 'walk_in');
  assert.equal((await byMobile(m[1])).source, 'association');
  assert.equal((await byMobile(m[2])).source, 'other'); // left empty: the default

  // values sent with the request need no saved mapping
  const m2 = mob();
  const f2 = await upload(`客户名称,手机,来源\n直接映射,${m2},扫街\n`);
  const d2 = await run('/api/v1/imports', { file_id: f2, values: { source: { 扫街: 'exhibition' } } });
  assert.equal(d2.summary.created, 1, JSON.stringify(d2.summary));
  assert.equal((await byMobile(m2)).source, 'exhibition');
});

test('R-PLT-3: issue 9 item 9: a value mapping to a value that is not allowed, or of a field that is not a choice, is refused and nothing is saved', async () => {
  const file_id = await upload(`客户名称,手机,来源\n拒绝,${mob()},扫街\n`);
  const cases = [
    [{ source: { 扫街: 'street' } }, 422, 'values.source.扫街'],
    [{ name: { 张三: '李四' } }, 422, 'values.name.张三'],
    [{ source: { '': 'internet' } }, 422, 'values.source.'],
    [{ source: ['internet'] }, 400, 'values'],
    [{ source: { 扫街: 3 } }, 400, 'values'],
  ];
  for (const [values, status, field] of cases) {
    for (const path of ['/api/v1/imports/preview', '/api/v1/imports']) {
      const r = await sales.post(path, { file_id, values });
      assert.equal(r.status, status, `${path} ${field}: ${r.text}`);
      assert.equal(r.body.error.field, field, r.text);
    }
    const s = await sales.post('/api/v1/imports/mappings', { name: '坏映射', mapping: { 客户名称: 'name' }, values });
    assert.equal(s.status, status, s.text);
    assert.equal(s.body.error.field, field, s.text);
  }
  const list = (await sales.get('/api/v1/imports/mappings')).body.items;
  assert.ok(!list.some((x) => x.name === '坏映射'));
});

test('R-PLT-3: issue 9 item 9: a custom choice field of a profile template maps its values too: options ignoring spaces, the user mapping, a refusal listing the options', async () => {
  const m = [mob(), mob(), mob()];
  const csv = `客户名称,手机,学历\n学历甲,${m[0]},本科\n学历乙,${m[1]},高中 / 中专\n学历丙,${m[2]},研究生\n`;
  const file_id = await upload(csv);
  let pv = await run('/api/v1/imports/preview', { file_id });
  assert.equal(pv.summary.invalid, 1);
  const e = pv.summary.errors[0];
  assert.deepEqual([e.row, e.column, e.field], [4, '学历', 'custom.education']);
  assert.match(e.message_zh, /「研究生」不是有效的选项，可选：小学、初中、高中\/中专、大专、本科、硕士、博士/);
  const col = pv.summary.choices.find((c) => c.field === 'custom.education');
  assert.ok(col.allowed.some((a) => a.value === '硕士'));
  assert.deepEqual(col.values.map((v) => [v.text, v.to, v.how]),
    [['本科', '本科', 'exact'], ['高中 / 中专', '高中/中专', 'exact'], ['研究生', null, null]]);

  const values = { 'custom.education': { 研究生: '硕士' } };
  pv = await run('/api/v1/imports/preview', { file_id, values });
  assert.equal(pv.summary.invalid, 0, JSON.stringify(pv.summary.errors));
  const done = await run('/api/v1/imports', { file_id, values });
  assert.equal(done.summary.created, 3, JSON.stringify(done.summary));
  assert.equal((await byMobile(m[1])).custom.education, '高中/中专');
  assert.equal((await byMobile(m[2])).custom.education, '硕士');

  const bad = await sales.post('/api/v1/imports/preview', { file_id, values: { 'custom.education': { 研究生: '博士后' } } });
  assert.equal(bad.status, 422, bad.text);
  assert.equal(bad.body.error.field, 'values.custom.education.研究生');
  const text = await sales.post('/api/v1/imports/preview', { file_id, values: { 'custom.native_place': { 青岛: '山东' } } });
  assert.equal(text.status, 422, text.text);
  assert.equal(text.body.error.field, 'values.custom.native_place.青岛');
});

test('R-PLT-3: issue 9 item 9: a multiple-choice custom field maps each item of a cell: the preview lists items, the user maps one, an item mapped to nothing is dropped, an unknown item refuses the row', async () => {
  const m = [mob(), mob(), mob()];
  const csv = `客户名称,手机,信息来源\n来源甲,${m[0]},"微信、Internet"\n来源乙,${m[1]},"微信, 朋友 介绍 ,传单"\n来源丙,${m[2]},抖音\n`;
  const file_id = await upload(csv);
  let pv = await run('/api/v1/imports/preview', { file_id });
  const col = pv.summary.choices.find((c) => c.field === 'custom.info_sources');
  assert.ok(col, JSON.stringify(pv.summary.choices.map((c) => c.field)));
  assert.equal(col.multiple, true);
  assert.ok(col.allowed.some((a) => a.value === '互联网'));
  assert.deepEqual(col.values.map((v) => [v.text, v.count, v.to]),
    [['微信', 2, '微信'], ['Internet', 1, null], ['朋友 介绍', 1, '朋友介绍'], ['传单', 1, null], ['抖音', 1, null]]);
  assert.equal(pv.summary.invalid, 3, JSON.stringify(pv.summary.errors));
  const e = pv.summary.errors.find((x) => x.row === 2);
  assert.equal(e.field, 'custom.info_sources');
  assert.match(e.message_en, /"Internet" is not one of the allowed values: 电视, 报纸杂志, 互联网, 微信/);

  // Internet is 互联网, a leaflet means nothing to keep, 抖音 stays unmapped
  const values = { 'custom.info_sources': { Internet: '互联网', 传单: '' } };
  pv = await run('/api/v1/imports/preview', { file_id, values });
  assert.deepEqual(pv.summary.errors.map((x) => x.row), [4]);
  const done = await run('/api/v1/imports', { file_id, values, mode: 'valid_rows' });
  assert.equal(done.summary.created, 2, JSON.stringify(done.summary));
  assert.deepEqual((await byMobile(m[0])).custom.info_sources, ['微信', '互联网']);
  assert.deepEqual((await byMobile(m[1])).custom.info_sources, ['微信', '朋友介绍']);
  const bad = await sales.post('/api/v1/imports/preview', { file_id, values: { 'custom.info_sources': { 抖音: '短视频' } } });
  assert.equal(bad.status, 422, bad.text);
  assert.equal(bad.body.error.field, 'values.custom.info_sources.抖音');
});

test('R-PLT-3: issue 9 item 9: the command line imports with a saved mapping (--mapping, as the user who saved it) and with a value mapping file (--values), checked like the API', async () => {
  const m = [mob(), mob()];
  const file = join(server.dir, 'cli-values.csv');
  writeFileSync(file, `姓名,手机号,渠道来源\n命令行甲,${m[0]},扫街\n命令行乙,${m[1]},地推\n`);
  const saved = await sales.post('/api/v1/imports/mappings', {
    name: '命令行对照', mapping: { 姓名: 'name', 手机号: 'mobile', 渠道来源: 'source' }, values: { source: { 扫街: 'walk_in' } },
  });
  assert.equal(saved.status, 201, saved.text);
  const vfile = join(server.dir, 'values.json');
  writeFileSync(vfile, JSON.stringify({ source: { 地推: 'exhibition', 扫街: 'association' } }));

  // without the saved mapping's user it is not found
  let r = await kehu(['import', file, '--db', server.db, '--mapping', '命令行对照', '--dry-run']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /--mapping: .*no saved mapping called "命令行对照"/);
  // the saved mapping alone: 地推 is refused with its row and column
  r = await kehu(['import', file, '--db', server.db, '--user', 'zhangwei', '--mapping', '命令行对照', '--dry-run', '--lang', 'en']);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout + r.stderr, /row 3.*渠道来源.*"地推" is not one of the allowed values/);
  // a value that is not allowed in the file is refused before anything is read
  writeFileSync(join(server.dir, 'bad.json'), JSON.stringify({ source: { 地推: 'door_to_door' } }));
  r = await kehu(['import', file, '--db', server.db, '--user', 'zhangwei', '--mapping', '命令行对照', '--values', join(server.dir, 'bad.json')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /--values: values\.source\.地推: .*is not an allowed value/);
  writeFileSync(join(server.dir, 'notjson.json'), '{source: 1');
  r = await kehu(['import', file, '--db', server.db, '--values', join(server.dir, 'notjson.json')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /--values: .*cannot read/);
  // both: the file's entries come first, the saved ones fill in
  r = await kehu(['import', file, '--db', server.db, '--user', 'zhangwei', '--mapping', '命令行对照', '--values', vfile]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal((await byMobile(m[0])).source, 'association');
  assert.equal((await byMobile(m[1])).source, 'exhibition');
});
