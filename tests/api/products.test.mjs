// The product catalogue 产品目录 (issue 14 item 2): what opportunities, orders and contracts will
// name. The selling, customer-archive and management roles read it; the general manager, sales managers and the administrator
// add, change, deactivate and import products; prices are whole fen; a code is one product's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, asNewUser, auditEntries, allPages, waitJob } from '../lib/kehu.mjs';

let server, admin, gm, salesmgr, sales, csmanager;

before(async () => {
  server = await startServer({ demo: 1 });
  admin = await asAdmin(server);
  [gm, salesmgr, sales, csmanager] = await Promise.all(['gm', 'salesmgr', 'zhangwei', 'csmanager'].map((u) => as(server, u)));
});
after(async () => { await server.stop(); });

const product = (over = {}) => ({ code: 'kx-100', name: '空气净化器', model: 'KX-100 Pro', category: '家电', unit: '台',
  price_fen: 259900, warranty_months: 24, ...over });

test('R-DEV-3: issue 14 item 2: a manager adds a product (the code upper-cased, the price in fen) and the selling and management roles read it; the addition is audited', async () => {
  const r = await salesmgr.post('/api/v1/products', product());
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.code, 'KX-100');
  assert.equal(r.body.price_fen, 259900);
  assert.equal(r.body.warranty_months, 24);
  assert.equal(r.body.active, true);
  assert.equal(r.body.created_by.id, salesmgr.user.id);
  for (const c of [sales, csmanager, gm]) {
    const g = await c.get(`/api/v1/products/${r.body.id}`);
    assert.equal(g.status, 200, g.text);
    assert.equal(g.body.name, '空气净化器');
  }
  const demo = (await sales.get('/api/v1/products?category=配件')).body.items.map((p) => p.code);
  assert.ok(demo.includes('LX-RO'), `the demo catalogue: ${demo}`);
  const audit = await auditEntries(gm, 'action=product.create');
  assert.ok(audit.some((e) => String(e.target_id) === String(r.body.id) && /code=KX-100/.test(e.detail)), JSON.stringify(audit.slice(0, 3)));
});

test('R-ARC-7: issue 14 item 2: refusals name the field and change nothing: a taken code (any case), a bad code, no name, a negative or fractional price, a warranty past 600 months, wrong types, no such product', async () => {
  const base = await gm.post('/api/v1/products', product({ code: 'REF-1', name: '基准产品' }));
  assert.equal(base.status, 201, base.text);
  const cases = [
    [{ code: 'ref-1' }, 409, 'code'],
    [{ code: '空调-1' }, 422, 'code'],
    [{ code: 'A B' }, 422, 'code'],
    [{ code: 'X'.repeat(41) }, 422, 'code'],
    [{ code: '' }, 422, 'code'],
    [{ code: 'REF-2', name: ' ' }, 422, 'name'],
    [{ code: 'REF-3', price_fen: -1 }, 422, 'price_fen'],
    [{ code: 'REF-4', price_fen: 1.5 }, 400, 'price_fen'],
    [{ code: 'REF-5', price_fen: '100' }, 400, 'price_fen'],
    [{ code: 'REF-6', warranty_months: 601 }, 422, 'warranty_months'],
    [{ code: 'REF-7', model: 'M'.repeat(101) }, 422, 'model'],
    [{ code: 'REF-8', unit: '单'.repeat(21) }, 422, 'unit'],
    [{ code: 'REF-9', category: '类'.repeat(51) }, 422, 'category'],
  ];
  for (const [over, status, field] of cases) {
    const r = await gm.post('/api/v1/products', product(over));
    assert.equal(r.status, status, `${JSON.stringify(over)}: ${r.text}`);
    assert.equal(r.body.error.field, field, JSON.stringify(over));
    assert.ok(r.body.error.message_zh && r.body.error.message_en, r.text);
  }
  const all = await allPages(gm, '/api/v1/products?q=REF-&state=all');
  assert.deepEqual(all.map((p) => p.code), ['REF-1'], 'nothing half-saved');
  // A change is checked the same way, and a change to a taken code is refused.
  const other = await gm.post('/api/v1/products', product({ code: 'REF-10' }));
  let p = await gm.patch(`/api/v1/products/${other.body.id}`, { code: 'Ref-1' });
  assert.equal(p.status, 409, p.text);
  p = await gm.patch(`/api/v1/products/${other.body.id}`, { price_fen: -5 });
  assert.equal(p.status, 422, p.text);
  assert.equal((await gm.get(`/api/v1/products/${other.body.id}`)).body.code, 'REF-10');
  assert.equal((await gm.patch('/api/v1/products/999999', { name: '无' })).status, 404);
  assert.equal((await gm.get('/api/v1/products/999999')).status, 404);
  p = await gm.patch(`/api/v1/products/${other.body.id}`, { active: 'no' });
  assert.equal(p.status, 400, p.text);
  assert.equal(p.body.error.field, 'active');
  assert.equal((await gm.get(`/api/v1/products/${other.body.id}`)).body.active, true);
});

test('R-DEV-3: issue 14 item 2: a salesperson, a customer-service manager and a visitor cannot add, change or import products; a visitor and a service supervisor cannot read the catalogue', async () => {
  const p = await gm.post('/api/v1/products', product({ code: 'RIGHTS-1' }));
  for (const c of [sales, csmanager]) {
    assert.equal((await c.post('/api/v1/products', product({ code: 'RIGHTS-2' }))).status, 403);
    assert.equal((await c.patch(`/api/v1/products/${p.body.id}`, { price_fen: 1 })).status, 403);
    assert.equal((await c.post('/api/v1/products/imports', { file_id: 'x', dry_run: true })).status, 403);
  }
  const r = await admin.post('/api/v1/users', { username: 'prodvisitor', display_name: '外部 李', role: 'visitor',
    password: 'Visitor-pass-2026', organization: '审计所', credential: '工作证 88' });
  assert.equal(r.status, 201, r.text);
  const v = await asNewUser(server, 'prodvisitor', 'Visitor-pass-2026', 'Visitor-own-2026');
  assert.equal((await v.get('/api/v1/products')).status, 403);
  assert.equal((await v.get(`/api/v1/products/${p.body.id}`)).status, 403);
  // A role whose work names no product yet (after-sales service) does not read it either.
  const tech = await as(server, 'fuwu');
  assert.equal((await tech.get('/api/v1/products')).status, 403);
  assert.equal((await gm.get(`/api/v1/products/${p.body.id}`)).body.price_fen, 259900, 'unchanged');
});

test('R-DEV-3: issue 14 item 2: a deactivated product leaves the default list and stays readable; the list filters by text, category and state and pages in code order', async () => {
  const made = [];
  for (let i = 0; i < 7; i++) {
    const r = await gm.post('/api/v1/products', product({ code: `PG-${i}`, name: `分页产品${i}`, category: i % 2 ? '配件' : '整机', model: `M${i}x` }));
    assert.equal(r.status, 201, r.text);
    made.push(r.body);
  }
  const off = await gm.patch(`/api/v1/products/${made[3].id}`, { active: false });
  assert.equal(off.status, 200, off.text);
  assert.equal(off.body.active, false);
  const active = await allPages(sales, '/api/v1/products?q=pg-', { limit: 2 });
  assert.deepEqual(active.map((p) => p.code), ['PG-0', 'PG-1', 'PG-2', 'PG-4', 'PG-5', 'PG-6']);
  const inactive = await allPages(sales, '/api/v1/products?q=PG-&state=inactive');
  assert.deepEqual(inactive.map((p) => p.code), ['PG-3']);
  assert.equal((await sales.get(`/api/v1/products/${made[3].id}`)).body.active, false);
  const parts = await allPages(sales, '/api/v1/products?q=PG-&category=配件&state=all');
  assert.deepEqual(parts.map((p) => p.code), ['PG-1', 'PG-3', 'PG-5']);
  // Text matches the name and the model too; % and _ are plain characters.
  assert.deepEqual((await sales.get('/api/v1/products?q=分页产品4')).body.items.map((p) => p.code), ['PG-4']);
  assert.deepEqual((await sales.get('/api/v1/products?q=m5X')).body.items.map((p) => p.code), ['PG-5']);
  assert.deepEqual((await sales.get('/api/v1/products?q=PG%25')).body.items, []);
  const list = await sales.get('/api/v1/products?limit=1');
  assert.ok(list.body.categories.includes('配件') && list.body.categories.includes('整机'), JSON.stringify(list.body.categories));
  assert.ok(list.body.next_cursor);
  // Bad filters are refused with the key.
  for (const [q, field] of [['state=gone', 'state'], ['color=red', 'color'], ['limit=0', 'limit'], ['cursor=zzz', 'cursor']]) {
    const r = await sales.get(`/api/v1/products?${q}`);
    assert.equal(r.status, 400, `${q}: ${r.text}`);
    assert.equal(r.body.error.field, field, q);
  }
  const audit = await auditEntries(gm, 'action=product.update');
  assert.ok(audit.some((e) => String(e.target_id) === String(made[3].id) && /changed=active/.test(e.detail)), 'the deactivation is audited');
});

async function upload(client, text, name = 'products.csv') {
  const r = await client.req('POST', `/api/v1/imports/files?name=${encodeURIComponent(name)}`, undefined,
    { raw: text, headers: { 'Content-Type': 'application/octet-stream' } });
  assert.equal(r.status, 201, r.text);
  return r.body.file_id;
}
async function runImport(client, text, dry_run = false) {
  const r = await client.post('/api/v1/products/imports', { file_id: await upload(client, text), dry_run });
  assert.equal(r.status, 202, r.text);
  const job = await waitJob(client, r.body.job_id);
  assert.equal(job.state, 'done', JSON.stringify(job));
  return job;
}

test('R-PLT-3: issue 14 item 2: products import from a sheet by code: the preview writes nothing, the import adds new codes and changes known ones, bad rows go to the error file with their column, and the same file again changes nothing', async () => {
  const known = await gm.post('/api/v1/products', product({ code: 'IMP-1', name: '旧名称', price_fen: 100 }));
  assert.equal(known.status, 201, known.text);
  const sheet = [
    '产品编码,产品名称,型号,类别,单位,单价(元),保修期(月),状态',
    'imp-1,新名称,X1,整机,台,"1,280.50",12,在用',
    'IMP-2,滤网,F2,配件,个,¥99,6个月,',
    'IMP-3,说明书,,资料,本,0,,停用',
    'IMP-4,价格错,,,,12.345,,',
    'IMP-5,保修错,,,,10,七百,',
    ',没有编码,,,,10,,',
    'IMP-6,,,,,10,,',
    'IMP 7,编码错,,,,10,,',
    'IMP-8,状态错,,,,10,,作废',
  ].join('\n') + '\n';
  const preview = await runImport(salesmgr, sheet, true);
  const s = preview.summary;
  assert.equal(s.rows, 9);
  assert.equal(s.valid, 3, JSON.stringify(s));
  assert.equal(s.invalid, 6);
  assert.equal(s.created + s.updated, 0);
  assert.equal(s.imported, false);
  const by = (row) => s.errors.find((e) => e.row === row);
  assert.equal(by(5).field, 'price_fen');
  assert.equal(by(5).column, '单价(元)');
  assert.equal(by(6).field, 'warranty_months');
  assert.equal(by(7).field, 'code');
  assert.equal(by(8).field, 'name');
  assert.equal(by(9).field, 'code');
  assert.equal(by(10).field, 'active');
  assert.equal((await gm.get(`/api/v1/products/${known.body.id}`)).body.name, '旧名称', 'the preview wrote nothing');
  assert.equal((await gm.get('/api/v1/products?q=IMP-2&state=all')).body.items.length, 0);

  const done = await runImport(salesmgr, sheet);
  assert.equal(done.summary.created, 2, JSON.stringify(done.summary));
  assert.equal(done.summary.updated, 1);
  assert.equal(done.summary.invalid, 6);
  const one = (await gm.get(`/api/v1/products/${known.body.id}`)).body;
  assert.deepEqual([one.name, one.model, one.category, one.unit, one.price_fen, one.warranty_months], ['新名称', 'X1', '整机', '台', 128050, 12]);
  const two = (await gm.get('/api/v1/products?q=IMP-2')).body.items[0];
  assert.equal(two.price_fen, 9900);
  assert.equal(two.warranty_months, 6);
  const three = (await gm.get('/api/v1/products?q=IMP-3&state=inactive')).body.items[0];
  assert.equal(three.active, false);
  const errfile = await fetch(`${server.url}/api/v1/jobs/${done.id}/file`, { headers: { Cookie: salesmgr.cookie } });
  assert.equal(errfile.status, 200, 'the error file downloads');
  assert.ok((await errfile.arrayBuffer()).byteLength > 100);

  const again = await runImport(salesmgr, sheet);
  assert.equal(again.summary.created + again.summary.updated, 0, JSON.stringify(again.summary));
  assert.equal(again.summary.skipped, 3);
  const audit = await auditEntries(gm, 'action=product.import');
  assert.ok(audit.some((e) => /created=2 updated=1/.test(e.detail)), JSON.stringify(audit.slice(0, 2)));
});

test('R-PLT-3: issue 14 item 2: the administrator (who imports no customers) uploads and imports the catalogue; a user with no import right cannot upload at all', async () => {
  const job = await runImport(admin, '产品编码,产品名称,单价\nADM-1,管理员导入,10\n');
  assert.equal(job.summary.created, 1, JSON.stringify(job.summary));
  const auditor = await as(server, 'shenji');
  const r = await auditor.req('POST', '/api/v1/imports/files?name=x.csv', undefined,
    { raw: 'a,b\n', headers: { 'Content-Type': 'application/octet-stream' } });
  assert.equal(r.status, 403, r.text);
});

test('R-PLT-3: issue 14 item 2: an import refuses a file without the code or name column, naming the column', async () => {
  const r = await salesmgr.post('/api/v1/products/imports', { file_id: await upload(salesmgr, '名称,单价\n甲,1\n'), dry_run: true });
  assert.equal(r.status, 202, r.text);
  const job = await waitJob(salesmgr, r.body.job_id);
  assert.equal(job.state, 'failed', JSON.stringify(job));
  assert.equal(job.error.field, 'file');
  assert.match(JSON.stringify(job.error), /产品编码/);
  const bad = await salesmgr.post('/api/v1/products/imports', { file_id: 'no-such-upload', dry_run: true });
  assert.equal(bad.status, 422, bad.text);
  assert.equal(bad.body.error.field, 'file_id');
});
