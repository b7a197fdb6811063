// Printing (R-PLT-7, issue 14 item 8): an order, a contract summary and a customer's receivables
// statement print from the browser (the print view: HTML with the print CSS) and as a PDF the
// server renders with headless chromium; every print carries the customer's secrecy level and the
// watermark of R-SEC-6 (who printed it, and when) and is audited. The customer file holds personal
// data: it prints only as its export in format pdf, under the export approval rule (R-SEC-6).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, as, asAdmin, auditEntries, mobile, waitJob } from '../lib/kehu.mjs';

let server, admin;
const u = {};
let mine, theirs, order, contract;
const scratch = mkdtempSync(path.join(tmpdir(), 'kehu-print-test-'));

const clock = async (now) => assert.equal((await admin.put('/api/v1/_test/clock', { now })).status, 200);

/**
 * The text of a PDF (pdftotext in content order, all white space taken out: CJK text extracts
 * without the spaces between runs), checked to be a PDF first; and its fonts (pdffonts).
 */
function pdfText(bytes, name) {
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-', 'a PDF');
  const file = path.join(scratch, name);
  writeFileSync(file, bytes);
  const raw = execFileSync('pdftotext', ['-raw', file, '-']).toString('utf8');
  return { raw, text: raw.replace(/\s+/g, ''), fonts: execFileSync('pdffonts', [file]).toString('utf8') };
}
const has = (text, s) => text.includes(s.replace(/\s+/g, ''));
async function fetchBytes(c, url) {
  const res = await fetch(`${server.url}${url}`, { headers: { Cookie: c.cookie, 'Accept-Language': 'zh-CN' } });
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), bytes: Buffer.from(await res.arrayBuffer()) };
}

before(async () => {
  server = await startServer({ demo: 3 });
  const names = ['gm', 'zhangwei', 'lina', 'kuaiji', 'infosup', 'shenji'];
  const clients = await Promise.all(names.map((n) => as(server, n)));
  names.forEach((n, i) => { u[n] = clients[i]; });
  admin = await asAdmin(server);
  await clock('2026-06-01T09:00:00+08:00');
  for (const n of names) u[n] = await as(server, n);
  mine = (await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name: '打印测试客户', mobile: mobile(), address: '上海市徐汇区漕溪北路 88 号' })).body;
  theirs = (await u.lina.post('/api/v1/customers', { kind: 'individual', name: '李娜的打印客户', mobile: mobile() })).body;
  const [p1] = (await u.zhangwei.get('/api/v1/products?limit=5')).body.items;
  let r = await u.zhangwei.post('/api/v1/orders', {
    customer_id: mine.id, ordered_at: '2026-06-01T08:30:00+08:00', notes: '送货前电话联系',
    lines: [{ product_id: p1.id, quantity: 2, discount_fen: 500 }, { description: '上门安装调试', quantity: 1, price_fen: 12000 }],
  });
  assert.equal(r.status, 201, r.text);
  order = r.body;
  r = await u.zhangwei.post('/api/v1/contracts', { customer_id: mine.id, kind: 'supply', title: '年度净水设备供货合同', amount_fen: 3000000,
    starts_on: '2026-07-01', ends_on: '2027-06-30', our_party: '客户通净水科技有限公司', signatory: '王经理' });
  assert.equal(r.status, 201, r.text);
  contract = r.body;
});
after(async () => { await server.stop(); });

test('R-PLT-7: R-SEC-6: an order\'s print view holds its lines, totals and customer, the secrecy level and the watermark with the user and time; the view is audited', async () => {
  await clock('2026-06-02T14:05:00+08:00');
  for (const n of Object.keys(u)) u[n] = await as(server, n); // (a day later: new sessions)
  admin = await asAdmin(server);
  const r = await u.zhangwei.get(`/api/v1/print/order/${order.id}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.kind, 'order');
  assert.equal(r.body.title, `订单 ${order.code}`);
  assert.equal(r.body.secrecy, 'normal');
  const html = r.body.html;
  assert.match(html, /^<style>/);
  assert.ok(html.includes('@page'), 'the print CSS: pages');
  assert.ok(html.includes('counter(page)') && html.includes('counter(pages)'), 'page numbers');
  assert.ok(html.includes('thead{display:table-header-group}'), 'table headers repeat on every page');
  assert.ok(html.includes('/fonts/noto-sans-sc-400.woff2'), 'the shipped font');
  for (const text of [order.code, '打印测试客户', '上门安装调试', '送货前电话联系', '密级：普通', `¥${(order.amount_fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`]) {
    assert.ok(html.includes(text), text);
  }
  assert.ok(html.includes('打印人：张伟（zhangwei） 打印时间：2026-06-02 14:05'), 'the watermark names the user and the time');
  const all = await auditEntries(u.shenji, 'action=print.view');
  assert.ok(all.some((e) => String(e.target_id) === String(order.id) && e.actor?.id === u.zhangwei.user.id), JSON.stringify(all));
  // English readers get the English document
  const en = await u.zhangwei.get(`/api/v1/print/order/${order.id}`, { headers: { 'Accept-Language': 'en' } });
  assert.equal(en.status, 200, en.text);
  assert.equal(en.body.title, `Order ${order.code}`);
  assert.ok(en.body.html.includes('Printed by 张伟 (zhangwei)') && en.body.html.includes('Secrecy: Normal'));
});

test('R-PLT-7: R-SEC-2: a confidential customer\'s contract summary prints with its level on the head and on every page', async () => {
  const p = await u.gm.patch(`/api/v1/customers/${mine.id}`, { secrecy: 'confidential' });
  assert.equal(p.status, 200, p.text);
  try {
    const r = await u.gm.get(`/api/v1/print/contract/${contract.id}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.secrecy, 'confidential');
    const html = r.body.html;
    for (const text of [contract.code, '年度净水设备供货合同', '客户通净水科技有限公司', '王经理', '2027-06-30', '¥30,000.00', '密级：机密']) assert.ok(html.includes(text), text);
    assert.match(html, /@top-right\{content:"密级：机密"/, 'the level in every page\'s margin');
    // the salesperson's clearance stops at normal: the record, and so its print, is out of sight
    assert.equal((await u.zhangwei.get(`/api/v1/print/contract/${contract.id}`)).status, 404);
  } finally {
    assert.equal((await u.gm.patch(`/api/v1/customers/${mine.id}`, { secrecy: 'normal' })).status, 200);
  }
});

test('R-PLT-7: R-DEV-5: a customer\'s receivables statement lists every installment with its state and the totals; the accountant prints it too', async () => {
  for (const c of [u.zhangwei, u.kuaiji]) {
    const r = await c.get(`/api/v1/print/statement/${mine.id}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.title, `对账单 ${mine.code}`);
    const html = r.body.html;
    for (const text of [order.code, '应收合计', '未收合计', '其中逾期', '未到期', `¥${(order.amount_fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`]) assert.ok(html.includes(text), text);
  }
});

test('R-PLT-7: a business document prints as a PDF rendered on the server with the shipped Chinese font: its Chinese text, the watermark and the page numbers are in it', async () => {
  const r = await fetchBytes(u.zhangwei, `/api/v1/print/order/${order.id}/pdf`);
  assert.equal(r.status, 200, r.bytes.toString('utf8').slice(0, 300));
  assert.equal(r.type, 'application/pdf');
  assert.match(r.disposition, /attachment/);
  const { text, fonts } = pdfText(r.bytes, 'order.pdf');
  for (const s of [order.code, '订单', '打印测试客户', '上门安装调试', '打印人：张伟', '密级：普通', '第 1 页 / 共 1 页']) assert.ok(has(text, s), `${s} in:\n${text}`);
  assert.match(fonts, /NotoSansSC/i, `the shipped Noto Sans SC is embedded:\n${fonts}`);
  const audited = await auditEntries(u.shenji, 'action=print.pdf');
  assert.ok(audited.some((e) => String(e.target_id) === String(order.id)), 'the PDF is audited');
});

test('R-PLT-7: R-SEC-6: print refusals — another salesperson\'s records on every path, an unknown kind, a missing record, and the customer file outside its export; nothing is audited for them', async () => {
  const before = (await auditEntries(u.shenji, 'action=print.view')).length;
  for (const url of [`/api/v1/print/order/${order.id}`, `/api/v1/print/contract/${contract.id}`, `/api/v1/print/statement/${mine.id}`,
    `/api/v1/print/order/${order.id}/pdf`, `/api/v1/print/statement/${mine.id}/pdf`]) {
    const r = await u.lina.get(url);
    assert.equal(r.status, 404, `${url}: ${r.text}`);
  }
  let r = await u.zhangwei.get(`/api/v1/print/invoice/${order.id}`);
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'kind');
  assert.match(r.body.error.message_zh, /订单/);
  r = await u.zhangwei.get('/api/v1/print/order/99999999');
  assert.equal(r.status, 404, r.text);
  r = await u.zhangwei.get('/api/v1/print/order/abc');
  assert.ok([400, 404].includes(r.status), r.text);
  // the customer file: personal data, printed only as its export (the approval rule)
  for (const c of [u.zhangwei, u.gm]) {
    r = await c.get(`/api/v1/print/customer/${mine.id}`);
    assert.equal(r.status, 403, r.text);
    assert.equal(r.body.error.field, 'kind');
    assert.match(r.body.error.message_en, /export the customer's file as PDF/);
  }
  assert.equal((await auditEntries(u.shenji, 'action=print.view')).length, before, 'a refused print is no print');
  assert.equal((await u.lina.get(`/api/v1/print/order/${theirs.id}`)).status, 404);
});

test('R-PLT-7: R-SEC-6: R-SEC-5: the customer file prints as a PDF export: directly for the general manager, watermarked, audited and registered as a loan whose record is the PDF', async () => {
  const loansBefore = (await u.gm.get('/api/v1/loans?limit=200')).body.items.length;
  const r = await u.gm.post(`/api/v1/customers/${mine.id}/export`, { format: 'pdf' });
  assert.equal(r.status, 202, r.text);
  const job = await waitJob(u.gm, r.body.job_id);
  assert.equal(job.state, 'done', JSON.stringify(job));
  assert.match(job.file?.name ?? '', /^客户档案-\d+-\d{8}-\d{6}\.pdf$/);
  const f = await fetchBytes(u.gm, `/api/v1/jobs/${r.body.job_id}/file`);
  assert.equal(f.status, 200);
  assert.equal(f.type, 'application/pdf');
  const { text } = pdfText(f.bytes, 'customer.pdf');
  for (const s of [`客户档案 ${mine.code}`, '打印测试客户', '基本资料', '联系人', '订单', order.code, '合同', contract.code, '应收款', '打印人：', '密级：普通']) {
    assert.ok(has(text, s), `${s} in:\n${text}`);
  }
  assert.ok(has(text, '漕溪北路 88 号'), 'the personal data the approval covers');
  const loans = (await u.gm.get('/api/v1/loans?limit=200')).body.items;
  assert.equal(loans.length, loansBefore + 1, 'registered as a loan');
  const exported = await auditEntries(u.shenji, 'action=customer.export');
  assert.ok(exported.some((e) => String(e.target_id) === String(mine.id) && /format=pdf/.test(e.detail)), 'audited as an export in PDF');
});

test('R-PLT-7: R-SEC-6: a salesperson prints a customer file only by an approved request, once; pdf is for one customer\'s file only', async () => {
  let r = await u.zhangwei.post(`/api/v1/customers/${mine.id}/export`, { format: 'pdf' });
  assert.equal(r.status, 403, r.text);
  assert.equal(r.body.error.field, 'approval_id');
  r = await u.zhangwei.post(`/api/v1/customers/${mine.id}/export`, { format: 'csv' });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'format');
  r = await u.zhangwei.post('/api/v1/export-requests', { format: 'pdf', reason: '打印名单', purpose: '上门拜访' });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'format', 'a list does not print as pdf');
  assert.match(r.body.error.message_en, /pdf prints one customer's file/);
  r = await u.gm.post('/api/v1/exports', { format: 'pdf' });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.field, 'format');
  r = await u.zhangwei.post('/api/v1/export-requests', { customer_id: mine.id, format: 'pdf', reason: '客户拜访需要纸质档案', purpose: '上门拜访' });
  assert.equal(r.status, 201, r.text);
  assert.match(r.body.summary, new RegExp(`打印客户档案 ${mine.code}`));
  const approved = await u.infosup.post(`/api/v1/approvals/${r.body.id}/approve`, { comment: '同意' });
  assert.equal(approved.status, 200, approved.text);
  const start = await u.zhangwei.post(`/api/v1/customers/${mine.id}/export`, { approval_id: r.body.id });
  assert.equal(start.status, 202, start.text);
  const job = await waitJob(u.zhangwei, start.body.job_id);
  assert.equal(job.state, 'done', JSON.stringify(job));
  const f = await fetchBytes(u.zhangwei, `/api/v1/jobs/${start.body.job_id}/file`);
  const { text } = pdfText(f.bytes, 'approved.pdf');
  assert.ok(has(text, '打印人：张伟（zhangwei）'), text);
  const again = await u.zhangwei.post(`/api/v1/customers/${mine.id}/export`, { approval_id: r.body.id });
  assert.equal(again.status, 409, again.text);
  assert.equal(again.body.error.field, 'approval_id');
});
