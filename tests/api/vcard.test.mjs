// vCards for a phone's address book (issue 13 item 11): an export in format vcf holds each chosen
// customer and its contacts as vCards (RFC 6350); Debian's python3-vobject, a real client, parses
// them with names, phones and Chinese text intact. It is an export like any other: the one scope
// filter, masking for those who may not see full numbers, the approval of personal data, the
// watermark, the loan register and the audit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, as, asAdmin, runExport, postExport, auditEntries } from '../lib/kehu.mjs';

let server, admin, customer;
const u = {};

/** Parse vCards with python3-vobject: [{fn, org, tels, note, uid}]. */
function parseVcards(buf) {
  const py = `
import sys, json, vobject
out = []
for c in vobject.readComponents(sys.stdin.read()):
    get = lambda k: [x.value for x in c.contents.get(k, [])]
    org = get("org")
    out.append({"fn": c.fn.value, "org": [";".join(o) if isinstance(o, list) else o for o in org],
        "tels": get("tel"), "emails": get("email"), "note": (get("note") or [""])[0],
        "uid": (get("uid") or [""])[0], "title": (get("title") or [""])[0]})
print(json.dumps(out, ensure_ascii=False))
`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', py], { input: buf }).toString('utf8'));
}

before(async () => {
  server = await startServer({ demo: 1 });
  admin = await asAdmin(server);
  await admin.put('/api/v1/_test/clock', { now: '2026-06-01T09:00:00+08:00' });
  for (const n of ['zhangwei', 'gm', 'lina']) u[n] = await as(server, n);
  const r = await u.zhangwei.post('/api/v1/customers', {
    kind: 'organization', name: '北京星辰科技有限公司，总部', mobile: '13912345678', phone_office: '010-62345678',
    email: 'info@xingchen.cn', tags: ['名片导出'] });
  assert.equal(r.status, 201, r.text);
  customer = r.body;
  const k = await u.zhangwei.post(`/api/v1/customers/${customer.id}/contacts`, { name: '欧阳明', position: '采购经理; 华北', mobile: '13800138000', relation: 'assistant' });
  assert.equal(k.status, 201, k.text);
});
after(async () => { await server.stop(); });

test('R-PLT-3: issue 13 item 11: a vCard export holds the customer and its contacts; python3-vobject reads names, phones and Chinese text intact, with the watermark', async () => {
  const buf = await runExport(server, u.gm, { format: 'vcf', filter: { tag: '名片导出' } });
  const cards = parseVcards(buf);
  assert.equal(cards.length, 2, JSON.stringify(cards));
  const [co, person] = cards;
  assert.equal(co.fn, '北京星辰科技有限公司，总部');
  assert.deepEqual(co.tels.sort(), ['010-62345678', '13912345678'], 'the GM sees full numbers');
  assert.deepEqual(co.emails, ['info@xingchen.cn']);
  assert.match(co.note, new RegExp(customer.code));
  assert.match(co.note, /gm/, 'the watermark names who exported');
  assert.equal(person.fn, '欧阳明');
  assert.equal(person.title, '采购经理; 华北');
  assert.deepEqual(person.tels, ['13800138000']);
  assert.ok(person.org.some((o) => o.includes('北京星辰科技有限公司')));
  const ev = await auditEntries(u.gm, 'action=customer.export');
  assert.ok(ev.some((e) => /format=vcf/.test(e.detail)), JSON.stringify(ev.slice(0, 2)));
  // an export of personal data is a loan on the register (R-SEC-5)
  const loans = (await u.gm.get('/api/v1/loans?limit=50')).body.items;
  assert.ok(loans.length > 0);
});

test('R-SEC-13: issue 13 item 11: a salesperson\'s vCards follow masking and the export rules: approval first, their own customers only', async () => {
  const r = await u.zhangwei.post('/api/v1/exports', { format: 'vcf', filter: { tag: '名片导出' } });
  assert.equal(r.status, 403, 'personal data leaves only with an approval');
  assert.equal(r.body.error.code, 'approval_required');
  const buf = await runExport(server, u.zhangwei, { format: 'vcf', filter: { tag: '名片导出' } });
  const cards = parseVcards(buf);
  assert.equal(cards.length, 2);
  assert.ok(cards[0].tels.includes('139****5678'), `masked: ${cards[0].tels}`);
  assert.ok(!buf.toString('utf8').includes('13912345678'));
  assert.ok(!buf.toString('utf8').includes('13800138000'));
  // lina sees none of zhangwei's customers: her vCard file is empty of them
  const other = await runExport(server, u.lina, { format: 'vcf', filter: { tag: '名片导出' } });
  assert.equal(other.toString('utf8'), '');
  const bad = await postExport(server, u.gm, { format: 'vcard' });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'format');
});
