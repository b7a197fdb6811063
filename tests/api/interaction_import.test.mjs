// Importing interactions 跟进记录导入 (R-INT-1, issue 13 item 2): a salesperson uploads a sheet of
// calls and visits like a customer import; the preview checks every row and writes nothing; the
// import logs the valid rows (next steps become tasks) and puts the others, with their reasons,
// in an error file; importing the same file again adds nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, as, asAdmin, mobile, waitJob } from '../lib/kehu.mjs';

let server, admin, sales, lina, auditor;
const c = {};

async function upload(client, text, name = 'interactions.csv') {
  const r = await client.req('POST', `/api/v1/imports/files?name=${encodeURIComponent(name)}`, undefined,
    { raw: text, headers: { 'Content-Type': 'application/octet-stream' } });
  assert.equal(r.status, 201, r.text);
  return r.body.file_id;
}
async function run(client, text, dry_run = false) {
  const r = await client.post('/api/v1/interactions/imports', { file_id: await upload(client, text), dry_run });
  assert.equal(r.status, 202, r.text);
  const job = await waitJob(client, r.body.job_id);
  assert.equal(job.state, 'done', JSON.stringify(job));
  return job;
}
const timeline = async (id) => (await sales.get(`/api/v1/interactions?customer_id=${id}&limit=100`)).body.items;

before(async () => {
  server = await startServer({ demo: 1 });
  admin = await asAdmin(server);
  assert.equal((await admin.put('/api/v1/_test/clock', { now: '2026-11-20T10:00:00+08:00' })).status, 200);
  [sales, lina] = await Promise.all([as(server, 'zhangwei'), as(server, 'lina')]);
  const mk = async (key, name, client = sales) => {
    const r = await client.post('/api/v1/customers', { kind: 'individual', name, mobile: mobile() });
    assert.equal(r.status, 201, r.text);
    c[key] = r.body;
  };
  await mk('a', '导入跟进甲');
  await mk('b', '导入跟进乙');
  await mk('other', '别人的客户丙', lina);
  const ct = await sales.post(`/api/v1/customers/${c.a.id}/contacts`, { name: '王秘书', relation: 'assistant', mobile: mobile() });
  assert.equal(ct.status, 201, ct.text);
});
after(async () => { await server.stop(); });

const sheet = () => [
  '客户编号,客户名称,跟进时间,方式,方向,内容,结果,下一步,下一步日期,参与同事,客户联系人,满意度,需进一步服务',
  `${c.a.code},,2026-11-02 14:30,电话,去电,介绍新款产品,有兴趣,寄送样品,2026-11-25,lina,王秘书,4,否`,
  `,导入跟进乙,2026/11/03,拜访,,上门拜访了解需求,,,,,,2,是`,
  `${c.a.code},,2026-11-04 09:00,传真,,发了传真,,,,,,,`,
  `${c.other.code},,2026-11-04 10:00,电话,,打给别人的客户,,,,,,,`,
  `${c.b.code},,2026-12-24 10:00,电话,,将来的通话,,,,,,,`,
  `${c.b.code},,2026-11-05 10:00,电话,,,,,,,,,`,
  `${c.b.code},,2026-11-05 11:00,电话,,找不存在的同事,,,,赵六,,,`,
  `,不存在的客户,2026-11-05 12:00,电话,,没有这位客户,,,,,,,`,
  `${c.b.code},,昨天下午,电话,,时间写错,,,,,,,`,
  `${c.b.code},,2026-11-06 10:00,电话,,满意度写错,,,,,,六,`,
].join('\n') + '\n';

test('R-INT-1: issue 13 item 2: the preview checks every row, names each bad row\'s column and reason, and logs nothing', async () => {
  const job = await run(sales, sheet(), true);
  const s = job.summary;
  assert.equal(s.rows, 10);
  assert.equal(s.valid, 2, JSON.stringify(s));
  assert.equal(s.invalid, 8);
  assert.equal(s.created, 0);
  assert.equal(s.imported, false);
  const by = (row) => s.errors.find((e) => e.row === row);
  assert.equal(by(4).field, 'channel');
  assert.equal(by(4).column, '方式');
  assert.equal(by(5).field, 'customer_id', 'another\'s customer is not found, as if it did not exist');
  assert.equal(by(5).column, '客户编号');
  assert.equal(by(6).field, 'occurred_at');
  assert.equal(by(7).field, 'summary');
  assert.equal(by(8).field, 'user_ids');
  assert.match(by(8).message_zh, /赵六/);
  assert.equal(by(9).field, 'customer_id');
  assert.equal(by(9).column, '客户名称');
  assert.equal(by(10).field, 'occurred_at');
  assert.equal(by(11).field, 'satisfaction');
  assert.equal(by(11).column, '满意度');
  assert.equal((await timeline(c.a.id)).length, 0);
  assert.equal((await timeline(c.b.id)).length, 0);
});

test('R-INT-1: issue 13 item 2: the import logs the valid rows with their people and next-step task, and the error file lists the others', async () => {
  const job = await run(sales, sheet());
  assert.equal(job.summary.created, 2, JSON.stringify(job.summary));
  assert.equal(job.summary.invalid, 8);
  const [a] = await timeline(c.a.id);
  assert.equal(a.channel, 'call');
  assert.equal(a.direction, 'out');
  assert.equal(a.summary, '介绍新款产品');
  assert.equal(a.outcome, '有兴趣');
  assert.match(a.occurred_at, /^2026-11-02T14:30:00\+08:00$/);
  const names = a.people.map((p) => p.name).sort();
  assert.deepEqual(names, ['李娜', '王秘书'].sort());
  assert.ok(a.task_id, 'the next step with a date became a task');
  const task = (await sales.get(`/api/v1/tasks/${a.task_id}`)).body;
  assert.equal(task.title, '寄送样品');
  assert.match(task.due_at, /^2026-11-25T09:00:00\+08:00$/);
  const [b] = await timeline(c.b.id);
  assert.equal(b.channel, 'visit');
  assert.equal(b.satisfaction, 2, 'R-INT-5: the rating and the flag come in with the row');
  assert.equal(b.needs_service, true);
  assert.equal(a.satisfaction, 4);
  assert.equal(a.needs_service, false);
  assert.match(b.occurred_at, /^2026-11-03T00:00:00\+08:00$/);
  // the error file: the rejected rows with their reasons, in the importer's language
  const res = await fetch(`${server.url}/api/v1/jobs/${job.id}/file`, { headers: { Cookie: sales.cookie } });
  assert.equal(res.status, 200);
  const xlsx = Buffer.from(await res.arrayBuffer());
  const csv = execFileSync('python3', ['-c', `
import sys, zipfile, re, io
z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))
x = z.read('xl/worksheets/sheet1.xml').decode()
ss = re.findall(r'<t[^>]*>(.*?)</t>', x)
if 'xl/sharedStrings.xml' in z.namelist():
    ss += re.findall(r'<t[^>]*>(.*?)</t>', z.read('xl/sharedStrings.xml').decode())
print(x.count('<row'), '|'.join(ss))
`], { input: xlsx }).toString();
  const rows = csv.slice(0, csv.indexOf(' ')), strings = csv.slice(csv.indexOf(' ') + 1);
  assert.equal(Number(rows), 9, 'a header and 8 rows');
  assert.match(strings, /方式/);
  assert.match(strings, /赵六/);
});

test('R-INT-1: issue 13 item 2: the same file imported again adds nothing (each logged row is skipped)', async () => {
  const job = await run(sales, sheet());
  assert.equal(job.summary.created, 0);
  assert.equal(job.summary.skipped, 2);
  assert.equal((await timeline(c.a.id)).length, 1);
});

test('R-INT-1: issue 13 item 2: refusals: a file without the needed columns, an unknown upload, no permission', async () => {
  const noCols = await sales.post('/api/v1/interactions/imports', { file_id: await upload(sales, '客户编号,备注\nKH1,x\n') });
  assert.equal(noCols.status, 202);
  const job = await waitJob(sales, noCols.body.job_id);
  assert.equal(job.state, 'failed');
  assert.equal(job.error.field, 'file');
  const unknown = await sales.post('/api/v1/interactions/imports', { file_id: 'u_nope' });
  assert.equal(unknown.status, 422, unknown.text);
  assert.equal(unknown.body.error.field, 'file_id');
  const bad = await sales.post('/api/v1/interactions/imports', { file_id: 7 });
  assert.equal(bad.status, 400);
  const badDry = await sales.post('/api/v1/interactions/imports', { file_id: 'u_x', dry_run: 'yes' });
  assert.equal(badDry.status, 400);
  assert.equal(badDry.body.error.field, 'dry_run');
  const fileId = await upload(sales, sheet());
  auditor = await as(server, 'shenji');
  const r = await auditor.post('/api/v1/interactions/imports', { file_id: fileId });
  assert.equal(r.status, 403, r.text);
  // lina cannot import zhangwei's upload
  const theirs = await lina.post('/api/v1/interactions/imports', { file_id: fileId });
  assert.equal(theirs.status, 422, theirs.text);
});

test('R-INT-1: issue 13 item 2: refusals of a row: an unknown direction, a next step date that is no date, a contact the customer does not have, needs-service neither yes nor no; each names its column', async () => {
  const text = [
    '客户编号,跟进时间,方式,方向,内容,下一步,下一步日期,客户联系人,需进一步服务',
    `${c.b.code},2026-11-07 10:00,电话,横向,方向写错,,,,`,
    `${c.b.code},2026-11-07 11:00,电话,,日期写错,再联系,下周,,`,
    `${c.b.code},2026-11-07 12:00,电话,,联系人写错,,,不存在的人,`,
    `${c.b.code},2026-11-07 13:00,电话,,服务写错,,,,也许`,
  ].join('\n') + '\n';
  const job = await run(sales, text, true);
  const by = (row) => job.summary.errors.find((e) => e.row === row);
  assert.equal(job.summary.invalid, 4, JSON.stringify(job.summary));
  assert.deepEqual([2, 3, 4, 5].map((n) => [by(n).field, by(n).column]),
    [['direction', '方向'], ['next_at', '下一步日期'], ['contact_ids', '客户联系人'], ['needs_service', '需进一步服务']]);
  for (const n of [2, 3, 4, 5]) assert.ok(by(n).message_zh && by(n).message_en);
});
