// The lending register 外借登记册 (R-SEC-5, issue 12 item 4): checkouts of customer files and
// every export are loans with items, count, time, reason and the borrower's confirmation, due
// within loan_max_days (3); a return is registered (注销); an overdue loan alerts its borrower and
// the information specialists every working day until it is returned (the test clock moves).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, asAdmin, auditEntries, mobile, waitJob, postExport } from '../lib/kehu.mjs';

let server, admin;
const u = {};
let mine = [];

before(async () => {
  server = await startServer({ demo: 3 });
  const names = ['gm', 'zhangwei', 'lina', 'infospec', 'infosup'];
  const clients = await Promise.all(names.map((n) => as(server, n)));
  names.forEach((n, i) => { u[n] = clients[i]; });
  admin = await asAdmin(server);
  await admin.put('/api/v1/_test/clock', { now: '2026-06-01T09:00:00+08:00' }); // a Monday
  for (const name of ['借阅客户一', '借阅客户二']) {
    const r = await u.zhangwei.post('/api/v1/customers', { kind: 'individual', name, mobile: mobile() });
    assert.equal(r.status, 201, r.text);
    mine.push(r.body);
  }
});
after(async () => { await server.stop(); });

const checkout = (c, body) => c.post('/api/v1/loans', { customer_ids: mine.map((x) => x.id), reason: '上门回访带档案', confirm: true, ...body });
const inbox = async (c) => (await c.get('/api/v1/notifications?limit=200')).body.items.filter((n) => n.kind === 'loan.overdue');
const at = (t) => admin.put('/api/v1/_test/clock', { now: t });
const tick = async (c, want) => {
  assert.equal((await admin.post('/api/v1/_test/scheduler/tick')).status, 200);
  let n = (await inbox(c)).length;
  for (let i = 0; i < 40 && n !== want; i++) { await new Promise((r) => setTimeout(r, 50)); n = (await inbox(c)).length; }
  return n;
};

test('R-SEC-5: issue 12 item 4: a checkout records items, count, time, reason and confirmation, due in 3 days; the borrower and the register keepers see it, nobody else', async () => {
  const r = await checkout(u.zhangwei, {});
  assert.equal(r.status, 201, r.text);
  const l = r.body;
  assert.equal(l.kind, 'file');
  assert.equal(l.item_count, 2);
  assert.match(l.items, new RegExp(`${mine[0].code} 借阅客户一`));
  assert.equal(l.reason, '上门回访带档案');
  assert.equal(l.lent_at, '2026-06-01T09:00:00+08:00');
  assert.equal(l.confirmed_at, '2026-06-01T09:00:00+08:00');
  assert.equal(l.due_at, '2026-06-04T09:00:00+08:00');
  assert.equal(l.returned_at, null);
  assert.equal(l.borrower.name, '张伟');
  assert.ok((await u.zhangwei.get('/api/v1/loans')).body.items.some((x) => x.id === l.id));
  assert.ok(!(await u.lina.get('/api/v1/loans?state=all')).body.items.some((x) => x.id === l.id));
  assert.equal((await u.lina.get(`/api/v1/loans/${l.id}`)).status, 404);
  assert.ok((await u.infospec.get('/api/v1/loans')).body.items.some((x) => x.id === l.id));
  assert.ok((await auditEntries(u.gm, 'action=loan.checkout')).some((e) => e.target_id === String(l.id) || e.target_id === l.id));
  await u.zhangwei.post(`/api/v1/loans/${l.id}/return`, { note: '已归档' });
});

test('R-SEC-5: issue 12 item 4: refusals — no confirmation, no reason, a record one may not read, a term past the longest; nothing registered', async () => {
  const before = (await u.infospec.get('/api/v1/loans?state=all')).body.items.length;
  const other = (await u.lina.post('/api/v1/customers', { kind: 'individual', name: '别人的客户', mobile: mobile() })).body;
  const cases = [
    [{ confirm: false }, 422, 'confirm'],
    [{ confirm: undefined }, 422, 'confirm'],
    [{ reason: '' }, 422, 'reason'],
    [{ customer_ids: [other.id] }, 422, 'customer_ids'],
    [{ customer_ids: [] }, 422, 'customer_ids'],
    [{ customer_ids: 'x' }, 400, 'customer_ids'],
    [{ days: 4 }, 422, 'days'],
    [{ days: 0 }, 422, 'days'],
  ];
  for (const [body, status, field] of cases) {
    const r = await checkout(u.zhangwei, body);
    assert.equal(r.status, status, `${JSON.stringify(body)} ${r.text}`);
    assert.equal(r.body.error.field, field, r.text);
  }
  assert.equal((await u.infospec.get('/api/v1/loans?state=all')).body.items.length, before);
});

test('R-SEC-5: issue 12 item 4: an overdue loan alerts the borrower and the information specialist on working day 4, not day 3, every working day (not weekends) until it is returned', async () => {
  await at('2026-06-01T09:00:00+08:00');
  const l = (await checkout(u.zhangwei, {})).body;
  const base = (await inbox(u.zhangwei)).length;
  const baseSpec = (await inbox(u.infospec)).length;
  await at('2026-06-03T10:30:00+08:00'); // Wednesday, day 3: not yet due
  assert.equal(await tick(u.zhangwei, base + 1), base);
  await at('2026-06-04T10:30:00+08:00'); // Thursday, day 4: past due
  assert.equal(await tick(u.zhangwei, base + 1), base + 1);
  const note = (await inbox(u.zhangwei))[0];
  assert.match(note.text, new RegExp(`外借 #${l.id}`));
  assert.match(note.link, new RegExp(`/loans\\?id=${l.id}`));
  assert.equal((await inbox(u.infospec)).length, baseSpec + 1, 'the information specialist is alerted too');
  assert.ok((await u.infospec.get('/api/v1/loans?state=overdue')).body.items.some((x) => x.id === l.id && x.overdue));
  await at('2026-06-04T15:30:00+08:00'); // the same day: once
  assert.equal(await tick(u.zhangwei, base + 2), base + 1);
  await at('2026-06-05T10:30:00+08:00'); // Friday
  assert.equal(await tick(u.zhangwei, base + 2), base + 2);
  await at('2026-06-06T10:30:00+08:00'); // Saturday: no alert
  assert.equal(await tick(u.zhangwei, base + 3), base + 2);
  await at('2026-06-08T10:30:00+08:00'); // Monday
  assert.equal(await tick(u.zhangwei, base + 3), base + 3);
  // Returned (注销) by the borrower: no more alerts; a second return is refused.
  const ret = await u.zhangwei.post(`/api/v1/loans/${l.id}/return`, { note: '原件已交回' });
  assert.equal(ret.status, 200, ret.text);
  assert.equal(ret.body.returned_at, '2026-06-08T10:30:00+08:00');
  assert.equal(ret.body.return_note, '原件已交回');
  assert.equal(ret.body.overdue, false);
  assert.equal((await u.zhangwei.post(`/api/v1/loans/${l.id}/return`, {})).status, 409);
  await at('2026-06-09T10:30:00+08:00');
  assert.equal(await tick(u.zhangwei, base + 4), base + 3);
  assert.ok((await u.infospec.get('/api/v1/loans?state=returned')).body.items.some((x) => x.id === l.id));
  await at('2026-06-01T09:00:00+08:00');
});

test('R-SEC-5: issue 12 item 4: only the borrower or a register keeper registers a return', async () => {
  const l = (await checkout(u.zhangwei, {})).body;
  assert.equal((await u.lina.post(`/api/v1/loans/${l.id}/return`, {})).status, 404);
  const r = await u.infospec.post(`/api/v1/loans/${l.id}/return`, { note: '代为注销' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.returned_by.name, '李晓燕');
});

test('R-SEC-5: issue 12 item 4: every export of customer data is registered as a loan of its requester, once', async () => {
  const r = await postExport(server, u.zhangwei, { format: 'csv' });
  assert.equal(r.status, 202, r.text);
  const job = await waitJob(u.zhangwei, r.body.job_id);
  assert.equal(job.state, 'done');
  const loans = (await u.zhangwei.get('/api/v1/loans?kind=export')).body.items.filter((x) => x.job_id === r.body.job_id);
  assert.equal(loans.length, 1);
  assert.equal(loans[0].item_count, job.summary.rows);
  assert.match(loans[0].items, /客户导出/);
  assert.equal(loans[0].due_at, '2026-06-04T09:00:00+08:00');
});

test('R-SEC-5: issue 12 item 4: the register exports as xlsx for its keepers, filtered; others are refused', async () => {
  const { readXlsx } = await import('../lib/xlsx.mjs');
  assert.equal((await u.zhangwei.post('/api/v1/loans/export?state=all', {})).status, 403);
  assert.equal((await u.infospec.post('/api/v1/loans/export?state=sometimes', {})).status, 400);
  const r = await u.infospec.post('/api/v1/loans/export?state=returned', {});
  assert.equal(r.status, 202, r.text);
  const job = await waitJob(u.infospec, r.body.job_id);
  assert.equal(job.state, 'done', JSON.stringify(job.error));
  const res = await fetch(`${server.url}/api/v1/jobs/${r.body.job_id}/file`, { headers: { Cookie: u.infospec.cookie } });
  assert.equal(res.status, 200);
  const book = readXlsx(Buffer.from(await res.arrayBuffer()));
  assert.equal(book.sheets[0].name, '外借登记册');
  const sheet = book.sheets[0].rows;
  assert.deepEqual(sheet[0].slice(0, 3), ['编号', '借阅人', '类型']);
  const returned = (await u.infospec.get('/api/v1/loans?state=returned&limit=200')).body.items;
  assert.equal(sheet.length - 1, returned.length);
  assert.ok(sheet.slice(1).every((row) => row[11] === '已归还'));
  assert.equal(job.summary.rows, returned.length);
});

test('R-SEC-5: issue 12 item 4: an alert\'s link finds its loan by id whatever its state, with the overdue days counted by the server', async () => {
  await at('2026-06-01T09:00:00+08:00');
  const l = (await checkout(u.zhangwei, { days: 1 })).body;
  await at('2026-06-04T10:00:00+08:00');
  const r = await u.zhangwei.get(`/api/v1/loans?id=${l.id}`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.items.map((x) => x.id), [l.id]);
  assert.equal(r.body.items[0].overdue_days, 3);
  await u.zhangwei.post(`/api/v1/loans/${l.id}/return`, {});
  assert.deepEqual((await u.zhangwei.get(`/api/v1/loans?id=${l.id}`)).body.items.map((x) => x.id), [l.id], 'returned: still found by id');
  assert.equal((await u.zhangwei.get(`/api/v1/loans?id=${l.id}`)).body.items[0].overdue_days, 0);
  assert.deepEqual((await u.lina.get(`/api/v1/loans?id=${l.id}`)).body.items, [], 'not another borrower\'s');
  await at('2026-06-01T09:00:00+08:00');
});

test('R-SEC-5 R-SEC-10: issue 12 item 12: who saw this customer lists the loans holding it (checkouts and its own file), with their borrower and return', async () => {
  const r = await checkout(u.zhangwei, { days: 1 });
  assert.equal(r.status, 201, r.text);
  const file = await postExport(server, u.zhangwei, undefined, `/api/v1/customers/${mine[1].id}/export`);
  assert.equal(file.status, 202, file.text);
  assert.equal((await waitJob(u.zhangwei, file.body.job_id)).state, 'done');
  const log = await u.gm.get(`/api/v1/customers/${mine[1].id}/access-log`);
  assert.equal(log.status, 200, log.text);
  const ids = log.body.loans.map((l) => l.id);
  assert.ok(ids.includes(r.body.id), 'the checkout');
  const exp = log.body.loans.find((l) => l.kind === 'export' && l.job_id === file.body.job_id);
  assert.ok(exp, 'the one-customer export');
  assert.equal(exp.borrower.name, '张伟');
  // the other customer of the checkout only has the checkout
  const other = await u.gm.get(`/api/v1/customers/${mine[0].id}/access-log`);
  assert.ok(other.body.loans.some((l) => l.id === r.body.id));
  assert.ok(!other.body.loans.some((l) => l.job_id === file.body.job_id));
  // the owner does not read who used the record
  assert.equal((await u.zhangwei.get(`/api/v1/customers/${mine[1].id}/access-log`)).status, 404);
});

test('R-SEC-5 R-INT-7: issue 12 item 4: overdue loan alerts follow the business calendar: none on a public holiday, one on a swapped working Saturday', async () => {
  await at('2026-09-28T09:00:00+08:00');
  const l = (await checkout(u.zhangwei, {})).body;
  assert.equal(l.due_at, '2026-10-01T09:00:00+08:00');
  // Only this loan's alerts: earlier tests' loans are still out.
  const mine = async () => (await inbox(u.zhangwei)).filter((n) => n.link.endsWith(`/loans?id=${l.id}`)).length;
  const tickMine = async (want) => {
    assert.equal((await admin.post('/api/v1/_test/scheduler/tick')).status, 200);
    let n = await mine();
    for (let i = 0; i < 40 && n !== want; i++) { await new Promise((r) => setTimeout(r, 50)); n = await mine(); }
    return n;
  };
  await at('2026-10-02T10:30:00+08:00'); // National Day week: past due, but not a working day
  assert.equal(await tickMine(1), 0);
  await at('2026-10-08T10:30:00+08:00');
  assert.equal(await tickMine(1), 1);
  await at('2026-10-10T10:30:00+08:00'); // Saturday worked instead of a holiday
  assert.equal(await tickMine(2), 2);
  assert.equal((await u.zhangwei.post(`/api/v1/loans/${l.id}/return`, {})).status, 200);
  await at('2026-06-01T09:00:00+08:00');
});
