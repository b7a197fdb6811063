// HTTP behaviour common to all endpoints: errors, languages, limits, shutdown and restart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, serveExisting, Client, as, mobile, idNumber } from '../lib/kehu.mjs';

let server;
let zw;
before(async () => {
  server = await startServer({ demo: 2 });
  zw = await as(server, 'zhangwei');
});
after(async () => { await server.stop(); });

test('error messages are zh-CN by default and English with Accept-Language: en; both texts are always present', async () => {
  const zh = await zw.post('/api/v1/customers', { kind: 'individual', name: '语言', mobile: '123' });
  assert.equal(zh.status, 422);
  assert.equal(zh.body.error.code, 'validation');
  assert.equal(zh.body.error.field, 'mobile');
  assert.match(zh.body.error.message, /手机号码/);
  assert.equal(zh.body.error.message, zh.body.error.message_zh);
  assert.match(zh.body.error.message_en, /mobile/);
  const en = await zw.post('/api/v1/customers', { kind: 'individual', name: '语言', mobile: '123' }, { headers: { 'Accept-Language': 'en-US,en;q=0.9' } });
  assert.equal(en.status, 422);
  assert.equal(en.body.error.message, en.body.error.message_en);
  assert.match(en.body.error.message, /mobile/);
  assert.equal(en.body.error.message_zh, zh.body.error.message_zh);
  const anon = await new Client(server.url, { lang: 'en' }).get('/api/v1/customers');
  assert.equal(anon.body.error.message, anon.body.error.message_en);
  const anonZh = await new Client(server.url).get('/api/v1/customers');
  assert.equal(anonZh.body.error.message, anonZh.body.error.message_zh);
});

test('every error has the same shape: code, field, message, message_zh, message_en', async () => {
  const responses = [
    await new Client(server.url).get('/api/v1/customers'), // 401
    await zw.get('/api/v1/customers/999999'), // 404
    await zw.post('/api/v1/users', { username: 'x' }), // 403
    await zw.post('/api/v1/customers', { kind: 'individual' }), // 422
    await zw.req('POST', '/api/v1/customers', undefined, { raw: 'not json', headers: { 'Content-Type': 'application/json' } }), // 400
  ];
  for (const r of responses) {
    assert.match(r.headers.get('content-type'), /application\/json/);
    assert.deepEqual(Object.keys(r.body), ['error']);
    assert.deepEqual(Object.keys(r.body.error).filter((k) => k !== 'existing').sort(), ['code', 'field', 'message', 'message_en', 'message_zh']);
  }
  assert.deepEqual(responses.map((r) => r.status), [401, 404, 403, 422, 400]);
  assert.deepEqual(responses.map((r) => r.body.error.code), ['unauthenticated', 'not_found', 'forbidden', 'validation', 'invalid']);
});

test('an unknown API endpoint is 404 not_found; a known path with the wrong method is 405', async () => {
  const r = await zw.get('/api/v1/no-such-thing');
  assert.equal(r.status, 404);
  assert.equal(r.body.error.code, 'not_found');
  const m = await zw.req('DELETE', '/api/v1/customers');
  assert.equal(m.status, 405);
});

test('malformed JSON, a JSON array and a JSON string body are refused with 400 invalid', async () => {
  for (const raw of ['{"username":', '[]', '"x"', 'null', '{"a":1,"a":2}']) {
    const r = await new Client(server.url).req('POST', '/api/v1/auth/login', undefined, { raw, headers: { 'Content-Type': 'application/json' } });
    assert.equal(r.status, 400, raw);
    assert.equal(r.body.error.code, 'invalid', raw);
  }
  const typed = await new Client(server.url).post('/api/v1/auth/login', { username: ['zhangwei'], password: 'x' });
  assert.equal(typed.status, 400);
  assert.equal(typed.body.error.field, 'username');
});

test('a request body over 1 MiB is refused with 413 too_large, on any endpoint, also before login', async () => {
  const big = JSON.stringify({ username: 'zhangwei', password: 'p'.repeat(1024 * 1024 + 1) });
  const r = await new Client(server.url).req('POST', '/api/v1/auth/login', undefined, { raw: big, headers: { 'Content-Type': 'application/json' } });
  assert.equal(r.status, 413);
  assert.equal(r.body.error.code, 'too_large');
  const justUnder = JSON.stringify({ kind: 'individual', name: '接近上限', notes: 'n'.repeat(4000) });
  const ok = await zw.req('POST', '/api/v1/customers', undefined, { raw: justUnder, headers: { 'Content-Type': 'application/json' } });
  assert.equal(ok.status, 201, 'a normal body is fine');
});

test('API answers are not cached and carry nosniff', async () => {
  const r = await zw.get('/api/v1/auth/me');
  assert.equal(r.headers.get('cache-control'), 'no-store');
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
});

test('the test clock sets and advances the server time; a bad time is 422', async () => {
  const c = new Client(server.url);
  const r = await c.put('/api/v1/_test/clock', { now: '2026-01-05T09:00:00+08:00' });
  assert.equal(r.status, 200);
  assert.equal(r.body.now, '2026-01-05T09:00:00+08:00');
  const a = await c.put('/api/v1/_test/clock', { advance_seconds: 3600 });
  assert.equal(a.body.now, '2026-01-05T10:00:00+08:00');
  const made = await zw.post('/api/v1/customers', { kind: 'individual', name: '测试时钟' });
  assert.equal(made.body.created_at, '2026-01-05T10:00:00+08:00');
  const bad = await c.put('/api/v1/_test/clock', { now: 'yesterday' });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.error.field, 'now');
});

test('R-PLT-6: SIGTERM stops the server cleanly (exit 0) and everything acknowledged is there after a restart', async () => {
  const s = await startServer({ demo: 1 });
  let s2 = null;
  try {
    const c = await as(s, 'zhangwei');
    const m = mobile();
    const idn = idNumber('44030519900101123');
    const created = await c.post('/api/v1/customers', { kind: 'individual', name: '重启后仍在', mobile: m, id_number: idn, templates: ['personal'], custom: { native_place: '广东深圳' } });
    assert.equal(created.status, 201);
    const upd = await c.patch(`/api/v1/customers/${created.body.id}`, { notes: '最后一次修改' });
    assert.equal(upd.status, 200);
    const contact = await c.post(`/api/v1/customers/${created.body.id}/contacts`, { name: '重启联系人', relation: 'spouse' });
    assert.equal(contact.status, 201);
    const tok = await c.post('/api/v1/auth/tokens', { name: 'survives' });
    assert.equal(await s.stop({ keep: true }), 0, `exit code 0; stderr: ${s.stderr}`);
    s2 = await serveExisting(s.db);
    // the API token still works, the session cookie store too
    const bot = new Client(s2.url, { token: tok.body.token });
    const d = await bot.get(`/api/v1/customers/${created.body.id}`);
    assert.equal(d.status, 200);
    assert.equal(d.body.name, '重启后仍在');
    // read in full by the GM: the salesperson's own token sees them masked (R-SEC-13)
    const full = (await (await as(s2, 'gm')).get(`/api/v1/customers/${created.body.id}`)).body;
    assert.equal(full.mobile, m);
    assert.equal(full.id_number, idn);
    assert.equal(d.body.mobile, `${m.slice(0, 3)}****${m.slice(7)}`);
    assert.equal(d.body.notes, '最后一次修改');
    assert.equal(d.body.code, created.body.code);
    assert.deepEqual(d.body.custom, { native_place: '广东深圳' });
    assert.deepEqual(d.body.contacts.map((x) => x.name), ['重启联系人']);
    // search and duplicate detection work on the reopened database
    const found = await bot.get(`/api/v1/customers?q=${encodeURIComponent('重启')}`);
    assert.deepEqual(found.body.items.map((x) => x.id), [created.body.id]);
    const dup = await bot.post('/api/v1/customers', { kind: 'individual', name: '重复', mobile: m });
    assert.equal(dup.status, 409);
    // numbering continues, codes are not reused
    const next = await bot.post('/api/v1/customers', { kind: 'individual', name: '重启后新客户' });
    assert.equal(next.status, 201);
    assert.notEqual(next.body.code, created.body.code);
    const v = await (await as(s2, 'shenji')).get('/api/v1/audit/verify');
    assert.equal(v.body.ok, true, 'the audit chain survives the restart');
  } finally {
    if (s2) assert.equal(await s2.stop(), 0);
    else await s.stop();
  }
});
