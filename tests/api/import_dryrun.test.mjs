// `kehu import --dry-run` names every refused and every duplicate row (issue 9 item 8).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, as, kehu, waitJob } from '../lib/kehu.mjs';

let s;
before(async () => { s = await startServer({ demo: 3 }); });
after(async () => { await s?.stop(); });

test('R-PLT-3: issue 9 item 8: kehu import --dry-run prints each refused and each duplicate row with its column and the reason the API preview gives, in the CLI\'s language', async () => {
  const gm = await as(s, 'gm');
  const existing = (await gm.get('/api/v1/customers?limit=1')).body.items[0];
  const csv = [
    '客户名称,手机,等级,邮箱',
    `重复库中,${existing.mobile},A,`,
    '手机有误,12345,B,',
    '文件首行,13711112222,A,',
    '等级有误,13711113333,Z,',
    '文件重复,13711112222,A,',
    '邮箱有误,13711114444,A,not-an-email',
  ].join('\n');
  const file = join(s.dir, 'dry.csv');
  writeFileSync(file, csv);

  // the API preview of the same file
  const up = await gm.req('POST', '/api/v1/imports/files?name=dry.csv', undefined, { raw: Buffer.from(csv), headers: { 'Content-Type': 'text/csv' } });
  assert.equal(up.status, 201, up.text);
  const pv = await gm.post('/api/v1/imports/preview', { file_id: up.body.file_id });
  const job = await waitJob(gm, pv.body.job_id);
  const sum = job.summary;
  assert.equal(sum.errors.length, 3, JSON.stringify(sum.errors));
  assert.equal(sum.duplicate_rows.length, 2, JSON.stringify(sum.duplicate_rows));
  // the refusal a create of the same phone gets
  const conflict = await gm.post('/api/v1/customers', { kind: 'individual', name: '重复库中', mobile: existing.mobile });
  assert.equal(conflict.status, 409);
  const conflictEn = await gm.req('POST', '/api/v1/customers', { kind: 'individual', name: '重复库中', mobile: existing.mobile }, { headers: { 'Accept-Language': 'en' } });

  const en = await kehu(['import', file, '--db', s.db, '--dry-run', '--lang', 'en']);
  assert.equal(en.code, 1, en.stderr);
  for (const e of sum.errors) assert.ok(en.stdout.includes(`row ${e.row}, ${e.column}: ${e.message_en}`), `${JSON.stringify(e)}\n${en.stdout}`);
  assert.ok(en.stdout.includes(`row 2, 手机: ${conflictEn.body.error.message}`), en.stdout);
  assert.ok(en.stdout.includes('row 6, 手机: the same customer as row 4 of the file'), en.stdout);
  assert.doesNotMatch(en.stdout, /[行有误]：/, 'English lines only');

  const zh = await kehu(['import', file, '--db', s.db, '--dry-run'], { KEHU_LANG: 'zh-CN' });
  assert.equal(zh.code, 1, zh.stderr);
  for (const e of sum.errors) assert.ok(zh.stdout.includes(`第 ${e.row} 行，${e.column}：${e.message_zh}`), `${JSON.stringify(e)}\n${zh.stdout}`);
  assert.ok(zh.stdout.includes(`第 2 行，手机：${conflict.body.error.message}`), zh.stdout);
  assert.ok(zh.stdout.includes('第 6 行，手机：与文件第 4 行是同一客户'), zh.stdout);

  // the locale decides when nothing else does; a bad --lang is refused
  const loc = await kehu(['import', file, '--db', s.db, '--dry-run'], { KEHU_LANG: '', LC_ALL: 'zh_CN.UTF-8' });
  assert.match(loc.stdout, /第 3 行，手机：/);
  const bad = await kehu(['import', file, '--db', s.db, '--dry-run', '--lang', 'fr']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--lang: .* must be zh-CN or en/);
});

test('R-PLT-3: issue 9 item 8: a duplicate within the file is matched on its key in the preview too', async () => {
  const gm = await as(s, 'gm');
  const csv = '客户名称,手机\n键一,13722221111\n键二,13722221111\n';
  const up = await gm.req('POST', '/api/v1/imports/files?name=k.csv', undefined, { raw: Buffer.from(csv), headers: { 'Content-Type': 'text/csv' } });
  const pv = await gm.post('/api/v1/imports/preview', { file_id: up.body.file_id });
  const job = await waitJob(gm, pv.body.job_id);
  assert.deepEqual(job.summary.duplicate_rows, [{ row: 3, match: 'phone', first_row: 2 }]);
});
