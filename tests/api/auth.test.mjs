// Authentication: sessions, CSRF, API tokens, login throttling, password change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, as, auditEntries, mobile, DEMO_PASSWORD } from '../lib/kehu.mjs';

let server;
before(async () => { server = await startServer({ demo: 3 }); });
after(async () => { await server.stop(); });

test('requests without a session are refused with 401 unauthenticated', async () => {
  const c = new Client(server.url);
  for (const path of ['/api/v1/customers', '/api/v1/auth/me', '/api/v1/meta', '/api/v1/users']) {
    const r = await c.get(path);
    assert.equal(r.status, 401, path);
    assert.equal(r.body.error.code, 'unauthenticated', path);
  }
  const w = await c.post('/api/v1/customers', { kind: 'individual', name: '无会话' });
  assert.equal(w.status, 401);
});

test('a forged or unknown session cookie is refused with 401', async () => {
  const c = new Client(server.url);
  c.cookie = 'kehu_session=ks_forged0000000000000000';
  const r = await c.get('/api/v1/auth/me');
  assert.equal(r.status, 401);
  assert.equal(r.body.error.code, 'unauthenticated');
});

test('login returns the user, role, permissions and a CSRF token; /auth/me answers the same user', async () => {
  const c = new Client(server.url);
  const r = await c.login('zhangwei', DEMO_PASSWORD);
  assert.equal(r.status, 200);
  assert.equal(r.body.user.username, 'zhangwei');
  assert.equal(r.body.user.role, 'salesperson');
  assert.equal(r.body.user.display_name, '张伟');
  assert.ok(r.body.user.permissions.includes('customer.create'));
  assert.ok(!r.body.user.permissions.includes('customer.grade'));
  assert.equal(typeof r.body.csrf_token, 'string');
  assert.ok(r.body.csrf_token.length >= 16);
  const me = await c.get('/api/v1/auth/me');
  assert.equal(me.status, 200);
  assert.equal(me.body.user.id, r.body.user.id);
  assert.equal(me.body.csrf_token, r.body.csrf_token);
});

test('a wrong password and an unknown user get the same 401 answer', async () => {
  const a = await new Client(server.url).login('lina', 'wrong-password-1');
  const b = await new Client(server.url).login('nosuchuser', 'wrong-password-1');
  assert.equal(a.status, 401);
  assert.equal(b.status, 401);
  assert.equal(a.body.error.code, 'unauthenticated');
  assert.deepEqual(a.body, b.body);
  assert.equal(a.headers.get('set-cookie'), null);
});

test('login with a missing password is refused with 422 naming the field', async () => {
  const r = await new Client(server.url).post('/api/v1/auth/login', { username: 'lina' });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'password');
});

test('a cookie write without X-CSRF-Token is refused with 403 csrf and creates nothing', async () => {
  const c = await as(server, 'zhangwei');
  const before = await c.get('/api/v1/customers?limit=200');
  const name = 'CSRF缺失客户';
  const r = await c.post('/api/v1/customers', { kind: 'individual', name }, { csrf: false });
  assert.equal(r.status, 403);
  assert.equal(r.body.error.code, 'csrf');
  const after = await c.get('/api/v1/customers?limit=200');
  assert.equal(after.body.items.length, before.body.items.length);
  assert.ok(!after.body.items.some((x) => x.name === name));
});

test('a cookie write with a wrong X-CSRF-Token is refused with 403 csrf', async () => {
  const c = await as(server, 'zhangwei');
  const r = await c.post('/api/v1/customers', { kind: 'individual', name: 'CSRF错误' },
    { csrf: false, headers: { 'X-CSRF-Token': 'not-the-token' } });
  assert.equal(r.status, 403);
  assert.equal(r.body.error.code, 'csrf');
  // the token of another session does not work either
  const other = await as(server, 'zhangwei');
  const r2 = await c.post('/api/v1/customers', { kind: 'individual', name: 'CSRF错误' },
    { csrf: false, headers: { 'X-CSRF-Token': other.csrf } });
  assert.equal(r2.status, 403);
  assert.equal(r2.body.error.code, 'csrf');
});

test('R-PLT-2: an API token is shown once, works for reads and writes without CSRF, is listed without the secret, and revoking it makes it 401', async () => {
  const c = await as(server, 'zhangwei');
  const created = await c.post('/api/v1/auth/tokens', { name: 'nightly export' });
  assert.equal(created.status, 201);
  assert.equal(created.body.name, 'nightly export');
  assert.match(created.body.token, /^kh_/);
  const token = created.body.token;

  const list = await c.get('/api/v1/auth/tokens');
  assert.equal(list.status, 200);
  const item = list.body.items.find((t) => t.id === created.body.id);
  assert.ok(item, 'the new token is listed');
  assert.equal(item.name, 'nightly export');
  assert.ok(!('token' in item), 'the secret is not listed');
  assert.ok(!list.text.includes(token), 'the secret appears nowhere in the list');

  const bearer = new Client(server.url, { token });
  const me = await bearer.get('/api/v1/auth/me');
  assert.equal(me.status, 200);
  assert.equal(me.body.user.username, 'zhangwei');
  const w = await bearer.post('/api/v1/customers', { kind: 'individual', name: '脚本客户', mobile: mobile() });
  assert.equal(w.status, 201, w.text);
  assert.equal(w.body.owner.name, '张伟');

  const used = await c.get('/api/v1/auth/tokens');
  assert.ok('last_used_at' in used.body.items.find((t) => t.id === created.body.id));

  const rv = await c.del(`/api/v1/auth/tokens/${created.body.id}`);
  assert.equal(rv.status, 200);
  const after = await bearer.get('/api/v1/auth/me');
  assert.equal(after.status, 401);
  assert.equal(after.body.error.code, 'unauthenticated');
  const list2 = await c.get('/api/v1/auth/tokens');
  assert.ok(!list2.body.items.some((t) => t.id === created.body.id));
});

test('R-PLT-2: a user cannot revoke another user\'s token', async () => {
  const zw = await as(server, 'zhangwei');
  const t = await zw.post('/api/v1/auth/tokens', { name: 'mine' });
  const lina = await as(server, 'lina');
  const r = await lina.del(`/api/v1/auth/tokens/${t.body.id}`);
  assert.notEqual(r.status, 200);
  const still = await new Client(server.url, { token: t.body.token }).get('/api/v1/auth/me');
  assert.equal(still.status, 200);
});

test('a malformed or wrong-prefix bearer token is refused with 401', async () => {
  for (const token of ['kh_doesnotexist', 'garbage', 'ks_notatoken']) {
    const r = await new Client(server.url, { token }).get('/api/v1/customers');
    assert.equal(r.status, 401, token);
  }
});

test('logout ends the session: the next request with the same cookie is 401', async () => {
  const c = await as(server, 'lina');
  assert.equal((await c.get('/api/v1/auth/me')).status, 200);
  const r = await c.post('/api/v1/auth/logout', {});
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { ok: true });
  const after = await c.get('/api/v1/auth/me');
  assert.equal(after.status, 401);
});

test('password change: a short new password is 422 new_password, a wrong old one 422 old_password, a good one replaces the old', async () => {
  const c = await as(server, 'wangqiang');
  let r = await c.post('/api/v1/auth/password', { old_password: DEMO_PASSWORD, new_password: 'short' });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'new_password');
  r = await c.post('/api/v1/auth/password', { old_password: 'not-the-old-one', new_password: 'a-new-password-2026' });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'old_password');
  // the failed attempts changed nothing
  assert.equal((await new Client(server.url).login('wangqiang', DEMO_PASSWORD)).status, 200);
  r = await c.post('/api/v1/auth/password', { old_password: DEMO_PASSWORD, new_password: 'a-new-password-2026' });
  assert.equal(r.status, 200);
  assert.equal((await new Client(server.url).login('wangqiang', DEMO_PASSWORD)).status, 401);
  assert.equal((await new Client(server.url).login('wangqiang', 'a-new-password-2026')).status, 200);
});

test('R-PLT-4: issue 11 item 1: two password changes at once over the same old password: one is kept, the other refused', async () => {
  const [a, b] = await Promise.all([as(server, 'kuaiji'), as(server, 'kuaiji')]);
  const [ra, rb] = await Promise.all([
    a.post('/api/v1/auth/password', { old_password: DEMO_PASSWORD, new_password: 'first-new-pass-2026' }),
    b.post('/api/v1/auth/password', { old_password: DEMO_PASSWORD, new_password: 'second-new-pass-2026' }),
  ]);
  const ok = [ra, rb].filter((r) => r.status === 200);
  assert.equal(ok.length, 1, `${ra.status} ${ra.text} / ${rb.status} ${rb.text}`);
  const refused = ra.status === 200 ? rb : ra;
  assert.ok([409, 401].includes(refused.status), refused.text);
  const kept = ra.status === 200 ? 'first-new-pass-2026' : 'second-new-pass-2026';
  const other = ra.status === 200 ? 'second-new-pass-2026' : 'first-new-pass-2026';
  assert.equal((await new Client(server.url).login('kuaiji', kept)).status, 200);
  assert.equal((await new Client(server.url).login('kuaiji', other)).status, 401);
});

test('R-SEC-10: successful and failed logins are recorded in the audit log', async () => {
  await new Client(server.url).login('chenjing', 'definitely-wrong');
  await as(server, 'chenjing');
  const auditor = await as(server, 'shenji');
  const failed = await auditEntries(auditor, 'action=auth.login_failed');
  assert.ok(failed.some((e) => e.detail.includes('chenjing')), 'failed login recorded with the username');
  assert.ok(failed.every((e) => !e.detail.includes('definitely-wrong')), 'the password is never logged');
  const ok = await auditEntries(auditor, 'action=auth.login');
  const chenjingId = (await as(server, 'chenjing')).user.id;
  const mine = ok.filter((e) => e.target_id === String(chenjingId));
  assert.ok(mine.length >= 1);
  assert.equal(mine[0].address, '127.0.0.1');
});

test('429 after 5 failed logins for one account, even with the right password; 16 minutes later the account can log in again', async () => {
  const c = new Client(server.url);
  const set = await c.put('/api/v1/_test/clock', { now: '2026-03-02T09:00:00+08:00' });
  assert.equal(set.status, 200);
  for (let i = 0; i < 5; i++) {
    const r = await new Client(server.url).login('shmgr', `wrong-${i}-password`);
    assert.equal(r.status, 401, `attempt ${i + 1}`);
  }
  const blocked = await new Client(server.url).login('shmgr', DEMO_PASSWORD);
  assert.equal(blocked.status, 429);
  assert.equal(blocked.body.error.code, 'throttled');
  // other accounts are not affected
  assert.equal((await new Client(server.url).login('salesmgr', DEMO_PASSWORD)).status, 200);
  // still blocked after 14 minutes
  await c.put('/api/v1/_test/clock', { advance_seconds: 14 * 60 });
  assert.equal((await new Client(server.url).login('shmgr', DEMO_PASSWORD)).status, 429);
  const adv = await c.put('/api/v1/_test/clock', { advance_seconds: 2 * 60 });
  assert.equal(adv.status, 200);
  assert.match(adv.body.now, /^2026-03-02T09:16:00\+08:00$/);
  const ok = await new Client(server.url).login('shmgr', DEMO_PASSWORD);
  assert.equal(ok.status, 200, ok.text);
});

test('the test clock endpoint does not exist (404) when the server runs without KEHU_TEST_CLOCK', async () => {
  const plain = await startServer({ testClock: false });
  try {
    const r = await new Client(plain.url).put('/api/v1/_test/clock', { now: '2026-01-05T09:00:00+08:00' });
    assert.equal(r.status, 404);
    assert.equal(r.body.error.code, 'not_found');
  } finally {
    await plain.stop();
  }
});
